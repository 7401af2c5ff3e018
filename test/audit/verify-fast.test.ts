// issue 8: the fast full verify (core/audit-fast.ts: SQL scans by sequence range, worker threads,
// the tables compared as sorted text) must give exactly the verdict of the row-by-row walk
// (walkChain + Replay.compareAll), on an intact log and on every kind of damage, with workers
// forced on a small log and ranges of a few rows.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, canonicalJson, digest, GENESIS } from '../../src/core/audit.js';
import { fastVerify, fingerprintSql } from '../../src/core/audit-fast.js';
import { tableSide } from '../../src/core/audit-fast-sides.js';
import { AUDITED_TABLES } from '../../src/core/migrations/index.js';
import { verifyLog } from '../../src/core/audit-verify.js';
import { openDb, writeTx } from '../../src/core/db.js';
import { createHash } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { keptDemo } from '../demo-fixture.js';
import { behindKaohe, changedCopy, forge } from './behind-kaohe.js';

let demo = '';
beforeAll(async () => {
  demo = await keptDemo('fast', { now: '2026-11-30 09:00', months: 2, seed: 11, tickets: 40 });
});

function changed(sql: string, from = demo): string {
  return changedCopy(from, sql);
}

/** The verdict four ways: row by row, fast on this thread, fast with workers and tiny ranges, and
 *  the same with every task left to the workers. */
function threeWays(file: string) {
  const db = openDb(file, 'write');
  try {
    return [
      verifyLog(db, { fast: false }),
      verifyLog(db),
      verifyLog(db, { fast: { parallelFrom: 1, range: 7, page: 3 } }),
      verifyLog(db, { fast: { parallelFrom: 1, range: 7, page: 3, leaveToWorkers: true } }),
    ];
  } finally {
    db.close();
  }
}

function expectSame(file: string) {
  const [slow, inline, parallel, byWorkers] = threeWays(file);
  expect(inline).toEqual(slow);
  expect(parallel).toEqual(slow);
  expect(byWorkers).toEqual(slow);
  return slow;
}

describe('fast verify gives the row-by-row verdict', () => {
  it('the workers do run (ranges of the chain checked in them)', () => {
    const db = openDb(demo, 'read');
    try {
      const last = db.prepare('SELECT max(seq) FROM audit').pluck().get() as number;
      const v = db.transaction(() => fastVerify(db, 0, last, GENESIS, AUDITED_TABLES, { parallelFrom: 1, range: 5, leaveToWorkers: true }))();
      expect(v).toMatchObject({ chain: true, byWorker: true });
      expect(v.records).toBeGreaterThan(50);
    } finally {
      db.close();
    }
  });

  it("a rowid table's pages are read by rowid, no sort; a WITHOUT ROWID table keeps the SQL side", () => {
    const db = openDb(demo, 'read');
    try {
      const side = tableSide(db, { table: 'tickets', key: ['id'] }, 1000)!;
      expect(side.paged).toEqual({ table: 'tickets', page: 1000 });
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${side.sql}`).all(1) as Array<{ detail: string }>).map((r) => r.detail);
      expect(plan).toContain('SEARCH tickets USING INTEGER PRIMARY KEY (rowid>?)');
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
      expect(tableSide(db, { table: 'ticket_assignees', key: ['ticket_id', 'name'] }, 1000)!.paged).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('on the intact demo', () => {
    const v = expectSame(demo);
    expect(v.ok).toBe(true);
    expect(v.records!.checked).toBeGreaterThan(50);
    // and the fast path said so itself (its two sides came out in the same order), on this thread
    const db = openDb(demo, 'read');
    try {
      const last = db.prepare('SELECT max(seq) FROM audit').pluck().get() as number;
      expect(db.transaction(() => fastVerify(db, 0, last, GENESIS, AUDITED_TABLES))()).toEqual({ chain: true, records: v.records!.checked, byWorker: false });
      // the tables read by rowid in pages of a few rows (every page boundary), here and in workers
      for (const tuning of [{ page: 2 }, { page: 3, parallelFrom: 1, range: 5, leaveToWorkers: true }]) {
        expect(db.transaction(() => fastVerify(db, 0, last, GENESIS, AUDITED_TABLES, tuning))()).toMatchObject({ chain: true, records: v.records!.checked });
      }
    } finally {
      db.close();
    }
  });

  const cases: Array<[string, string, (v: ReturnType<typeof expectSame>) => void]> = [
    ['a business row changed', "UPDATE tickets SET deadline = deadline + 1 WHERE id = (SELECT min(id) FROM tickets)", (v) => expect(v.records!.differs).toHaveLength(1)],
    ['a business row inserted', "CREATE TEMP TABLE t AS SELECT * FROM guards LIMIT 1; UPDATE t SET id = 'GX999'; INSERT INTO guards SELECT * FROM t", (v) => expect(v.records!.untracked).toEqual(['guards:GX999'])],
    ['a business row deleted', 'DELETE FROM ticket_assignees WHERE (ticket_id, name) = (SELECT ticket_id, name FROM ticket_assignees ORDER BY ticket_id, name LIMIT 1)', (v) => expect(v.records!.missing).toHaveLength(1)],
    // a narrow table's rows are hashed as text (fingerprintSql): a change there, one in text
    // that is not valid UTF-8, and two rows trading their values (same prints, other keys)
    ['a narrow table row changed (Chinese text)', "UPDATE ticket_assignees SET name = name || '（副）' WHERE (ticket_id, name) = (SELECT ticket_id, name FROM ticket_assignees ORDER BY ticket_id, name LIMIT 1)", (v) => expect(v.records!.untracked).toHaveLength(1)],
    ['a narrow table value changed', 'UPDATE ticket_assignees SET is_lead = 1 - is_lead WHERE (ticket_id, name) = (SELECT ticket_id, name FROM ticket_assignees ORDER BY ticket_id, name LIMIT 1)', (v) => expect(v.records!.differs).toHaveLength(1)],
    ['a narrow row holding bytes that are not UTF-8', "UPDATE ticket_assignees SET name = CAST(X'E5BCA0FF' AS TEXT) WHERE (ticket_id, name) = (SELECT ticket_id, name FROM ticket_assignees ORDER BY ticket_id, name LIMIT 1)", (v) => expect(v.records!.untracked).toHaveLength(1)],
    ['two rows trade their values', `UPDATE ticket_assignees SET is_lead = 1 - is_lead WHERE (ticket_id, name) IN (
        SELECT * FROM (SELECT ticket_id, name FROM ticket_assignees WHERE is_lead = 1 ORDER BY ticket_id, name LIMIT 1)
        UNION ALL SELECT * FROM (SELECT ticket_id, name FROM ticket_assignees WHERE is_lead = 0 ORDER BY ticket_id, name LIMIT 1))`, (v) => expect(v.records!.differs).toHaveLength(2)],
    ['a ticket given the customer another ticket has (a value the log holds elsewhere)', "UPDATE tickets SET customer = (SELECT customer FROM tickets ORDER BY id DESC LIMIT 1) WHERE id = (SELECT min(id) FROM tickets) AND customer <> (SELECT customer FROM tickets ORDER BY id DESC LIMIT 1)", (v) => expect(v.records!.differs).toHaveLength(1)],
    ['an image changed in the log', "UPDATE audit SET images = images || ' ' WHERE seq = (SELECT max(seq) FROM audit WHERE images IS NOT NULL)", (v) => expect(v.problem).toBe('changed')],
    ['a print changed in the log', "UPDATE audit SET prints = prints || ' ' WHERE seq = (SELECT min(seq) FROM audit WHERE prints IS NOT NULL)", (v) => expect(v.problem).toBe('changed')],
    ['a row deleted from the middle', 'DELETE FROM audit WHERE seq = 15', (v) => expect(v).toMatchObject({ problem: 'missing', first_bad: 15 })],
    ['a prev_hash broken', "UPDATE audit SET prev_hash = hash WHERE seq = 12", (v) => expect(v).toMatchObject({ problem: 'reordered', first_bad: 12 })],
    // the links are compared as one string per range (rangeFits): lengths that trade characters
    ['a prev_hash one character longer', "UPDATE audit SET prev_hash = prev_hash || '0' WHERE seq = 12", (v) => expect(v).toMatchObject({ first_bad: 12 })],
    ['a hash a character short, the next prev_hash a character long', "UPDATE audit SET hash = substr(hash, 1, 63) WHERE seq = 12; UPDATE audit SET prev_hash = substr(prev_hash, 64) || prev_hash WHERE seq = 13", (v) => expect(v.first_bad).toBe(12)],
    // 64 bytes each (what the SQL checks), not 64 characters: a Chinese character is 3 bytes
    ['a hash of 64 bytes but 62 characters', "UPDATE audit SET hash = substr(hash, 1, 61) || '张' WHERE seq = 12", (v) => expect(v).toMatchObject({ problem: 'changed', first_bad: 12 })],
    ['a hash and the next prev_hash of 64 bytes but 62 characters', "UPDATE audit SET hash = substr(hash, 1, 61) || '张' WHERE seq = 12; UPDATE audit SET prev_hash = (SELECT hash FROM audit WHERE seq = 12) WHERE seq = 13", (v) => expect(v).toMatchObject({ problem: 'changed', first_bad: 12 })],
    ['the last rows cut off', 'DELETE FROM audit WHERE seq > (SELECT max(seq) - 3 FROM audit)', (v) => expect(v.problem).toBe('truncated')],
    ['the head in meta removed', "DELETE FROM meta WHERE key = 'audit_head'", (v) => expect(v.problem).toBe('truncated')],
    // a generated column: the row-by-row compare reads it (SELECT *), pragma_table_info does not list it
    ['a generated column added to the tickets', 'ALTER TABLE tickets ADD COLUMN x INTEGER GENERATED ALWAYS AS (1) VIRTUAL', (v) => expect(v.records!.differs.length).toBeGreaterThan(0)],
    ['a generated column hiding the rowid', 'ALTER TABLE guards ADD COLUMN _rowid_ INTEGER GENERATED ALWAYS AS (1) VIRTUAL', (v) => expect(v.records!.differs.length).toBeGreaterThan(0)],
  ];
  for (const [name, sql, check] of cases) {
    it(name, () => {
      const v = expectSame(changed(sql));
      expect(v.ok).toBe(false);
      check(v);
    });
  }

  it('a row 0 put before the log and every hash recomputed from it: seq 1 must follow the genesis hash', () => {
    const file = join(tempDir(), 'zero.db');
    copyFileSync(demo, file);
    forge(file, 'CREATE TEMP TABLE z AS SELECT * FROM audit WHERE seq = 1; UPDATE z SET seq = 0; INSERT INTO audit SELECT * FROM z');
    const v = expectSame(file);
    expect(v).toMatchObject({ ok: false, first_bad: 1, problem: 'reordered' });
  });
});

describe('form-1 rows (written before after-images): SQLite writes the hashed text as JSON.stringify does', () => {
  // strings JSON escapes in different ways: quotes, backslashes, control characters, U+2028, astral
  const tricky = ['plain', '引号"和\\反斜杠', 'tab\tnew\nline\r\u0001\u001f', '\u2028\u2029\u007f', '😀 𠀀', '</script>', ''];

  function formOneLog(edit = ''): string {
    const file = changed('DELETE FROM audit', demo);
    const raw = new Database(file);
    let prev = GENESIS;
    const insert = raw.prepare('INSERT INTO audit (seq, at, actor, action, record_id, change, prev_hash, hash, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)');
    for (let seq = 1; seq <= 40; seq++) {
      const s = tricky[seq % tricky.length];
      const row = [seq, 1_700_000_000_000 + seq, `actor ${s}`, 'test.action', seq % 3 ? `R${s}` : null, JSON.stringify({ text: s, n: seq })] as const;
      const hash = digest('sha256', prev + JSON.stringify(row));
      insert.run(...row, prev, hash);
      prev = hash;
    }
    raw.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)").run(`40:${prev}`);
    if (edit) raw.exec(edit);
    raw.close();
    return file;
  }

  it('a chain of form-1 rows with tricky text fits (the business rows then have no trail: the same verdict)', () => {
    const file = formOneLog();
    const v = expectSame(file);
    expect(v.first_bad).toBeNull();
    expect(v.rows).toBe(40);
    const db = openDb(file, 'read');
    try {
      // and the fast path itself took it (not the row-by-row walk after a false alarm)
      expect(db.transaction(() => fastVerify(db, 0, 40, GENESIS, AUDITED_TABLES).chain)()).toBe(true);
    } finally {
      db.close();
    }
  });

  it('one form-1 row changed: named at its place', () => {
    const v = expectSame(formOneLog("UPDATE audit SET actor = 'forged' WHERE seq = 23"));
    expect(v).toMatchObject({ ok: false, problem: 'changed', first_bad: 23 });
  });

  /** The 40 form-1 rows, then form-2 rows 41..43 appended by kaohe: the range [37, 43] (ranges of
   *  7 from the top) holds both forms, and rangeFits picks the form-1 rows' hashes out of all. */
  function mixedLog(edit = ''): string {
    const file = formOneLog();
    const db = openDb(file, 'write');
    try {
      writeTx(db, () => {
        for (let i = 0; i < 3; i++) appendAudit(db, { at: 1_800_000_000_000 + i, enteredAt: 1_800_000_000_000 + i, actor: 'test', action: 'test.form2', recordId: null, change: { i }, images: null });
      });
    } finally {
      db.close();
    }
    if (edit) behindKaohe(file, edit);
    return file;
  }

  it('form-1 and form-2 rows in one range: the fast path takes it, and a changed form-1 row there is named', () => {
    const file = mixedLog();
    const db = openDb(file, 'read');
    try {
      expect(db.prepare('SELECT group_concat(format) FROM (SELECT format FROM audit WHERE seq >= 37 ORDER BY seq)').pluck().get()).toBe('1,1,1,1,2,2,2');
      for (const tuning of [{}, { parallelFrom: 1, range: 7 }, { parallelFrom: 1, range: 7, leaveToWorkers: true }]) {
        expect(db.transaction(() => fastVerify(db, 0, 43, GENESIS, AUDITED_TABLES, tuning).chain)()).toBe(true);
      }
    } finally {
      db.close();
    }
    expect(expectSame(file).first_bad).toBeNull();
    for (const seq of [37, 38, 40]) {
      const v = expectSame(mixedLog(`UPDATE audit SET actor = 'forged' WHERE seq = ${seq}`));
      expect(v).toMatchObject({ ok: false, problem: 'changed', first_bad: seq });
    }
  });

  it("prints put on a form-1 row (its hash does not cover them) vouch for nothing", () => {
    const file = formOneLog();
    const raw = new Database(file);
    const id = raw.prepare('SELECT id FROM guards ORDER BY id LIMIT 1').pluck().get() as string;
    raw.exec(`UPDATE audit SET prints = '[["guards",["${id}"],"x"]]' WHERE seq = 3`);
    raw.close();
    const v = expectSame(file);
    expect(v.records!.untracked).toContain(`guards:${id}`);
  });
});

describe('prints the replay in SQL could read otherwise than Replay.add (JSON.parse)', () => {
  /** The demo with a row appended by kaohe (a valid chain) whose prints are `prints`, after
   *  `before` ran on the file (triggers dropped). */
  function appended(prints: (id: string, print: string) => string, before = ''): string {
    const file = before ? changed(before) : changed('SELECT 1');
    const db = openDb(file, 'write');
    try {
      const id = db.prepare('SELECT id FROM guards ORDER BY id LIMIT 1').pluck().get() as string;
      const print = digest('sha1', canonicalJson(db.prepare('SELECT * FROM guards WHERE id = ?').get(id)), 'base64');
      writeTx(db, () => appendAudit(db, { at: 1, enteredAt: 1, actor: 'test', action: 'test.prints', recordId: null, change: {}, images: { images: '[]', prints: prints(id, print) } }));
    } finally {
      db.close();
    }
    return file;
  }
  const forged = "UPDATE guards SET name = 'forged' WHERE id = (SELECT min(id) FROM guards)";
  const escape = (id: string) => [...id].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

  it('prints holding a byte that is not UTF-8, the row hashed over those bytes: the walk reads them as text, and says the row changed', () => {
    const file = appended((id, print) => `[["guards",["${id}"],"${print}"]]`);
    let seq = 0;
    behindKaohe(file, (raw) => {
      const r = raw.prepare('SELECT seq, at, entered_at, actor, action, record_id, late, change, prev_hash, CAST(images AS BLOB) AS images, prints FROM audit ORDER BY seq DESC LIMIT 1').get() as Record<string, unknown> & { seq: number; change: string; prev_hash: string; images: Buffer; prints: string };
      const bytes = Buffer.concat([Buffer.from(r.prints.slice(0, -3)), Buffer.from([0xff]), Buffer.from(r.prints.slice(-3))]);
      const head = JSON.stringify([2, r.seq, r.at, r.entered_at, r.actor, r.action, r.record_id, r.late, Buffer.byteLength(r.change), r.images.length, bytes.length]);
      const hash = createHash('sha256').update(r.prev_hash + head + r.change).update(r.images).update(bytes).digest('hex');
      raw.prepare('UPDATE audit SET prints = CAST(? AS TEXT), hash = ? WHERE seq = ?').run(bytes, hash, r.seq); // TEXT with the bytes as given
      raw.prepare("UPDATE meta SET value = ? WHERE key = 'audit_head'").run(`${r.seq}:${hash}`);
      seq = r.seq;
    });
    expect(expectSame(file)).toMatchObject({ ok: false, problem: 'changed', first_bad: seq });
  });
  it('a deletion of a record whose key is spelled with escapes: the same record (the slow way says it differs)', () => {
    const v = expectSame(appended((id) => `[["guards",["${escape(id)}"],null]]`));
    expect(v.records!.differs).toHaveLength(1);
  });
  it('a key spelled with escapes and a print: another record in neither', () => {
    const v = expectSame(appended((id, print) => `[["guards",["${escape(id)}"],"${print}"]]`));
    expect(v.ok).toBe(true);
  });
  it('a deletion of an integer key spelled 1.0 or 1e0 (one record for JSON.parse): the row is still there', () => {
    for (const key of ['1.0', '1e0', '10e-1']) {
      const v = expectSame(appended(() => `[["guard_fund",[${key}],null]]`));
      expect(v.records!.differs).toEqual(['guard_fund:1']);
    }
  });
  it('prints that are JSON5 (a trailing comma): skipped by Replay.add, so the forged row differs', () => {
    const v = expectSame(appended((id, print) => `[["guards",["${id}"],"${print}"],]`, forged));
    expect(v.records!.differs).toHaveLength(1);
  });
  it('prints that are an object, not an array: skipped by Replay.add, so the forged row differs', () => {
    const v = expectSame(appended((id, print) => `{"a":["guards",["${id}"],"${print}"]}`, forged));
    expect(v.records!.differs).toHaveLength(1);
  });
  it('a wide row holding bytes that are not UTF-8, and a print of those bytes in the log: JavaScript reads the row otherwise, so it differs', () => {
    const file = changed("UPDATE tickets SET customer = CAST(X'E5BCA0FF' AS TEXT) WHERE id = (SELECT min(id) FROM tickets)");
    const db = openDb(file, 'write');
    try {
      const id = db.prepare('SELECT min(id) FROM tickets').pluck().get() as string;
      const bytes = db.prepare(`SELECT ${fingerprintSql(db, 'tickets')} FROM tickets WHERE id = ?`).pluck().get(id) as string;
      writeTx(db, () => appendAudit(db, { at: 1, enteredAt: 1, actor: 'test', action: 'test.prints', recordId: null, change: {}, images: { images: '[]', prints: `[["tickets",["${id}"],"${bytes}"]]` } }));
    } finally {
      db.close();
    }
    const v = expectSame(file);
    expect(v.records!.differs).toHaveLength(1);
  });
  it('a print for the forged row as JSON: the slow and fast ways both take it', () => {
    const v = expectSame(appended((id, print) => `[["guards",["${id}"],"${print}"]]`, forged));
    expect(v.ok).toBe(true);
  });
});
