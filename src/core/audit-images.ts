// After-images (SPEC §0 "Business rows are covered"): every audit row holds the rows its change
// wrote, as they stood after it. The modules only declare their tables (migrations/index.ts); the
// core does the rest:
// - while kaohe writes, TEMP triggers (on this connection only, so nothing in the file changes)
//   note the key of every row inserted, updated or deleted in a declared table;
// - appendAudit takes those rows' current images into the audit row it writes;
// - `audit verify` replays the images in log order and compares the last image of each record
//   with the tables: a row that differs, a row with no trail, a record that is gone.
// A row changed with the sqlite3 shell fires none of our triggers, so it can only pass verify if
// the log is rewritten too, and that breaks the chain or the anchor kept outside the file.
import { appendAudit, canonicalJson, digest, lastEnteredAt } from './audit.js';
import { cachedStatement, preparedStatements, type Db } from './db.js';
import { AUDITED_TABLES, type AuditedTable } from './migrations/index.js';

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** Declared names only (never user input), checked anyway before they go into SQL text. */
function ident(name: string): string {
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
  /** made inside the open transaction: its rollback takes them away again (restoreCapture) */
  fresh: Set<string>;
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

// INSERT/REPLACE [OR x] INTO, UPDATE [OR x], DELETE FROM, then [schema.]table, bare or "quoted"
const WRITE_HEAD = /^\s*(?:(?:insert|replace)(?:\s+or\s+[a-z]+)?\s+into|update(?:\s+or\s+[a-z]+)?|delete\s+from)\s+(?:("?)([a-z_][a-z0-9_]*)\1\s*\.\s*)?("?)([a-z_][a-z0-9_]*)\3(?![a-z0-9_$"])/i;

/** The audited tables one SQL statement writes, from its text: [] when it writes none of them
 *  (a write to serials, meta, audit or a TEMP table), undefined when the text does not say (a
 *  read, WITH ... INSERT, a leading comment, another schema): the caller then asks SQLite whether
 *  the statement writes, and if so takes every table. */
export function writtenTables(sql: string): string[] | undefined {
  const m = WRITE_HEAD.exec(sql);
  if (!m) return undefined;
  const schema = m[2]?.toLowerCase();
  if (schema === 'temp' || schema === 'temporary') return [];
  if (schema !== undefined && schema !== 'main') return undefined;
  return reachedFrom(m[4]);
}

/** From now on every statement prepared on this connection that writes an audited table gets
 *  that table's triggers first (a statement whose text does not say which table, yet SQLite says
 *  writes, gets every table's), and so does db.exec of a script that writes. Triggers made after
 *  a statement was prepared still fire in it: SQLite prepares it again when the TEMP schema
 *  changed. Call once a connection is open, before anything on it is prepared. */
export function watchWrites(db: Db): void {
  if (captures.has(db)) return;
  const c: Capture = { prepare: db.prepare, exec: db.exec, made: new Set(), fresh: new Set(), paused: new Set() };
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
  for (const t of missing) ddl.push(...captureTriggers(tableOf(t)));
  c.exec.call(db, ddl.join('\n'));
  for (const t of missing) {
    c.made.add(t);
    if (db.inTransaction) c.fresh.add(t);
  }
}

const TOUCHED = 'CREATE TEMP TABLE IF NOT EXISTS kaohe_touched (tbl TEXT NOT NULL, k TEXT NOT NULL, PRIMARY KEY (tbl, k)) WITHOUT ROWID;';

/** Starts noting written rows on this connection: watchWrites, for a connection opened before. */
export function startCapture(db: Db): void {
  watchWrites(db);
}

/** After a write transaction: committed, the triggers made in it stay; rolled back, they are made
 *  again (a statement prepared in it may run in the next write, and must still be noted). */
export function endCapture(db: Db, committed: boolean): void {
  const c = captures.get(db);
  if (!c || c.fresh.size === 0) return;
  const fresh = [...c.fresh];
  c.fresh.clear();
  if (committed) return;
  for (const t of fresh) c.made.delete(t);
  if (c.made.size === 0) c.exec.call(db, TOUCHED); // the table may have gone with the rollback
  ensureTriggers(db, c, fresh);
}

/** The commit's check: every table whose writes were prepared has its three triggers (a
 *  savepoint rolled back inside the write could have taken some away). An internal error
 *  otherwise: the write is rolled back rather than logged without its images. */
export function checkCapture(db: Db): void {
  const c = captures.get(db);
  if (!c || c.made.size === 0) return;
  const row = cachedStatement(db, "SELECT count(*) AS n FROM temp.sqlite_master WHERE type = 'trigger' AND name GLOB 'kaohe_*'").get() as { n: number };
  const want = 3 * [...c.made].filter((t) => !c.paused.has(t)).length;
  if (row.n !== want) throw new Error(`audit capture: ${row.n} of ${want} triggers on this connection`);
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

function tableOf(name: string, tables: AuditedTable[] = AUDITED_TABLES): AuditedTable {
  const t = tables.find((x) => x.table === name);
  if (!t) throw new Error(`not an audited table: ${name}`);
  return t;
}

function selectByKey(t: AuditedTable): string {
  return `SELECT * FROM ${ident(t.table)} WHERE ${t.key.map((c) => `${ident(c)} = ?`).join(' AND ')}`;
}

function selectAll(t: AuditedTable): string {
  return `SELECT * FROM ${ident(t.table)}`;
}

/** A page of a table in key order; `after`: the page after a key (row values, SQLite >= 3.15). */
function selectPage(t: AuditedTable, after: boolean): string {
  const keys = t.key.map(ident).join(', ');
  const where = after ? ` WHERE (${keys}) > (${t.key.map(() => '?').join(', ')})` : '';
  return `${selectAll(t)}${where} ORDER BY ${keys} LIMIT ?`;
}

/** One image as it goes into the log: [table, [key...], row or null], the row as the text of its
 *  canonical JSON; and its print: [table, [key...], fingerprint of that text or null]. */
function imageParts(table: string, key: unknown[], row: unknown): { image: string; print: string } {
  const head = `[${JSON.stringify(table)},${JSON.stringify(key)},`;
  if (row === undefined || row === null) return { image: `${head}null]`, print: `${head}null]` };
  const text = canonicalJson(row);
  return { image: `${head}${JSON.stringify(text)}]`, print: `${head}${JSON.stringify(fingerprint(text))}]` };
}

export interface Images {
  images: string;
  prints: string;
}

function joined(parts: Array<{ image: string; print: string }>): Images {
  return { images: `[${parts.map((p) => p.image).join(',')}]`, prints: `[${parts.map((p) => p.print).join(',')}]` };
}

/** The images (and their prints) of the rows written since the last call, as canonical JSON (null
 *  when none), and forgets them. */
export function takeImages(db: Db): Images | null {
  if (!captures.get(db)?.made.size) return null;
  const touched = cachedStatement(db, 'SELECT tbl, k FROM temp.kaohe_touched').all() as Array<{ tbl: string; k: string }>;
  if (touched.length === 0) return null;
  cachedStatement(db, 'DELETE FROM temp.kaohe_touched').run();
  return joined(touched.map(({ tbl, k }) => {
    const key = JSON.parse(k) as unknown[];
    return imageParts(tbl, key, cachedStatement(db, selectByKey(tableOf(tbl))).get(...key));
  }));
}

/** Rows written after the last audit row of a transaction: still to be logged. */
export function pendingImages(db: Db): boolean {
  return (captures.get(db)?.made.size ?? 0) > 0 && cachedStatement(db, 'SELECT 1 FROM temp.kaohe_touched LIMIT 1').get() !== undefined;
}

/** The images of rows that existed before after-images were kept, in batches: the baseline the
 *  log starts from (migration 5). Read page by page on the key (never an open iterator while the
 *  caller writes the batch to the log: one connection cannot do both). */
export function* baselineImages(db: Db, tables: AuditedTable[], batch = 500): Generator<{ table: string; rows: number; images: Images }> {
  for (const t of tables) {
    const first = db.prepare(selectPage(t, false));
    const next = db.prepare(selectPage(t, true));
    let page = first.all(batch) as Array<Record<string, unknown>>;
    while (page.length > 0) {
      const parts = page.map((row) => imageParts(t.table, t.key.map((c) => row[c]), row));
      yield { table: t.table, rows: parts.length, images: joined(parts) };
      if (page.length < batch) break;
      const last = page[page.length - 1];
      page = next.all(...t.key.map((c) => last[c]), batch) as Array<Record<string, unknown>>;
    }
  }
}

/** Migration 5: the rows already in the file become the log's baseline, said so in the log
 *  (one `audit.baseline` row per batch of a table's rows), at the clock of the command that
 *  opened the file, else at the last entry: the log's entry times never jump ahead of the clocks
 *  using it. */
export function writeBaseline(db: Db, tables: AuditedTable[], clock: number | undefined, note = 'rows present before the log kept after-images'): void {
  const last = cachedStatement(db, 'SELECT at FROM audit ORDER BY seq DESC LIMIT 1').get() as { at: number } | undefined;
  const now = clock ?? lastEnteredAt(db) ?? last?.at ?? 0;
  for (const b of baselineImages(db, tables)) {
    appendAudit(db, {
      at: now, enteredAt: now, actor: 'kaohe', action: 'audit.baseline', recordId: null,
      change: { table: b.table, rows: b.rows, note },
      images: b.images,
    });
  }
}

// ---- replay --------------------------------------------------------------------------------

export interface RecordsVerdict {
  /** rows of the business tables compared with the log */
  checked: number;
  /** records whose row differs from their last image */
  differs: string[];
  /** rows with no trail in the log */
  untracked: string[];
  /** audited records that are gone */
  missing: string[];
}

const SEP = '\u0001';

/** How a record is named to people and scripts: tickets:T2026-0001, guard_notice_guards:G2026-0001,GD001. */
export function recordName(table: string, key: unknown[]): string {
  return `${table}:${key.map(String).join(',')}`;
}

/** The last image of every record, as a short digest (a million records fit in memory). */
export class Replay {
  private readonly last = new Map<string, string>();

  /** Takes one audit row's prints (the fingerprints of its images), in log order. */
  add(prints: string): void {
    let list: unknown;
    try {
      list = JSON.parse(prints);
    } catch {
      return; // a row whose prints are not JSON was changed, and the chain has said so already
    }
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (!Array.isArray(item) || typeof item[0] !== 'string' || !Array.isArray(item[1])) continue;
      const [table, key, print] = item as [string, unknown[], unknown];
      this.last.set(table + SEP + JSON.stringify(key), typeof print === 'string' ? print : '');
    }
  }

  /** Every row of every table against its last image (the full check). */
  compareAll(db: Db, tables: AuditedTable[] = AUDITED_TABLES): RecordsVerdict {
    const v: RecordsVerdict = { checked: 0, differs: [], untracked: [], missing: [] };
    const expected = new Map(this.last);
    for (const t of tables) {
      const st = db.prepare(selectAll(t)).raw(true);
      const columns = st.columns().map((c) => c.name);
      const render = rowRenderer(columns);
      const keyAt = t.key.map((k) => columns.indexOf(k));
      for (const raw of st.iterate() as IterableIterator<unknown[]>) {
        v.checked += 1;
        const key = keyAt.map((i) => raw[i]);
        const id = t.table + SEP + JSON.stringify(key);
        const want = expected.get(id);
        if (want === undefined) v.untracked.push(recordName(t.table, key));
        else {
          expected.delete(id);
          if (want === '' || want !== fingerprint(render(raw))) v.differs.push(recordName(t.table, key));
        }
      }
    }
    for (const [id, want] of expected) {
      if (want === '') continue; // deleted by kaohe itself, and still gone
      const [table, key] = id.split(SEP);
      if (tables.some((t) => t.table === table)) v.missing.push(recordName(table, JSON.parse(key) as unknown[]));
    }
    return v;
  }

  /** Only the records imaged since a checkpoint against their rows (the quick check for cron). */
  compareTouched(db: Db, tables: AuditedTable[] = AUDITED_TABLES): RecordsVerdict {
    const v: RecordsVerdict = { checked: 0, differs: [], untracked: [], missing: [] };
    for (const [id, want] of this.last) {
      const [table, keyText] = id.split(SEP);
      const t = tables.find((x) => x.table === table);
      if (!t) continue;
      const key = JSON.parse(keyText) as unknown[];
      const row = cachedStatement(db, selectByKey(t)).get(...key) as Record<string, unknown> | undefined;
      v.checked += 1;
      if (row === undefined) {
        if (want !== '') v.missing.push(recordName(table, key));
      } else if (want === '' || want !== fingerprint(canonicalJson(row))) v.differs.push(recordName(table, key));
    }
    return v;
  }
}

/** Canonical JSON of a raw row (keys sorted), built without an object per row. Gives exactly
 *  canonicalJson's text for the same row read as an object. */
function rowRenderer(columns: string[]): (raw: unknown[]) => string {
  const order = columns.map((name, i) => ({ name, i })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const prefixes = order.map((c, n) => `${n === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
  return (raw) => {
    let s = '';
    for (let n = 0; n < order.length; n++) s += prefixes[n] + JSON.stringify(raw[order[n].i] ?? null);
    return order.length === 0 ? '{}' : `${s}}`;
  };
}

function fingerprint(text: string): string {
  return digest('sha1', text, 'base64');
}
