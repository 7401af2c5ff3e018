// SQL of the admin module: SQLite's own consistency checks.
import type { Invariant } from '../core/cli.js';
import type { Db } from '../core/db.js';

export function integrityProblems(db: Db): Invariant[] {
  const integrity = integrityRows(db);
  const fk = db.prepare('PRAGMA foreign_key_check').all() as Array<{ table: string; rowid: number; parent: string }>;
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
