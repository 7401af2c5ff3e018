// SQL of the admin module: SQLite's own consistency checks.
import type { Invariant } from '../core/cli.js';
import type { Db } from '../core/db.js';

export function integrityProblems(db: Db): Invariant[] {
  const integrity = (db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
  const fk = db.prepare('PRAGMA foreign_key_check').all() as Array<{ table: string; rowid: number; parent: string }>;
  return [
    { name: 'integrity_check', ok: integrity.length === 1 && integrity[0] === 'ok', detail: integrity.slice(0, 5).join('; ') },
    { name: 'foreign_key_check', ok: fk.length === 0, detail: fk.length === 0 ? 'ok' : fk.slice(0, 5).map((r) => `${r.table}#${r.rowid} → ${r.parent}`).join('; ') },
  ];
}
