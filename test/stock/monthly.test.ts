// The stock section of `kaohe report monthly` on a small store (test/stock/fixtures.ts): every
// figure counted by hand from the steps below, the tables and the chart, null for an empty month.
import { describe, expect, it } from 'vitest';
import { monthPeriod } from '../../src/core/period.js';
import * as claims from '../../src/stock/service-claim.js';
import * as req from '../../src/stock/service-req.js';
import { stockMonthly } from '../../src/stock/monthly.js';
import { store } from './fixtures.js';
import { testContext, type TestContext } from '../helpers.js';

/** P-1001 ×5 received 09-30. October: Q2026-0001 ×1 issued 10-01, its old part back 10-02 (written off
 *  on the approved report); Q2026-0002 ×1 requested and approved, never issued; claim C2026-0001
 *  ¥120 paid with ¥100 recovered, C2026-0002 ¥50 still open. */
function october(): TestContext {
  const tc = store('approved');
  const { ctx } = tc;
  req.request(ctx, { part: 'P-1001', qty: '1', ticket: 'T2026-0001', by: '王强', at: '2026-10-01 20:00', reason: '补录' });
  req.approve(ctx, { id: 'Q2026-0001', by: '周经理', at: '2026-10-01 20:10', reason: '补录' });
  req.issue(ctx, { id: 'Q2026-0001', at: '2026-10-01 21:00', reason: '补录' });
  expect(req.oldPart(ctx, { id: 'Q2026-0001', qty: '1', at: '2026-10-02 12:00', reason: '补录' }).result.status).toBe('written_off');
  req.request(ctx, { part: 'P-1001', qty: '1', ticket: 'T2026-0001', by: '王强', at: '2026-10-02 14:00', reason: '补录' });
  req.approve(ctx, { id: 'Q2026-0002', by: '周经理', at: '2026-10-02 14:10', reason: '补录' });
  claims.openClaim(ctx, { supplier: '宇通配件', ticket: 'T2026-0001', part: 'P-1001', amount: '120' });
  claims.setClaim(ctx, { id: 'C2026-0001', status: 'submitted' });
  claims.setClaim(ctx, { id: 'C2026-0001', status: 'accepted' });
  claims.setClaim(ctx, { id: 'C2026-0001', status: 'paid', recovered: '100' });
  claims.openClaim(ctx, { supplier: '宇通配件', ticket: 'T2026-0001', part: 'P-1001', amount: '50' });
  return tc;
}

const month = (tc: TestContext, y: number, m: number) => stockMonthly(tc.ctx, tc.ctx.db(), monthPeriod(y, m, tc.ctx.tz));

describe('the stock section of the monthly report', () => {
  it('October: the figures counted by hand, typed tables, the chart by location', () => {
    const tc = october();
    const s = month(tc, 2026, 10)!;
    expect(s).not.toBeNull();
    expect(s.key).toBe('stock');
    expect(s.period).toBe('2026-10');
    expect(s.json).toMatchObject({
      slips: 2, issued: 1, old_back: 1, requested: 2, written_off: 1, open_requisitions: 1, old_parts_pending: 1,
      claims: { opened: 2, claimed: 170, recovered: 100, outstanding: 50 },
      by_location: [{ loc: 'main', issued: 1, old_back: 1 }],
      open: [{ id: 'Q2026-0002', status: 'approved', qty: 1, requested_at: '2026-10-02' }],
    });
    const [figures, balances, open, claimTable] = s.tables;
    expect(figures.rows.map((r) => [r.k, r.value])).toEqual([
      ['slips', 2], ['issued', 1], ['old_back', 1], ['written_off', 1], ['open', 1], ['old_pending', 1], ['claims', 2],
      ['claimed', 170], ['recovered', 100], ['outstanding', 50],
    ]);
    // balances at the month's end: 5 received, 1 issued from main; the old part in `old`
    expect(balances.rows).toEqual([
      { part: 'P-1001', loc: 'main', qty: 4, ok: 4, pending: 0, rejected: 0 },
      { part: 'P-1001', loc: 'old', qty: 1, ok: 0, pending: 0, rejected: 1 },
    ]);
    expect(balances.columns.filter((c) => c.type === 'int').map((c) => c.key)).toEqual(['qty', 'ok', 'pending', 'rejected']);
    expect(open.rows.map((r) => r.id)).toEqual(['Q2026-0002']);
    expect(claimTable.rows.map((r) => [r.id, r.status, r.claimed, r.recovered])).toEqual([['C2026-0001', 'paid', 120, 100], ['C2026-0002', 'open', 50, null]]);
    expect(claimTable.columns.find((c) => c.key === 'claimed')!.type).toBe('money');
    expect(s.charts).toEqual([expect.objectContaining({ id: 'parts_by_location', kind: 'bar', categories: ['main store'] })]);
    expect(s.charts[0].series.map((x) => x.data)).toEqual([[1], [1]]);
    expect(s.title).toBe('Spare parts');
  });

  it('September: only the receipt; what was open at its end; null for a month with nothing', () => {
    const tc = october();
    const sep = month(tc, 2026, 9)!;
    expect(sep.json).toMatchObject({ slips: 1, issued: 0, old_back: 0, written_off: 0, open_requisitions: 0, old_parts_pending: 0, claims: { opened: 0 } });
    expect(sep.tables[1].rows).toEqual([{ part: 'P-1001', loc: 'main', qty: 5, ok: 5, pending: 0, rejected: 0 }]);
    expect(sep.charts).toEqual([]);
    expect(month(tc, 2026, 8)).toBeNull();
    expect(month(tc, 2024, 1)).toBeNull();
    expect(month(tc, 2026, 11)).toBeNull(); // Q2026-0002 still open, but nothing happened in November
  });

  it('a requisition requested in October and issued in November is open at the end of October as approved', () => {
    const tc = october().later('2026-11-02 09:00');
    req.issue(tc.ctx, { id: 'Q2026-0002', at: '2026-11-01 10:00' });
    const oct = month(tc, 2026, 10)!;
    expect(oct.json).toMatchObject({ issued: 1, open: [{ id: 'Q2026-0002', status: 'approved' }] });
    const nov = month(tc, 2026, 11)!;
    expect(nov.json).toMatchObject({ slips: 1, issued: 1, open_requisitions: 1, open: [{ id: 'Q2026-0002', status: 'issued' }] });
  });

  it('in Chinese, and as of an earlier moment only what had been entered by then', () => {
    const tc = october();
    const zh = testContext({ dbPath: tc.ctx.dbPath, lang: 'zh', now: '2026-10-03 09:30', init: false });
    const s = month(zh, 2026, 10)!;
    expect([s.title, s.figures[0].label, s.tables[1].title, s.charts[0].categories[0]]).toEqual(['配件管理', '本月单据', '月末结存（按库位和配件）', '备用件库']);
    zh.ctx.close();
    // the October steps were all entered at 09:00: at 08:30 only September's receipt had been
    const before = testContext({ dbPath: tc.ctx.dbPath, now: '2026-10-03 08:30', init: false });
    expect(month(before, 2026, 10)).toBeNull();
    expect(month(before, 2026, 9)!.json).toMatchObject({ slips: 1 });
    before.ctx.close();
  });
});
