// `stock ledger CODE`: the running balance per location after each movement, the opening before the
// period, a location's own ledger; and the query plans that keep it an index range with no sort
// (issue 10/14: a later change must not bring a scan or a temp B-tree back).
import { describe, expect, it } from 'vitest';
import { monthPeriod, yearPeriod } from '../../src/core/period.js';
import { ledger } from '../../src/stock/report.js';
import * as svc from '../../src/stock/service.js';
import { LEDGER_ALL, LEDGER_LOC, OPENING_SQL } from '../../src/stock/store-report.js';
import { testContext } from '../helpers.js';

function plan(db: ReturnType<ReturnType<typeof testContext>['ctx']['db']>, sql: string): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ part: 'P-1', loc: 'main', from: 0, to: 1, by: 1, before: 1 }) as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join('\n');
}

describe('the ledger query plans', () => {
  it.each([
    ['every location', LEDGER_ALL],
    ['one location', LEDGER_LOC],
  ])('%s: a range of stock_moves_ledger on part and time, in running order without a sort', (_name, sql) => {
    const p = plan(testContext().ctx.db(), sql);
    expect(p).toMatch(/SEARCH m USING INDEX stock_moves_ledger \(part=\? AND at>\? AND at<\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE/);
    expect(p).not.toMatch(/SCAN/);
  });

  it('the opening balance: the range before the period', () => {
    const p = plan(testContext().ctx.db(), OPENING_SQL);
    expect(p).toMatch(/USING INDEX stock_moves_ledger \(part=\? AND at<\?\)/);
  });
});

describe('the ledger', () => {
  /** P-1: +5 main 09-30, 3 main→station:A 10-05, +2 main 10-05 (same minute, entered after), 1 station→main 10-20 (entered 10-26). */
  function book() {
    const tc = testContext({ now: '2026-10-25 10:00' });
    const { ctx } = tc;
    svc.addPart(ctx, { code: 'P-1', name: '门泵' });
    svc.receive(ctx, { part: 'P-1', qty: '5', at: '2026-09-30 10:00', reason: '补录' });
    svc.transfer(ctx, { part: 'P-1', qty: '3', from: 'main', to: 'station:A', at: '2026-10-05 10:00', reason: '补录' });
    svc.receive(ctx, { part: 'P-1', qty: '2', at: '2026-10-05 10:00', reason: '补录' });
    const t2 = tc.later('2026-10-26 10:00');
    svc.transfer(t2.ctx, { part: 'P-1', qty: '1', from: 'station:A', to: 'main', at: '2026-10-20 10:00', reason: '补录' });
    return t2;
  }

  it('every location: the opening before the month, each line with its location\'s balance, in (time, entry) order', () => {
    const tc = book();
    const l = ledger(tc.ctx, tc.ctx.db(), 'P-1', null, monthPeriod(2026, 10, tc.ctx.tz));
    expect(l.opening).toBe(5);
    expect(l.lines.map((x) => [x.slip, x.loc, x.qty, x.balance])).toEqual([
      ['S2026-0002', 'main', -3, 2], ['S2026-0002', 'station:A', 3, 3], ['S2026-0003', 'main', 2, 4],
      ['S2026-0004', 'station:A', -1, 2], ['S2026-0004', 'main', 1, 5],
    ]);
    expect(l.closing).toBe(7);
  });

  it('one location: its own opening and lines only', () => {
    const tc = book();
    const l = ledger(tc.ctx, tc.ctx.db(), 'P-1', 'station:A', yearPeriod(2026, tc.ctx.tz));
    expect(l.opening).toBe(0);
    expect(l.lines.map((x) => [x.qty, x.balance])).toEqual([[3, 3], [-1, 2]]);
    expect(l.closing).toBe(2);
  });

  it('as of a moment: only what had been entered by then', () => {
    const tc = book();
    const before = tc.later('2026-10-25 12:00'); // a read (--now) before the last transfer was entered
    const l = ledger(before.ctx, before.ctx.db(), 'P-1', 'station:A', yearPeriod(2026, before.ctx.tz));
    expect(l.lines.map((x) => x.qty)).toEqual([3]);
  });
});
