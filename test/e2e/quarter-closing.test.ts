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

// The ticket still pending when October was closed, met on Nov 1: Q4 and 2026 count it once (October
// as pending, November the change: pending −1, met +1), their rows add up; November alone counts it
// whole, as a ticket from earlier months.
describe('report sla: a verdict after the closing counts once in the quarter, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-later-verdict-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { KAOHE_DB: initDbFile(join(dir, 'kaohe.db')), KAOHE_TZ: 'Asia/Shanghai' };
  const ok = (now: string, ...args: string[]) => {
    const r = kaohe(args, { ...env, KAOHE_NOW: now });
    expect(r.code, r.stderr).toBe(0);
    return r;
  };
  type Figures = { tickets: number; met: number; missed: number; pending: number };
  const sum = (rows: Figures[]) => rows.reduce((a, r) => ({ tickets: a.tickets + r.tickets, met: a.met + r.met, missed: a.missed + r.missed, pending: a.pending + r.pending }), { tickets: 0, met: 0, missed: 0, pending: 0 });
  const figures = (r: Figures) => ({ tickets: r.tickets, met: r.met, missed: r.missed, pending: r.pending });

  it('Q4 and the year: tickets 1, pending 0; the month and fault rows add up; en and zh say so', () => {
    const id = ok('2026-10-31 20:00', '--json', 'ticket', 'open', '--customer', '哈尔滨公交', '--phone', '0451-86661234', '--vehicle', '黑A-2', '--fault', 'body', '--distance', '35', '--reported-at', '2026-10-31 20:00').json().id;
    const closing = ok('2026-11-01 09:00', 'close', '--month', '2026-10');
    expect(closing.stdout + closing.stderr).toContain(id);
    ok('2026-11-01 15:00', 'ticket', 'respond', id, '--at', '2026-11-01 15:00');
    for (const period of [['--quarter', '2026Q4'], ['--year', '2026']]) {
      const r = ok('2026-11-20 09:00', '--json', 'report', 'sla', ...period, '--by', 'month').json();
      expect(figures(r), period[1]).toEqual({ tickets: 1, met: 1, missed: 0, pending: 0 });
      expect(sum(r.groups)).toEqual(figures(r));
      expect(r.groups.find((g: { key: string }) => g.key === '2026-11').from_earlier).toMatchObject({ tickets: 0, met: 1, pending: -1, later_verdicts: 1, pending_settled: 1 });
      const f = ok('2026-11-20 09:00', '--json', 'report', 'sla', ...period, '--by', 'fault').json();
      expect(sum(f.groups)).toEqual(figures(r));
    }
    const nov = ok('2026-11-20 09:00', '--json', 'report', 'sla', '--month', '2026-11').json();
    expect(figures(nov)).toEqual({ tickets: 1, met: 1, missed: 0, pending: 0 });
    expect(nov.from_earlier).toMatchObject({ tickets: 1, later_verdicts: 1, pending_settled: 0 });

    const en = ok('2026-11-20 09:00', '--lang', 'en', 'report', 'sla', '--quarter', '2026Q4', '--by', 'month').stdout;
    expect(en).toContain('2026-11: from earlier months 0; later verdicts of tickets pending at their month\'s closing 1, of which 1 already counted as pending in their month (pending −1, no new ticket)');
    const zh = ok('2026-11-20 09:00', '--lang', 'zh', 'report', 'sla', '--quarter', '2026Q4', '--by', 'month').stdout;
    expect(zh).toContain('2026-11: 以前月份补录 0；结账时未到期的服务单本月出结论 1，其中 1 张已在其月份计为未到期（未到期 −1，不另计服务单）');
    const zhNov = ok('2026-11-20 09:00', '--lang', 'zh', 'report', 'sla', '--month', '2026-11').stdout;
    expect(zhNov).toContain('以前月份补录 1；结账时未到期的服务单本月出结论 1');
  }, 60_000);
});
