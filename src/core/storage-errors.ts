// Failures of the disk, the file system or SQLite, turned into StorageError (exit 5) with a
// message in the user's language that names the file and what to do. SQLite's and Node's own
// English text ("SQLITE_READONLY_DIRECTORY: attempt to write a readonly database", "ENOENT: ...")
// never reaches the clerk; the code is kept in the params for a script or a bug report.
import { KaoheError, StorageError } from './errors.js';

/** SQLite result codes (by prefix: SQLITE_IOERR_WRITE is an IOERR) → message key. */
const SQLITE_KEYS: Array<[string, string]> = [
  ['SQLITE_BUSY', 'db.busy'],
  ['SQLITE_LOCKED', 'db.busy'],
  ['SQLITE_CORRUPT', 'db.corrupt'],
  ['SQLITE_NOTADB', 'db.not_db'],
  ['SQLITE_READONLY', 'db.readonly'],
  ['SQLITE_FULL', 'db.full'],
  ['SQLITE_IOERR_SHMSIZE', 'db.full'], // growing the -shm failed: ENOSPC in practice
  ['SQLITE_IOERR', 'db.io'],
  ['SQLITE_CANTOPEN', 'db.cantopen'],
  ['SQLITE_PERM', 'db.denied'],
  ['SQLITE_AUTH', 'db.denied'],
];

/** Node's errno codes → message key, for a file kaohe itself opens, makes or renames. */
const ERRNO_KEYS: Record<string, string> = {
  ENOENT: 'fs.no_folder',
  ENOTDIR: 'fs.no_folder',
  EACCES: 'fs.denied',
  EPERM: 'fs.denied',
  EROFS: 'fs.read_only',
  ENOSPC: 'fs.full',
  EDQUOT: 'fs.full',
  EISDIR: 'fs.is_folder',
  EIO: 'fs.io',
};

export function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** SQLite's own failures are exit 5 with a message of ours; a constraint failure is a bug of
 *  ours (the rules should have refused the step first) and stays as it is. */
export function asStorageError(e: unknown, path = ''): unknown {
  if (e instanceof KaoheError) return e;
  const code = sqliteCode(e);
  if (code !== undefined) {
    if (code.startsWith('SQLITE_CONSTRAINT')) return e;
    const key = SQLITE_KEYS.find(([prefix]) => code.startsWith(prefix))?.[1] ?? 'db.error';
    return new StorageError(key, { path, code });
  }
  return asFsError(e, path);
}

/** A Node file-system error about `path` → exit 5 naming the file; anything else unchanged. */
export function asFsError(e: unknown, path: string): unknown {
  if (e instanceof KaoheError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  return new StorageError(ERRNO_KEYS[code] ?? 'fs.error', { path, code });
}
