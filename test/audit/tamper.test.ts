// SPEC §0 "Business rows are covered" and "The head leaves the file": whatever someone with write
// access to the file does behind kaohe's back — change, insert or delete a business row of any
// module, or rewrite the whole log with fresh hashes — `audit verify` names it, the latter against
// a head kept outside the file.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditHead } from '../../src/core/audit.js';
import { verifyLog } from '../../src/core/audit-verify.js';
import { openDb } from '../../src/core/db.js';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { keptDemo } from '../demo-fixture.js';
import { changedCopy, forge } from './behind-kaohe.js';

let demo = '';
beforeAll(async () => {
  demo = await keptDemo('tamper', { now: '2026-11-30 09:00', months: 3, seed: 7, tickets: 60 });
});

/** A copy of the demo, changed with plain SQL (triggers of our own dropped first, as an attacker would). */
function tampered(sql: string): string {
  return changedCopy(demo, sql);
}

function verify(file: string, anchors: Array<{ seq: number; hash: string }> = []) {
  const db = openDb(file, 'write');
  try {
    return verifyLog(db, { anchors });
  } finally {
    db.close();
  }
}

function one(file: string, sql: string): string {
  const raw = new Database(file, { readonly: true });
  const row = raw.prepare(sql).pluck().get() as string;
  raw.close();
  return row;
}

describe('the untouched demo', () => {
  it('verifies: chain intact, every record matches its last image', () => {
    const v = verify(demo);
    expect(v.ok).toBe(true);
    expect(v.records).toMatchObject({ differs: [], untracked: [], missing: [] });
    expect(v.records!.checked).toBeGreaterThan(100);
  });
});

describe('business rows changed behind kaohe', () => {
  const cases: Array<[string, 'differs' | 'untracked' | 'missing', () => string, () => string]> = [];
  const ticket = () => one(demo, 'SELECT id FROM tickets ORDER BY id LIMIT 1');
  const draft = () => one(demo, "SELECT id FROM guard_notices ORDER BY status = 'draft' DESC, id LIMIT 1");
  const guard = () => one(demo, 'SELECT id FROM guards ORDER BY id LIMIT 1');
  const letter = () => one(demo, 'SELECT id FROM letters ORDER BY id LIMIT 1');
  cases.push(
    ["a ticket's deadline moved by ten days", 'differs', () => `UPDATE tickets SET deadline = deadline + 864000000 WHERE id = '${ticket()}'`, () => `tickets:${ticket()}`],
    ["a draft notice's points", 'differs', () => `UPDATE guard_notices SET points = points + 5 WHERE id = '${draft()}'`, () => `guard_notices:${draft()}`],
    ["a guard's base pay", 'differs', () => `UPDATE guards SET base_pay_fen = base_pay_fen + 100000 WHERE id = '${guard()}'`, () => `guards:${guard()}`],
    ["a letter's reply time", 'differs', () => `UPDATE letters SET received_at = received_at + 3600000 WHERE id = '${letter()}'`, () => `letters:${letter()}`],
    ['a ticket inserted with no audit row', 'untracked', () => `CREATE TEMP TABLE t AS SELECT * FROM tickets WHERE id = '${ticket()}'; UPDATE t SET id = 'T2026-9999', letter_id = NULL; INSERT INTO tickets SELECT * FROM t`, () => 'tickets:T2026-9999'],
    ['a notice deleted with its join rows', 'missing', () => `DELETE FROM guard_fund WHERE notice_id = '${draft()}'; DELETE FROM guard_notice_guards WHERE notice_id = '${draft()}'; DELETE FROM guard_notices WHERE id = '${draft()}'`, () => `guard_notices:${draft()}`],
    ['a complaint deleted', 'missing', () => 'DELETE FROM ticket_complaints WHERE id = (SELECT min(id) FROM ticket_complaints)', () => `ticket_complaints:${one(demo, 'SELECT min(id) FROM ticket_complaints')}`],
    ['a reward made larger', 'differs', () => 'UPDATE guard_rewards SET amount_fen = amount_fen * 10 WHERE id = (SELECT min(id) FROM guard_rewards)', () => `guard_rewards:${one(demo, 'SELECT min(id) FROM guard_rewards')}`],
    ['money taken out of the fine fund', 'untracked', () => 'INSERT INTO guard_fund (at, kind, amount_fen) VALUES (1790000000000, \'reward\', -50000)', () => 'guard_fund:'],
    ['another service person put on a ticket', 'untracked', () => `UPDATE ticket_assignees SET name = '冒名' WHERE ticket_id = (SELECT min(ticket_id) FROM ticket_assignees)`, () => 'ticket_assignees:'],
    ['a note slipped into a letter', 'untracked', () => `INSERT INTO letter_notes (letter_id, seq, at, by, text) VALUES ('${letter()}', 99, 1790000000000, '某人', '已处理')`, () => `letter_notes:${letter()},99`],
  );

  it.each(cases)('%s: listed as %s', (_label, kind, sql, name) => {
    const v = verify(tampered(sql()));
    expect(v.ok).toBe(false);
    expect(v.first_bad).toBeNull(); // the chain itself is intact: only the records tell
    const ids = v.records![kind];
    expect(ids.some((id) => id.startsWith(name()))).toBe(true);
  });
});

describe('the after-images themselves', () => {
  it.each([
    ['an image rewritten in the log', "UPDATE audit SET images = replace(images, 'phone', 'fax') WHERE seq = (SELECT min(seq) FROM audit WHERE images LIKE '%phone%')"],
    ['a fingerprint rewritten to match a changed row', "UPDATE audit SET prints = replace(prints, substr(prints, 3, 10), 'xxxxxxxxxx') WHERE seq = (SELECT min(seq) FROM audit WHERE prints IS NOT NULL)"],
  ])('%s: the chain breaks at that row', (_label, sql) => {
    const v = verify(tampered(sql));
    expect(v.ok).toBe(false);
    expect(v.problem).toBe('changed');
  });
});

describe('a whole log rewritten with fresh hashes', () => {
  function printedHead() {
    const db = openDb(demo, 'read');
    const h = auditHead(db);
    db.close();
    return h;
  }

  it.each([
    ['a row rewritten (an actor changed) and every hash after it recomputed', "UPDATE audit SET actor = '伪造' WHERE seq = 5", 'anchor_differs'],
    ['the last 10 rows cut off', 'DELETE FROM audit WHERE seq > (SELECT max(seq) - 10 FROM audit)', 'anchor_missing'],
    ['the log emptied', 'DELETE FROM audit', 'anchor_missing'],
  ])('%s: the chain verifies, the anchor does not (%s)', (_label, sql, problem) => {
    const head = printedHead();
    const file = join(tempDir(), 'forged.db');
    copyFileSync(demo, file);
    forge(file, sql);
    const alone = verify(file);
    expect(alone.first_bad).toBeNull(); // a perfect forgery of the chain itself …
    const v = verify(file, [head]);
    expect(v.ok).toBe(false); // … is caught against a head kept elsewhere
    expect(v.anchors[0].problem).toBe(problem);
  });
});
