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
import { installFunctions, RANGE_SQL, rangeBounds, rangeFits, VERIFY_CACHE, VERIFY_MMAP, workerMain, type SideRows, type SideTask, type WorkerData } from './audit-fast-worker.js';
import { hasForm2Index, logSql, pagedSide, rowJsonSql, runSide, tableSide } from './audit-fast-sides.js';
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

/** A row's print (audit-images.ts fingerprint) as SQL, as the tables' side writes the row
 *  (rowJsonSql: SQLite writes the row as canonicalJson would; a REAL that is a whole number
 *  without its ".0", as JavaScript writes it), hashed as bytes. For tests: the verify itself
 *  hashes a page's rows in JavaScript (pagedSide) or as text (tableSide). */
export function fingerprintSql(db: Db, table: string): string {
  install(db);
  const row = rowJsonSql(db, table);
  if (row === null) throw new Error(`${table}: a hidden or generated column`);
  const { json, narrow } = row;
  return narrow ? `kaohe_fp(${json})` : `kaohe_fp(CAST(${json} AS BLOB))`;
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
  // no sides (the records compared the slow way) past 2^30 rows, or when a table cannot be written in SQL
  const tableSides = last < 2 ** 30 ? tables.map((t) => tableSide(db, t, tuning.page ?? PAGE_ROWS)) : [null];
  const sides: SideTask[] = tableSides.every((t) => t !== null) ? [{ kind: 'log', sql: logSql(hasForm2Index(db)), params: [from, last] }, ...tableSides] : [];
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
