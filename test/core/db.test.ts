// The database file: where it lives, how it is created, what it refuses, and that every write
// is one BEGIN IMMEDIATE transaction.
import Database from 'better-sqlite3';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, defaultDbPath, nextSerial, openDb, SCHEMA_VERSION } from '../../src/core/db.js';
import { MIGRATIONS } from '../../src/core/migrations/index.js';
import { tempDir, testContext } from '../helpers.js';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('where the database lives', () => {
  it('under $XDG_DATA_HOME/kaohe/kaohe.db', () => {
    expect(defaultDbPath({ XDG_DATA_HOME: '/srv/data', HOME: '/home/li' })).toBe('/srv/data/kaohe/kaohe.db');
  });
  it('else under ~/.local/share/kaohe/kaohe.db', () => {
    expect(defaultDbPath({ HOME: '/home/li' })).toBe('/home/li/.local/share/kaohe/kaohe.db');
    expect(defaultDbPath({ XDG_DATA_HOME: '', HOME: '/home/li' })).toBe('/home/li/.local/share/kaohe/kaohe.db');
  });
  it('a relative XDG_DATA_HOME is ignored, as the XDG spec says', () => {
    expect(defaultDbPath({ XDG_DATA_HOME: 'data', HOME: '/home/li' })).toBe('/home/li/.local/share/kaohe/kaohe.db');
  });
});

describe('opening', () => {
  it('init creates the folder 0700 and the file 0600, at the current schema version', () => {
    const dir = join(tempDir(), 'a', 'b');
    const file = join(dir, 'kaohe.db');
    const db = openDb(file, 'init');
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    for (const side of ['-wal', '-shm']) expect(mode(file + side)).toBe(0o600);
    db.close();
  });

  it('a read of a missing database is exit 5 and creates nothing, not even the folder', () => {
    const dir = join(tempDir(), 'nothing-here');
    const file = join(dir, 'kaohe.db');
    for (const m of ['read', 'write'] as const) {
      expect(() => openDb(file, m)).toThrow(expect.objectContaining({ exitCode: 5, key: 'db.missing', params: { path: file } }));
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('ctx.db() on a missing file is exit 5 and leaves no file', () => {
    const { ctx } = testContext({ init: false });
    expect(() => ctx.db()).toThrow(expect.objectContaining({ exitCode: 5, key: 'db.missing' }));
    expect(existsSync(ctx.dbPath)).toBe(false);
  });

  it('a database newer than the program is refused (exit 5) and left as it was', () => {
    const file = join(tempDir(), 'new.db');
    const raw = new Database(file);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDb(file, 'write')).toThrow(
      expect.objectContaining({ exitCode: 5, key: 'db.newer', params: { path: file, version: SCHEMA_VERSION + 1, known: SCHEMA_VERSION } }),
    );
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect(after.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'audit'").get()).toEqual({ n: 0 });
    after.close();
  });

  it('an SQLite file of another program is refused, not migrated', () => {
    const file = join(tempDir(), 'other.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    raw.pragma('user_version = 3');
    raw.close();
    expect(() => openDb(file, 'write')).toThrow(expect.objectContaining({ exitCode: 5, key: 'db.foreign' }));
  });

  it('an SQLite file of another program without a schema version is refused too, and gets no tables of ours', () => {
    const file = join(tempDir(), 'photos.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    raw.close();
    expect(() => openDb(file, 'write')).toThrow(expect.objectContaining({ exitCode: 5, key: 'db.foreign', params: { path: file } }));
    const after = new Database(file, { readonly: true });
    expect(after.prepare('SELECT name FROM sqlite_master').all()).toEqual([{ name: 'photos' }]);
    expect(after.pragma('application_id', { simple: true })).toBe(0);
    after.close();
  });

  it('an empty (0-byte) file is not a database: exit 5 for a read or a write, a kaohe database for init', () => {
    const file = join(tempDir(), 'empty.db');
    new Database(file).close(); // SQLite leaves 0 bytes
    expect(statSync(file).size).toBe(0);
    for (const m of ['read', 'write'] as const) expect(() => openDb(file, m)).toThrow(expect.objectContaining({ exitCode: 5, key: 'db.empty', params: { path: file } }));
    expect(statSync(file).size).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = openDb(file, 'init');
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
  });

  it('a file that is not SQLite at all is exit 5, not a crash', () => {
    const file = join(tempDir(), 'notes.db');
    writeFileSync(file, 'these are my notes, not a database '.repeat(50));
    expect(() => openDb(file, 'init')).toThrow(expect.objectContaining({ exitCode: 5, key: 'db.not_db', params: { path: file, code: 'SQLITE_NOTADB' } }));
  });

  it('an older database is brought up to date on open, keeping its rows', () => {
    const file = join(tempDir(), 'old.db');
    const raw = new Database(file);
    raw.exec(MIGRATIONS[0].sql);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma('user_version = 1');
    raw.prepare("INSERT INTO meta (key, value) VALUES ('kept', 'yes')").run();
    raw.close();
    const db = openDb(file, 'write');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'kept'").get()).toEqual({ value: 'yes' });
    db.close();
  });
});

describe('writes', () => {
  it('every write holds the write lock from its first statement (BEGIN IMMEDIATE)', () => {
    const { ctx } = testContext();
    ctx.write(() => undefined);
    let otherGotLock: boolean | undefined;
    ctx.write(() => {
      // nothing written yet: a deferred BEGIN would not hold the lock here
      const other = new Database(ctx.dbPath, { timeout: 0 });
      try {
        other.exec('BEGIN IMMEDIATE');
        otherGotLock = true;
        other.exec('ROLLBACK');
      } catch (e) {
        otherGotLock = false;
        expect((e as { code: string }).code).toBe('SQLITE_BUSY');
      } finally {
        other.close();
      }
    });
    expect(otherGotLock).toBe(false);
  });

  it('all of a write is kept, or none of it', () => {
    const { ctx } = testContext();
    ctx.write((db) => db.prepare("INSERT INTO meta (key, value) VALUES ('a', '1')").run());
    expect(() =>
      ctx.write((db) => {
        db.prepare("INSERT INTO meta (key, value) VALUES ('b', '2')").run();
        db.prepare("UPDATE meta SET value = '9' WHERE key = 'a'").run();
        throw new Error('refused halfway');
      }),
    ).toThrow('refused halfway');
    expect(ctx.db().prepare('SELECT key, value FROM meta ORDER BY key').all()).toEqual([{ key: 'a', value: '1' }]);
  });

  it('a database locked by another writer past the timeout is exit 5', () => {
    const { ctx } = testContext();
    ctx.write(() => undefined);
    const db = ctx.db();
    db.pragma('busy_timeout = 0');
    const other = new Database(ctx.dbPath);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(() => ctx.write(() => undefined)).toThrow(expect.objectContaining({ exitCode: 5, key: 'db.busy', params: expect.objectContaining({ path: ctx.dbPath }) }));
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('a write with no database is exit 5 and creates nothing; after init it writes', () => {
    const { ctx } = testContext({ init: false });
    let ran = false;
    expect(() => ctx.write(() => (ran = true))).toThrow(expect.objectContaining({ exitCode: 5, key: 'db.missing' }));
    expect(ran).toBe(false);
    expect(existsSync(ctx.dbPath)).toBe(false);
    ctx.initialise();
    expect(ctx.write(() => 'written')).toBe('written');
  });

  it('serials count per kind and year, with four digits', () => {
    const { ctx } = testContext();
    const ids = ctx.write((db) => [nextSerial(db, 'T', 2026), nextSerial(db, 'T', 2026), nextSerial(db, 'L', 2026), nextSerial(db, 'T', 2027)]);
    expect(ids).toEqual(['T2026-0001', 'T2026-0002', 'L2026-0001', 'T2027-0001']);
    expect(ctx.write((db) => nextSerial(db, 'T', 2026))).toBe('T2026-0003');
  });
});
