// The real bin/kaohe.js (run `npm run build` first): October closed with `kaohe close`, then a
// transfer dated in October entered in November (late: it needs --reason). October's stock report
// stays as it was printed at the closing; November's counts the transfer "from earlier months"; the
// never-negative check is made from November 1; and the Chinese report says 往月补录.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initDbFile, kaohe } from '../helpers.js';

describe('stock and a closed October, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-stock-close-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { KAOHE_DB: initDbFile(join(dir, 'kaohe.db')), KAOHE_TZ: 'Asia/Shanghai' };
  const run = (now: string, ...args: string[]) => kaohe(args, { ...env, KAOHE_NOW: now });
  const ok = (now: string, ...args: string[]) => {
    const r = run(now, ...args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };

  it('a late transfer leaves October as closed and counts in November', () => {
    ok('2026-10-01 08:10', 'stock', 'part', 'add', '--code', 'P-2001', '--name', '制动分泵');
    ok('2026-10-01 09:00', 'stock', 'receive', '--part', 'P-2001', '--qty', '5');
    ok('2026-10-15 09:00', 'stock', 'receive', '--part', 'P-2001', '--qty', '2', '--quality', 'pending');
    const printed = ok('2026-11-01 09:00', '--json', 'report', 'stock', '--month', '2026-10').json();
    const close = run('2026-11-02 10:00', 'close', '--month', '2026-10', '--only', 'stock');
    expect(close.code).toBe(0);
    expect(close.stderr).toContain('waiting for inspection (待检): S2026-0002'); // closing warns about what is pending

    // dated in closed October: a late entry, refused without a reason (exit 2), then entered
    expect(run('2026-11-05 10:00', 'stock', 'transfer', '--part', 'P-2001', '--qty', '3', '--from', 'main', '--to', 'station:哈尔滨服务站', '--at', '2026-10-20 10:00').code).toBe(2);
    ok('2026-11-05 10:00', 'stock', 'transfer', '--part', 'P-2001', '--qty', '3', '--from', 'main', '--to', 'station:哈尔滨服务站', '--at', '2026-10-20 10:00', '--reason', '漏记');
    // another one would leave main below zero on November 1
    const short = run('2026-11-05 10:05', 'stock', 'transfer', '--part', 'P-2001', '--qty', '3', '--from', 'main', '--to', 'station:哈尔滨服务站', '--at', '2026-10-21 10:00', '--reason', '漏记');
    expect(short.code).toBe(3);
    expect(short.stderr).toContain('2026-11-01');

    const october = ok('2026-11-06 09:00', '--json', 'report', 'stock', '--month', '2026-10').json();
    expect(october.balances).toEqual(printed.balances);
    expect(october.closed).toMatchObject({ closed_at: '2026-11-02T10:00:00+08:00' });
    expect(october.from_earlier).toBeUndefined();

    const november = ok('2026-11-06 09:00', '--json', 'report', 'stock').json();
    expect(november.month).toBe('2026-11');
    expect(november.from_earlier.slips).toEqual([{ id: 'S2026-0003', kind: 'transfer', part: 'P-2001', qty: 3, dated: '2026-10-20T10:00:00+08:00' }]);
    expect(november.balances.filter((b: { quality?: string; loc: string }) => b.loc !== 'main')).toEqual([{ part: 'P-2001', loc: 'station:哈尔滨服务站', qty: 3 }]);

    const zh = ok('2026-11-06 09:00', '--lang', 'zh', 'report', 'stock').stdout;
    expect(zh).toContain('往月补录（2026-11）：S2026-0003');
    const ledger = ok('2026-11-06 09:00', '--json', 'stock', 'ledger', 'P-2001', '--loc', 'main', '--year', '2026').json();
    expect(ledger.lines.at(-1)).toMatchObject({ slip: 'S2026-0003', at: '2026-11-01T00:00:00+08:00', dated: '2026-10-20T10:00:00+08:00', balance: 4 }); // 5 + 2 pending − 3
  }, 60_000);
});
