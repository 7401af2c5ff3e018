// SPEC §0 "Time zone of the file": `db init` stores the configured zone in the database (`--tz`
// to choose it); later commands use the file's zone when none is configured (KAOHE_TZ, TZ); a
// write under a different configured zone is exit 2 (two offices must not disagree on which month
// a record belongs to). Reads may use another zone for display.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { getMeta, loadDriver, setMeta, type Db } from './db.js';
import { InputError } from './errors.js';
import { LOCAL_ZONE } from './time.js';

const KEY = 'tz';

/** The zone stored in a database file, read without creating, migrating or locking anything;
 *  undefined when there is no file, no zone stored, or the file cannot be read (the command
 *  itself will then say why). Only called when no zone is configured. */
export function peekFileZone(path: string): string | undefined {
  const file = resolve(path);
  if (!existsSync(file)) return undefined;
  try {
    const Database = loadDriver();
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return getMeta(db, KEY);
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

/** The zone a file keeps (inside a transaction of the command). */
export function fileZone(db: Db): string | undefined {
  return getMeta(db, KEY);
}

/** The process's own zone by name, for storing (db init without KAOHE_TZ/TZ). */
export function zoneName(tz: string): string {
  return tz === LOCAL_ZONE ? Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' : tz;
}

/** db init: keeps the zone in the file (once; a later init with another zone is exit 2). */
export function storeFileZone(db: Db, tz: string, field: string): string {
  const name = zoneName(tz);
  const stored = fileZone(db);
  if (stored !== undefined && stored !== name) throw new InputError('db.tz.mismatch', { field, file_tz: stored, tz: name });
  if (stored === undefined) setMeta(db, KEY, name);
  return name;
}

/** Every write: the configured zone must be the file's own (when the file keeps one). */
export function checkWriteZone(db: Db, tz: string, env: NodeJS.ProcessEnv): void {
  const stored = fileZone(db);
  if (stored === undefined) return;
  const name = zoneName(tz);
  if (name !== stored) throw new InputError('db.tz.mismatch', { field: env.KAOHE_TZ ? 'KAOHE_TZ' : 'TZ', file_tz: stored, tz: name });
}
