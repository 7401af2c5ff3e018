// `db check` on a big file (issue 14): SQLite's integrity_check and foreign_key_check take as long
// as the whole audit verify beside them, and each of the two is one thread's work. So on a big
// file with a second core they run in a worker thread on their own read-only connection while
// this thread verifies the log (which shares its ranges with its own workers) and the modules'
// invariants; the wall time is then near the longer of the two instead of their sum.
// The worker's connection has its own read snapshot: integrity_check checks the structure of
// whatever committed state it reads, so a writer beside it changes nothing it could find.
// The worker sends back what the in-thread check would have read (the report's rows, the foreign
// key rows, or the error with its SQLite code; admin/store.ts reads them there, as SQL lives in
// a store, and turns either read into findings).
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Db } from '../core/db.js';
import { integrityWorkerMain, type IntegrityRead, type IntegrityReply } from './store.js';

/** From this many bytes of database a worker pays (its start costs ~50 ms). */
const WORKER_FROM = 64 * 1024 * 1024;
/** A worker that has not started within this time is given up and the check runs here. */
const START_MS = 10_000;

export type { IntegrityRead } from './store.js';

/** The check started in a worker, or null where one does not pay (a small file, one core). */
export function startIntegrity(db: Db, opts: { force?: boolean } = {}): { wait(): IntegrityRead | null } | null {
  if (db.name === ':memory:' || db.memory) return null;
  if (!opts.force) {
    if (availableParallelism() < 2) return null;
    const bytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    if (bytes < WORKER_FROM) return null;
  }
  const channel = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  let worker: Worker;
  try {
    const data = { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: db.name, port: channel.port2, flag };
    worker = new Worker(`(${integrityWorkerMain.toString()})(require, require('node:worker_threads').workerData)`, { eval: true, workerData: data, transferList: [channel.port2] });
  } catch {
    return null;
  }
  worker.unref();
  worker.on('error', () => undefined);
  return {
    /** the rows the worker read; null: it never started (the caller checks here instead); an
     *  error the worker met is thrown here, with its SQLite code, as the in-thread check throws it */
    wait(): IntegrityRead | null {
      const state = new Int32Array(flag);
      if (Atomics.load(state, 0) === 0) Atomics.wait(state, 0, 0, START_MS);
      if (Atomics.load(state, 0) === 0) {
        void worker.terminate();
        return null;
      }
      while (Atomics.load(state, 0) !== 2) Atomics.wait(state, 0, 1, 1_000);
      const got = receiveMessageOnPort(channel.port1)?.message as IntegrityReply | undefined;
      channel.port1.close();
      void worker.terminate();
      if (!got) return null;
      if ('error' in got) {
        // SQLite's own failure is the check's finding, as in this thread; anything else (the
        // driver not loading in a worker): the check is done here
        if (!got.error.code?.startsWith('SQLITE_')) return null;
        throw Object.assign(new Error(got.error.message), { code: got.error.code });
      }
      return got.ok;
    },
  };
}
