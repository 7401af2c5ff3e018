// The one SQLite file. Opening sets WAL (readers never block the writer), foreign keys, a busy
// timeout, and synchronous=FULL: a signed record must survive a power cut, and one clerk's write
// costs ~0.5 ms with it (FIELD-NOTES), so durability is cheap. The schema version lives in
// PRAGMA user_version and grows by numbered migrations; a newer file than this program is refused.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { KaoheError, StorageError } from './errors.js';
import { MIGRATIONS } from './migrations/index.js';

export type Db = BetterSqlite3.Database;

/** 'kaoh' — marks a file as ours, so a foreign SQLite file is not migrated by mistake. */
export const APPLICATION_ID = 0x6b616f68;
export const SCHEMA_VERSION = MIGRATIONS.length;
const BUSY_TIMEOUT_MS = 5000;

export function defaultDbPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'kaohe', 'kaohe.db');
}

let driver: typeof BetterSqlite3 | undefined;
function loadDriver(): typeof BetterSqlite3 {
  // loaded on first use, so `kaohe --version` and `--help` never pay for the native module
  driver ??= createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  return driver;
}

/** Make the folder (0700) and the empty file (0600) ourselves, whatever the umask. */
function createFile(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return; // another kaohe made it just now
    throw e;
  }
  chmodSync(path, 0o600);
}

export interface OpenOptions {
  /** create the file when missing (write commands); read commands refuse a missing file */
  create: boolean;
  /** the command's clock, for what a migration writes to the log */
  now?: number;
}

export function openDb(path: string, opts: OpenOptions): Db {
  const file = resolve(path);
  const existed = existsSync(file);
  if (!existed) {
    if (!opts.create) throw new StorageError('db.missing', { path: file });
    try {
      createFile(file);
    } catch (e) {
      throw new StorageError('db.cannot_create', { path: file, reason: (e as Error).message });
    }
  }
  const Database = loadDriver();
  let db: Db;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    const version = checkedVersion(db, file);
    // WAL is a property of the file: switch only once. Switching needs an exclusive lock, so
    // ten first commands at once on a new file would otherwise queue behind each other for it.
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (version < SCHEMA_VERSION) migrate(db, file, opts.now);
  } catch (e) {
    throw asStorageError(e, file);
  }
  for (const side of ['-wal', '-shm']) {
    // SQLite gives these the main file's mode; make sure, in case the file was made elsewhere
    if (!existed && existsSync(file + side)) chmodSync(file + side, 0o600);
  }
  return db;
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
    for (const m of MIGRATIONS.slice(checkedVersion(db, file))) {
      db.exec(m.sql);
      m.after?.(db, now);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}

/** Runs `fn` in one BEGIN IMMEDIATE transaction: all of it is written, or none. */
export function writeTx<T>(db: Db, fn: () => T): T {
  try {
    return db.transaction(fn).immediate();
  } catch (e) {
    throw asStorageError(e, db.name); // the message names the file ("数据库  被…锁定" had a hole)
  }
}

/** SQLite's own failures (busy past the timeout, not a database, corrupt, read-only) are exit 5. */
export function asStorageError(e: unknown, path?: string): unknown {
  if (e instanceof KaoheError) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new StorageError('db.busy', { path: path ?? '', code });
    if (code.startsWith('SQLITE_CONSTRAINT')) return e; // a bug of ours, not the user's storage
    return new StorageError('db.error', { path: path ?? '', code, reason: (e as Error).message });
  }
  return e;
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

/** The next human id of a kind for a year (T2026-0001): unique across processes because the
 *  serial row is bumped inside the caller's BEGIN IMMEDIATE transaction. */
export function nextSerial(db: Db, prefix: string, year: number): string {
  const row = cachedStatement(
    db,
    `INSERT INTO serials (kind, year, last) VALUES (?, ?, 1)
       ON CONFLICT (kind, year) DO UPDATE SET last = last + 1 RETURNING last`,
  ).get(prefix, year) as { last: number };
  return `${prefix}${year}-${String(row.last).padStart(4, '0')}`;
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  cachedStatement(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
