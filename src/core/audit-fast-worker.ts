// The worker side of the fast full verify (audit-fast.ts): what runs in a worker thread, and the
// same functions on the verify's own thread. Everything a worker runs is self-contained (no
// closure over a module): the worker gets the functions' source text.
import type { pagedSide, runSide } from './audit-fast-sides.js';
import type { Db } from './db.js';

/** The SQL functions the fast path needs, on one connection. Self-contained (no closure over
 *  this module): a worker runs its source text. */
export function installFunctions(db: Db, crypto: typeof import('node:crypto')): void {
  const hash = crypto.hash as unknown as ((a: string, d: string | Buffer, e: string) => string) | undefined;
  const sha256 = (text: string): string => (hash ? hash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex'));
  db.function('kaohe_sha256', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? sha256(text) : null));
  // form 2: the same text as audit.ts formTwoHead/rowHashBytes, the images and prints as the
  // bytes SQLite holds (never turned into JS strings)
  db.function('kaohe_hash2', { deterministic: true, varargs: true }, (...a: unknown[]) => {
    const [prev, seq, at, enteredAt, actor, action, recordId, late, change, images, prints] = a as [string, unknown, unknown, unknown, unknown, unknown, unknown, unknown, string, Buffer | null, Buffer | null];
    if (typeof prev !== 'string' || typeof change !== 'string') return null;
    // a TEXT given for the images or prints would have its length counted in UTF-16 units, not the
    // bytes the verifier counts: only wrong for non-ASCII text, so refused loudly here (CAST … AS BLOB)
    if (typeof images === 'string' || typeof prints === 'string') throw new TypeError('kaohe_hash2: images and prints must be BLOBs');
    // the walk (audit.ts) reads the prints as text: bytes that are not UTF-8 become U+FFFD there,
    // so such prints are no hash here (the row does not fit, and the walk says what it finds)
    if (prints !== null && !Buffer.from(prints.toString('utf8'), 'utf8').equals(prints)) return null;
    const head = JSON.stringify([2, seq, at, enteredAt, actor, action, recordId, late, Buffer.byteLength(change), images === null ? -1 : images.length, prints === null ? -1 : prints.length]);
    const h = crypto.createHash('sha256').update(prev + head + change);
    if (images !== null) h.update(images);
    if (prints !== null) h.update(prints);
    return h.digest('hex');
  });
  // the bytes of a BLOB, or a text as UTF-8 (a short row: a string costs less to make than a Buffer)
  db.function('kaohe_fp', { deterministic: true }, (bytes: unknown) =>
    Buffer.isBuffer(bytes) || typeof bytes === 'string' ? (hash ? hash('sha1', bytes, 'base64') : crypto.createHash('sha1').update(bytes).digest('base64')) : null);
}

/** One range [lo, hi] of the chain: how many rows, how many hold a hash or a prev_hash that is
 *  not 64 bytes, how many form-2 rows do not fit (their images and prints hashed as the bytes
 *  SQLite holds); the form-1 rows' hashed texts, written by SQLite as audit.ts rowHash writes them,
 *  one a line (JSON escapes every line break inside them; a prev_hash is checked below to be the
 *  hash of the row before), for rangeFits to hash; the seqs of the form-2 rows, read from the rows
 *  themselves (the replay, which finds them through an index, must have read exactly these); and
 *  every row's prev_hash and hash in a row, with the hash of the row before the range (from seq 1:
 *  the genesis hash, whatever a row 0 holds, as walkChain), for rangeFits to check every link in one string compare, and
 *  the form-1 rows' hashes: every hash is 64 characters, so row seq's is at (seq - lo) * 64 (no
 *  second list of them: a group_concat per row less). CASE and FILTER evaluate only what they
 *  take: a form-1 row is never read past its `format` column. */
export const RANGE_SQL = `SELECT count(*),
    count(*) FILTER (WHERE octet_length(a.hash) IS NOT 64 OR octet_length(a.prev_hash) IS NOT 64
      OR (a.format IS 2 AND a.hash IS NOT kaohe_hash2(a.prev_hash, a.seq, a.at, a.entered_at, a.actor, a.action, a.record_id, a.late, a.change, CAST(a.images AS BLOB), CAST(a.prints AS BLOB)))),
    CAST(group_concat(CASE WHEN a.format IS NOT 2 THEN a.prev_hash || json_array(a.seq, a.at, a.actor, a.action, a.record_id, a.change) END, char(10)) AS BLOB),
    group_concat(CASE WHEN a.format IS 2 THEN a.seq END),
    group_concat(a.prev_hash, ''), group_concat(a.hash, ''),
    CASE WHEN ? = 1 THEN ? ELSE (SELECT b.hash FROM audit b WHERE b.seq = ? - 1) END
  FROM audit a WHERE a.seq >= ? AND a.seq <= ?`;

/** Whether the range [lo, hi] is all there and fits: RANGE_SQL; every link at once (each hash and
 *  prev_hash is 64 characters, so the prev_hashes in a row are the hash before the range and the
 *  hashes but the last in a row exactly when each row's prev_hash is the hash of the row before);
 *  each form-1 row's text hashed here, the hashes in a row compared with the stored ones in a row.
 *  The seqs of its form-2 rows ('1,5,9'; '' when none) when it fits, null when not.
 *  Self-contained: a worker runs its source text. */
export function rangeFits(st: { get: (...a: unknown[]) => unknown }, lo: number, hi: number, genesis: string, crypto: typeof import('node:crypto')): string | null {
  const [rows, bad, texts, form2, prevs, all, before] = st.get(lo, genesis, lo, lo, hi) as [number, number, Buffer | null, string | null, string | null, string | null, string | null];
  if (rows !== hi - lo + 1 || bad !== 0 || all === null || prevs === null || before === null || before.length !== 64) return null;
  // each hash and prev_hash is 64 bytes (SQL above: a length read, not counted): 64 characters
  // each in JavaScript exactly when they are 64 * rows in all (a character never takes fewer bytes)
  if (all.length !== 64 * rows || prevs.length !== 64 * rows) return null;
  if (prevs !== before + all.slice(0, -64)) return null;
  // the form-1 rows' stored hashes in a row: all of them when the range has no form-2 row (the
  // rows are lo..hi, each hash 64 characters: checked above)
  let hashes = all;
  if (form2 !== null) {
    hashes = '';
    let at = lo;
    for (const seq of `${form2},${hi + 1}`.split(',').map(Number)) {
      hashes += all.slice((at - lo) * 64, (seq - lo) * 64);
      at = seq + 1;
    }
  }
  const hash = crypto.hash as unknown as ((a: string, d: Buffer, e: string) => string) | undefined;
  let mine = '';
  if (texts !== null) {
    for (let at = 0; at <= texts.length; ) {
      let end = texts.indexOf(10, at);
      if (end < 0) end = texts.length;
      const text = texts.subarray(at, end);
      mine += hash ? hash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
      at = end + 1;
    }
  }
  return mine === hashes ? (form2 ?? '') : null;
}

/** Memory-mapped reads for a verify's scans (no copy of every page through read()): the log and
 *  the tables are read whole, the images several hundred megabytes of it. */
export const VERIFY_MMAP = 2 ** 31 - 2 ** 16;

/** The cache of a verify's connections, in KiB (a negative cache_size): it also bounds the memory
 *  of SQLite's sorter, which beyond it writes its runs to temporary files and reads them back.
 *  The log's side sorts every item of every print (570,000 at a million rows, ~60 MB): with the
 *  default 16 MB that was 14,000 writes and as many reads. */
export const VERIFY_CACHE = -262_144;

/** A part of the comparison of the tables with the log, as SQL giving rows [table, count,
 *  digest]: the log's side (kind 'log', over the log's immutable rows up to the head) or one
 *  table's side (kind 'table', which must be read in the verify's snapshot). */
export interface SideTask {
  kind: 'log' | 'table';
  sql: string;
  params: number[];
  /** a table read in pages by rowid (pagedSide): \`sql\` gives a page from a rowid on */
  paged?: { table: string; page: number };
}

export type SideRows = Array<[string | null, number, string | null]>;

export interface WorkerData {
  driver: string;
  file: string;
  sql: string;
  genesis: string;
  from: number;
  last: number;
  /** the head the verify's snapshot holds (`seq:hash` in meta): a worker whose own snapshot holds
   *  another takes no table's side */
  head: string;
  range: number;
  ranges: number;
  sides: SideTask[];
  shared: SharedArrayBuffer;
  mmap: number;
  /** cache_size for the worker's connection (VERIFY_CACHE) */
  cache: number;
  port: { postMessage(v: unknown): void };
}

/** Range i of the chain (from, last], taken from the top: the newest rows, where the images are,
 *  cost most and go first. */
export function rangeBounds(from: number, last: number, size: number, i: number): [number, number] {
  const hi = last - i * size;
  return [Math.max(from + 1, hi - size + 1), hi];
}

/** Shared state: [0] the next task to take (the sides first, then the ranges); then per task:
 *  0 open, 1 done (a side: its rows posted, null when they could not be read; a range: fits, its
 *  form-2 seqs posted when it has any),
 *  2 a range that does not fit, 3 failed (the verify's thread does it itself).
 *  A worker reads in one read transaction of its own; the tables only when that snapshot holds
 *  the same head as the verify's: then no kaohe write came between the two, and a row changed
 *  behind kaohe's back in between is seen by this verify or the next. */
export function workerMain(
  req: NodeJS.Require, data: WorkerData, install: typeof installFunctions, bounds: typeof rangeBounds, fits: typeof rangeFits, run: typeof runSide, paged: typeof pagedSide,
): void {
  const state = new Int32Array(data.shared);
  const tasks = data.sides.length + data.ranges;
  let db: Db | undefined;
  try {
    const Database = req(data.driver) as new (file: string, o: object) => Db;
    db = new Database(data.file, { readonly: true, fileMustExist: true, timeout: 5000 });
    db.pragma(`mmap_size = ${data.mmap}`);
    db.pragma(`cache_size = ${data.cache}`);
    const crypto = req('node:crypto') as typeof import('node:crypto');
    install(db, crypto);
    db.exec('BEGIN');
    const head = db.prepare("SELECT value FROM meta WHERE key = 'audit_head'").pluck().get();
    const st = db.prepare(data.sql).raw(true);
    for (;;) {
      const i = Atomics.add(state, 0, 1);
      if (i >= tasks) break;
      let verdict = 3;
      try {
        if (i < data.sides.length) {
          const side = data.sides[i];
          if (side.kind === 'log' || head === data.head) {
            data.port.postMessage({ task: i, rows: run(db, side, crypto, (req('node:buffer') as typeof import('node:buffer')).isUtf8, paged) });
            verdict = 1;
          }
        } else {
          const range = i - data.sides.length;
          const [lo, hi] = bounds(data.from, data.last, data.range, range);
          const form2 = fits(st, lo, hi, data.genesis, crypto);
          if (form2) data.port.postMessage({ range, form2 });
          verdict = form2 === null ? 2 : 1;
        }
      } finally {
        Atomics.store(state, 1 + i, verdict);
        Atomics.notify(state, 1 + i);
      }
    }
  } catch {
    // what this worker took is marked failed (3); the verify does it itself
  } finally {
    db?.close();
  }
}
