// Stock and closed months (SPEC §0): a movement or void dated in a month closed when it is entered
// counts from the first open month — the never-negative check is made there — and shows as a line
// "from earlier months" in that month's report; the closed month's report stays as at its closing.
import { describe, expect, it } from 'vitest';
import { closeMonths } from '../../src/core/closing.js';
import { monthPeriod } from '../../src/core/period.js';
import { stockPendingAtClose } from '../../src/stock/closed.js';
import { stockMonth } from '../../src/stock/monthly.js';
import { ledger, stockReport } from '../../src/stock/report.js';
import * as req from '../../src/stock/service-req.js';
import * as svc from '../../src/stock/service.js';
import * as st from '../../src/stock/store.js';
import { refusal, store } from './fixtures.js';
import { at, testContext, type TestContext } from '../helpers.js';

const TZ = 'Asia/Shanghai';
const oct = monthPeriod(2026, 10, TZ);
const nov = monthPeriod(2026, 11, TZ);

/** P-1 with `receipts` entered on their dates in October; October closed on Nov 2 10:00 (unless `close` is false). */
function book(receipts: Array<[string, number]>, close = true): TestContext {
  let tc = testContext({ now: '2026-10-01 09:00' });
  svc.addPart(tc.ctx, { code: 'P-1', name: '门泵' });
  for (const [when, qty] of receipts) {
    tc = tc.later(when);
    svc.receive(tc.ctx, { part: 'P-1', qty: String(qty), at: when });
  }
  tc = tc.later('2026-11-02 10:00');
  if (close) tc.ctx.write((db) => closeMonths(tc.ctx, db, '2026-10', ['stock']));
  return tc;
}

const mainAt = (tc: TestContext, month: typeof oct) =>
  stockReport(tc.ctx, tc.ctx.db(), month).balances.filter((b) => b.loc === 'main').reduce((n, b) => n + b.qty, 0);

describe('a movement dated in a closed month', () => {
  const cases: Array<{ name: string; receipts: Array<[string, number]>; close?: boolean; before?: (tc: TestContext) => void; move: { qty: number; at: string };
    want: { code: number; key?: string; date?: string; short?: number; countsAt?: string } }> = [
    { name: 'counts from November 1 when October is closed', receipts: [['2026-10-15 10:00', 5]], move: { qty: 3, at: '2026-10-05 10:00' },
      want: { code: 0, countsAt: '2026-11-01 00:00' } },
    { name: 'without a closing counts at its own date (and is short there)', receipts: [['2026-10-15 10:00', 5]], close: false, move: { qty: 3, at: '2026-10-05 10:00' },
      want: { code: 3, key: 'stock.rule.negative', date: '2026-10-05T10:00:00+08:00', short: 3 } },
    { name: 'is refused when a November balance would go below zero, naming that day', receipts: [['2026-10-01 10:00', 5]],
      before: (tc) => svc.transfer(tc.ctx, { part: 'P-1', qty: '4', from: 'main', to: 'station:A', at: '2026-11-02 09:00' }),
      move: { qty: 2, at: '2026-10-20 10:00' }, want: { code: 3, key: 'stock.rule.negative', date: '2026-11-02T09:00:00+08:00', short: 1 } },
    { name: 'takes what October left at its end, from November 1', receipts: [['2026-10-01 10:00', 5]], move: { qty: 5, at: '2026-10-31 23:00' },
      want: { code: 0, countsAt: '2026-11-01 00:00' } },
  ];

  it.each(cases)('$name', ({ receipts, close, before, move, want }) => {
    let tc = book(receipts, close);
    before?.(tc);
    tc = tc.later('2026-11-05 10:00');
    const r = refusal(() => svc.transfer(tc.ctx, { part: 'P-1', qty: String(move.qty), from: 'main', to: 'station:A', at: move.at, reason: '漏记' }));
    expect(r.code).toBe(want.code);
    if (want.key) expect(r).toMatchObject({ key: want.key, params: { date: want.date, short: want.short } });
    if (want.countsAt) {
      const moves = st.movesOfSlip(tc.ctx.db(), st.getSlip(tc.ctx.db(), `S2026-000${receipts.length + 1}`)!.id);
      expect(moves.map((m) => m.at)).toEqual([at(want.countsAt), at(want.countsAt)]);
      expect(st.getSlip(tc.ctx.db(), moves[0].slip)!.at).toBe(at(move.at)); // the slip keeps its own date
    }
  });
});

describe('the reports around a closed October', () => {
  /** 5 received 10-01; October closed 11-02; on 11-05 a transfer of 3 dated 10-20 and a void of the 10-01 receipt are refused /
   *  entered: the transfer is entered, then 2 more received on 11-05 so the books stay whole. */
  function scenario(): TestContext {
    const tc = book([['2026-10-01 10:00', 5]]);
    const t2 = tc.later('2026-11-05 10:00');
    svc.transfer(t2.ctx, { part: 'P-1', qty: '3', from: 'main', to: 'station:A', at: '2026-10-20 10:00', reason: '漏记' });
    return t2;
  }

  it('October as at its closing: its balances, head and figures unchanged by the late transfer', () => {
    const tc = scenario();
    const r = stockReport(tc.ctx, tc.ctx.db(), oct);
    expect(r.closing?.month).toBe('2026-10');
    expect(r.asOf).toBe(at('2026-11-02 10:00'));
    expect(mainAt(tc, oct)).toBe(5);
    expect(r.earlier).toBeNull();
    expect(stockMonth(tc.ctx, tc.ctx.db(), oct)).toMatchObject({ slips: 1, earlier: null });
  });

  it('November counts it from earlier months, and its balances hold it', () => {
    const tc = scenario();
    const r = stockReport(tc.ctx, tc.ctx.db());
    expect(r.month).toBe('2026-11');
    expect(r.earlier?.slips.map((s) => [s.id, s.kind, s.qty, s.at])).toEqual([['S2026-0002', 'transfer', 3, at('2026-10-20 10:00')]]);
    expect(r.balances.map((b) => [b.loc, b.qty])).toEqual([['main', 2], ['station:A', 3]]);
    const m = stockMonth(tc.ctx, tc.ctx.db(), nov);
    expect(m.slips).toBe(1);
    expect(m.earlier?.slips.map((s) => s.id)).toEqual(['S2026-0002']);
  });

  it('the ledger shows it where it counts, with its own date', () => {
    const tc = scenario();
    const l = ledger(tc.ctx, tc.ctx.db(), 'P-1', 'main', { ...oct, end: nov.end, label: '2026-10..2026-11', kind: 'range' });
    expect(l.lines.map((x) => [x.slip, x.at, x.dated, x.balance])).toEqual([
      ['S2026-0001', at('2026-10-01 10:00'), undefined, 5],
      ['S2026-0002', at('2026-11-01 00:00'), at('2026-10-20 10:00'), 2],
    ]);
  });

  it('a void of an October receipt entered after the closing reverses it from November 1', () => {
    let tc = book([['2026-10-01 10:00', 5], ['2026-10-02 10:00', 1]]);
    tc = tc.later('2026-11-05 10:00');
    svc.voidSlip(tc.ctx, { id: 'S2026-0002', reason: '录错' });
    expect(st.movesOfSlip(tc.ctx.db(), 'S2026-0002').map((m) => [m.qty, m.at])).toEqual([[1, at('2026-10-02 10:00')], [-1, at('2026-11-01 00:00')]]);
    expect(mainAt(tc, oct)).toBe(6); // October as closed
    expect(stockReport(tc.ctx, tc.ctx.db()).earlier?.voids.map((s) => s.id)).toEqual(['S2026-0002']);
  });

  it('closing warns about the month\'s requisitions not written off and receipts waiting for inspection', () => {
    const tc = store('resolved');
    svc.receive(tc.ctx, { part: 'P-1001', qty: '2', quality: 'pending', at: '2026-10-03 09:00' });
    req.request(tc.ctx, { part: 'P-1001', qty: '1', ticket: 'T2026-0001', by: '王强', at: '2026-10-03 09:00' });
    const w = stockPendingAtClose(tc.ctx, tc.ctx.db(), oct);
    expect(w).toEqual(['1 requisitions of the month not written off yet: Q2026-0001', '1 receipts of the month still waiting for inspection (待检): S2026-0002']);
    expect(stockPendingAtClose(tc.ctx, tc.ctx.db(), nov)).toEqual([]);
  });
});
