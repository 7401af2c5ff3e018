// The notices a month's pay sheet needs (issue 14): the month's own, and of every earlier month
// only what its carry (结转) is made of, so `guard month` and `report monthly` read one month of
// notices and one aggregate per earlier month, never every notice ever made.
//
// A notice made effective and voided (if at all) before the first closing (every notice, while no
// month is closed) counts on its own month's sheet when effective as of the sheet's moment, or on
// none: sheet.ts entriesOn gives it to its own month as of any cut-off at or after it was entered.
// So a guard's earlier months need only the sum of those lines (store-sheet.ts), given to the
// pay chain as one fact per guard and month. A notice made effective or voided after the first
// closing can count on a later sheet (补扣) or be reversed there: those few are read one by one,
// whatever their month.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { monthKey, monthPeriod, type Period } from '../core/period.js';
import { nextMonth, type Issue, type NoticeFacts } from './sheet.js';
import { noticeFacts } from './facts.js';
import { firstNoticeAt, lateNotices } from './store-range.js';
import { monthFacts, monthSums } from './store-sheet.js';

export interface SheetHistory {
  /** the month's own notices and the late ones of earlier months, ordered as store.allNotices;
   *  then earlier months' other notices, summed: one fact per guard and month */
  facts: NoticeFacts[];
  /** the rate each notice of `facts` was fined with (sums have none) */
  rates: Map<string, number>;
}

/** The notices the sheet of `period` needs, read at `asOf` (see the head of the file). */
export function sheetNotices(ctx: Context, db: Db, issues: Issue[], period: Period, asOf: number): SheetHistory {
  const month = monthKey(period.start, ctx.tz);
  const first = firstNoticeAt(db);
  if (first === null || first >= period.end) return { facts: [], rates: new Map() };
  // with months closed: the notices entered late, which can count on a later sheet than their own
  const since = issues.reduce((m, i) => Math.min(m, i.enteredAt), Number.POSITIVE_INFINITY);
  const late = since === Number.POSITIVE_INFINITY ? [] : lateNotices(db, since, period.end);
  const sums: NoticeFacts[] = [];
  for (let m = monthKey(first, ctx.tz); m < month; m = nextMonth(m)) {
    const p = monthPeriod(Number(m.slice(0, 4)), Number(m.slice(5, 7)), ctx.tz);
    const q = { start: p.start, end: p.end, asOf, since: Math.min(since, Number.MAX_SAFE_INTEGER) };
    for (const s of monthSums(db, q)) {
      // entered before any closing: counts in its own month as of every cut-off from now on
      sums.push({ id: `${m}:${s.guardId}`, month: m, effectiveEnteredAt: Number.MIN_SAFE_INTEGER, voidEnteredAt: null, guards: [s] });
    }
  }
  // the late notices of earlier months come first: lateNotices orders them as allNotices does
  const earlier = late.filter((n) => n.at < period.start);
  const rates = new Map(earlier.map((n) => [n.id, n.fenPerPoint]));
  const facts = noticeFacts(earlier, ctx.tz);
  let last: NoticeFacts | undefined;
  // the rows by index, not destructured: a destructuring walks each row with an array iterator
  const rows = monthFacts(db, period.start, period.end);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const line = { guardId: r[4], points: r[5], fineFen: r[6], compensationFen: r[7] };
    if (last?.id === r[0]) {
      last.guards.push(line);
      continue;
    }
    last = { id: r[0], month, effectiveEnteredAt: r[2], voidEnteredAt: r[3], guards: [line] };
    facts.push(last);
    rates.set(r[0], r[1]);
  }
  return { facts: [...facts, ...sums], rates };
}
