// The notices a month's pay sheet needs (issue 14): the month's own and, per guard, only the
// history its carry (结转) can come from, so `guard month` reads a range of notices, not all.
//
// With no month ever closed, a notice counts on the sheet of its own month. A guard's carry into
// a month is then at most U, run month by month from the guard's first month with U = max(0, U +
// all its notice lines of the month (whatever their state) - its base pay if it is on that sheet):
// carry never exceeds U (amounts are never negative and the carry grows with what comes in), so
// after a month where U is 0 the real carry is 0 too, and the sheet's chain can start there with
// nothing carried. U needs one sum per month per guard (an aggregate, no notice read); a month
// closed (issued) moves notices to later sheets (补扣), and then the sheet reads every notice.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { monthKey, monthPeriod, type Period } from '../core/period.js';
import { nextMonth, type GuardFacts, type Issue } from './sheet.js';
import * as store from './store.js';
import { firstNoticeAt, lineSums, noticesBetween } from './store-range.js';

/** payChain's onSheet for a month as of `asOf` with no month closed. */
function onSheet(g: GuardFacts, month: string, asOf: number): boolean {
  const dismissed = g.dismissEnteredAt !== null && g.dismissEnteredAt <= asOf ? g.dismissMonth : null;
  return g.enteredAt <= asOf && month >= g.hiredMonth && (dismissed === null || month <= dismissed);
}

/** The notices the sheet of `period` (the month `month`) needs for `guards`, read at `asOf`. */
export function sheetNotices(ctx: Context, db: Db, guards: GuardFacts[], issues: Issue[], period: Period, asOf: number): store.Notice[] {
  if (issues.length > 0) return store.allNotices(db);
  const month = monthKey(period.start, ctx.tz);
  const first = firstNoticeAt(db);
  if (first === null || first >= period.end) return [];
  let from = period.start;
  if (first < period.start) {
    const sums: Array<{ month: string; start: number; fen: Map<string, number> }> = [];
    for (let m = monthKey(first, ctx.tz); m < month; m = nextMonth(m)) {
      const p = monthPeriod(Number(m.slice(0, 4)), Number(m.slice(5, 7)), ctx.tz);
      sums.push({ month: m, start: p.start, fen: lineSums(db, p.start, p.end) });
    }
    for (const g of guards) {
      let started = false;
      let carry = 0;
      let restart = period.start;
      for (const m of sums) {
        const fen = m.fen.get(g.id);
        if (!started) {
          if (fen === undefined && m.month < g.hiredMonth) continue;
          started = true;
          restart = m.start;
        }
        carry = Math.max(0, (fen ?? 0) + carry - (onSheet(g, m.month, asOf) ? g.basePayFen : 0));
        if (carry === 0) restart = nextMonthStart(sums, m.month, period.start);
      }
      from = Math.min(from, restart);
    }
  }
  return noticesBetween(db, from, period.end);
}

function nextMonthStart(sums: Array<{ month: string; start: number }>, month: string, end: number): number {
  const next = nextMonth(month);
  return sums.find((m) => m.month === next)?.start ?? end;
}
