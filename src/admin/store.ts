// SQL of the admin module: SQLite's own consistency checks.
import type { Invariant } from '../core/cli.js';
import type { Db } from '../core/db.js';

export function integrityProblems(db: Db, read?: IntegrityRead | null): Invariant[] {
  // read: what a worker thread read (integrity-worker.ts); else read here
  const integrity = read ? read.rows : integrityRows(db);
  const fk = read ? read.fk : (db.prepare('PRAGMA foreign_key_check').all() as Array<{ table: string; rowid: number; parent: string }>);
  return [
    { name: 'integrity_check', ok: integrity.length === 1 && integrity[0] === 'ok', detail: integrity.slice(0, 5).join('; ') },
    { name: 'foreign_key_check', ok: fk.length === 0, detail: fk.length === 0 ? 'ok' : fk.slice(0, 5).map((r) => `${r.table}#${r.rowid} → ${r.parent}`).join('; ') },
  ];
}

/** SQLite lists what it found row by row and may stop with SQLITE_CORRUPT half-way (a page too
 *  damaged to walk): the rows before the stop name the damage, so they are kept. */
function integrityRows(db: Db): string[] {
  const rows: string[] = [];
  try {
    for (const r of db.prepare('PRAGMA integrity_check').iterate() as Iterable<{ integrity_check: string }>) rows.push(r.integrity_check);
  } catch (e) {
    if (rows.length === 0) throw e;
    rows.push(String((e as Error).message));
  }
  return rows;
}

/** What SQLite's two checks read: the integrity report's rows and the foreign key rows. */
export interface IntegrityRead {
  rows: string[];
  fk: Array<{ table: string; rowid: number; parent: string }>;
}

export type IntegrityReply = { ok: IntegrityRead } | { error: { message: string; code?: string } };

/** What integrity-worker.ts's thread runs, as text (the bundle has no file of its own to start a
 *  worker from): integrityRows and the foreign key check on a read-only connection of its own. */
export function integrityWorkerMain(require: NodeRequire, data: { driver: string; file: string; port: import('node:worker_threads').MessagePort; flag: SharedArrayBuffer }): void {
  const flag = new Int32Array(data.flag);
  Atomics.store(flag, 0, 1);
  let reply: unknown;
  try {
    const Database = require(data.driver);
    const db = new Database(data.file, { readonly: true, fileMustExist: true });
    try {
      const rows: string[] = [];
      try {
        for (const r of db.prepare('PRAGMA integrity_check').iterate()) rows.push(r.integrity_check);
      } catch (e) {
        if (rows.length === 0) throw e;
        rows.push(String((e as Error).message));
      }
      const fk = db.prepare('PRAGMA foreign_key_check').all();
      reply = { ok: { rows, fk } };
    } finally {
      db.close();
    }
  } catch (e) {
    reply = { error: { message: String((e as Error)?.message ?? e), code: (e as { code?: string })?.code } };
  }
  try {
    data.port.postMessage(reply);
  } finally {
    // done, with or without a reply (none: the caller checks in its own thread)
    Atomics.store(flag, 0, 2);
    Atomics.notify(flag, 0);
  }
}
