// The real bin/kaohe.js (run `npm run build` first), the colleague's example of issue 9: a ticket
// dated Sep 20 entered on Nov 6 after September and October were closed. Q3 printed before and after
// reads the same; Q4's headline counts it once (November, "from earlier months"), and its month rows
// add up to the headline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initDbFile, kaohe } from '../helpers.js';

describe('report sla --quarter over closed months, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-quarter-close-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { KAOHE_DB: initDbFile(join(dir, 'kaohe.db')), KAOHE_TZ: 'Asia/Shanghai' };
  const run = (now: string, ...args: string[]) => kaohe(args, { ...env, KAOHE_NOW: now });
  const ok = (now: string, ...args: string[]) => {
    const r = run(now, ...args);
    expect(r.code, r.stderr).toBe(0);
    return r;
  };
  const open = (now: string, reportedAt: string, ...extra: string[]) =>
    ok(now, '--json', 'ticket', 'open', '--customer', '哈尔滨公交', '--phone', '0451-86661234', '--vehicle', '黑A-1', '--fault', 'body', '--distance', '35', '--reported-at', reportedAt, ...extra);
  type Row = { key: string; tickets: number; from_earlier?: { tickets: number } };
  const sum = (rows: Row[]) => rows.reduce((n, r) => n + r.tickets, 0);

  it('a late ticket leaves Q3 as printed and counts once in Q4, in November', () => {
    open('2026-09-10 09:00', '2026-09-10 09:00');
    ok('2026-10-02 09:00', 'close', '--month', '2026-09');
    open('2026-10-10 09:00', '2026-10-10 09:00');
    ok('2026-11-02 09:00', 'close', '--month', '2026-10');
    const q3 = ok('2026-11-05 09:00', '--json', 'report', 'sla', '--quarter', '2026Q3', '--by', 'month').json();
    const q4 = ok('2026-11-05 09:00', '--json', 'report', 'sla', '--quarter', '2026Q4', '--by', 'month').json();

    open('2026-11-06 09:00', '2026-09-20 09:00', '--reason', '纸质单漏登');
    const q3after = ok('2026-11-20 09:00', '--json', 'report', 'sla', '--quarter', '2026Q3', '--by', 'month').json();
    const q4after = ok('2026-11-20 09:00', '--json', 'report', 'sla', '--quarter', '2026Q4', '--by', 'month').json();
    expect(q3after.tickets).toBe(q3.tickets);
    expect(q3after.groups).toEqual(q3.groups);
    expect(q4after.tickets).toBe(q4.tickets + 1);
    expect(q4after.from_earlier).toMatchObject({ tickets: 1 });
    expect(q4after.groups.find((g: Row) => g.key === '2026-11').from_earlier).toMatchObject({ tickets: 1 });
    for (const r of [q3, q4, q3after, q4after]) expect(sum(r.groups)).toBe(r.tickets);

    const zh = ok('2026-11-20 09:00', '--lang', 'zh', 'report', 'sla', '--quarter', '2026Q4', '--by', 'month').stdout;
    expect(zh).toContain('2026-11: 以前月份补录 1');
  }, 60_000);
});
