// A database we may only read — a backup on a read-only share, a file of another user, a disk
// mounted read-only — can be listed and checked; it is never migrated; a write on it is exit 5
// in the user's language naming the file, and nothing appears beside it. Root ignores permission
// bits, so the file and folder cases run the CLI as `nobody` (setpriv); the read-only disk is a
// tmpfs remounted read-only in a private mount namespace (EROFS even for root).
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../src/core/db.js';
import { MIGRATIONS } from '../../src/core/migrations/index.js';
import { initDbFile, kaohe, tempDir } from '../helpers.js';
import { canMount, canRunAsNobody, kaoheAsNobody, kaoheInNamespace, readOnlyCopy } from '../storage-helpers.js';


vi.setConfig({ testTimeout: 60_000 });
const NOW = { KAOHE_NOW: '2026-11-01 10:00' };
let source: string;

let sourceDir: string;
beforeAll(() => {
  // not tempDir(): that one is emptied after every test
  sourceDir = mkdtempSync(join(tmpdir(), 'kaohe-ro-source-'));
  chmodSync(sourceDir, 0o755);
  source = initDbFile(join(sourceDir, 'source.db'));
  for (const from of ['张伟', '李娜']) expect(kaohe(['letter', 'log', '--channel', 'phone', '--from', from, '--subject', '空调'], { KAOHE_DB: source, ...NOW }).code).toBe(0);
});

afterAll(() => rmSync(sourceDir, { recursive: true, force: true }));

const froms = (r: { json: () => any }) => r.json().letters.map((l: { from: string }) => l.from).sort();

/** A kaohe file of the first schema version, with a row. */
function oldSchemaFile(dir: string): string {
  const file = join(dir, 'old.db');
  const raw = new Database(file);
  raw.exec(MIGRATIONS[0].sql);
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  raw.pragma('user_version = 1');
  raw.close();
  return file;
}

describe.skipIf(!canRunAsNobody)('as another user (nobody): read-only file and folder', () => {
  it('a WAL database in a read-only folder is listed, checked and verified; nothing appears beside it', () => {
    const dir = tempDir();
    const copy = readOnlyCopy(source, dir);
    const before = readFileSync(copy);
    const list = kaoheAsNobody(['letter', 'list', '--month', '2026-11', '--json'], { KAOHE_DB: copy, ...NOW });
    expect(list.stderr).toBe('');
    expect(froms(list)).toEqual(['张伟', '李娜']);
    expect(kaoheAsNobody(['db', 'check'], { KAOHE_DB: copy }).code).toBe(0);
    expect(kaoheAsNobody(['audit', 'verify'], { KAOHE_DB: copy }).stdout).toMatch(/^audit chain intact: 2 rows\n/);
    expect(readdirSync(dir)).toEqual(['copy.db']);
    expect(readFileSync(copy).equals(before)).toBe(true);
  });

  it('a backup (journal_mode=DELETE) on a read-only share is listed and verified as it is', () => {
    const made = join(tempDir(), 'b.db');
    expect(kaohe(['db', 'backup', made], { KAOHE_DB: source }).code).toBe(0);
    const dir = tempDir();
    const copy = readOnlyCopy(made, dir);
    const before = readFileSync(copy);
    expect(froms(kaoheAsNobody(['letter', 'list', '--month', '2026-11', '--json'], { KAOHE_DB: copy, ...NOW }))).toEqual(['张伟', '李娜']);
    expect(kaoheAsNobody(['--lang', 'zh', 'audit', 'verify'], { KAOHE_DB: copy }).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['copy.db']);
    expect(readFileSync(copy).equals(before)).toBe(true);
  });

  it('while a writer keeps its -wal and -shm open there, the reader sees its committed rows', () => {
    const dir = tempDir();
    const copy = readOnlyCopy(source, dir);
    const writer = new Database(copy);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("INSERT INTO meta (key, value) VALUES ('in_wal', 'yes')").run();
    try {
      chmodSync(`${copy}-wal`, 0o644);
      chmodSync(`${copy}-shm`, 0o644);
      const v = kaoheAsNobody(['audit', 'verify'], { KAOHE_DB: copy });
      expect([v.code, v.stderr]).toEqual([0, '']);
    } finally {
      writer.close();
    }
  });

  it('a -wal with changes not in the file, in a read-only folder: exit 5 saying what to copy, not old data', () => {
    const dir = tempDir();
    const live = join(tempDir(), 'live.db');
    copyFileSync(source, live);
    const writer = new Database(live);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("INSERT INTO meta (key, value) VALUES ('in_wal', 'yes')").run();
    copyFileSync(live, join(dir, 'copy.db'));
    copyFileSync(`${live}-wal`, join(dir, 'copy.db-wal'));
    writer.close();
    chmodSync(join(dir, 'copy.db-wal'), 0o644);
    chmodSync(join(dir, 'copy.db'), 0o644);
    chmodSync(dir, 0o755);
    const copy = join(dir, 'copy.db');
    const en = kaoheAsNobody(['audit', 'verify'], { KAOHE_DB: copy });
    expect(en.code).toBe(5);
    expect(en.stderr).toBe(`kaohe: ${copy} cannot be read here: its -wal file holds changes not yet in the database, and the folder is read-only; copy the file together with its -wal to a writable place, or make a clean copy with \`kaohe db backup\`\n`);
    const zh = kaoheAsNobody(['--lang', 'zh', 'audit', 'verify'], { KAOHE_DB: copy });
    expect(zh.stderr).toContain(`${copy} 在此处无法读取`);
    expect(readdirSync(dir).sort()).toEqual(['copy.db', 'copy.db-wal']);
  });

  it('a read-only file in a writable folder is listed; a write is exit 5 in the user\'s language and changes nothing', () => {
    const dir = tempDir();
    const copy = readOnlyCopy(source, dir);
    chmodSync(dir, 0o777);
    const before = readFileSync(copy);
    expect(froms(kaoheAsNobody(['letter', 'list', '--month', '2026-11', '--json'], { KAOHE_DB: copy, ...NOW }))).toEqual(['张伟', '李娜']);
    const write = ['letter', 'log', '--channel', 'phone', '--from', '王强', '--subject', '发票'];
    const en = kaoheAsNobody(write, { KAOHE_DB: copy, ...NOW });
    expect(en.code).toBe(5);
    expect(en.stderr).toBe(
      `kaohe: the database ${copy} cannot be written: the file or its folder is read-only (or on a read-only disk); nothing was written. Work on a writable copy, or ask the administrator for write access\n`,
    );
    const zh = kaoheAsNobody(['--lang', 'zh', ...write], { KAOHE_DB: copy, ...NOW });
    expect([zh.code, zh.stderr]).toEqual([5, `kaohe: 数据库 ${copy} 无法写入：文件或其所在文件夹是只读的（或在只读磁盘上）；未写入任何内容。请在可写的副本上操作，或请管理员开通写权限\n`]);
    expect(kaoheAsNobody(['db', 'init'], { KAOHE_DB: copy }).code).toBe(5);
    expect(readFileSync(copy).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['copy.db']);
  });

  it('a read-only file of an older schema is not migrated by a read: exit 5 saying how to upgrade a copy', () => {
    const dir = tempDir();
    const copy = readOnlyCopy(oldSchemaFile(tempDir()), dir);
    const before = readFileSync(copy);
    const r = kaoheAsNobody(['audit', 'verify'], { KAOHE_DB: copy });
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(
      `kaohe: ${copy} is read-only and has the older schema version 1 (this kaohe: ${SCHEMA_VERSION}); it cannot be upgraded where it is: copy it somewhere writable and run \`kaohe db init --db COPY\` there\n`,
    );
    expect(readFileSync(copy).equals(before)).toBe(true);
  });

  it('db init in a folder nobody may write: exit 5 naming the file, nothing made', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const file = join(dir, 'new.db');
    const r = kaoheAsNobody(['db', 'init'], { KAOHE_DB: file });
    expect([r.code, r.stderr]).toEqual([5, `kaohe: no permission to write ${file}; choose a folder you may write to, or ask the administrator\n`]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a backup into a folder nobody may write: exit 5 naming the target; a backup of a read-only copy works', () => {
    const ro = tempDir();
    const copy = readOnlyCopy(source, ro);
    const target = join(ro, 'b.db');
    const r = kaoheAsNobody(['--lang', 'zh', 'db', 'backup', target], { KAOHE_DB: copy });
    expect([r.code, r.stderr]).toEqual([5, `kaohe: 没有写入 ${target} 的权限；请选择您可写的文件夹，或找管理员\n`]);
    expect(readdirSync(ro)).toEqual(['copy.db']);
    const parent = tempDir();
    chmodSync(parent, 0o755);
    const out = join(parent, 'out');
    mkdirSync(out);
    chmodSync(out, 0o777);
    const ok = kaoheAsNobody(['db', 'backup', join(out, 'b.db')], { KAOHE_DB: copy });
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(kaohe(['audit', 'verify'], { KAOHE_DB: join(out, 'b.db') }).stdout).toMatch(/^audit chain intact: 2 rows\n/);
  });
});

describe.skipIf(!canMount)('a disk mounted read-only (EROFS, even for root)', () => {
  const setup = (dbDir: string) => `mount -t tmpfs -o size=4m tmpfs "${dbDir}" && cp "$SRC" "${dbDir}/k.db" && mount -o remount,ro "${dbDir}"`;

  it('reads work; writes, init and a backup onto it are exit 5 naming the file', () => {
    const dir = join(tempDir(), 'ro');
    mkdirSync(dir);
    const env = { SRC: source, KAOHE_DB: join(dir, 'k.db'), ...NOW };
    const list = kaoheInNamespace(setup(dir), ['letter', 'list', '--month', '2026-11', '--json'], env);
    expect(list.stderr).toBe('');
    expect(froms(list)).toEqual(['张伟', '李娜']);
    const write = kaoheInNamespace(setup(dir), ['letter', 'log', '--channel', 'phone', '--from', '王强', '--subject', '发票'], env);
    expect([write.code, write.stderr]).toEqual([5, expect.stringMatching(/^kaohe: the database .*k\.db cannot be written: the file or its folder is read-only/)]);
    expect(kaoheInNamespace(setup(dir), ['db', 'init'], env).code).toBe(5);
    const other = initDbFile();
    const backup = kaoheInNamespace(setup(dir), ['db', 'backup', join(dir, 'b.db')], { ...env, KAOHE_DB: other });
    expect([backup.code, backup.stderr]).toEqual([5, `kaohe: ${join(dir, 'b.db')} is on a read-only disk; choose a writable place\n`]);
  });
});
