// Storage failures seen from the command line: a damaged page, a file that is not a database or
// is another program's, a 0-byte file, a folder given as the file, a full disk. Each is a clear
// message in the user's language naming the file and what to do, exit 5 (1 for `db check`
// findings), never 70 ("a bug in kaohe"), and nothing migrated, created or half-written.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { initDbFile, kaohe, tempDir, testContext } from '../helpers.js';
import { canMount, canStrace, damageAuditPage, kaoheInNamespace, kaoheUnderStrace } from '../storage-helpers.js';


vi.setConfig({ testTimeout: 60_000 });
const NOW = { KAOHE_NOW: '2026-11-01 10:00' };
const LOG = ['letter', 'log', '--channel', 'phone', '--from', '王强', '--subject', '发票'];
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

/** A kaohe database with 2,000 audit rows (several hundred pages) and one of the audit table's
 *  leaf pages in the middle overwritten with junk: what a bad sector or a torn copy leaves. */
function damagedDb(): { file: string; page: number } {
  const tc = testContext();
  tc.ctx.write((db) => {
    for (let i = 1; i <= 2000; i++) tc.ctx.audit(db, 'test.step', `R-${i}`, { step: i, 客户: '张伟', note: 'x'.repeat(100) });
  });
  tc.ctx.close();
  const file = tc.ctx.dbPath;
  const page = damageAuditPage(file);
  return { file, page };
}

describe('a database with a damaged page', () => {
  it('db check reports the damage as findings naming the page (exit 1), in English and Chinese', () => {
    const { file, page } = damagedDb();
    const en = kaohe(['db', 'check', '--json'], { KAOHE_DB: file });
    expect(en.stderr).toBe('');
    expect(en.code).toBe(1);
    const checks = en.json().checks as Array<{ name: string; ok: boolean; detail: string }>;
    const integrity = checks.find((c) => c.name === 'integrity_check')!;
    expect(integrity.ok).toBe(false);
    expect(integrity.detail).toMatch(new RegExp(`^damaged page\\(s\\) (\\d+, )*${page}\\b.*: restore the latest backup`));
    expect(checks.find((c) => c.name === 'audit_chain')).toMatchObject({ ok: false });
    const zh = kaohe(['--lang', 'zh', 'db', 'check'], { KAOHE_DB: file });
    expect(zh.code).toBe(1);
    expect(zh.stdout).toMatch(new RegExp(`第 (\\d+, )*${page}\\b.* 页已损坏：请恢复最近的备份`));
  });

  it('a command that meets the damaged page is exit 5 naming the file, not 70', () => {
    const { file } = damagedDb();
    const before = readFileSync(file);
    const en = kaohe(['audit', 'verify'], { KAOHE_DB: file });
    expect([en.code, en.stderr]).toEqual([
      5,
      `kaohe: the database ${file} is damaged (SQLITE_CORRUPT); nothing was written. Run \`kaohe db check\` to see the damage and restore the latest backup (\`kaohe db backup\` copies)\n`,
    ]);
    const zh = kaohe(['--lang', 'zh', 'audit', 'log', '--json'], { KAOHE_DB: file });
    expect([zh.code, zh.stderr]).toEqual([5, `kaohe: 数据库 ${file} 已损坏（SQLITE_CORRUPT）；未写入任何内容。请运行 \`kaohe db check\` 查看损坏情况，并恢复最近的备份（\`kaohe db backup\` 生成的副本）\n`]);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a backup of it is exit 5 naming the damaged source; no copy is kept', () => {
    const { file } = damagedDb();
    const target = join(tempDir(), 'b.db');
    const r = kaohe(['db', 'backup', target], { KAOHE_DB: file });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/damaged|did not pass its check/);
    expect(readdirSync(join(target, '..'))).toEqual([]);
  });
});

describe('files that are not a kaohe database', () => {
  const commands: Array<[string, string[]]> = [
    ['a read', ['audit', 'verify']],
    ['a write', LOG],
    ['db init', ['db', 'init']],
    ['db check', ['db', 'check']],
  ];

  it.each(commands)('not SQLite at all: %s is exit 5 "not a database", the file untouched, nothing beside it', (_what, args) => {
    const dir = tempDir();
    const file = join(dir, 'notes.db');
    writeFileSync(file, '会议记录,不是数据库。'.repeat(200));
    const before = readFileSync(file);
    const r = kaohe(args, { KAOHE_DB: file, ...NOW });
    expect([r.code, r.stderr]).toEqual([5, `kaohe: ${file} is not a database (not an SQLite file); check --db / KAOHE_DB\n`]);
    const zh = kaohe(['--lang', 'zh', ...args], { KAOHE_DB: file, ...NOW });
    expect(zh.stderr).toBe(`kaohe: ${file} 不是数据库（不是 SQLite 文件）；请检查 --db / KAOHE_DB\n`);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['notes.db']);
  });

  it.each(commands)('another program\'s SQLite file: %s is exit 5, its tables untouched', (_what, args) => {
    const file = join(tempDir(), 'photos.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)');
    raw.close();
    const before = readFileSync(file);
    const r = kaohe(args, { KAOHE_DB: file, ...NOW });
    expect([r.code, r.stderr]).toEqual([5, `kaohe: ${file} is an SQLite file of another program; refusing to touch it\n`]);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it.each([
    ['a read', ['audit', 'verify']],
    ['a write', LOG],
    ['db check', ['db', 'check']],
    ['db backup', ['db', 'backup', 'copy.db']],
  ])('a 0-byte file: %s is exit 5 and it stays 0 bytes; db init makes it a database (0600)', (_what, args) => {
    const dir = tempDir();
    const file = join(dir, 'empty.db');
    writeFileSync(file, '', { mode: 0o644 });
    const r = kaohe(args, { KAOHE_DB: file, ...NOW });
    expect([r.code, r.stderr]).toEqual([5, `kaohe: ${file} is an empty file (0 bytes), not a database; check --db, or make it one with \`kaohe db init\`\n`]);
    const zh = kaohe(['--lang', 'zh', ...args], { KAOHE_DB: file, ...NOW });
    expect(zh.stderr).toBe(`kaohe: ${file} 是空文件（0 字节），不是数据库；请检查 --db，或用 \`kaohe db init\` 把它初始化为数据库\n`);
    expect(statSync(file).size).toBe(0);
    expect(readdirSync(dir)).toEqual(['empty.db']);
    expect(kaohe(['db', 'init'], { KAOHE_DB: file }).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(kaohe(['audit', 'verify'], { KAOHE_DB: file }).stdout).toMatch(/^audit chain intact: 0 rows\n/);
  });

  it('a folder given as the database is exit 5 saying so', () => {
    const dir = tempDir();
    for (const args of [['audit', 'verify'], LOG, ['db', 'init']]) {
      const r = kaohe(args, { KAOHE_DB: dir, ...NOW });
      expect([r.code, r.stderr]).toEqual([5, `kaohe: ${dir} is a folder, not a file; give a file name\n`]);
      noStack(r.stderr);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('db backup: what FILE may be', () => {
  it('an existing folder or file is exit 2 naming FILE; nothing is written there', () => {
    const source = initDbFile();
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    const r = kaohe(['db', 'backup', join(dir, 'sub')], { KAOHE_DB: source });
    expect([r.code, r.stderr]).toEqual([2, `kaohe: FILE: ${join(dir, 'sub')} already exists; choose another name\n`]);
    expect(readdirSync(dir)).toEqual(['sub']);
  });

  it('a folder on the way that is a file is exit 5 naming the target', () => {
    const source = initDbFile();
    const dir = tempDir();
    writeFileSync(join(dir, 'plain'), 'x');
    const target = join(dir, 'plain', 'b.db');
    const r = kaohe(['--lang', 'zh', 'db', 'backup', target], { KAOHE_DB: source });
    expect([r.code, r.stderr]).toEqual([5, `kaohe: ${target} 所在的文件夹不存在；请先创建该文件夹，或换一个位置\n`]);
  });
});

describe.skipIf(!canStrace)('a full disk under a write (strace injects ENOSPC into the k-th pwrite64)', () => {
  it('each run is exit 5 with "disk full" naming the file and nothing written, or exit 0 with one whole record', () => {
    const outcomes: Record<string, number> = { full: 0, ok: 0 };
    for (const k of [1, 2, 4, 8, 12, 16, 20, 25, 40]) {
      const file = initDbFile();
      const r = kaoheUnderStrace('pwrite64', 'ENOSPC', k, ['--lang', 'zh', ...LOG], { KAOHE_DB: file, ...NOW });
      const rows = kaohe(['audit', 'verify', '--json'], { KAOHE_DB: file }).json();
      expect(rows.ok).toBe(true);
      if (r.code === 0) {
        outcomes.ok++;
        expect(rows.rows).toBe(1);
      } else {
        outcomes.full++;
        expect([r.code, r.stderr], `k=${k}`).toEqual([5, `kaohe: 存放 ${file} 的磁盘已满；未写入任何内容。请腾出空间后重试\n`]);
        expect(rows.rows).toBe(0);
      }
    }
    // the low k hit the -shm and the WAL, the last ones come after the commit
    expect(outcomes.full).toBeGreaterThan(0);
    expect(outcomes.ok).toBeGreaterThan(0);
  });

  it('db init on a full disk: exit 5 and nothing left (no file, no folder), or exit 0 and a whole database', () => {
    const outcomes = { full: 0, ok: 0 };
    // the last k lies beyond every write of an init (about 300 with migration 10), so it succeeds
    for (const k of [1, 3, 6, 20, 60, 100, 200, 2000]) {
      const top = join(tempDir(), 'new');
      const file = join(top, 'sub', 'k.db');
      const r = kaoheUnderStrace('pwrite64', 'ENOSPC', k, ['db', 'init'], { KAOHE_DB: file });
      if (r.code === 0) {
        outcomes.ok++;
        expect(kaohe(['audit', 'verify'], { KAOHE_DB: file }).stdout).toMatch(/^audit chain intact: 0 rows\n/);
      } else {
        outcomes.full++;
        expect([r.code, r.stderr], `k=${k}`).toEqual([5, `kaohe: the disk holding ${file} is full; nothing was written. Free some space and try again\n`]);
        expect(existsSync(top), `k=${k}`).toBe(false);
      }
    }
    expect(outcomes.full).toBeGreaterThan(0);
    expect(outcomes.ok).toBeGreaterThan(0);
  });

  it('a backup that meets a full disk is exit 5 naming the target; no file and no journal are left', () => {
    const tc = testContext();
    tc.ctx.write((db) => {
      for (let i = 1; i <= 500; i++) tc.ctx.audit(db, 'test.step', `R-${i}`, { note: 'x'.repeat(200) });
    });
    tc.ctx.close();
    const dir = tempDir();
    const target = join(dir, 'b.db');
    const r = kaoheUnderStrace('pwrite64', 'ENOSPC', 30, ['db', 'backup', target], { KAOHE_DB: tc.ctx.dbPath });
    expect([r.code, r.stderr]).toEqual([5, `kaohe: the disk holding ${target} is full; nothing was written. Free some space and try again\n`]);
    expect(readdirSync(dir)).toEqual([]);
    expect(kaohe(['db', 'backup', target], { KAOHE_DB: tc.ctx.dbPath }).code).toBe(0);
  });
});

describe.skipIf(!canMount)('a backup onto a real full disk (a 64 KiB tmpfs)', () => {
  it('exit 5 naming the target, and the small disk is left empty', () => {
    const tc = testContext();
    tc.ctx.write((db) => {
      for (let i = 1; i <= 500; i++) tc.ctx.audit(db, 'test.step', `R-${i}`, { note: 'x'.repeat(200) });
    });
    tc.ctx.close();
    const dir = join(tempDir(), 'small');
    mkdirSync(dir);
    const target = join(dir, 'b.db');
    const setup = `mount -t tmpfs -o size=64k tmpfs "${dir}"`;
    const r = kaoheInNamespace(setup, ['db', 'backup', target], { KAOHE_DB: tc.ctx.dbPath }, `ls -A "${dir}" > "${dir}.left"`);
    expect([r.code, r.stderr]).toEqual([5, `kaohe: the disk holding ${target} is full; nothing was written. Free some space and try again\n`]);
    expect(readFileSync(`${dir}.left`, 'utf8')).toBe('');
  });
});
