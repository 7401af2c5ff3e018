// `kaohe db backup` killed (SIGKILL) at random points while it copies a big database: the target
// is either absent or a complete, checkable kaohe database; never a journal under its name; and
// a retry to the same name works and leaves no temporary file of the dead run behind.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID } from '../../src/core/db.js';
import { BIN, kaohe, TZ } from '../helpers.js';

const RUNS = 20;
let dir: string;
let source: string;
let sourceRows: number;

function auditRows(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Runs a backup and SIGKILLs it after `delayMs` (if still running); resolves with how it ended. */
function backupKilledAfter(target: string, delayMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, 'db', 'backup', target], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KAOHE_TZ: TZ, KAOHE_LANG: 'en', KAOHE_DB: source } });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, ms: Date.now() - started });
    });
  });
}

/** The target, when present, is a whole kaohe database that opens without any side file. */
function expectComplete(target: string): void {
  expect(statSync(target).mode & 0o777).toBe(0o600);
  const db = new Database(target, { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect((db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(sourceRows);
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaohe-backup-crash-'));
  source = join(dir, 'big.db');
  const r = kaohe(['demo', '--out', source, '--tickets', '20000'], { KAOHE_NOW: '2026-11-01 10:00' });
  expect(r.code).toBe(0);
  sourceRows = auditRows(source);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('db backup killed at random points', () => {
  it(`${RUNS} kills: the target is absent or complete, no journal under its name, and a retry works`, async () => {
    // how long one whole backup takes here, so the kills spread over all of it
    const full = await backupKilledAfter(join(dir, 'timing.db'), 60_000);
    expect(full.code).toBe(0);
    expectComplete(join(dir, 'timing.db'));
    const outcomes = { absent: 0, complete: 0, midway: 0 };
    for (let i = 0; i < RUNS; i++) {
      const target = join(dir, `copy-${i}.db`);
      const delay = Math.floor(Math.random() * full.ms * 1.3);
      await backupKilledAfter(target, delay);
      for (const side of ['-journal', '-wal', '-shm']) expect(existsSync(target + side), `${target}${side} after a kill at ${delay} ms`).toBe(false);
      if (existsSync(target)) {
        outcomes.complete++;
        expectComplete(target);
        continue;
      }
      outcomes.absent++;
      // killed while copying: its temporary file is still there, under another name
      if (readdirSync(dir).some((n) => n.startsWith(`.copy-${i}.db.`))) outcomes.midway++;
      const retry = kaohe(['db', 'backup', target], { KAOHE_DB: source });
      expect(retry.stderr).toBe('');
      expect(retry.code).toBe(0);
      expectComplete(target);
      // the dead run's temporary file (and its journal) went with the retry
      expect(readdirSync(dir).filter((n) => n.startsWith(`.copy-${i}.db.`))).toEqual([]);
    }
    expect(outcomes.absent + outcomes.complete).toBe(RUNS);
    console.log(`backup crash test: ${RUNS} kills over ${full.ms} ms backups: ${outcomes.absent} left no target (${outcomes.midway} of them killed mid-copy), ${outcomes.complete} a complete copy`);
  }, 300_000);
});
