// `kaohe demo --tickets N` above STEP_HISTORY_MAX (the bulk load, issue 14): the file it leaves is
// a normal kaohe database (WAL, nothing beside it), the ticket ids are the serials the per-row
// upsert would have given (the bulk load counts them itself), and a demo killed while it fills
// leaves nothing under the name asked for and no journal file beside the one it was building
// (the load keeps its rollback journal in memory: a WAL or -journal there means it is back on disk).
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BIN, kaohe, tempDir, TZ } from '../helpers.js';

vi.setConfig({ testTimeout: 120_000 });

const ENV = { KAOHE_NOW: '2026-11-30 10:00' };

function db0(file: string, sql: string): unknown {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().get();
  } finally {
    db.close();
  }
}

describe('kaohe demo, load test', () => {
  it('a normal WAL database with the ids a ticket at a time would have had', () => {
    const dir = tempDir();
    const out = join(dir, 'load.db');
    const r = kaohe(['demo', '--out', out, '--tickets', '20001', '--json'], ENV);
    expect(r.code, r.stderr).toBe(0);
    for (const side of ['.building', '-wal', '-shm', '-journal']) expect(existsSync(out + side), side).toBe(false);
    // bytes 18-19 of the header: 2 = WAL, written before the rename
    const head = readFileSync(out).subarray(0, 20);
    expect([head[18], head[19]]).toEqual([2, 2]);
    const db = new Database(out, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // each year's serial is its count of tickets, and the ids run 0001..last without a gap, in the
      // order of reporting; the years' rows in the order they were first used
      const serials = db.prepare("SELECT year, last FROM serials WHERE kind = 'T' ORDER BY rowid").all() as Array<{ year: number; last: number }>;
      expect(serials.map((s) => s.year)).toEqual([...serials.map((s) => s.year)].sort());
      let total = 0;
      for (const { year, last } of serials) {
        const ids = db.prepare('SELECT id FROM tickets WHERE id BETWEEN ? AND ? ORDER BY reported_at, id').pluck().all(`T${year}-`, `T${year}-~`) as string[];
        expect(ids.length).toBe(last);
        expect(new Set(ids).size).toBe(last);
        expect([...ids].sort()).toEqual(Array.from({ length: last }, (_v, i) => `T${year}-${String(i + 1).padStart(4, '0')}`).sort());
        total += last;
      }
      expect(total).toBe(db.prepare('SELECT count(*) FROM tickets').pluck().get());
      expect(total).toBeGreaterThan(19_000); // (the draws that fall after now are not written)
    } finally {
      db.close();
    }
    // (not `db check` here: its audit chain fails on a load test until the fix of branch s7-audit)
    expect(db0(out, 'PRAGMA quick_check')).toBe('ok');
  });

  it('a load test of the guard notices: the log verifies, db check passes, the same seed the same file', () => {
    const dir = tempDir();
    const built = ['one.db', 'two.db'].map((name) => {
      const out = join(dir, name);
      const r = kaohe(['demo', '--out', out, '--notices', '20001', '--seed', '5', '--json'], ENV);
      expect(r.code, r.stderr).toBe(0);
      return out;
    });
    for (const out of built) {
      const verify = kaohe(['audit', 'verify', '--db', out], ENV);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(verify.stdout).toContain('match the log');
      const check = kaohe(['db', 'check', '--db', out], ENV);
      expect(check.code, check.stdout + check.stderr).toBe(0);
    }
    // the notices went in by the load test's way (a baseline, not a log row a step) and all are there
    expect(db0(built[0], 'SELECT count(*) FROM guard_notices')).toBeGreaterThan(19_000);
    expect(db0(built[0], "SELECT count(*) FROM audit WHERE action LIKE 'guard.%' AND action <> 'guard.add'")).toBe(0);
    expect(db0(built[0], "SELECT count(*) FROM audit WHERE action = 'audit.baseline' AND change LIKE '%guard notices written in their state at the end%'")).toBeGreaterThan(40);
    // every table, row for row, and the log's head: the same twice
    const everything = (file: string) => {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        // each table in its stored order (as .dump reads it), with its definition
        const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name").raw().all() as string[][];
        return tables.map(([t, sql]) => [t, sql, db.prepare(`SELECT * FROM "${t}"`).raw().all()]);
      } finally {
        db.close();
      }
    };
    const [a, b] = built.map(everything);
    expect(a.length).toBeGreaterThan(20);
    expect(JSON.stringify(a) === JSON.stringify(b)).toBe(true);
    const heads = built.map((out) => kaohe(['audit', 'head', '--db', out], ENV));
    expect(heads[0].code, heads[0].stderr).toBe(0);
    expect(heads[1].stdout).toBe(heads[0].stdout);
  });

  /** A load-test demo of `args` killed once its file being built has grown past `mb` MB: the
   *  journal files beside that file then, and whether it ended on its own first. */
  async function killedWhileFilling(out: string, args: string[], mb: number): Promise<{ endedFirst: boolean; sides: string[] }> {
    const building = `${out}.building`;
    const child = spawn(process.execPath, [BIN, 'demo', '--out', out, ...args, '--json'], {
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KAOHE_TZ: TZ, KAOHE_LANG: 'en', ...ENV },
    });
    let exited = false;
    const closed = new Promise<void>((done) => child.on('close', () => ((exited = true), done())));
    let sides: string[] | null = null;
    for (let i = 0; i < 2400 && !exited && sides === null; i++) {
      await new Promise((done) => setTimeout(done, 50));
      if (existsSync(building) && statSync(building).size > mb * 1024 * 1024) sides = ['-wal', '-journal'].filter((x) => existsSync(building + x));
    }
    const endedFirst = exited || sides === null;
    child.kill('SIGKILL');
    await closed;
    return { endedFirst, sides: sides ?? [] };
  }

  it('killed while it fills the guard notices of a load test: nothing under the name', async () => {
    const out = join(tempDir(), 'killed-notices.db');
    // well into the notices: the small demo's file is 5 MB, the notices' rows spill past 32 MB
    const { endedFirst } = await killedWhileFilling(out, ['--notices', '200000'], 32);
    expect(endedFirst, 'the demo ended before it was killed').toBe(false);
    expect(existsSync(out)).toBe(false);
    for (const side of ['-wal', '-shm', '-journal']) expect(existsSync(out + side), side).toBe(false);
  });

  it('killed while it fills: nothing under the name, no journal file beside the one it builds', async () => {
    const out = join(tempDir(), 'killed.db');
    // well into the load: the file has grown past its first pages (SQLite spills its cache)
    const { endedFirst, sides } = await killedWhileFilling(out, ['--tickets', '200000'], 40);
    expect(endedFirst, 'the demo ended before it was killed').toBe(false);
    expect(sides).toEqual([]);
    expect(existsSync(out)).toBe(false);
    // the next demo to that name clears the dead one's file and completes
    const again = kaohe(['demo', '--out', out, '--tickets', '30'], ENV);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(`${out}.building`)).toBe(false);
  });
});
