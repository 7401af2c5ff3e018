// After-images are noted by TEMP triggers made per table, when the first statement that writes
// the table is prepared (audit-capture.ts watchWrites). These tests hold what makes that safe: the
// target read from a statement's text, the tables a write reaches (from the schema itself), every
// way a statement can reach an audited table inside a write, and real writes of each module
// ending in a clean `audit verify`.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reachedFrom, writtenTables } from '../../src/core/audit-capture.js';
import { verifyLog } from '../../src/core/audit-verify.js';
import { readSnapshot, type Db } from '../../src/core/db.js';
import { AUDITED_TABLES } from '../../src/core/migrations/index.js';
import { copyFileSync } from 'node:fs';
import { DEMO_NOW, keptDemo } from '../demo-fixture.js';
import { kaohe, tempDir, testContext } from '../helpers.js';

const GUARD = "INSERT INTO guards (id, name, company, site, base_pay_fen, status, created_at) VALUES (?, '张伟', '安保公司', '小区', 300000, 'active', 0)";

function records(db: Db) {
  const v = verifyLog(db, { fast: false });
  return { ok: v.ok, ...v.records };
}

function triggersOf(db: Db): string[] {
  return (db.prepare("SELECT name FROM temp.sqlite_master WHERE type = 'trigger' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
}

describe('the tables a statement writes, from its text', () => {
  it.each([
    ['INSERT INTO tickets (id) VALUES (?)', ['tickets']],
    ['  insert into "tickets"(id) values (?)', ['tickets']],
    ['INSERT OR IGNORE INTO main.tickets (id) VALUES (?)', ['tickets']],
    ['INSERT OR REPLACE INTO "main"."guard_notice_guards" (x) VALUES (1)', ['guard_notice_guards']],
    ['REPLACE INTO letters (id) VALUES (1)', ['letters']],
    ['UPDATE tickets SET status = ? WHERE id = ?', ['tickets']],
    ['UPDATE OR ABORT Tickets SET status = 1', ['tickets']],
    ['DELETE FROM ticket_assignees WHERE ticket_id = ?', ['ticket_assignees']],
    ['DELETE FROM\n  main . ticket_parts', ['ticket_parts']],
    // written, but not audited: nothing to note
    ['INSERT INTO serials (kind, year, last) VALUES (?, ?, 1) ON CONFLICT (kind, year) DO UPDATE SET last = last + 1', []],
    ['INSERT INTO audit (seq) VALUES (1)', []],
    ['INSERT OR IGNORE INTO temp.kaohe_touched (tbl, k) VALUES (1, 2)', []],
    ['DELETE FROM temp.tickets', []],
    // a name kaohe does not know (an audited name's prefix, a view): SQLite is asked
    ['INSERT INTO tickets_old (id) VALUES (1)', undefined],
    ['UPDATE main SET x = 1', undefined],
    // the text does not say: SQLite is asked whether it writes, and then every table is taken
    ['WITH x AS (SELECT 1) INSERT INTO tickets (id) SELECT * FROM x', undefined],
    ['-- note\nINSERT INTO tickets (id) VALUES (1)', undefined],
    ['INSERT INTO other.tickets (id) VALUES (1)', undefined],
    ['INSERT INTO [tickets] (id) VALUES (1)', undefined],
    ['INSERT INTO `tickets` (id) VALUES (1)', undefined],
    // the schema followed by anything but a plain or "quoted" name is not read as the table
    ['INSERT INTO main.[guards] (id) VALUES (1)', undefined],
    ['INSERT INTO main.`guards` (id) VALUES (1)', undefined],
    ["INSERT INTO main.'guards' (id) VALUES (1)", undefined],
    ['INSERT INTO main/**/.guards (id) VALUES (1)', undefined],
    ['INSERT INTO main -- x\n.guards (id) VALUES (1)', undefined],
    ['UPDATE guards/**/SET status = 1', undefined],
    ['SELECT * FROM tickets', undefined],
  ])('%s', (sql, want) => {
    expect(writtenTables(sql)).toEqual(want);
  });
});

/** What a change to each table writes beyond it, read from the schema: a child table through a
 *  foreign key's ON DELETE / ON UPDATE action, and whatever a permanent trigger's body writes. */
function schemaReach(db: Db): Map<string, Set<string>> {
  const reaches = new Map<string, Set<string>>();
  const add = (from: string, to: string) => reaches.set(from, (reaches.get(from) ?? new Set()).add(to.toLowerCase()));
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
  for (const child of tables) {
    const fks = db.prepare('SELECT "table" AS parent, on_update, on_delete FROM pragma_foreign_key_list(?)').all(child) as Array<{ parent: string; on_update: string; on_delete: string }>;
    for (const fk of fks) if (![fk.on_update, fk.on_delete].every((a) => a === 'NO ACTION' || a === 'RESTRICT')) add(fk.parent, child);
  }
  const WRITE = /\b(?:(?:INSERT|REPLACE)(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+(?:\w+\s*\.\s*)?"?(\w+)/gi;
  for (const tr of db.prepare("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ tbl_name: string; sql: string }>) {
    for (const m of tr.sql.slice(tr.sql.search(/\bBEGIN\b/i)).matchAll(WRITE)) add(tr.tbl_name, m[1]);
  }
  return reaches;
}

function closure(reaches: Map<string, Set<string>>, table: string, audited: Set<string>): string[] {
  const seen = new Set([table]);
  for (const x of seen) for (const y of reaches.get(x) ?? []) seen.add(y);
  return [...seen].filter((x) => audited.has(x)).sort();
}

describe('the tables a write reaches', () => {
  const audited = new Set(AUDITED_TABLES.map((t) => t.table));

  it('is, for each table, what the schema says (reachedFrom against foreign key actions and permanent triggers)', () => {
    const { ctx } = testContext();
    const db = ctx.db();
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    for (const t of audited) expect(tables).toContain(t);
    const reaches = schemaReach(db);
    // every table and view: a trigger on one kaohe does not audit (serials, meta) can write one it does
    const all = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").all() as Array<{ name: string }>).map((r) => r.name);
    for (const t of all) expect([t, [...reachedFrom(t)].sort()]).toEqual([t, closure(reaches, t, audited)]);
    ctx.close();
  });

  it('the reading of the schema sees a cascade and a trigger that writes (the check above can fail)', () => {
    const { ctx } = testContext();
    const db = ctx.db();
    db.exec(`CREATE TABLE guard_notes_x (id TEXT REFERENCES guards(id) ON DELETE CASCADE);
      CREATE TRIGGER writes_on AFTER UPDATE ON letters BEGIN UPDATE OR IGNORE "tickets" SET status = status WHERE 0; END;`);
    const reaches = schemaReach(db);
    expect(closure(reaches, 'letters', audited)).toEqual(['letters', 'tickets']);
    expect([...(reaches.get('guards') ?? [])]).toEqual(['guard_notes_x']);
    db.exec('CREATE TRIGGER serial_writes AFTER INSERT ON serials BEGIN UPDATE guards SET name = name WHERE 0; END;');
    expect(closure(schemaReach(db), 'serials', audited)).toEqual(['guards']);
    expect(reachedFrom('serials')).toEqual([]);
    ctx.close();
  });
});

describe('every way into an audited table inside a write is noted', () => {
  it('only the tables written get triggers; a read makes none', () => {
    const { ctx } = testContext();
    ctx.db().prepare('SELECT count(*) FROM tickets').get();
    expect(triggersOf(ctx.db())).toEqual([]);
    ctx.write((db) => {
      db.prepare(GUARD).run('GD001');
      ctx.audit(db, 'guard.add', 'GD001', {});
    });
    expect(triggersOf(ctx.db())).toEqual(['kaohe_guards_d', 'kaohe_guards_i', 'kaohe_guards_u']);
    expect(records(ctx.db())).toMatchObject({ ok: true, untracked: [], differs: [] });
    ctx.close();
  });

  it.each([
    ['a statement whose text does not say (WITH ... INSERT)', (db: Db) => db.prepare(`WITH g(id) AS (VALUES ('GD002')) ${GUARD.replace('VALUES (?', 'SELECT id').replace(", 'active', 0)", ", 'active', 0 FROM g")}`).run()],
    ['a leading comment', (db: Db) => db.prepare(`-- a guard\n${GUARD}`).run('GD002')],
    ['db.exec', (db: Db) => db.exec(GUARD.replace('?', "'GD002'"))],
  ])('%s: every table gets its triggers', (_, write) => {
    const { ctx } = testContext();
    ctx.write((db) => {
      write(db);
      ctx.audit(db, 'guard.add', 'GD002', {});
    });
    expect(triggersOf(ctx.db())).toHaveLength(3 * AUDITED_TABLES.length);
    expect(records(ctx.db())).toMatchObject({ ok: true, untracked: [], differs: [] });
    ctx.close();
  });

  it('a statement prepared before the write (outside it) is noted', () => {
    const { ctx } = testContext();
    const st = ctx.db().prepare(GUARD);
    ctx.write((db) => {
      st.run('GD003');
      ctx.audit(db, 'guard.add', 'GD003', {});
    });
    expect(records(ctx.db())).toMatchObject({ ok: true, untracked: [] });
    ctx.close();
  });

  it('a statement prepared in a write that rolled back is still noted in the next', () => {
    const { ctx } = testContext();
    let st: ReturnType<Db['prepare']> | undefined;
    expect(() => ctx.write((db) => {
      st = db.prepare(GUARD);
      st.run('GD004');
      throw new Error('refused');
    })).toThrow('refused');
    expect(triggersOf(ctx.db())).toEqual([]); // gone with the rollback; the next write makes them again
    ctx.write((db) => {
      st?.run('GD005');
      ctx.audit(db, 'guard.add', 'GD005', {});
    });
    expect(records(ctx.db())).toMatchObject({ ok: true, untracked: [] });
    ctx.close();
  });

  it.each([
    ['main.[guards]'], ['main.`guards`'], ["main.'guards'"], ['main/**/.guards'], ['main -- x\n.guards'],
  ])('INSERT INTO %s: a name the text does not give plainly is noted all the same', (target) => {
    const { ctx } = testContext();
    ctx.write((db) => {
      db.prepare(GUARD.replace('INTO guards', `INTO ${target}`)).run('GD010');
      ctx.audit(db, 'guard.add', 'GD010', {});
    });
    expect(records(ctx.db())).toMatchObject({ ok: true, untracked: [], differs: [] });
    ctx.close();
  });

  it.each([
    ['a read snapshot', (ctx: ReturnType<typeof testContext>['ctx']) => readSnapshot(ctx.db(), () => ctx.db().prepare(GUARD))],
    // that write itself is refused: what it wrote after the savepoint would have gone unnoted
    ['a savepoint inside a write', (ctx: ReturnType<typeof testContext>['ctx']) => expect(() => ctx.write((db) => {
      try {
        db.transaction(() => {
          db.prepare(GUARD);
          throw new Error('inner');
        })();
      } catch {
        // rolled back: the guards triggers and kaohe_touched made in it are gone
      }
    })).toThrow('audit capture: 0 of 3 triggers on this connection, no kaohe_touched')],
    ['an outer write around a nested one that committed', (ctx: ReturnType<typeof testContext>['ctx']) => {
      try {
        ctx.write(() => {
          ctx.write((db) => db.prepare(GUARD));
          throw new Error('outer');
        });
      } catch {
        // the outer write rolled back, the nested one's triggers with it
      }
    }],
  ])('triggers made inside %s that rolled back: the next writes make them again and are noted', (_, before) => {
    const { ctx } = testContext();
    before(ctx);
    for (const id of ['GD011', 'GD012']) {
      ctx.write((db) => {
        db.prepare(GUARD).run(id);
        ctx.audit(db, 'guard.add', id, {});
      });
    }
    expect(records(ctx.db())).toMatchObject({ ok: true, untracked: [], differs: [] });
    ctx.close();
  });

  it('triggers lost in a rolled-back savepoint inside the write: the write is refused, not logged bare', () => {
    const { ctx } = testContext();
    const count = (table: string) => ctx.db().prepare(`SELECT count(*) AS n FROM ${table}`).get();
    const before = count('audit');
    expect(() => ctx.write((db) => {
      db.prepare("UPDATE letters SET status = status WHERE id = 'none'").run(); // kaohe_touched and the letters triggers, kept
      try {
        db.transaction(() => {
          db.prepare(GUARD).run('GD006');
          throw new Error('inner');
        })();
      } catch {
        // the savepoint took the guards triggers with it
      }
      db.prepare(GUARD).run('GD007'); // the wrapper has made the guards triggers once already
      ctx.audit(db, 'guard.add', 'GD007', {});
    })).toThrow('audit capture: 3 of 6 triggers on this connection');
    expect([count('audit'), count('guards')]).toEqual([before, { n: 0 }]);
    ctx.close();
  });
});

describe('real writes of each module, then audit verify', () => {
  let file: string;
  beforeAll(async () => {
    file = await keptDemo('capture', { now: DEMO_NOW, months: 2, seed: 5, tickets: 30 });
  });

  it('the demo and a write of each module after it leave every row with its images', () => {
    const db = join(tempDir(), 'k.db');
    copyFileSync(file, db);
    let minute = 0;
    const run = (...args: string[]) => {
      minute += 1;
      const r = kaohe(args, { KAOHE_DB: db, KAOHE_NOW: `2026-11-06 10:${String(minute).padStart(2, '0')}` });
      expect([args.join(' '), r.code, r.stderr]).toEqual([args.join(' '), 0, '']);
      return r;
    };
    run('ticket', 'open', '--customer', '齐齐哈尔公交公司', '--phone', '0452-2412345', '--vehicle', '黑B-12345', '--fault', 'body', '--distance', '80');
    run('guard', 'deduct', '--guard', 'GD001', '--rule', '1', '--inspector', '王建国', '--kind', 'spot');
    run('letter', 'log', '--channel', 'phone', '--from', '来电人', '--subject', '问题');
    run('stock', 'part', 'add', '--code', 'P-9901', '--name', '刹车片', '--price', '85.50');
    run('review', 'staff', 'add', '--name', '欧阳新', '--level', 'dept-manager', '--dept', '销售部', '--leader', '王总', '--assessor', '王总');
    const v = kaohe(['--json', 'audit', 'verify'], { KAOHE_DB: db, KAOHE_NOW: '2026-11-06 11:00' });
    expect(v.code).toBe(0);
    expect(v.json()).toMatchObject({ ok: true, records: { differs: [], untracked: [], missing: [] } });
  });
});
