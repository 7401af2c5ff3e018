// The fast path of a full `audit verify` (issue 8: a million rows at least twice as fast as the
// log without after-images). Every row's hash can be checked on its own, from its stored fields
// and its stored prev_hash, and every link from the row before it; so the check is one SQL scan
// per range of sequence numbers, where SQLite builds each form-1 row's hashed text itself and
// calls back only to hash it (a form-2 row: its images and prints as bytes). Ranges are shared
// out between worker threads (newest first: the images) and this thread.
// The tables are compared with the log as two texts per table, `key<TAB>print` per record in key
// order: the log's side replayed in SQL (logSql: every form-2 row's prints taken apart by
// jsonb_each, the last print of each record kept; the form-2 rows found through an index that is
// checked, never trusted; only its digests come back to JavaScript), the tables' side from the
// rows (tableSide: a rowid table's rows written by SQLite a page at a time and hashed and sorted in
// JavaScript, another table's in SQL). Each side is a task, taken by this thread or a worker (a
// table's only by one whose snapshot holds the verify's head).
// The fast path only ever says "all fits" or "something does not": on anything that does not
// fit, the caller walks the chain row by row (walkChain), which names the first bad row exactly.
//
// Snapshots: this thread's ranges are read in the verify's own read snapshot. A worker has its
// own connection, hence its own snapshot, taken later; it reads only rows at or below the head
// this thread's snapshot holds. Those rows never change under kaohe (the log is append-only, its
// triggers refuse UPDATE and DELETE), so writers appending beside a verify cannot make it see two
// different logs; a row rewritten behind kaohe's back while a verify runs is seen changed or not
// by that verify, and by the next one in any case. The business rows, which writers do change,
// are read only here, in the verify's snapshot.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { installFunctions, pagedSide, RANGE_SQL, rangeBounds, rangeFits, runSide, VERIFY_CACHE, VERIFY_MMAP, workerMain, type SideRows, type SideTask, type WorkerData } from './audit-fast-worker.js';
import type { Db } from './db.js';

/** Rows per range: small enough to balance the threads, large enough that a range costs more than asking for it. */
const RANGE_ROWS = 1_000;
/** Rows per page of a table read by rowid (tableSide). */
const PAGE_ROWS = 1_000;
/** Below this many rows, one thread does it all: a worker's start costs ~50 ms. */
const PARALLEL_FROM = 50_000;
/** A worker that does not report a range within this time has its range done here. */
const WAIT_MS = 120_000;

const installed = new WeakSet<Db>();
let crypto: typeof import('node:crypto') | undefined;
const req = createRequire(import.meta.url);

function install(db: Db): void {
  if (installed.has(db)) return;
  crypto ??= req('node:crypto') as typeof import('node:crypto');
  installFunctions(db, crypto);
  installed.add(db);
}

const NAME = /^[a-z_][a-z0-9_]*$/;

/** The fingerprint of each row of a table as SQL (audit-images.ts fingerprint): SQLite writes the
 *  row as canonicalJson would (json_object, keys sorted; a REAL that is a whole number without its
 *  ".0", as JavaScript writes it) and the bytes are hashed without becoming a JS string. A value
 *  SQLite writes otherwise (a REAL with 17 digits) gives another print: the caller then compares
 *  the slow way, so this can only be slower, never wrong. A narrow table's short rows go to the
 *  hash as text: a JS string of a few dozen characters costs less to make than a Buffer (the same
 *  bytes hashed: valid UTF-8 decodes and encodes back unchanged, and text that is not valid UTF-8
 *  reads as JavaScript reads it, as the row-by-row compare reads it too). */
export function fingerprintSql(db: Db, table: string): string {
  install(db);
  const { json, narrow } = rowJsonSql(db, table);
  return narrow ? `kaohe_fp(${json})` : `kaohe_fp(CAST(${json} AS BLOB))`;
}

/** A row of the table as SQL writing its canonical JSON (see fingerprintSql), and whether the
 *  table is narrow (its rows hashed as text). */
function rowJsonSql(db: Db, table: string): { json: string; narrow: boolean } {
  const columns = db.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as Array<{ name: string; type: string }>;
  const sorted = columns.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts = sorted.map(({ name, type }) => {
    if (!NAME.test(name)) throw new Error(`not a column name: ${name}`);
    const c = `"${name}"`;
    const value = type === 'TEXT' || type === 'INTEGER' ? c : `iif(${c} = CAST(${c} AS INTEGER) AND abs(${c}) < 1e15, CAST(${c} AS INTEGER), ${c})`;
    return `'${name}', ${value}`;
  });
  return { json: `json_object(${parts.join(', ')})`, narrow: sorted.length <= NARROW };
}

/** Up to this many columns, a row is short enough to be hashed as text (see fingerprintSql). */
const NARROW = 8;

/** One table's side of the quick comparison: how many rows, and the digest of the text
 *  `key<TAB>print` of every row in key order. The rows are sorted in the subquery (SQLite's
 *  sorter) and joined in the order they come: an ORDER BY inside group_concat builds a B-tree
 *  instead, row by row, which cost more than the sort. Should they ever come in another order,
 *  the digests differ and the slow way compares: never a wrong verdict.
 *  A table with a rowid of its own (not WITHOUT ROWID, no column shadowing the name) is read in
 *  pages by rowid instead (audit-fast-worker.ts pagedSide): SQLite writes each page's rows and
 *  keys as two texts, one a line, and the rows are hashed there, one call per row but no call
 *  from SQLite into JavaScript per row (150,000 tickets: 1.96 -> 1.73 CPU s on a loaded machine). */
export function tableSide(db: Db, { table, key }: { table: string; key: string[] }, page: number): SideTask {
  if (![table, ...key].every((n) => NAME.test(n))) throw new Error(`not a table or column name: ${table}`);
  const keyText = `json_array(${key.map((c) => `"${c}"`).join(', ')})`;
  const { json, narrow } = rowJsonSql(db, table);
  // names checked above, all from the declared tables and their columns
  if (hasOwnRowid(db, table)) {
    const rows = narrow ? 'group_concat(j, char(10))' : 'CAST(group_concat(j, char(10)) AS BLOB)';
    const sql = `SELECT count(*), max(r), ${rows}, group_concat(k, char(10)) FROM (SELECT _rowid_ AS r, ${json} AS j, ${keyText} AS k FROM "${table}" WHERE _rowid_ >= ? ORDER BY _rowid_ LIMIT ${Math.trunc(page)})`;
    return { kind: 'table', sql, params: [], paged: { table, page: Math.trunc(page) } };
  }
  // as text, as JavaScript reads it (a table here is narrow, or one whose rowid is hidden: rare)
  return { kind: 'table', sql: `SELECT '${table}', count(*), kaohe_fp(CAST(group_concat(k || char(9) || p, char(10)) AS BLOB)) FROM (SELECT ${keyText} AS k, kaohe_fp(${json}) AS p FROM "${table}" ORDER BY k)`, params: [] };
}

/** A rowid table none of whose columns is called rowid, _rowid_ or oid (one would hide it). */
function hasOwnRowid(db: Db, table: string): boolean {
  const wr = db.prepare("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ? AND type = 'table'").pluck().get(table);
  if (wr !== 0) return false;
  const names = db.prepare('SELECT lower(name) FROM pragma_table_info(?)').pluck().all(table) as string[];
  return !names.some((n) => n === 'rowid' || n === '_rowid_' || n === 'oid');
}

/** The log's side, replayed in SQL (the same rules as audit-images.ts Replay.add): every item
 *  [table, [key...], print] of every form-2 row's prints, the last one of each record (the
 *  highest row, then the highest place in it), the records whose last print is not a deletion;
 *  per table the same count and digest as tableSide. jsonb_each gives each item as JSONB, which
 *  ->> reads without parsing text again. One sort, of the items (the GROUP BY then takes them in
 *  that order as they come, with no B-tree of its own): the records come out of GROUP BY t, k sorted,
 *  and the outer GROUP BY t and group_concat take them in that order (as in tableSide, another
 *  order only sends the compare the slow way). A form-1 row's prints are not covered by its hash
 *  and vouch for nothing. An item kaohe never writes (a print that is not a string) makes a line
 *  no table has: the slow way then says what differs.
 *  The form-2 rows are found through the index audit_form2 (migration 15) when the file has it as
 *  kaohe made it, else by a scan of the log. The index is not trusted: it could be forged to leave
 *  out a row, repeat one or point to another, so that an older print passes for a record's last.
 *  So each row's format is checked on the row itself (a second reference to the table, read by its
 *  primary key: SQLite cannot take the index's word for it), the seqs so found are kept
 *  (MATERIALIZED: read once), the replay reads exactly those rows by primary key, and the last
 *  line [NULL, rows, seqs] lists them: they must be exactly the form-2 rows the chain's scan
 *  found row by row (rangeFits); otherwise the slow way compares. */
export function logSql(indexed: boolean): string {
  // a row whose prints are not a JSON array as JSON.parse reads it (SQLite also reads JSON5, and
  // jsonb_each walks an object too) is one Replay.add skips: left out of r, so the list of seqs read
  // is not the chain's and the slow way compares
  const strict = "(a.prints IS NULL OR (json_valid(a.prints, 1) AND json_type(a.prints) = 'array'))";
  const rows = indexed
    ? `SELECT a.seq FROM audit i INDEXED BY audit_form2 CROSS JOIN audit a ON a.seq = i.seq WHERE i.format = 2 AND a.format IS 2 AND ${strict} AND i.seq > ? AND i.seq <= ?`
    : `SELECT a.seq FROM audit a NOT INDEXED WHERE a.format IS 2 AND ${strict} AND a.seq > ? AND a.seq <= ?`;
  return `WITH r AS MATERIALIZED (${rows})
  SELECT t, iif(count(*) FILTER (WHERE coalesce(p, '') = '' AND NOT ${CANONICAL_KEY}) > 0, -1, count(*) FILTER (WHERE p <> '')),
    kaohe_fp(CAST(group_concat(iif(p <> '', k || char(9) || p, NULL), char(10)) AS BLOB)) FROM (
    SELECT t, k, p, max(o) FROM (SELECT * FROM (
      SELECT j.value ->> 0 AS t, j.value -> 1 AS k, j.value ->> 2 AS p, a.seq * 4294967296 + j.key AS o
      FROM r CROSS JOIN audit a ON a.seq = r.seq, jsonb_each(a.prints) j WHERE a.prints IS NOT NULL) ORDER BY t, k)
    GROUP BY t, k ORDER BY t, k)
  GROUP BY t
  UNION ALL SELECT NULL, count(*), group_concat(seq) FROM r`;
}

/** A record's key as the log's items spell it (k) is the one JSON.stringify(JSON.parse(k)) gives,
 *  for keys of text and integers JavaScript holds exactly: no escape (SQLite keeps an item's
 *  escapes as written, \u0041 for A), and the same text written again. The replay in SQL takes the
 *  last print of each key as spelled, Replay.add of each key as parsed: two spellings of one key
 *  would be two records here and one there. A spelling whose last print is a string can only pass
 *  if a table row has that key as json_array writes it; one whose last print is not (a deletion,
 *  not shown) is checked with this, and when it is not so spelled, the table's count is -1 and the
 *  slow way compares. */
const CANONICAL_KEY = `(instr(k, '\\') = 0 AND k = (SELECT json_group_array(e.atom) FROM json_each(k) e)
    AND NOT EXISTS (SELECT 1 FROM json_each(k) e WHERE e.type NOT IN ('integer', 'text') OR (e.type = 'integer' AND e.atom NOT BETWEEN -9007199254740991 AND 9007199254740991)))`;

/** The index as migration 15 made it (its text in the schema; its pages are checked as logSql says). */
export const FORM2_INDEX = 'CREATE INDEX audit_form2 ON audit (seq) WHERE format = 2';

function hasForm2Index(db: Db): boolean {
  return db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'audit_form2' AND tbl_name = 'audit'").pluck().get() === FORM2_INDEX;
}

/** Do the tables hold exactly the records the log's last prints say? The rows checked, or null
 *  when not (or not known: compare the slow way). */
function compareSides(sides: SideTask[], results: Array<SideRows | null>, tables: Array<{ table: string }>, form2: string): number | null {
  const theirs = new Map<string, string>();
  const mine = new Map<string, string>();
  let rows = 0;
  let read: string | undefined;
  for (let i = 0; i < sides.length; i++) {
    const got = results[i];
    if (!got) return null;
    for (const [t, n, fp] of got) {
      if (t === null) {
        if (sides[i].kind !== 'log') return null;
        read = fp ?? '';
        continue;
      }
      (sides[i].kind === 'log' ? theirs : mine).set(t, `${n}:${fp ?? ''}`);
      if (sides[i].kind === 'table') rows += n;
    }
  }
  if (read !== form2) return null; // the replay did not read exactly the form-2 rows of the log
  for (const { table } of tables) if ((theirs.get(table) ?? '0:') !== (mine.get(table) ?? 'none')) return null;
  return rows;
}

/** For tests: workers on a small log, and ranges of a few rows. */
export interface FastTuning {
  parallelFrom?: number;
  range?: number;
  /** rows per page of a table read by rowid */
  page?: number;
  /** this thread only waits, and does what a worker failed to do */
  leaveToWorkers?: boolean;
}

export interface FastVerdict {
  /** the whole chain (from, last] fits */
  chain: boolean;
  /** rows checked when every business row matches its last image and none is gone; null: not known, compare the slow way */
  records: number | null;
  /** a worker did some of the work (tests: the workers do run) */
  byWorker?: boolean;
}

/** Does the chain (from, last] fit, and do the tables match the log? The work is a list of tasks
 *  taken in turn by this thread and the workers (on 2 cores: one): the log's side and each
 *  table's side of the comparison, then the ranges of the chain from the newest. Call inside the
 *  verify's snapshot, after checking that `last` is the stored head (and below 2^30: the replay
 *  orders items by seq * 2^32 + place). */
export function fastVerify(db: Db, from: number, last: number, genesis: string, tables: Array<{ table: string; key: string[] }>, tuning: FastTuning = {}): FastVerdict {
  install(db);
  const size = tuning.range ?? RANGE_ROWS;
  const ranges = Math.ceil((last - from) / size);
  const sides: SideTask[] = last < 2 ** 30 ? [{ kind: 'log', sql: logSql(hasForm2Index(db)), params: [from, last] }, ...tables.map((t) => tableSide(db, t, tuning.page ?? PAGE_ROWS))] : [];
  const tasks = sides.length + ranges;
  const shared = new SharedArrayBuffer(4 * (1 + tasks));
  const state = new Int32Array(shared);
  const workers: Worker[] = [];
  const head = (db.prepare("SELECT value FROM meta WHERE key = 'audit_head'").pluck().get() as string | undefined) ?? '';
  const count = last - from >= (tuning.parallelFrom ?? PARALLEL_FROM) && db.name !== ':memory:' ? Math.min(3, availableParallelism() - 1) : 0;
  const ports: MessagePort[] = [];
  for (let w = 0; w < count; w++) {
    try {
      const channel = new MessageChannel();
      ports.push(channel.port1);
      const data: WorkerData = { driver: req.resolve('better-sqlite3'), file: db.name, sql: RANGE_SQL, genesis, from, last, head, range: size, ranges, sides, shared, mmap: VERIFY_MMAP, cache: VERIFY_CACHE, port: channel.port2 };
      const code = `(${workerMain.toString()})(require, require('node:worker_threads').workerData, ${installFunctions.toString()}, ${rangeBounds.toString()}, ${rangeFits.toString()}, ${runSide.toString()}, ${pagedSide.toString()});`;
      const worker = new Worker(code, { eval: true, workerData: data, transferList: [channel.port2] });
      worker.unref();
      worker.on('error', () => undefined); // what it took stays open or failed, and is done here
      workers.push(worker);
    } catch {
      break;
    }
  }
  const mmapBefore = db.memory ? null : (db.pragma('mmap_size', { simple: true }) as number);
  if (mmapBefore !== null) db.pragma(`mmap_size = ${VERIFY_MMAP}`);
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${VERIFY_CACHE}`);
  let chain = true;
  try {
    const st = db.prepare(RANGE_SQL).raw(true);
    const results: Array<SideRows | null | undefined> = new Array(sides.length);
    const form2: string[] = new Array<string>(ranges).fill('');
    let here = 0;
    const run = (i: number): boolean => {
      here += 1;
      if (i < sides.length) {
        results[i] = runSide(db, sides[i], crypto!, (req('node:buffer') as typeof import('node:buffer')).isUtf8, pagedSide);
        return true;
      }
      const [lo, hi] = rangeBounds(from, last, size, i - sides.length);
      const seqs = rangeFits(st, lo, hi, genesis, crypto!);
      if (seqs === null) return false;
      form2[i - sides.length] = seqs;
      return true;
    };
    for (; !(tuning.leaveToWorkers && workers.length > 0); ) {
      const i = Atomics.add(state, 0, 1);
      if (i >= tasks) break;
      if (!run(i)) return { chain: (chain = false), records: null };
      Atomics.store(state, 1 + i, 1);
    }
    for (let i = 0; i < tasks; i++) {
      if (Atomics.load(state, 1 + i) === 0) Atomics.wait(state, 1 + i, 0, WAIT_MS);
      const v = Atomics.load(state, 1 + i);
      if (v === 2 || (v !== 1 && !run(i))) return { chain: (chain = false), records: null };
    }
    for (const port of ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const msg = m.message as { task: number; rows: SideRows | null } | { range: number; form2: string };
        if ('range' in msg) form2[msg.range] = msg.form2;
        else if (results[msg.task] === undefined) results[msg.task] = msg.rows;
      }
    }
    // the form-2 rows of the whole chain in ascending order (range 0 is the newest)
    const seqs = form2.filter((f) => f !== '').reverse().join(',');
    const records = sides.length === 0 ? null : compareSides(sides, results.map((r) => r ?? null), tables, seqs);
    return { chain: true, records, byWorker: here < tasks };
  } finally {
    if (!chain) Atomics.store(state, 0, tasks); // the workers stop after the task they are on
    for (const port of ports) port.close();
    for (const w of workers) void w.terminate();
    if (mmapBefore !== null) db.pragma(`mmap_size = ${mmapBefore}`);
    db.pragma(`cache_size = ${cacheBefore}`);
  }
}
