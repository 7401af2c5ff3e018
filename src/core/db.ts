// The one SQLite file. Opening sets WAL (readers never block the writer), foreign keys, a busy
// timeout, and synchronous=FULL: a signed record must survive a power cut, and one clerk's write
// costs ~0.5 ms with it (FIELD-NOTES), so durability is cheap. The schema version lives in
// PRAGMA user_version and grows by numbered migrations; a newer file than this program is refused.
// Only `db init` (and the demo) create a file (SPEC §0): a typo in --db must not split the records
// over two files. A read works on a read-only copy (a backup on a read-only share).
import { accessSync, chmodSync, closeSync, constants, existsSync, fstatSync, fchmodSync, mkdirSync, openSync, readSync, realpathSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { StorageError } from './errors.js';
import { refuseNetworkDb } from './netfs.js';
import { MIGRATIONS } from './migrations/index.js';
import { asFsError, asStorageError, sqliteCode } from './storage-errors.js';

export { asStorageError } from './storage-errors.js';

export type Db = BetterSqlite3.Database;

/** 'kaoh' — marks a file as ours, so a foreign SQLite file is not migrated by mistake. */
export const APPLICATION_ID = 0x6b616f68;
// the last migration's number (numbers may skip one while branches that add migrations meet)
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
const BUSY_TIMEOUT_MS = 5000;
const INIT_BUSY_TIMEOUT_MS = 30_000;

export function defaultDbPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'kaohe', 'kaohe.db');
}

let driver: typeof BetterSqlite3 | undefined;
/** better-sqlite3 with its native addon loaded on first use, so `kaohe --version` and `--help`
 *  never pay for it. Its JavaScript is bundled into dist (no CommonJS resolution of its dozen
 *  files at every start) and the addon is loaded from its known place in the package instead of
 *  through the `bindings` search (4–6 ms, FIELD-NOTES); where it is not there, `bindings` finds
 *  it as before. URI file names are switched on (read when the addon loads) for the read-only
 *  fallback `file:...?immutable=1`; every other name we pass is an absolute path. */
export function loadDriver(): typeof BetterSqlite3 {
  if (!driver) {
    process.env.SQLITE_USE_URI = '1';
    const addon = nativeAddon();
    driver = addon === undefined ? BetterSqlite3 : withAddon(addon);
  }
  return driver;
}

/** Where the addon is in an installed kaohe (dist/ beside node_modules/): tried before asking
 *  the resolver, whose walk over the node_modules folders cost ~1 ms of every start (ISSUE 14). */
const BESIDE = '../node_modules/better-sqlite3/build/Release/better_sqlite3.node';

function nativeAddon(): object | undefined {
  const require = createRequire(import.meta.url);
  try {
    const beside = fileURLToPath(new URL(BESIDE, import.meta.url));
    const file = existsSync(beside) ? beside : join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    return existsSync(file) ? (require(file) as object) : undefined;
  } catch {
    return undefined;
  }
}

function withAddon(addon: object): typeof BetterSqlite3 {
  const Base = BetterSqlite3 as unknown as new (file: string, options?: BetterSqlite3.Options) => Db;
  const Driver = class extends Base {
    constructor(file: string, options?: BetterSqlite3.Options) {
      super(file, { ...options, nativeBinding: addon as unknown as string });
    }
  };
  return Driver as unknown as typeof BetterSqlite3;
}

/** What `createFile` did: whether this process made the file (O_EXCL won), and the first folder
 *  it made. Only the maker of a file may take it away again when its init fails. */
interface Created {
  file: boolean;
  dir: string | undefined;
}

/** Make the folder (0700) and the empty file (0600) ourselves, whatever the umask. Through a
 *  symlink the file made (or found empty) is the link's target: its mode is set on the open fd.
 *  Ten `db init` at once race here: exactly one makes the file, the others open what it made. */
function createFile(path: string): Created {
  const dir = dirname(path);
  let made: string | undefined;
  if (!existsSync(dir)) {
    made = mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
  let fd: number;
  let ours = true;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    ours = false; // another process made it a moment ago, or it is a symlink to an empty file
    fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
  }
  try {
    if (fstatSync(fd).size === 0) fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
  return { file: ours, dir: made };
}

/** Whether the file's header carries our application_id (offset 68): a kaohe database. */
function markedOurs(file: string): boolean {
  const head = Buffer.alloc(72);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, 72, 0) === 72 && head.readUInt32BE(68) === APPLICATION_ID;
  } finally {
    closeSync(fd);
  }
}

/** A `db init` that failed (a full disk, an I/O error) leaves nothing: the file it made (empty,
 *  or an SQLite header without our mark), its side files and the folders it made. A file that
 *  another `db init` has meanwhile made a kaohe database (marked, or with pages in its -wal) is
 *  left alone, and so is a file this process did not make, or one another process holds locked
 *  (a lock timeout means someone is writing it: removing it would pull it from under them). */
function undoCreate(file: string, created: Created, error: unknown): void {
  if (!created.file || /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(error) ?? '')) return;
  const madeDir = created.dir;
  try {
    // pages in a -wal may be another `db init`'s committed work, not yet in the file's header
    if (markedOurs(file) || sizeOf(file + '-wal')) return;
    for (const side of ['', '-journal', '-wal', '-shm']) rmSync(file + side, { force: true });
    for (let dir = dirname(file); madeDir !== undefined && dir.length >= madeDir.length; dir = dirname(dir)) rmdirSync(dir);
  } catch {
    // best effort: the error the user sees is the one that made init fail
  }
}

/** init: create the file (or initialise an empty one); write: an existing database only;
 *  read: an existing database, read-only when the file or its folder cannot be written. */
export type OpenMode = 'init' | 'write' | 'read';

/** The size of the file, undefined when there is none; other failures (a folder on the way that
 *  we may not enter) are exit 5 naming the file. */
function sizeOf(file: string): number | undefined {
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new StorageError('fs.is_folder', { path: file, code: 'EISDIR' });
    return st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw asFsError(e, file);
  }
}

/** Whether this process may write the file and make its -wal/-shm beside it. */
function writable(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    accessSync(dirname(file), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** `now` is the command's clock, for what a migration writes to the log. */
export function openDb(path: string, mode: OpenMode, now?: number): Db {
  const file = resolve(path);
  const size = sizeOf(file);
  if (size === undefined && mode !== 'init') throw new StorageError('db.missing', { path: file });
  // a 0-byte file would open as an empty database: only `db init` may make it one (SPEC §0)
  if (size === 0 && mode !== 'init') throw new StorageError('db.empty', { path: file });
  const fresh = size === undefined || size === 0;
  // SQLite's WAL needs one machine's shared memory (issue 13); a read-only copy is only read
  if (fresh || writable(file)) refuseNetworkDb(file);
  let created: Created = { file: false, dir: undefined };
  if (fresh) {
    try {
      created = createFile(file);
    } catch (e) {
      throw asFsError(e, file);
    }
  }
  if (!writable(file)) {
    if (mode === 'read') return openReadOnly(file);
    throw new StorageError('db.readonly', { path: file });
  }
  const Database = loadDriver();
  let db: Db | undefined;
  try {
    // a first `db init` waits longer: ten at once on a new file queue for the one write lock
    db = new Database(file, { timeout: mode === 'init' ? INIT_BUSY_TIMEOUT_MS : BUSY_TIMEOUT_MS, fileMustExist: true });
    const version = checkedVersion(db, file);
    // an SQLite file with nothing in it (a failed init, `sqlite3 x.db ''`) is not a kaohe database yet
    if (version === 0 && mode !== 'init') throw new StorageError('db.uninitialised', { path: file });
    // WAL is a property of the file: switch only once. Switching needs an exclusive lock, so
    // ten first commands at once on a new file would otherwise queue behind each other for it.
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (version < SCHEMA_VERSION) migrate(db, file, now);
    if (fresh) secureSides(file);
  } catch (e) {
    db?.close();
    undoCreate(file, created, e);
    throw asStorageError(e, file);
  }
  return db;
}

/** SQLite gives -wal/-shm the main file's mode; make sure, beside the real file (not the link). */
function secureSides(file: string): void {
  const real = realpathSync(file);
  chmodSync(real, 0o600);
  for (const side of ['-wal', '-shm']) if (existsSync(real + side)) chmodSync(real + side, 0o600);
}

/** A database we may only read: opened read-only, never migrated, and nothing made beside it.
 *  With no -wal there is no open writer: the file is read as immutable (SQLite would otherwise
 *  leave a -shm and -wal of ours in a writable folder, which the owner's kaohe could not use).
 *  With a -wal, its changes must be read through the writer's -shm; where that cannot be done
 *  (a copy in a read-only folder with a -wal but no -shm) we refuse rather than show old data. */
function openReadOnly(file: string): Db {
  const Database = loadDriver();
  let db: Db | undefined;
  try {
    if (sizeOf(file + '-wal')) {
      try {
        db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
        db.pragma('user_version', { simple: true }); // the first read is where a WAL file fails
      } catch (e) {
        throw sqliteCode(e) && !sqliteCode(e)!.startsWith('SQLITE_BUSY') ? new StorageError('db.readonly_wal', { path: file }) : e;
      }
    } else {
      db = new Database(`file:${file.split('/').map(encodeURIComponent).join('/')}?immutable=1`, { readonly: true, fileMustExist: true });
    }
    const version = checkedVersion(db, file);
    if (version === 0) throw new StorageError('db.uninitialised', { path: file });
    if (version < SCHEMA_VERSION) throw new StorageError('db.readonly_old', { path: file, version, known: SCHEMA_VERSION });
    db.pragma('foreign_keys = ON');
    return db;
  } catch (e) {
    db?.close();
    throw asStorageError(e, file);
  }
}

/** The schema version, read in one transaction (one snapshot, while other processes may be
 *  migrating the same new file); a foreign or newer file is refused. */
function checkedVersion(db: Db, file: string): number {
  return db.transaction(() => {
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (appId !== 0 && appId !== APPLICATION_ID) throw new StorageError('db.foreign', { path: file });
    // not marked as ours: only an empty file may become a kaohe database, never another program's tables
    if (appId === 0 && (version !== 0 || hasTables(db))) throw new StorageError('db.foreign', { path: file });
    if (version > SCHEMA_VERSION) throw new StorageError('db.newer', { path: file, version, known: SCHEMA_VERSION });
    return version;
  })();
}

function hasTables(db: Db): boolean {
  return (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n > 0;
}

/** Applies the missing migrations. The version is read again under the write lock: another
 *  process may have migrated the file since we looked (two first commands at once). */
function migrate(db: Db, file: string, now: number | undefined): void {
  db.transaction(() => {
    const from = checkedVersion(db, file);
    for (const m of MIGRATIONS.filter((x) => x.version > from)) {
      db.exec(m.sql);
      m.after?.(db, now);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}

/** Runs `fn` in one read transaction: every statement sees the same snapshot, while writers go on
 *  (FIELD-NOTES: two statements outside a transaction may see two). Inside another transaction
 *  it simply runs. Ended by hand rather than by db.transaction(): a damaged page met while
 *  reading (SQLITE_CORRUPT) may already have ended the transaction, and the caller reports it. */
export function readSnapshot<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  db.exec('BEGIN');
  try {
    return fn();
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

/** Runs `fn` in one BEGIN IMMEDIATE transaction: all of it is written, or none. */
export function writeTx<T>(db: Db, fn: () => T): T {
  try {
    return db.transaction(fn).immediate();
  } catch (e) {
    throw asStorageError(e, db.name); // the message names the file ("数据库  被…锁定" had a hole)
  }
}

const statements = new WeakMap<Db, Map<string, BetterSqlite3.Statement>>();

/** A statement prepared once per database: the hot paths (audit rows, serials, meta) run
 *  hundreds of thousands of times in a big demo, and preparing costs more than running. */
export function cachedStatement(db: Db, sql: string): BetterSqlite3.Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

/** The statements cachedStatement holds for a database (audit-capture.ts watchWrites looks at
 *  those prepared before it). */
export function preparedStatements(db: Db): Iterable<BetterSqlite3.Statement> {
  return statements.get(db)?.values() ?? [];
}

/** The next human id of a kind for a year (T2026-0001): unique across processes because the
 *  serial row is bumped inside the caller's BEGIN IMMEDIATE transaction. */
export function nextSerial(db: Db, prefix: string, year: number): string {
  const row = cachedStatement(
    db,
    `INSERT INTO serials (kind, year, last) VALUES (?, ?, 1)
       ON CONFLICT (kind, year) DO UPDATE SET last = last + 1 RETURNING last`,
  ).get(prefix, year) as { last: number };
  return serialText(prefix, year, row.last);
}

/** A human id as nextSerial makes it: prefix, year, the year's number in at least four digits
 *  (T2026-0001). Also for the demo's bulk load, which counts the numbers itself. */
export function serialText(prefix: string, year: number, n: number): string {
  return `${prefix}${year}-${String(n).padStart(4, '0')}`;
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  cachedStatement(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** The page cache, in KiB, of a command that reads one long index range once (a month's list, a
 *  pay sheet, a year's guard report): 2 MiB, the sqlite3 shell's own, instead of the driver's
 *  16 MiB. Such a read meets each page once, so a big cache only keeps filling fresh memory
 *  (a page fault per new page, all of it in the command's peak); a small one reuses the same
 *  buffers, still warm. Measured at 1,000,000 tickets (issue 14): CPU -7 to -16%, peak -15 MB. */
export const SCAN_CACHE_KIB = 2048;

/** `db` with the page cache of a long read (SCAN_CACHE_KIB), for the rest of the command (after
 *  any write it made: `guard month --issue`). */
export function forLongRead(db: Db): Db {
  db.pragma(`cache_size = -${SCAN_CACHE_KIB}`);
  return db;
}
