// SQLite's and Node's failures become StorageError (exit 5) with a message of ours that names the
// file and says what to do, in both languages; never their English text, never exit 70.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDb } from '../../src/admin/service.js';
import { openDb } from '../../src/core/db.js';
import { KaoheError, StorageError } from '../../src/core/errors.js';
import { t } from '../../src/core/i18n.js';
import { asFsError, asStorageError } from '../../src/core/storage-errors.js';
import { loadModules } from '../../src/modules.js';
import { tempDir, testContext } from '../helpers.js';

const sqliteError = (code: string) => Object.assign(new Error(`${code}: some English text`), { code });
const fsError = (code: string) => Object.assign(new Error(`${code}: no such file or directory, open '/x'`), { code });

describe('SQLite result codes → our messages', () => {
  it.each([
    ['SQLITE_BUSY', 'db.busy'],
    ['SQLITE_BUSY_SNAPSHOT', 'db.busy'],
    ['SQLITE_LOCKED', 'db.busy'],
    ['SQLITE_CORRUPT', 'db.corrupt'],
    ['SQLITE_CORRUPT_INDEX', 'db.corrupt'],
    ['SQLITE_NOTADB', 'db.not_db'],
    ['SQLITE_READONLY', 'db.readonly'],
    ['SQLITE_READONLY_DIRECTORY', 'db.readonly'],
    ['SQLITE_FULL', 'db.full'],
    ['SQLITE_IOERR_SHMSIZE', 'db.full'],
    ['SQLITE_IOERR_WRITE', 'db.io'],
    ['SQLITE_IOERR_FSYNC', 'db.io'],
    ['SQLITE_CANTOPEN', 'db.cantopen'],
    ['SQLITE_PERM', 'db.denied'],
    ['SQLITE_AUTH', 'db.denied'],
    ['SQLITE_MISMATCH', 'db.error'],
  ])('%s is exit 5 %s naming the file', (code, key) => {
    const e = asStorageError(sqliteError(code), '/srv/kaohe.db');
    expect(e).toBeInstanceOf(StorageError);
    expect(e).toMatchObject({ exitCode: 5, key, params: { path: '/srv/kaohe.db', code } });
    for (const lang of ['en', 'zh'] as const) {
      const text = t(lang, key, (e as KaoheError).params);
      expect(text).toContain('/srv/kaohe.db');
      expect(text).not.toContain('English text');
      expect(text).not.toBe(key);
    }
  });

  it('a constraint failure stays what it is (a bug of ours, not the user\'s storage)', () => {
    const e = sqliteError('SQLITE_CONSTRAINT_UNIQUE');
    expect(asStorageError(e, '/x')).toBe(e);
  });
});

describe('Node file-system errors → our messages', () => {
  it.each([
    ['ENOENT', 'fs.no_folder'],
    ['ENOTDIR', 'fs.no_folder'],
    ['EACCES', 'fs.denied'],
    ['EPERM', 'fs.denied'],
    ['EROFS', 'fs.read_only'],
    ['ENOSPC', 'fs.full'],
    ['EDQUOT', 'fs.full'],
    ['EISDIR', 'fs.is_folder'],
    ['EIO', 'fs.io'],
    ['EMFILE', 'fs.error'],
  ])('%s is exit 5 %s naming the file, in both languages', (code, key) => {
    const e = asFsError(fsError(code), '/mnt/backup/k.db');
    expect(e).toMatchObject({ exitCode: 5, key, params: { path: '/mnt/backup/k.db', code } });
    for (const lang of ['en', 'zh'] as const) {
      const text = t(lang, key, (e as KaoheError).params);
      expect(text).toContain('/mnt/backup/k.db');
      expect(text).not.toMatch(/no such file|open '/);
    }
  });

  it('anything that is not an errno error is passed on unchanged', () => {
    const e = new TypeError('not ours');
    expect(asFsError(e, '/x')).toBe(e);
    expect(asStorageError(e, '/x')).toBe(e);
  });
});

describe('opening: nothing is created or migrated where it must not be', () => {
  it('a read or a write of a path in a missing folder: db.missing, no folder made; init makes it', () => {
    const top = join(tempDir(), 'a');
    const file = join(top, 'b', 'k.db');
    for (const m of ['read', 'write'] as const) expect(() => openDb(file, m)).toThrow(expect.objectContaining({ key: 'db.missing' }));
    expect(existsSync(top)).toBe(false);
    openDb(file, 'init').close();
    expect(existsSync(file)).toBe(true);
  });

  it('an SQLite file with nothing in it (what a failed init or `sqlite3 x.db` leaves) is not a database for a read or a write', () => {
    const file = join(tempDir(), 'blank.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL'); // writes the header: no longer 0 bytes
    raw.close();
    const before = readFileSync(file);
    expect(before.length).toBeGreaterThan(0);
    for (const m of ['read', 'write'] as const) expect(() => openDb(file, m)).toThrow(expect.objectContaining({ exitCode: 5, key: 'db.uninitialised', params: { path: file } }));
    expect(readFileSync(file).equals(before)).toBe(true);
    const db = openDb(file, 'init');
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('a folder as the database: exit 5 fs.is_folder for every mode', () => {
    const dir = tempDir();
    for (const m of ['read', 'write', 'init'] as const) expect(() => openDb(dir, m)).toThrow(expect.objectContaining({ exitCode: 5, key: 'fs.is_folder', params: expect.objectContaining({ path: dir }) }));
  });

  it('a file that is not a database: every mode refuses it and leaves it byte for byte', () => {
    const dir = tempDir();
    const file = join(dir, 'k.db');
    writeFileSync(file, Buffer.alloc(8192, 0x41));
    for (const m of ['read', 'write', 'init'] as const) expect(() => openDb(file, m)).toThrow(expect.objectContaining({ exitCode: 5, key: 'db.not_db' }));
    expect(readFileSync(file).equals(Buffer.alloc(8192, 0x41))).toBe(true);
    expect(readdirSync(dir)).toEqual(['k.db']);
  });
});

describe('db check on a file with a damaged page', () => {
  it('reports the damage as failed checks (the audit chain cannot be read to the end), never throws', async () => {
    const tc = testContext();
    tc.ctx.write((db) => {
      for (let i = 1; i <= 1500; i++) tc.ctx.audit(db, 'test.step', `R-${i}`, { note: 'x'.repeat(120) });
    });
    tc.ctx.close();
    const raw = new Database(tc.ctx.dbPath);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const page = (raw.prepare("SELECT pageno FROM dbstat WHERE name = 'audit' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 20").get() as { pageno: number }).pageno;
    raw.close();
    const bytes = readFileSync(tc.ctx.dbPath);
    bytes.fill(0xff, (page - 1) * 4096 + 8, page * 4096 - 8);
    writeFileSync(tc.ctx.dbPath, bytes);
    const { ctx } = testContext({ dbPath: tc.ctx.dbPath, init: false });
    const results = checkDb(ctx, await loadModules());
    const failed = results.filter((r) => !r.ok).map((r) => r.name);
    expect(failed).toContain('integrity_check');
    expect(failed).toContain('audit_chain');
    expect(results.find((r) => r.name === 'integrity_check')!.detail).toMatch(new RegExp(`^damaged page\\(s\\) .*\\b${page}\\b`));
    ctx.close();
  });
});
