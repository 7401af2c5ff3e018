// The worker side of the fast full verify (audit-fast.ts): what runs in a worker thread, and the
// same functions on the verify's own thread. Everything a worker runs is self-contained (no
// closure over a module): the worker gets the functions' source text.
import type { Db } from './db.js';

/** The SQL functions the fast path needs, on one connection. Self-contained (no closure over
 *  this module): a worker runs its source text. */
export function installFunctions(db: Db, crypto: typeof import('node:crypto')): void {
  const hash = crypto.hash as unknown as ((a: string, d: string | Buffer, e: string) => string) | undefined;
  const sha256 = (text: string): string => (hash ? hash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex'));
  db.function('kaohe_sha256', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? sha256(text) : null));
  // form 2: the same text as audit.ts formTwoHead/rowHashBytes, the images as the bytes SQLite holds
  db.function('kaohe_hash2', { deterministic: true, varargs: true }, (...a: unknown[]) => {
    const [prev, seq, at, enteredAt, actor, action, recordId, late, change, images, prints] = a as [string, unknown, unknown, unknown, unknown, unknown, unknown, unknown, string, Buffer | null, string | null];
    if (typeof prev !== 'string' || typeof change !== 'string') return null;
    const head = JSON.stringify([2, seq, at, enteredAt, actor, action, recordId, late, Buffer.byteLength(change), images === null ? -1 : images.length, prints === null ? -1 : Buffer.byteLength(prints)]);
    const h = crypto.createHash('sha256').update(prev + head + change);
    if (images !== null) h.update(images);
    if (prints !== null) h.update(prints);
    return h.digest('hex');
  });
  db.function('kaohe_fp', { deterministic: true }, (bytes: unknown) => (Buffer.isBuffer(bytes) ? (hash ? hash('sha1', bytes, 'base64') : crypto.createHash('sha1').update(bytes).digest('base64')) : null));
}

/** How many rows [lo, hi] holds, and how many of them do not fit: a prev_hash that is not the
 *  hash of the row before (the first row of the log: the genesis hash), or a wrong hash on a
 *  form-1 row (SQLite writes its text, the same as audit.ts rowHash). Form-2 rows are hashed by
 *  replayText. None of this reads past the `hash` column: the images stay on disk. */
export const RANGE_SQL = `SELECT count(*), count(*) FILTER (WHERE a.prev_hash IS NOT coalesce(b.hash, CASE WHEN a.seq = 1 THEN ? END)
      OR (a.format IS NOT 2 AND a.hash IS NOT kaohe_sha256(a.prev_hash || json_array(a.seq, a.at, a.actor, a.action, a.record_id, a.change))))
  FROM audit a LEFT JOIN audit b ON b.seq = a.seq - 1 WHERE a.seq >= ? AND a.seq <= ?`;

/** Whether the range [lo, hi] is all there and fits. */
export function rangeFits(st: { get: (...a: unknown[]) => unknown }, lo: number, hi: number, genesis: string): boolean {
  const [rows, bad] = st.get(genesis, lo, hi) as [number, number];
  return rows === hi - lo + 1 && bad === 0;
}

/** The log's side of the quick comparison of the tables with the log, from the form-2 rows (the
 *  ones with images, megabytes each) in one pass that reads each row once: each row's hash
 *  checked, its prints replayed in log order (the same rules as audit-images.ts Replay.add), and
 *  for each declared table the last print of every record that is not deleted, as lines
 *  `key<TAB>print` in key order. null when a form-2 row does not fit the chain. Self-contained:
 *  a worker runs its source text. */
export function replayText(db: Db, from: number, last: number, tables: string[]): string[] | null {
  const st = db.prepare(`SELECT a.hash IS kaohe_hash2(a.prev_hash, a.seq, a.at, a.entered_at, a.actor, a.action, a.record_id, a.late, a.change, CAST(a.images AS BLOB), a.prints), a.prints
    FROM audit a WHERE a.format = 2 AND a.seq > ? AND a.seq <= ? ORDER BY a.seq`).raw(true);
  const byTable = new Map<string, Map<string, string>>(tables.map((t) => [t, new Map()]));
  for (const [fits, prints] of st.iterate(from, last) as IterableIterator<[number, string | null]>) {
    if (fits !== 1) return null;
    if (prints === null) continue;
    let list: unknown;
    try {
      list = JSON.parse(prints);
    } catch {
      continue;
    }
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!Array.isArray(item) || typeof item[0] !== 'string' || !Array.isArray(item[1])) continue;
      const m = byTable.get(item[0]);
      if (m) m.set(JSON.stringify(item[1]), typeof item[2] === 'string' ? item[2] : '');
    }
  }
  return tables.map((t) => {
    const lines: string[] = [];
    for (const [k, p] of byTable.get(t)!) if (p !== '') lines.push(`${k}\t${p}`);
    return lines.sort().join('\n');
  });
}

export interface WorkerData {
  driver: string;
  file: string;
  sql: string;
  genesis: string;
  from: number;
  last: number;
  range: number;
  ranges: number;
  shared: SharedArrayBuffer;
  /** the declared tables, when this worker makes the log's side of the comparison */
  tables: string[] | null;
  port: { postMessage(v: unknown): void } | null;
}

/** Shared state: [0] the next range to take; [1] the log's side of the comparison: 0 open, 1
 *  posted, 2 a form-2 row does not fit, 3 failed; then per range: 0 open, 1 fits, 2 does not, 3 failed. */
export function workerMain(req: NodeJS.Require, data: WorkerData, install: typeof installFunctions, replay: typeof replayText): void {
  const state = new Int32Array(data.shared);
  let db: Db | undefined;
  try {
    const Database = req(data.driver) as new (file: string, o: object) => Db;
    db = new Database(data.file, { readonly: true, fileMustExist: true, timeout: 5000 });
    install(db, req('node:crypto') as typeof import('node:crypto'));
    if (data.tables && data.port) {
      let verdict = 3;
      try {
        db.exec('BEGIN');
        const texts = replay(db, data.from, data.last, data.tables);
        db.exec('ROLLBACK');
        if (texts) data.port.postMessage(texts);
        verdict = texts ? 1 : 2;
      } finally {
        Atomics.store(state, 1, verdict);
        Atomics.notify(state, 1);
      }
    }
    const st = db.prepare(data.sql).raw(true);
    for (;;) {
      const i = Atomics.add(state, 0, 1);
      if (i >= data.ranges) break;
      let verdict = 3;
      try {
        const lo = data.from + 1 + i * data.range;
        const hi = Math.min(lo + data.range - 1, data.last);
        const [rows, bad] = st.get(data.genesis, lo, hi) as [number, number];
        verdict = rows === hi - lo + 1 && bad === 0 ? 1 : 2;
      } finally {
        Atomics.store(state, 2 + i, verdict);
        Atomics.notify(state, 2 + i);
      }
    }
  } catch {
    // what this worker took is marked failed (3); the verify does it itself
  } finally {
    db?.close();
  }
}
