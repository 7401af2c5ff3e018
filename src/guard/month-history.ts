// The notices a month's pay sheet needs (issue 14): the month's own and, per guard, only the
// history its carry (结转) can come from, so `guard month` reads a range of notices, not all.
//
// A notice not entered late counts on the sheet of its own month (or none). A guard's carry into
// a month is at most U, run month by month from the guard's first month with U = max(0, U +
// all its notice lines of the month (whatever their state) - its base pay if it is on that sheet):
// carry never exceeds U (amounts are never negative and the carry grows with what comes in), so
// after a month where U is 0 the real carry is 0 too, and the sheet's chain can start there with
// nothing carried. U needs one sum per month per guard (an aggregate, no notice read). Once months
// are closed, a notice made effective or voided after the first closing can count on a later
// sheet (补扣): those few are read whatever their month, and U adds each of them to every month
// after its own; every other notice counts in its own month or on no sheet.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { monthKey, monthPeriod, type Period } from '../core/period.js';
import { cutoffOf, nextMonth, type GuardFacts, type Issue } from './sheet.js';
import * as store from './store.js';
import { firstNoticeAt, lateNotices, lineSums, noticesBetween } from './store-range.js';

/** payChain's onSheet for a month whose sheet is read at `cutoff`. */
function onSheet(g: GuardFacts, month: string, cutoff: number): boolean {
  const dismissed = g.dismissEnteredAt !== null && g.dismissEnteredAt <= cutoff ? g.dismissMonth : null;
  return g.enteredAt <= cutoff && month >= g.hiredMonth && (dismissed === null || month <= dismissed);
}

/** The notices the sheet of `period` needs for `guards`, read at `asOf` (see the head of the file). */
export function sheetNotices(ctx: Context, db: Db, guards: GuardFacts[], issues: Issue[], period: Period, asOf: number): store.Notice[] {
  const month = monthKey(period.start, ctx.tz);
  const first = firstNoticeAt(db);
  if (first === null || first >= period.end) return [];
  // with months closed: the notices entered late, which can count on a later sheet than their own
  const since = issues.reduce((m, i) => Math.min(m, i.enteredAt), Number.POSITIVE_INFINITY);
  const late = since === Number.POSITIVE_INFINITY ? [] : lateNotices(db, since, period.end);
  const lateLines = late.flatMap((n) => n.guards.map((g) => ({ guardId: g.guardId, month: monthKey(n.at, ctx.tz), fen: g.fineFen + g.compensationFen })));
  let from = period.start;
  if (first < period.start) {
    const sums: Array<{ month: string; start: number; fen: Map<string, number> }> = [];
    for (let m = monthKey(first, ctx.tz); m < month; m = nextMonth(m)) {
      const p = monthPeriod(Number(m.slice(0, 4)), Number(m.slice(5, 7)), ctx.tz);
      sums.push({ month: m, start: p.start, fen: lineSums(db, p.start, p.end) });
    }
    for (const g of guards) {
      const mine = lateLines.filter((l) => l.guardId === g.id);
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
        // what can count here: the month's own lines and every late line of an earlier month
        const due = (fen ?? 0) + mine.reduce((s, l) => (l.month < m.month ? s + l.fen : s), 0) + carry;
        carry = Math.max(0, due - (onSheet(g, m.month, cutoffOf(issues, m.month, asOf)) ? g.basePayFen : 0));
        if (carry === 0) restart = nextMonthStart(sums, m.month, period.start);
      }
      from = Math.min(from, restart);
    }
  }
  const own = noticesBetween(db, from, period.end);
  const earlier = late.filter((n) => n.at < from);
  if (earlier.length === 0) return own;
  return [...earlier, ...own].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
function nextMonthStart(sums: Array<{ month: string; start: number }>, month: string, end: number): number {
  const next = nextMonth(month);
  return sums.find((m) => m.month === next)?.start ?? end;
}
