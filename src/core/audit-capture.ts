// Noting which rows a write changed (SPEC §0 "Business rows are covered", audit-images.ts takes
// their images): TEMP triggers on this connection only, so nothing in the file changes. They are
// made per audited table, when the first statement that writes the table is prepared; whatever
// could reach a table unseen (a statement whose text does not name it, an exec, a statement
// prepared before, a rollback) is covered below; each write starts by making again what a
// rollback took away (syncCapture), and its commit checks the triggers are there.
import { cachedStatement, preparedStatements, type Db } from './db.js';
import { AUDITED_TABLES, type AuditedTable } from './migrations/index.js';

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** Declared names only (never user input), checked anyway before they go into SQL text. */
export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a table or column name: ${name}`);
  return `"${name}"`;
}

/** What capture has done on a connection. Triggers are made per table, when the first statement
 *  that writes the table is prepared (making all 87 cost ~20M instructions, a tenth of a write). */
interface Capture {
  /** the connection's own prepare and exec, before watchWrites wrapped them */
  prepare: Db['prepare'];
  exec: Db['exec'];
  /** audited tables whose triggers are made (and kaohe_touched, once any is) */
  made: Set<string>;
  /** noted for now by nothing (withoutCapture) */
  paused: Set<string>;
}

const captures = new WeakMap<Db, Capture>();
let byName: Map<string, AuditedTable> | undefined;
/** The audited tables by name (made on first use: migrations/index.ts imports this file). */
function audited(): Map<string, AuditedTable> {
  byName ??= new Map(AUDITED_TABLES.map((t) => [t.table, t]));
  return byName;
}

/** The tables a change to `table` may write beyond itself: through a foreign key's ON DELETE or
 *  ON UPDATE action, or a permanent trigger that writes. None today (every foreign key is NO
 *  ACTION, every permanent trigger only RAISEs); test/core/audit-capture.test.ts computes this
 *  from the schema and fails when a migration makes it wrong. */
const ALSO_WRITES: Readonly<Record<string, readonly string[]>> = {};

/** The audited tables a write to `table` (as named in SQL) reaches, itself first. */
export function reachedFrom(table: string): string[] {
  const name = table.toLowerCase();
  return [name, ...(ALSO_WRITES[name] ?? [])].filter((t) => audited().has(t));
}

// INSERT/REPLACE [OR x] INTO, UPDATE [OR x], DELETE FROM, then [schema.]table, bare or "quoted",
// then a space, "(", ";" or the end: a name followed by anything else (main.[t], main/**/.t) is
// not read at all, and the statement goes to SQLite's own answer below
const WRITE_HEAD = /^\s*(?:(?:insert|replace)(?:\s+or\s+[a-z]+)?\s+into|update(?:\s+or\s+[a-z]+)?|delete\s+from)\s+(?:("?)([a-z_][a-z0-9_]*)\1\s*\.\s*)?("?)([a-z_][a-z0-9_]*)\3(?=[\s(;]|$)/i;

/** The tables of the file that kaohe writes and does not audit (their writes make no triggers):
 *  any other name, an audited table's prefix or a view among them, is not trusted from the text. */
const NOT_AUDITED = new Set(['serials', 'meta', 'audit']);

/** The audited tables one SQL statement writes, from its text: [] when it writes none of them
 *  (a write to serials, meta, audit or a TEMP table), undefined when the text does not say (a
 *  read, WITH ... INSERT, a leading comment, another schema, a table or view not known here):
 *  the caller then asks SQLite whether the statement writes, and if so takes every table. */
export function writtenTables(sql: string): string[] | undefined {
  const m = WRITE_HEAD.exec(sql);
  if (!m) return undefined;
  const schema = m[2]?.toLowerCase();
  if (schema === 'temp' || schema === 'temporary') return [];
  if (schema !== undefined && schema !== 'main') return undefined;
  const table = m[4].toLowerCase();
  return audited().has(table) || NOT_AUDITED.has(table) ? reachedFrom(table) : undefined;
}

/** From now on every statement prepared on this connection that writes an audited table gets
 *  that table's triggers first (a statement whose text does not say which table, yet SQLite says
 *  writes, gets every table's), and so does db.exec of a script that writes. Triggers made after
 *  a statement was prepared still fire in it: SQLite prepares it again when the TEMP schema
 *  changed. Call once a connection is open, before anything on it is prepared. The triggers are
 *  made by db.exec, which better-sqlite3 refuses while a statement of the connection is being
 *  iterated: a write statement is prepared before such a loop, not in it. */
export function watchWrites(db: Db): void {
  if (captures.has(db)) return;
  const c: Capture = { prepare: db.prepare, exec: db.exec, made: new Set(), paused: new Set() };
  captures.set(db, c);
  const prepare = c.prepare;
  db.prepare = function watchedPrepare(this: Db, sql: string) {
    const known = writtenTables(sql);
    if (known !== undefined && known.length > 0) ensureTriggers(db, c, known);
    const st = prepare.call(this, sql);
    if (known === undefined && !st.readonly) ensureTriggers(db, c, [...audited().keys()]);
    return st;
  } as Db['prepare'];
  const exec = c.exec;
  db.exec = function watchedExec(this: Db, sql: string): Db {
    if (/\b(?:insert|update|delete|replace)\b/i.test(sql)) ensureTriggers(db, c, [...audited().keys()]);
    return exec.call(this, sql);
  };
  for (const st of preparedStatements(db)) {
    const known = writtenTables(st.source);
    if (known === undefined ? !st.readonly : known.length > 0) ensureTriggers(db, c, known ?? [...audited().keys()]);
  }
}

function ensureTriggers(db: Db, c: Capture, tables: string[]): void {
  const missing = tables.filter((t) => !c.made.has(t) && !c.paused.has(t));
  if (missing.length === 0) return;
  const ddl = c.made.size === 0 ? [TOUCHED] : [];
  for (const t of missing) ddl.push(...captureTriggers(audited().get(t) as AuditedTable));
  c.exec.call(db, ddl.join('\n'));
  for (const t of missing) c.made.add(t);
}

const TOUCHED = 'CREATE TEMP TABLE IF NOT EXISTS kaohe_touched (tbl TEXT NOT NULL, k TEXT NOT NULL, PRIMARY KEY (tbl, k)) WITHOUT ROWID;';

/** At the start of a write: the triggers noted as made are all there, and kaohe_touched with
 *  them. Any rollback takes away what was made inside its transaction: a write's own, a read
 *  snapshot's, a savepoint's inside a write, an outer write's around a nested one; a statement
 *  prepared in it may still run now, so what is gone is made again here, inside this write. */
export function syncCapture(db: Db): void {
  const c = captures.get(db);
  if (!c || c.made.size === 0) return;
  const names = new Set(cachedStatement(db, "SELECT name FROM temp.sqlite_master WHERE name GLOB 'kaohe_*'").pluck().all() as string[]);
  const lost = [...c.made].filter((t) => !c.paused.has(t) && !['i', 'u', 'd'].every((op) => names.has(`kaohe_${t}_${op}`)));
  if (lost.length === 0 && names.has('kaohe_touched')) return;
  if (!names.has('kaohe_touched')) c.exec.call(db, TOUCHED);
  for (const t of lost) c.made.delete(t);
  ensureTriggers(db, c, lost);
}

/** The commit's check: every table whose writes were prepared has its three triggers (a
 *  savepoint rolled back inside the write could have taken some away). An internal error
 *  otherwise: the write is rolled back rather than logged without its images. */
export function checkCapture(db: Db): void {
  const c = captures.get(db);
  if (!c || c.made.size === 0) return;
  const row = cachedStatement(db, "SELECT count(*) FILTER (WHERE type = 'trigger') AS n, count(*) FILTER (WHERE name = 'kaohe_touched') AS touched FROM temp.sqlite_master WHERE name GLOB 'kaohe_*'").get() as { n: number; touched: number };
  const want = 3 * [...c.made].filter((t) => !c.paused.has(t)).length;
  if (row.n !== want || row.touched !== 1) throw new Error(`audit capture: ${row.n} of ${want} triggers on this connection${row.touched ? '' : ', no kaohe_touched'}`);
}

/** The TEMP triggers that note a table's inserted, updated and deleted rows. */
function captureTriggers(t: AuditedTable): string[] {
  const name = ident(t.table);
  const keyOf = (side: 'NEW' | 'OLD') => `json_array(${t.key.map((c) => `${side}.${ident(c)}`).join(', ')})`;
  const note = (side: 'NEW' | 'OLD') => `INSERT OR IGNORE INTO temp.kaohe_touched (tbl, k) VALUES ('${t.table}', ${keyOf(side)});`;
  return [
    `CREATE TEMP TRIGGER IF NOT EXISTS ${ident(`kaohe_${t.table}_i`)} AFTER INSERT ON main.${name} BEGIN ${note('NEW')} END;`,
    `CREATE TEMP TRIGGER IF NOT EXISTS ${ident(`kaohe_${t.table}_u`)} AFTER UPDATE ON main.${name} BEGIN ${note('OLD')} ${note('NEW')} END;`,
    `CREATE TEMP TRIGGER IF NOT EXISTS ${ident(`kaohe_${t.table}_d`)} AFTER DELETE ON main.${name} BEGIN ${note('OLD')} END;`,
  ];
}

/** Runs `write` with the rows of these tables not noted: for rows the caller logs itself, as a
 *  baseline (the demo's load test of guard notices, guard/demo-bulk.ts), where a trigger a row
 *  would only fill kaohe_touched to be emptied again. Call inside the write transaction: the
 *  triggers are dropped and made again in it (a rollback brings them back as well); made for
 *  every one of these tables afterwards, as a statement prepared meanwhile still writes its table. */
export function withoutCapture<T>(db: Db, tables: AuditedTable[], write: () => T): T {
  const c = captures.get(db);
  if (!c) return write();
  const names = tables.map((t) => t.table);
  const dropped = names.filter((t) => c.made.has(t) && !c.paused.has(t));
  for (const t of names) c.paused.add(t);
  c.exec.call(db, dropped.flatMap((t) => ['i', 'u', 'd'].map((op) => `DROP TRIGGER IF EXISTS temp.${ident(`kaohe_${t}_${op}`)};`)).join('\n'));
  try {
    return write();
  } finally {
    for (const t of names) c.paused.delete(t);
    for (const t of dropped) c.made.delete(t);
    ensureTriggers(db, c, names);
  }
}

/** Whether any table's rows are noted on this connection (kaohe_touched exists then). */
export function capturing(db: Db): boolean {
  return (captures.get(db)?.made.size ?? 0) > 0;
}
