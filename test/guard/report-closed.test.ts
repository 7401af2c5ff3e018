// issue 9, SPEC §0 "Closed months" for `report guard`: the report follows the pay sheets. A closed
// month is reported as of its closing; a notice that becomes effective (or is voided) after its
// month was closed counts in the month whose sheet carries it, marked as from an earlier month;
// a quarter is the sum of its months and the notice counts in it exactly once.
import { describe, expect, it } from 'vitest';
import { closeService } from '../../src/admin/service-close.js';
import type { Context } from '../../src/core/context.js';
import { monthPeriod, quarterPeriod, type Period } from '../../src/core/period.js';
import { guardReport, monthSheet } from '../../src/guard/report.js';
import { addGuard, deduct, sign, voidNotice } from '../../src/guard/service.js';
import { renderReport } from '../../src/guard/view.js';
import { loadModules } from '../../src/modules.js';
import { TZ } from '../helpers.js';
import { clerk, type Clerk } from './clerk.js';

const modules = await loadModules();
const oct = monthPeriod(2026, 10, TZ);
const nov = monthPeriod(2026, 11, TZ);
const dec = monthPeriod(2026, 12, TZ);
const q4 = quarterPeriod(2026, 4, TZ);
const CO = { company: '齐铁保安服务公司', site: '龙华物业小区' };

/** 张伟: a notice effective in October (rule 6, 4 points) and one for Oct 30 signed by the company
 *  only (rule 1, 2 points); October closed on Nov 1. */
function october(): { c: Clerk; done: string; pending: string } {
  const c = clerk('2026-10-01 09:00');
  c.at('2026-10-01 09:00', (ctx) => addGuard(ctx, { name: '张伟', ...CO, basePay: '3200', hired: '2025-03-01' }));
  const done = c.at('2026-10-10 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '6', at: '2026-10-10 08:00', inspector: '王建国' })).id;
  c.at('2026-10-10 10:00', (ctx) => sign(ctx, { id: done, side: 'company', by: '王建国' }));
  c.at('2026-10-10 11:00', (ctx) => sign(ctx, { id: done, side: 'property', by: '陈丽' }));
  const pending = c.at('2026-10-30 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '1', at: '2026-10-30 08:00', inspector: '王建国' })).id;
  c.at('2026-10-31 09:00', (ctx) => sign(ctx, { id: pending, side: 'company', by: '王建国' }));
  c.at('2026-11-01 09:00', (ctx) => closeService(ctx, { month: '2026-10' }, modules));
  return { c, done, pending };
}

const report = (c: Clerk, now: string, p: Period) => c.read(now, (ctx) => guardReport(ctx.db(), p, ctx.now, ctx.tz));
const fine = (c: Clerk, now: string, p: Period) => report(c, now, p).periodFinesFen;
const sheetFine = (c: Clerk, now: string, p: Period) => c.read(now, (ctx) => monthSheet(ctx, ctx.db(), p).totalFineFen);

describe('report guard with October closed', () => {
  // what happens after the closing; October's fine, November's fine and its 补扣 lines (fen)
  it.each([
    ['nothing', () => {}, 800, 0, []],
    ['the second signature of the Oct 30 notice on Nov 3', (ctx: Context, n: { pending: string }) => sign(ctx, { id: n.pending, side: 'property', by: '陈丽' }), 800, 400, [400]],
    ['a void of the Oct 10 notice on Nov 3', (ctx: Context, n: { done: string }) => voidNotice(ctx, { id: n.done, reason: '复核撤销' }), 800, -800, [-800]],
  ])('after %s: October as at its closing, November as its pay sheet, Q4 the sum', (_what, act, octFine, novFine, earlier) => {
    const { c, done, pending } = october();
    const before = { oct: report(c, '2026-11-02 09:00', oct), q4: report(c, '2026-11-02 09:00', q4) };
    c.at('2026-11-03 09:00', (ctx) => act(ctx, { done, pending }));
    const now = '2026-11-04 09:00';
    // October's report never changes
    expect(report(c, now, oct)).toEqual(before.oct);
    expect(fine(c, now, oct)).toBe(octFine);
    // November's report follows November's pay sheet, the late notice marked as from an earlier month
    expect(fine(c, now, nov)).toBe(novFine);
    expect(fine(c, now, nov)).toBe(sheetFine(c, now, nov));
    expect(fine(c, now, oct)).toBe(sheetFine(c, now, oct));
    expect(report(c, now, nov).fromEarlier?.entries.map((e) => e.fineFen) ?? []).toEqual(earlier);
    expect(report(c, now, nov).fromEarlier?.entries.every((e) => e.month === '2026-10') ?? true).toBe(true);
    // the quarter is the sum of its months: the late notice counts once
    const q = report(c, now, q4);
    expect(q.periodFinesFen).toBe(fine(c, now, oct) + fine(c, now, nov) + fine(c, now, dec));
    expect(q.periodFinesFen).toBe(before.q4.periodFinesFen + novFine);
    expect(q.guards.reduce((n, g) => n + g.fineFen, 0)).toBe(q.periodFinesFen);
    expect(q.rules.reduce((n, r) => n + r.fineFen, 0)).toBe(q.periodFinesFen);
  });

  it('the late notice is in November\'s figures by guard and by rule, and in its from-earlier lines', () => {
    const { c, pending } = october();
    c.at('2026-11-03 09:00', (ctx) => sign(ctx, { id: pending, side: 'property', by: '陈丽' }));
    const c2 = report(c, '2026-11-04 09:00', nov);
    expect(c2.fromEarlier).toMatchObject({ points: 2, fineFen: 400, entries: [{ notice: pending, month: '2026-10', points: 2, fineFen: 400 }] });
    expect(c2.guards).toMatchObject([{ name: '张伟', notices: 1, points: 2, fineFen: 400 }]);
    expect(c2.rules).toMatchObject([{ rule: 1, notices: 1, points: 2, fineFen: 400 }]);
  });

  it('renders from_earlier in JSON and a 补扣 note in the table', () => {
    const { c, pending } = october();
    c.at('2026-11-03 09:00', (ctx) => sign(ctx, { id: pending, side: 'property', by: '陈丽' }));
    for (const format of ['json', 'table'] as const) {
      let out = '';
      c.read('2026-11-04 09:00', (ctx) => {
        Object.assign(ctx, { format, io: { ...ctx.io, out: (s: string) => void (out += s) } });
        renderReport(ctx, guardReport(ctx.db(), nov, ctx.now, ctx.tz));
      });
      if (format === 'json') expect(JSON.parse(out).from_earlier).toMatchObject({ points: 2, fine: 4, notices: [{ notice: pending, month: '2026-10', fine: 4 }] });
      else expect(out).toContain(`补扣 ${pending} (2026-10)`);
    }
  });
});
