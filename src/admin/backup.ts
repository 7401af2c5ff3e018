// `kaohe db backup FILE`: SQLite's online backup (consistent while others write) into a hidden
// temporary file beside the target, checked (quick_check, ours, journal_mode=DELETE so that a
// copy on a read-only share opens without -wal/-shm), synced to disk, and only then given the
// target's name. A backup killed at any point leaves no file under the target name and no
// journal; a retry to the same name works (leftovers of dead runs are removed).
//
// Exit codes: 2 when FILE names something that is already there (a file, a folder, a link) —
// the argument is the mistake; 5 when the place cannot take the file (folder missing, not
// writable, read-only disk, disk full, I/O error) — the storage is the problem.
import { closeSync, linkSync, lstatSync, openSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, chmodSync } from 'node:fs';
import { fsyncPath } from '../core/fsync.js';
import { basename, dirname, join, resolve } from 'node:path';
import type { Context } from '../core/context.js';
import { APPLICATION_ID, loadDriver } from '../core/db.js';
import { InputError, KaoheError, StorageError } from '../core/errors.js';
import { asFsError, asStorageError, sqliteCode } from '../core/storage-errors.js';

const SUFFIX = '.kaohe-tmp';
const SIDES = ['', '-journal', '-wal', '-shm'];

function tempName(target: string, pid: number): string {
  return join(dirname(target), `.${basename(target)}.${pid}${SUFFIX}`);
}

function removeWithSides(file: string): void {
  for (const side of SIDES) rmSync(file + side, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process: still running
  }
}

/** Temporary files of earlier backups to the same name whose process is gone. */
function removeStale(target: string): void {
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(SUFFIX)) continue;
    const pid = Number(name.slice(prefix.length, -SUFFIX.length));
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) removeWithSides(join(dirname(target), name));
  }
}

/** FILE itself: refused (exit 2) when something is there already; its folder must exist. */
function checkTarget(target: string): void {
  let there = true;
  try {
    lstatSync(target);
  } catch {
    there = false;
  }
  if (there) throw new InputError('db.backup.exists', { field: 'FILE', file: target });
  let folder;
  try {
    folder = statSync(dirname(target));
  } catch (e) {
    throw asFsError(e, target);
  }
  if (!folder.isDirectory()) throw new StorageError('fs.no_folder', { path: target, code: 'ENOTDIR' });
}

/** The copy opens, is whole, is a kaohe database, and is switched out of WAL. */
function checkCopy(temp: string, target: string): void {
  const Database = loadDriver();
  const copy = new Database(temp, { fileMustExist: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    const appId = copy.pragma('application_id', { simple: true });
    if (check !== 'ok' || appId !== APPLICATION_ID) throw new StorageError('db.backup.bad_copy', { path: target });
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Gives the finished copy the target's name without ever replacing a file that appeared
 *  meanwhile (a hard link fails on an existing name); where the file system has no hard links,
 *  a rename after a last look. */
function publish(temp: string, target: string): void {
  try {
    linkSync(temp, target);
    unlinkSync(temp);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new InputError('db.backup.exists', { field: 'FILE', file: target });
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EMLINK') throw e;
  }
  checkTarget(target);
  renameSync(temp, target);
}

export async function backupDb(ctx: Context, file: string): Promise<{ file: string; pages: number }> {
  const target = resolve(file);
  checkTarget(target);
  const db = ctx.db();
  const source = resolve(ctx.dbPath);
  removeStale(target);
  const temp = tempName(target, process.pid);
  removeWithSides(temp);
  try {
    // made first with mode 0600, so the copy is never readable by others, even briefly
    closeSync(openSync(temp, 'wx', 0o600));
    chmodSync(temp, 0o600);
    const result = await db.backup(temp);
    checkCopy(temp, target);
    chmodSync(temp, 0o600);
    fsyncPath(temp, 'r+');
    publish(temp, target);
    fsyncPath(dirname(target), 'r');
    return { file: target, pages: result.totalPages };
  } catch (e) {
    removeWithSides(temp);
    if (e instanceof KaoheError) throw e;
    // damage found while reading is the source's; every other failure is the target's place
    const code = sqliteCode(e);
    if (code?.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') throw asStorageError(e, source);
    throw asStorageError(e, target);
  }
}
