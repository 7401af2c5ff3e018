// The fast path of a full `audit verify` (issue 8: a million rows at least twice as fast as the
// log without after-images). Every row's hash can be checked on its own, from its stored fields
// and its stored prev_hash, and every link from the row before it; so the check is one SQL scan
// per range of sequence numbers, where SQLite builds each form-1 row's hashed text itself and
// calls back only to hash it. Ranges are shared out between this thread and worker threads.
// The tables are compared with the log as two texts, `key<TAB>print` per record in key order:
// the log's side replayed from the form-2 rows (read once, images and prints together, in a
// worker), the tables' side made by SQLite in the verify's snapshot (fingerprintSql).
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
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { installFunctions, RANGE_SQL, rangeFits, replayText, workerMain, type WorkerData } from './audit-fast-worker.js';
import type { Db } from './db.js';

/** Rows per range: small enough to balance the threads, large enough that a range costs more than asking for it. */
const RANGE_ROWS = 40_000;
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
 *  the slow way, so this can only be slower, never wrong. */
export function fingerprintSql(db: Db, table: string): string {
  install(db);
  const columns = db.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as Array<{ name: string; type: string }>;
  const sorted = columns.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts = sorted.map(({ name, type }) => {
    if (!NAME.test(name)) throw new Error(`not a column name: ${name}`);
    const c = `"${name}"`;
    const value = type === 'TEXT' || type === 'INTEGER' ? c : `json(iif(${c} = CAST(${c} AS INTEGER) AND abs(${c}) < 1e15, CAST(CAST(${c} AS INTEGER) AS TEXT), json_quote(${c})))`;
    return `'${name}', ${value}`;
  });
  return `kaohe_fp(CAST(json_object(${parts.join(', ')}) AS BLOB))`;
}

/** The tables' side of the quick comparison: per table, `key<TAB>print` of every row in key
 *  order (see replayText), and how many rows. Read in the verify's snapshot. */
function tableText(db: Db, tables: Array<{ table: string; key: string[] }>): { texts: string[]; rows: number } {
  let rows = 0;
  const texts = tables.map(({ table, key }) => {
    if (![table, ...key].every((n) => NAME.test(n))) throw new Error(`not a table or column name: ${table}`);
    const keyText = `json_array(${key.map((c) => `"${c}"`).join(', ')})`;
    // names checked above, all from the declared tables and their columns
    const sql = `SELECT count(*), group_concat(k || char(9) || p, char(10) ORDER BY k) FROM (SELECT ${keyText} AS k, ${fingerprintSql(db, table)} AS p FROM "${table}")`;
    const r = db.prepare(sql).raw(true).get() as [number, string | null];
    rows += r[0];
    return r[1] ?? '';
  });
  return { texts, rows };
}

/** For tests: workers on a small log, and ranges of a few rows. */
export interface FastTuning {
  parallelFrom?: number;
  range?: number;
}

export interface FastVerdict {
  /** the whole chain (from, last] fits */
  chain: boolean;
  /** rows checked when every business row matches its last image and none is gone; null: not known, compare the slow way */
  records: number | null;
  /** the log's side of the comparison came from a worker (tests: the workers do run) */
  byWorker?: boolean;
}

/** Does the chain (from, last] fit, and do the tables match the log? Workers (on 2 cores: one)
 *  take the form-2 rows and the replay, then ranges of form-1 rows; this thread meanwhile reads
 *  the tables' side in the verify's snapshot, then takes ranges too. Call inside that snapshot,
 *  after checking that `last` is the stored head. */
export function fastVerify(db: Db, from: number, last: number, genesis: string, tables: Array<{ table: string; key: string[] }>, tuning: FastTuning = {}): FastVerdict {
  install(db);
  const size = tuning.range ?? RANGE_ROWS;
  const ranges = Math.ceil((last - from) / size);
  const shared = new SharedArrayBuffer(4 * (2 + ranges));
  const state = new Int32Array(shared);
  const workers: Worker[] = [];
  const names = tables.map((t) => t.table);
  const count = last - from >= (tuning.parallelFrom ?? PARALLEL_FROM) && db.name !== ':memory:' && last < 2 ** 31 ? Math.min(3, availableParallelism() - 1) : 0;
  const channel = count > 0 ? new MessageChannel() : null;
  for (let w = 0; w < count; w++) {
    try {
      const port = w === 0 ? channel!.port2 : null;
      const data: WorkerData = { driver: req.resolve('better-sqlite3'), file: db.name, sql: RANGE_SQL, genesis, from, last, range: size, ranges, shared, tables: w === 0 ? names : null, port };
      const code = `(${workerMain.toString()})(require, require('node:worker_threads').workerData, ${installFunctions.toString()}, ${replayText.toString()});`;
      const worker = new Worker(code, { eval: true, workerData: data, transferList: port ? [port] : [] });
      worker.unref();
      worker.on('error', () => undefined); // what it took stays open or failed, and is done here
      workers.push(worker);
    } catch {
      break;
    }
  }
  if (workers.length === 0) state[1] = 3; // no worker: the log's side is made here
  let chain = true;
  try {
    const mine = tableText(db, tables);
    const st = db.prepare(RANGE_SQL).raw(true);
    const range = (i: number): boolean => {
      const lo = from + 1 + i * size;
      return rangeFits(st, lo, Math.min(lo + size - 1, last), genesis);
    };
    for (;;) {
      const i = Atomics.add(state, 0, 1);
      if (i >= ranges) break;
      if (!range(i)) return { chain: (chain = false), records: null };
      Atomics.store(state, 2 + i, 1);
    }
    if (Atomics.load(state, 1) === 0) Atomics.wait(state, 1, 0, WAIT_MS);
    const logSide = Atomics.load(state, 1);
    let theirs: string[] | null = null;
    if (logSide === 1) theirs = (receiveMessageOnPort(channel!.port1)?.message as string[] | undefined) ?? null;
    if (logSide === 2) return { chain: (chain = false), records: null };
    const byWorker = theirs !== null;
    if (theirs === null) theirs = replayText(db, from, last, names);
    if (theirs === null) return { chain: (chain = false), records: null };
    for (let i = 0; i < ranges; i++) {
      if (Atomics.load(state, 2 + i) === 0) Atomics.wait(state, 2 + i, 0, WAIT_MS);
      const v = Atomics.load(state, 2 + i);
      if (v === 2 || (v !== 1 && !range(i))) return { chain: (chain = false), records: null };
    }
    const same = theirs.length === mine.texts.length && theirs.every((t, i) => t === mine.texts[i]);
    return { chain: true, records: same ? mine.rows : null, byWorker };
  } finally {
    if (!chain) Atomics.store(state, 0, ranges); // the workers stop after the range they are on
    channel?.port1.close();
    for (const w of workers) void w.terminate();
  }
}
