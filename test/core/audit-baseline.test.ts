// The baseline written by SQLite (audit-baseline.ts) must be the very rows writeBaseline writes in
// JS: same images, prints, hashes and head, over values SQLite and JavaScript could write apart.
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBaselineSql } from '../../src/core/audit-baseline.js';
import { writeBaseline } from '../../src/core/audit-images.js';
import { verifyLog } from '../../src/core/audit-verify.js';
import { getMeta, openDb } from '../../src/core/db.js';
import { AUDITED_TABLES } from '../../src/core/migrations/index.js';
import { ticketTables } from '../../src/ticket/demo.js';
import { initDbFile, tempDir } from '../helpers.js';
import { keptDemo } from '../demo-fixture.js';
import { behindKaohe } from '../audit/behind-kaohe.js';

const TABLES = [
  { table: 'bl_mixed', key: ['id'] },
  { table: 'bl_pairs', key: ['k1', 'k2'] },
  { table: 'bl_empty', key: ['id'] },
  { table: 'bl_strict', key: ['id'] },
  { table: 'bl_strict_big', key: ['id'] },
];

const AWKWARD = ['plain', '引号"与\\反斜杠', 'tab\tnew\nline\r', '\u0001\u001f\u007f', '\u2028\u2029', 'emoji 🚌', '', '{"json":1}', '</script>'];
const NUMBERS = [0, -0, 1, 35, 12.5, 0.1 + 0.2, 1 / 3, 1e15, 1e16, 1e21, 5e-324, -7.25, 123456789.125, 1.7976931348623157e308];

const anyValues: unknown[] = [null, 7, 2.5, 'text', Buffer.from([0, 1, 2]), 1e300];

function fill(file: string): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE bl_mixed (id TEXT PRIMARY KEY, n INTEGER, r REAL, s TEXT, b BLOB, any_value);
    CREATE TABLE bl_pairs (k1 TEXT NOT NULL, k2 INTEGER NOT NULL, v TEXT, PRIMARY KEY (k1, k2)) WITHOUT ROWID;
    CREATE TABLE bl_empty (id INTEGER PRIMARY KEY, v TEXT);
    CREATE TABLE bl_strict (id TEXT PRIMARY KEY, n INTEGER, r REAL, s TEXT NOT NULL, a ANY, b BLOB) STRICT;
    CREATE TABLE bl_strict_big (id INTEGER PRIMARY KEY, n INTEGER, r REAL) STRICT;`);
  const strict = db.prepare('INSERT INTO bl_strict VALUES (?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < 777; i++) {
    strict.run(`S${i}`, i % 5 === 0 ? null : i * 1001 - 3, i % 4 === 0 ? null : NUMBERS[i % NUMBERS.length], AWKWARD[i % AWKWARD.length], anyValues[i % anyValues.length], i % 9 === 0 ? Buffer.from('xy') : null);
  }
  db.defaultSafeIntegers(true);
  const strictBig = db.prepare('INSERT INTO bl_strict_big VALUES (?, ?, ?)');
  for (let i = 0n; i < 12n; i++) strictBig.run(i, i === 7n ? 2n ** 60n : i, 2.5);
  db.defaultSafeIntegers(false);
  const mixed = db.prepare('INSERT INTO bl_mixed VALUES (?, ?, ?, ?, ?, ?)');
  const big = [2n ** 53n + 1n, -(2n ** 60n), 9007199254740991n];
  db.defaultSafeIntegers(true);
  for (let i = 0; i < 1_234; i++) {
    const n = i % 17 === 0 ? big[i % big.length] : BigInt(i * 37 - 500);
    mixed.run(`M${String(i).padStart(5, '0')}`, n, i % 19 === 0 ? null : NUMBERS[i % NUMBERS.length], AWKWARD[i % AWKWARD.length] + i, i % 23 === 0 ? Buffer.from([i % 256]) : null, anyValues[i % anyValues.length]);
  }
  db.defaultSafeIntegers(false);
  const pairs = db.prepare('INSERT INTO bl_pairs VALUES (?, ?, ?)');
  // keys in Chinese too (ticket_assignees holds people's names): a print's length in bytes is not its length in characters
  const KEYS = ['P0', '王强', 'P2', '陈磊（副）', 'P4', '🚌', 'P6'];
  for (let i = 0; i < 1_003; i++) pairs.run(KEYS[i % KEYS.length], i, AWKWARD[i % AWKWARD.length]);
  db.close();
}

function logOf(file: string, write: (db: Database.Database) => void) {
  const db = new Database(file);
  try {
    db.transaction(() => write(db))();
    return { rows: db.prepare('SELECT * FROM audit ORDER BY seq').all(), head: getMeta(db, 'audit_head'), entered: getMeta(db, 'audit_entered_max') };
  } finally {
    db.close();
  }
}

describe('the baseline written by SQLite', () => {
  it('writes the same log rows as the JS baseline, page for page', () => {
    const a = initDbFile(join(tempDir(), 'a.db'));
    fill(a);
    const b = join(tempDir(), 'b.db');
    copyFileSync(a, b);
    const now = Date.UTC(2026, 10, 1, 3);
    const js = logOf(a, (db) => writeBaseline(db, TABLES, now, 'a note with "quotes" 和中文'));
    const sql = logOf(b, (db) => writeBaselineSql(db, TABLES, now, 'a note with "quotes" 和中文'));
    // 3 pages of bl_mixed, 3 of bl_pairs, none of the empty table, 2 of bl_strict, 1 of bl_strict_big
    expect(js.rows.filter((r) => (r as { action: string }).action === 'audit.baseline')).toHaveLength(9);
    expect(sql.rows).toEqual(js.rows);
    expect(sql.head).toBe(js.head);
    expect(sql.entered).toBe(js.entered);
  });

  it('refuses nothing the demo gives it: every ticket table fits', () => {
    const file = initDbFile(join(tempDir(), 'c.db'));
    const db = new Database(file);
    try {
      const tickets = AUDITED_TABLES.filter((t) => t.table === 'tickets' || t.table.startsWith('ticket_'));
      expect(tickets.length).toBeGreaterThan(3);
      expect(() => db.transaction(() => writeBaselineSql(db, tickets, Date.UTC(2026, 10, 1), 'n'))()).not.toThrow();
    } finally {
      db.close();
    }
  });
});

// The bug of a 25,000-ticket demo failing its own `audit verify` at the first page of
// ticket_assignees: the SQL baseline hashed its prints as TEXT, so the length in the hashed head
// counted characters, not the bytes the verifier counts, for every page with a Chinese name.
describe('a baseline written by SQLite over Chinese keys and values verifies', () => {
  let demo = '';
  beforeAll(async () => {
    demo = await keptDemo('baseline', { now: '2026-11-30 09:00', months: 2, seed: 5, tickets: 40 });
  });

  /** A copy of the demo whose ticket tables were baselined again (as a load test's are), then `edit` done behind kaohe's back. */
  function baselined(write: typeof writeBaselineSql, edit = ''): string {
    const file = join(tempDir(), 'copy.db');
    copyFileSync(demo, file);
    const db = openDb(file, 'write');
    try {
      db.transaction(() => write(db, ticketTables(), Date.UTC(2026, 10, 30, 2), 'baseline over Chinese names'))();
    } finally {
      db.close();
    }
    if (edit) behindKaohe(file, edit);
    return file;
  }

  function verdicts(file: string) {
    const db = openDb(file, 'read');
    try {
      // row by row (walkChain, as a resumed verify hashes), the fast path, and its workers
      return [verifyLog(db, { fast: false }), verifyLog(db), verifyLog(db, { fast: { parallelFrom: 1, range: 3, leaveToWorkers: true } })];
    } finally {
      db.close();
    }
  }

  it('the demo has Chinese keys in the pages baselined', () => {
    const db = new Database(demo, { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) FROM ticket_assignees WHERE name GLOB '*[^ -~]*'").pluck().get()).toBeGreaterThan(10);
    } finally {
      db.close();
    }
  });

  it('passes every way, written by SQLite or by JS (the migrations\' writeBaseline)', () => {
    for (const write of [writeBaselineSql, writeBaseline]) {
      const file = baselined(write);
      const raw = new Database(file, { readonly: true });
      const pages = raw.prepare("SELECT count(*) FROM audit WHERE action = 'audit.baseline' AND length(prints) < length(CAST(prints AS BLOB))").pluck().get();
      raw.close();
      expect(pages).toBeGreaterThan(0);
      for (const v of verdicts(file)) {
        expect(v.problem).toBeNull();
        expect(v.ok).toBe(true);
        expect(v.records!.checked).toBeGreaterThan(40);
      }
    }
  });

  const NAMED = "(SELECT ticket_id, name FROM ticket_assignees WHERE name GLOB '*[^ -~]*' ORDER BY ticket_id, name LIMIT 1)";
  const tampers: Array<[string, string, (v: ReturnType<typeof verdicts>[number]) => void]> = [
    ['a Chinese-keyed row changed after it', `UPDATE ticket_assignees SET is_lead = 1 - is_lead WHERE (ticket_id, name) = ${NAMED}`, (v) => expect(v.records!.differs).toHaveLength(1)],
    ['a Chinese name renamed after it', `UPDATE ticket_assignees SET name = name || '甲' WHERE (ticket_id, name) = ${NAMED}`, (v) => expect(v.records).toMatchObject({ untracked: [expect.stringContaining('甲')], missing: [expect.any(String)] })],
    ['a print of the baseline forged', "UPDATE audit SET prints = replace(prints, '王', '汪') WHERE seq = (SELECT min(seq) FROM audit WHERE action = 'audit.baseline' AND prints LIKE '%王%')", (v) => expect(v.problem).toBe('changed')],
  ];
  for (const [name, edit, check] of tampers) {
    it(`still catches ${name}`, () => {
      const all = verdicts(baselined(writeBaselineSql, edit));
      for (const v of all) {
        expect(v.ok).toBe(false);
        check(v);
      }
      expect(all[1]).toEqual(all[0]);
      expect(all[2]).toEqual(all[0]);
    });
  }
});
