// Issue 13 item 1 for the pay sheet: on the 1st, `guard month` shows the new month's sheet; while
// last month's sheet (with guards on it) has not been issued to finance, one line on stderr says so.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { initDbFile, kaohe, tempDir } from '../helpers.js';

vi.setConfig({ testTimeout: 120_000 });

describe('guard month on the first days of a month', () => {
  it('names last month\'s sheet until it is issued; not with --month, not without guards', () => {
    const db = initDbFile(join(tempDir(), 'k.db'));
    const run = (now: string, lang: string, ...args: string[]) => kaohe(args, { KAOHE_DB: db, KAOHE_NOW: now, KAOHE_LANG: lang });
    expect(run('2026-11-01 08:00', 'zh', 'guard', 'month').stderr).toBe(''); // no guards on October's sheet
    expect(run('2026-11-01 08:01', 'zh', 'guard', 'add', '--name', '张伟', '--company', '齐铁保安服务公司', '--site', '龙华物业小区', '--base-pay', '3000', '--hired', '2026-01-01').code).toBe(0);
    const zh = run('2026-12-01 08:00', 'zh', 'guard', 'month');
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('2026-12');
    expect(zh.stderr).toBe('上月（2026-11）的工资表尚未发给财务：kaohe guard month --month 2026-11\n');
    expect(run('2026-12-01 08:00', 'en', 'guard', 'month').stderr).toBe('The 2026-11 pay sheet has not been issued to finance yet: kaohe guard month --month 2026-11\n');
    expect(run('2026-12-01 08:00', 'zh', 'guard', 'month', '--month', '2026-12').stderr).toBe('');
    expect(run('2026-12-01 08:00', 'zh', '--json', 'guard', 'month').stderr).toBe('');
    expect(run('2026-12-01 09:00', 'zh', 'guard', 'month', '--month', '2026-11', '--issue').code).toBe(0);
    expect(run('2026-12-01 09:01', 'zh', 'guard', 'month').stderr).toBe('');
  });
});
