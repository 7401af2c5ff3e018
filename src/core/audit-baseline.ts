// The log's baseline made inside SQLite (a load test's million tickets, issue 14): the same audit
// rows, byte for byte, as audit-images.ts writeBaseline (one `audit.baseline` row per page of 500
// rows of a table, in key order), but each page is one INSERT … SELECT: SQLite writes every row's
// canonical JSON, its image and its print, and the row's hash, calling back into JS only to hash
// (and for the rare value SQLite would write otherwise than JavaScript: a REAL that is not a whole
// number, an integer past 2^53, a BLOB). Per-row JS objects and strings were 2/3 of a 200,000-ticket
// demo's time.
import { createRequire } from 'node:module';
import { canonicalJson, lastEnteredAt } from './audit.js';
import { installFunctions } from './audit-fast-worker.js';
import { cachedStatement, setMeta, type Db } from './db.js';
import type { AuditedTable } from './migrations/index.js';

const NAME = /^[a-z_][a-z0-9_]*$/;
/** canonicalJson puts integer-like keys first (JS object order): such a table takes the JS path */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;
const PAGE = 500;
const GENESIS = '0'.repeat(64);

const installed = new WeakSet<Db>();

function install(db: Db): void {
  if (installed.has(db)) return;
  installFunctions(db, createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'));
  // a value as canonicalJson writes it (JSON.stringify of what better-sqlite3 reads)
  db.function('kaohe_json_value', { deterministic: true }, (v: unknown) => canonicalJson(v) ?? 'null');
  installed.add(db);
}

function q(name: string): string {
  if (!NAME.test(name)) throw new Error(`not a table or column name: ${name}`);
  return `"${name}"`;
}

/** A column's value as JSON text, exactly as JSON.stringify writes the value better-sqlite3 reads:
 *  SQLite quotes text the same way (checked over every code point) and writes integers the same;
 *  a whole REAL is written as its integer; anything else is written by JavaScript. */
export function jsonValueSql(column: string): string {
  const c = q(column);
  return `CASE typeof(${c}) WHEN 'text' THEN json_quote(${c}) WHEN 'null' THEN 'null'
    WHEN 'integer' THEN iif(${c} BETWEEN -9007199254740991 AND 9007199254740991, CAST(${c} AS TEXT), kaohe_json_value(${c}))
    WHEN 'real' THEN iif(${c} = CAST(${c} AS INTEGER) AND abs(${c}) < 1e15, CAST(CAST(${c} AS INTEGER) AS TEXT), kaohe_json_value(${c}))
    ELSE kaohe_json_value(${c}) END`;
}

export interface ColumnInfo {
  name: string;
  /** declared type, upper case */
  type: string;
}

/** The columns of a table, and whether it is STRICT (a column's values then have its type). */
export function columnsOf(db: Db, table: string): { columns: ColumnInfo[]; strict: boolean } {
  const columns = (db.prepare('SELECT name, upper(type) AS type FROM pragma_table_info(?)').all(table) as ColumnInfo[]);
  const list = db.prepare('SELECT strict FROM pragma_table_list WHERE schema = ? AND name = ?').get('main', table) as { strict: number } | undefined;
  return { columns, strict: list?.strict === 1 };
}

/** canonicalJson of a whole row (keys sorted as JS sorts them) as SQL text. In a STRICT table a
 *  TEXT or INTEGER column goes into json_object as it is (SQLite writes it as JS does; `plain`:
 *  the integer columns hold nothing past 2^53), a REAL column as its JS text; anything else, and
 *  every column of a table that is not STRICT, through jsonValueSql. */
export function rowJsonSql(columns: ColumnInfo[], strict: boolean, plainIntegers = true): string {
  const sorted = [...columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (sorted.length === 0) return `'{}'`;
  const value = ({ name, type }: ColumnInfo): string => {
    const c = q(name);
    if (strict && (type === 'TEXT' || (type === 'INTEGER' && plainIntegers))) return c;
    if (strict && type === 'REAL') {
      return `json(CASE WHEN ${c} IS NULL THEN 'null' WHEN ${c} = CAST(${c} AS INTEGER) AND abs(${c}) < 1e15 THEN CAST(CAST(${c} AS INTEGER) AS TEXT) ELSE kaohe_json_value(${c}) END)`;
    }
    return `json(${jsonValueSql(name)})`;
  };
  return `json_object(${sorted.map((col) => `'${col.name}', ${value(col)}`).join(', ')})`;
}

/** Whether every INTEGER column of a STRICT table holds only what a JS number holds exactly. */
function integersPlain(db: Db, table: string, columns: ColumnInfo[]): boolean {
  const ints = columns.filter((c) => c.type === 'INTEGER');
  if (ints.length === 0) return true;
  const out = ints.map((c) => `max(${q(c.name)} NOT BETWEEN -9007199254740991 AND 9007199254740991)`).join(', ');
  const sql = `SELECT ${out} FROM ${q(table)}`; // names checked by q()
  const r = db.prepare(sql).raw(true).get() as Array<number | null>;
  return r.every((v) => v !== 1);
}

/** Whether this table can be written by SQLite (declared names only, none integer-like). */
export function sqlBaselineFits(db: Db, table: string): boolean {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>;
  return columns.length > 0 && columns.every((c) => NAME.test(c.name) && !INDEX_KEY.test(c.name));
}

interface Page {
  /** the last key of the page (a full page), else null: the rest of the table */
  bound: (after: unknown[] | null) => unknown[] | null;
  count: (after: unknown[] | null) => number;
  insert: (after: unknown[] | null, upTo: unknown[] | null, args: Record<string, unknown>) => string | undefined;
}

function named(prefix: string, key: unknown[] | null): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  key?.forEach((v, i) => (o[`${prefix}${i}`] = v));
  return o;
}

function pageStatements(db: Db, t: AuditedTable): Page {
  const { columns, strict } = columnsOf(db, t.table);
  const rowJson = rowJsonSql(columns, strict, strict && integersPlain(db, t.table, columns));
  const keys = t.key.map(q).join(', ');
  const marks = (p: string) => t.key.map((_k, i) => `@${p}${i}`).join(', ');
  const where = (after: boolean, upTo: boolean) =>
    [after ? `(${keys}) > (${marks('a')})` : '', upTo ? `(${keys}) <= (${marks('b')})` : ''].filter((s) => s !== '').join(' AND ') || '1';
  const tbl = q(t.table);
  const keyJson = `'[' || ${t.key.map(jsonValueSql).join(` || ',' || `)} || ']'`;
  const head = `'[' || json_quote('${t.table}') || ',' || ${keyJson} || ','`;
  const rows = (w: string) => `SELECT ${t.key.map((k, i) => `${q(k)} AS k${i}`).join(', ')}, ${rowJson} AS j, ${head} AS h FROM ${tbl} WHERE ${w}`;
  const order = t.key.map((_k, i) => `k${i}`).join(', ');
  // the row's text is quoted into its image and hashed into its print; pages joined as writeBaseline joins them
  // (both go into the hash as BLOBs: the lengths hashed are in bytes, as the verifier counts them; a
  // TEXT argument reaches JS as a string, whose length counts UTF-16 units, wrong for a Chinese key)
  const insertSql = (w: string) => `INSERT INTO audit (seq, at, actor, action, record_id, change, prev_hash, hash, format, entered_at, late, images, prints)
    SELECT @seq, @at, 'kaohe', 'audit.baseline', NULL, @change, @prev,
      kaohe_hash2(@prev, @seq, @at, @at, 'kaohe', 'audit.baseline', NULL, NULL, @change, CAST(images AS BLOB), CAST(prints AS BLOB)), 2, @at, NULL, images, prints
    FROM (SELECT '[' || group_concat(h || json_quote(j) || ']', ',' ORDER BY ${order}) || ']' AS images,
                 '[' || group_concat(h || '"' || kaohe_fp(CAST(j AS BLOB)) || '"]', ',' ORDER BY ${order}) || ']' AS prints
          FROM (${rows(w)}))
    RETURNING hash`;
  // names checked by q(); values bound
  const boundSql = [`SELECT ${keys} FROM ${tbl} ORDER BY ${keys} LIMIT 1 OFFSET ${PAGE - 1}`, `SELECT ${keys} FROM ${tbl} WHERE ${where(true, false)} ORDER BY ${keys} LIMIT 1 OFFSET ${PAGE - 1}`];
  const countSql = [`SELECT count(*) FROM ${tbl}`, `SELECT count(*) FROM ${tbl} WHERE ${where(true, false)}`];
  const st = {
    bound: boundSql.map((sql) => db.prepare(sql)),
    count: countSql.map((sql) => db.prepare(sql)),
    insert: [[where(false, false), where(false, true)], [where(true, false), where(true, true)]].map((pair) => pair.map((w) => db.prepare(insertSql(w)))),
  };
  for (const s of [...st.bound, ...st.count]) s.raw(true);
  for (const s of st.insert.flat()) s.pluck(true);
  return {
    bound: (after) => (st.bound[after ? 1 : 0].get(named('a', after)) as unknown[] | undefined) ?? null,
    count: (after) => (st.count[after ? 1 : 0].get(named('a', after)) as [number])[0],
    insert: (after, upTo, args) => st.insert[after ? 1 : 0][upTo ? 1 : 0].get({ ...args, ...named('a', after), ...named('b', upTo) }) as string | undefined,
  };
}

/** writeBaseline (audit-images.ts) done by SQLite: the same rows in the log. Tables that do not
 *  fit (sqlBaselineFits) are refused: the caller uses writeBaseline for those. */
export function writeBaselineSql(db: Db, tables: AuditedTable[], clock: number | undefined, note: string): void {
  install(db);
  for (const t of tables) if (!sqlBaselineFits(db, t.table)) throw new Error(`baseline in SQL: table ${t.table} does not fit`);
  const last = cachedStatement(db, 'SELECT seq, at, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; at: number; hash: string } | undefined;
  const now = clock ?? lastEnteredAt(db) ?? last?.at ?? 0;
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS;
  for (const t of tables) {
    const page = pageStatements(db, t);
    let after: unknown[] | null = null;
    for (;;) {
      const upTo = page.bound(after);
      const rows = upTo ? PAGE : page.count(after);
      if (rows === 0) break;
      const change = canonicalJson({ table: t.table, rows, note });
      seq += 1;
      const hash = page.insert(after, upTo, { seq, at: now, change, prev });
      if (typeof hash !== 'string') throw new Error(`baseline in SQL: no row for ${t.table}`);
      prev = hash;
      if (!upTo) break;
      after = upTo;
    }
  }
  if (seq === (last?.seq ?? 0)) return;
  setMeta(db, 'audit_head', `${seq}:${prev}`);
  if (now > (lastEnteredAt(db) ?? 0)) setMeta(db, 'audit_entered_max', String(now));
}
