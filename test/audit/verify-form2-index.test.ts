// issue 8: the fast verify finds the log's form-2 rows through the index audit_form2 (migration
// 15) but never takes its word: a forged index (writable_schema) that leaves out the row holding a
// record's last print, or points its entry at an older row, could make an older print pass for
// the last one. The chain's scan lists the form-2 rows itself and the replay must have read exactly
// those; otherwise the row-by-row walk compares. Each forgery must give exactly the row-by-row
// verdict, and a file without the index (dropped, or another index of that name) still verifies.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENESIS } from '../../src/core/audit.js';
import { fastVerify } from '../../src/core/audit-fast.js';
import { FORM2_INDEX, logSql } from '../../src/core/audit-fast-sides.js';
import { verifyLog } from '../../src/core/audit-verify.js';
import { AUDITED_TABLES } from '../../src/core/migrations/index.js';
import { openDb } from '../../src/core/db.js';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { keptDemo } from '../demo-fixture.js';

let demo = '';

/** A record whose last image is in a row holding only it (row `last`), with an older, different
 *  image in row `older`: putting that older image back in the table and hiding row `last` from
 *  the replay would make the table match the log's "last" print. */
interface Target { table: string; key: unknown[]; last: number; older: number; image: Record<string, unknown> }
let target: Target;

beforeAll(async () => {
  demo = await keptDemo('form2', { now: '2026-11-30 09:00', months: 2, seed: 11, tickets: 40 });
  const raw = new Database(demo, { readonly: true });
  const items = raw.prepare(`SELECT a.seq, j.value ->> 0 AS t, j.value ->> 1 AS k, j.value ->> 2 AS img, json_array_length(a.prints) AS n
    FROM audit a, json_each(a.images) j WHERE a.format = 2 AND a.images IS NOT NULL ORDER BY a.seq`).all() as Array<{ seq: number; t: string; k: string; img: string; n: number }>;
  raw.close();
  const byRecord = new Map<string, typeof items>();
  for (const it of items) byRecord.set(`${it.t}\t${it.k}`, [...(byRecord.get(`${it.t}\t${it.k}`) ?? []), it]);
  for (const list of byRecord.values()) {
    const last = list[list.length - 1];
    const older = list.slice(0, -1).reverse().find((o) => o.img !== '' && o.img !== last.img && o.seq < last.seq);
    if (last.n === 1 && last.img !== '' && older) {
      target = { table: last.t, key: JSON.parse(last.k) as unknown[], last: last.seq, older: older.seq, image: JSON.parse(older.img) as Record<string, unknown> };
      break;
    }
  }
  expect(target).toBeDefined();
});

function keyColumns(table: string): string[] {
  return AUDITED_TABLES.find((t) => t.table === table)!.key;
}

/** A copy of the demo with the target record put back to its older image (behind kaohe's back),
 *  then `forge` run on the raw file. */
function tampered(forge: (raw: Database.Database) => void, revert = true): string {
  const file = join(tempDir(), 'copy.db');
  copyFileSync(demo, file);
  const raw = new Database(file);
  if (revert) {
    const cols = Object.keys(target.image);
    const key = keyColumns(target.table);
    raw.pragma('foreign_keys = OFF');
    raw.prepare(`UPDATE "${target.table}" SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE ${key.map((c) => `"${c}" = ?`).join(' AND ')}`)
      .run(...cols.map((c) => target.image[c] as string | number | null), ...(target.key as Array<string | number>));
  }
  forge(raw);
  raw.close();
  return file;
}

/** Replaces audit_form2 with an index b-tree holding exactly the entries [seq, rowid] given: a
 *  WITHOUT ROWID table of those pairs, renamed in the schema into the index (its pages are an
 *  index's pages), under the very text migration 15 wrote. */
function forgeIndex(raw: Database.Database, entries: Array<[number, number]>): void {
  raw.exec('DROP INDEX audit_form2; CREATE TABLE forged (k INTEGER, r INTEGER, PRIMARY KEY (k, r)) WITHOUT ROWID');
  const insert = raw.prepare('INSERT INTO forged (k, r) VALUES (?, ?)');
  for (const e of entries) insert.run(...e);
  raw.unsafeMode(true); // lifts SQLITE_DBCONFIG_DEFENSIVE, as a forger's own build would
  raw.pragma('writable_schema = ON');
  raw.prepare("UPDATE sqlite_master SET type = 'index', name = 'audit_form2', tbl_name = 'audit', sql = ? WHERE name = 'forged'").run(FORM2_INDEX);
  raw.pragma('writable_schema = OFF');
}

function form2Seqs(file: string): number[] {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.prepare('SELECT seq FROM audit NOT INDEXED WHERE format = 2 ORDER BY seq').pluck().all() as number[];
  } finally {
    raw.close();
  }
}

/** The seqs the replay read through the index (logSql's last line): the forgery is really used. */
function replayRead(file: string): string {
  const db = openDb(file, 'read');
  try {
    const last = db.prepare('SELECT max(seq) FROM audit').pluck().get() as number;
    db.function('kaohe_fp', (_b: unknown) => 'x');
    const rows = db.prepare(logSql(true)).raw(true).all(0, last) as Array<[string | null, number, string | null]>;
    return rows.find((r) => r[0] === null)![2] ?? '';
  } finally {
    db.close();
  }
}

function fastRecords(file: string, tuning = {}): number | null {
  const db = openDb(file, 'read');
  try {
    const last = db.prepare('SELECT max(seq) FROM audit').pluck().get() as number;
    const v = db.transaction(() => fastVerify(db, 0, last, GENESIS, AUDITED_TABLES, tuning))();
    expect(v.chain).toBe(true);
    return v.records;
  } finally {
    db.close();
  }
}

/** The verdict four ways, as in verify-fast.test.ts: all the same as the row-by-row walk. */
function expectSame(file: string) {
  const db = openDb(file, 'write');
  try {
    const slow = verifyLog(db, { fast: false });
    expect(verifyLog(db)).toEqual(slow);
    expect(verifyLog(db, { fast: { parallelFrom: 1, range: 7 } })).toEqual(slow);
    expect(verifyLog(db, { fast: { parallelFrom: 1, range: 7, leaveToWorkers: true } })).toEqual(slow);
    return slow;
  } finally {
    db.close();
  }
}

function differsOnTarget(v: ReturnType<typeof expectSame>): void {
  expect(v.ok).toBe(false);
  expect(v.records!.differs).toHaveLength(1);
  expect(v.records!.untracked).toEqual([]);
  expect(v.records!.missing).toEqual([]);
}

describe('the form-2 index is used but never trusted', () => {
  it('an intact file: the replay reads through the index, and the fast path says all fits itself', () => {
    const file = tampered(() => undefined, false);
    expect(replayRead(file)).toBe(form2Seqs(file).join(','));
    expect(fastRecords(file)).toBeGreaterThan(50);
    expect(fastRecords(file, { parallelFrom: 1, range: 7, leaveToWorkers: true })).toBeGreaterThan(50);
    expect(expectSame(file).ok).toBe(true);
  });

  it('the index dropped: the replay scans the log, the same verdicts', () => {
    const intact = tampered((raw) => raw.exec('DROP INDEX audit_form2'), false);
    expect(fastRecords(intact)).toBeGreaterThan(50);
    expect(expectSame(intact).ok).toBe(true);
    differsOnTarget(expectSame(tampered((raw) => raw.exec('DROP INDEX audit_form2'))));
  });

  it('another index of that name over the wrong rows: not taken, the same verdicts', () => {
    const wrong = (raw: Database.Database) => raw.exec('DROP INDEX audit_form2; CREATE INDEX audit_form2 ON audit (seq) WHERE format = 1');
    expect(fastRecords(tampered(wrong, false))).toBeGreaterThan(50);
    differsOnTarget(expectSame(tampered(wrong)));
  });

  it('a record put back to an older image, the row of its last print left out of a forged index: caught', () => {
    const omit = (raw: Database.Database) => forgeIndex(raw, form2Seqs(demo).filter((s) => s !== target.last).map((s) => [s, s]));
    const file = tampered(omit);
    // the forgery is read: without the check the older print would pass for the last one
    expect(replayRead(file)).toBe(form2Seqs(file).filter((s) => s !== target.last).join(','));
    differsOnTarget(expectSame(file));
    expect(fastRecords(file)).toBeNull();
    // and the same forgery on an intact file: still all fits, by the row-by-row compare
    expect(expectSame(tampered(omit, false)).ok).toBe(true);
  });

  it('the entry of the last print pointed at the older row (read twice): caught', () => {
    const file = tampered((raw) => forgeIndex(raw, form2Seqs(demo).map((s): [number, number] => [s, s === target.last ? target.older : s])));
    expect(replayRead(file).split(',').filter((s) => s === String(target.older))).toHaveLength(2);
    differsOnTarget(expectSame(file));
    expect(fastRecords(file)).toBeNull();
  });

  it('an entry repeated, or one pointing at a row that is not there: caught', () => {
    const seqs = form2Seqs(demo);
    const repeated = tampered((raw) => forgeIndex(raw, [...seqs.map((s): [number, number] => [s, s]), [target.last, target.older]]), false);
    expect(fastRecords(repeated)).toBeNull();
    expect(expectSame(repeated).ok).toBe(true);
    const dangling = tampered((raw) => forgeIndex(raw, seqs.map((s): [number, number] => [s, s === target.last ? 10 ** 9 : s])));
    expect(fastRecords(dangling)).toBeNull();
    differsOnTarget(expectSame(dangling));
  });
});
