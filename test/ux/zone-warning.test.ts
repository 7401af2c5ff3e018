// Issue 13 item 8: no zone configured (KAOHE_TZ, TZ, the database) on a process in UTC: one line
// on stderr says months are taken in UTC; a configured zone says nothing.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers.js';

function bare(args: string[], env: Record<string, string>) {
  // no TZ, no KAOHE_TZ: the process's own zone, which TZ= pins to UTC for node itself
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the UTC warning', () => {
  it('is one line on stderr, in en and zh, when nothing names a zone and the process is in UTC', () => {
    const file = join(tempDir(), 'missing.db');
    // the machine's own zone, as a child without TZ sees it (servers and CI run in UTC)
    const machine = spawnSync(process.execPath, ['-p', 'new Date().getTimezoneOffset()'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }).stdout.trim();
    if (machine !== '0') return;
    const en = bare(['--db', file, 'letter', 'list'], { KAOHE_LANG: 'en' });
    expect(en.stderr.split('\n')[0]).toBe('warning: no time zone is configured (KAOHE_TZ, TZ or the database) and this process runs in UTC: months and days are taken in UTC');
    expect(en.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toHaveLength(1);
    const zh = bare(['--db', file, 'letter', 'list'], { KAOHE_LANG: 'zh' });
    expect(zh.stderr.split('\n')[0]).toMatch(/^注意.*没有配置时区.*UTC/);
  });

  it('says nothing for `completion` (sourced by every new shell) nor for `db path`', () => {
    const machine = spawnSync(process.execPath, ['-p', 'new Date().getTimezoneOffset()'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }).stdout.trim();
    if (machine !== '0') return;
    const file = join(tempDir(), 'missing.db');
    expect(bare(['--db', file, 'letter', 'list'], { KAOHE_LANG: 'en' }).stderr).toContain('warning: no time zone'); // the same process does warn elsewhere
    for (const args of [['completion', 'bash'], ['completion', 'zsh'], ['db', 'path']]) {
      const r = bare(['--db', file, ...args], { KAOHE_LANG: 'en' });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr, args.join(' ')).toBe('');
    }
  });

  it('says nothing when KAOHE_TZ or TZ names a zone', () => {
    const file = join(tempDir(), 'missing.db');
    for (const env of [{ KAOHE_TZ: 'Asia/Shanghai' }, { TZ: 'UTC' }, { TZ: 'Asia/Shanghai' }] as Array<Record<string, string>>) {
      const r = bare(['--db', file, 'letter', 'list'], { KAOHE_LANG: 'en', ...env });
      expect(r.code).toBe(5);
      expect(r.stderr).not.toContain('warning: no time zone');
    }
  });
});
