// db check's "fund never below zero" (SPEC §4 一(六)) counted in SQL (store-fund.ts
// lowestFundBalance, issue 14): the same lowest balance as sheet.ts lowestFrom over every move,
// the moves of one instant taken together, and read in one pass of guard_fund_at.
import { describe, expect, it } from 'vitest';
import { fundMoves, LOWEST_FUND_SQL, lowestFundBalance } from '../../src/guard/store.js';
import { lowestFrom } from '../../src/guard/sheet.js';
import { testContext } from '../helpers.js';

type Move = [at: number, fen: number];

const cases: Array<[string, Move[], number]> = [
  ['no move at all', [], 0],
  ['fines only', [[10, 500], [20, 300]], 0],
  ['a reward paid before any fine came in', [[10, -200], [20, 500]], -200],
  ['a fine and a larger reward at the same instant count together', [[10, 100], [10, -300], [20, 500]], -200],
  ['a reward then its reversal at the same instant: never below zero', [[10, 100], [20, -300], [20, 300]], 0],
  ['the lowest in the middle', [[10, 1000], [20, -700], [30, -600], [40, 900], [50, -1200]], -600],
  ['moves entered out of time order', [[50, -1200], [10, 1000], [40, 900], [30, -600], [20, -700]], -600],
  ['large amounts, exact', [[1, 9_000_000_000_000], [2, -9_000_000_000_001]], -1],
];

describe('the fund\'s lowest balance, in SQL as in lowestFrom', () => {
  it.each(cases)('%s', (_name, moves, lowest) => {
    const db = testContext().ctx.db();
    const insert = db.prepare('INSERT INTO guard_fund (at, entered_at, kind, amount_fen) VALUES (?, ?, ?, ?)');
    for (const [at, fen] of moves) insert.run(at, at, fen >= 0 ? 'fine' : 'reward', fen);
    expect(lowestFrom(fundMoves(db), Number.NEGATIVE_INFINITY).balanceFen).toBe(lowest);
    expect(lowestFundBalance(db)).toBe(lowest);
  });

  it('reads guard_fund_at once, in its order (no sort of its own)', () => {
    const db = testContext().ctx.db();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${LOWEST_FUND_SQL}`).all() as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan).toContain('SCAN guard_fund USING INDEX guard_fund_at');
    expect(plan.some((d) => d.includes('TEMP B-TREE'))).toBe(false);
  });
});
