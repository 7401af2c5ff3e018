// The SQL of a pay sheet's history (month-history.ts, issue 14): the carry (结转) into a month
// comes from every earlier month, but only as sums per guard, so the months before the sheet's
// are read as one aggregate each over their index range of guard_notices_at, never as notices.
import { cachedStatement, type Db } from '../core/db.js';

/** One guard's lines in a month of notices counted on that month's own sheet. */
export interface MonthSums { guardId: string; points: number; fineFen: number; compensationFen: number }

/** The lines of notices whose violation happened in [@start, @end), effective as of @asOf (both
 *  signatures entered by then, the void not), and entered (made effective, voided) before @since,
 *  the first closing: such a notice counts on its own month's sheet and nowhere else; those entered
 *  since are read one by one (store-range.ts lateNotices). Exported for the query-plan tests. */
export const MONTH_SUMS_SQL = `SELECT ng.guard_id AS guardId, sum(ng.points) AS points, sum(ng.fine_fen) AS fineFen,
    sum(ng.compensation_fen) AS compensationFen
  FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id
  WHERE n.at >= @start AND n.at < @end AND n.effective_entered_at <= @asOf AND n.effective_entered_at < @since
    AND (n.void_entered_at IS NULL OR (n.void_entered_at > @asOf AND n.void_entered_at < @since))
  GROUP BY ng.guard_id ORDER BY ng.guard_id`;

export function monthSums(db: Db, q: { start: number; end: number; asOf: number; since: number }): MonthSums[] {
  return cachedStatement(db, MONTH_SUMS_SQL).all(q) as MonthSums[];
}

/** A notice of the month as the pay sheet takes it (sheet.ts NoticeFacts), one row per guard line:
 *  only the columns the sheet reads (a whole notice row costs ten times more to make in JS). */
export type FactRow = [
  id: string, fenPerPoint: number, effectiveEnteredAt: number | null, voidEnteredAt: number | null,
  guardId: string, points: number, fineFen: number, compensationFen: number,
];

/** The lines of the notices whose violation happened in [@start, @end), each notice's lines
 *  together and in the order they were written (as store-range.ts noticesBetween gives them), as
 *  one JSON array of FactRows. The driver makes a row's every column through V8's API (~1,100
 *  instructions each: 118M of `guard month`'s 1,620M at 1,000,000 tickets, 8 columns of ~9,000
 *  lines); JSON.parse makes them all at once for about half (the sqlite3 shell costs the same with
 *  or without the JSON). The array follows the subquery's ORDER BY: SQLite keeps a FROM subquery's
 *  ORDER BY under an aggregate such as json_group_array (the query-plan test checks it is planned,
 *  test/guard/month-facts.test.ts the order). Exported for the query-plan tests. */
export const MONTH_FACTS_SQL = `SELECT json_group_array(json_array(id, rate, effective, voided, guard, points, fine, compensation)) FROM (
  SELECT n.id AS id, n.fen_per_point AS rate, n.effective_entered_at AS effective, n.void_entered_at AS voided,
      ng.guard_id AS guard, ng.points AS points, ng.fine_fen AS fine, ng.compensation_fen AS compensation
    FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id JOIN guards g ON g.id = ng.guard_id
    WHERE n.at >= @start AND n.at < @end ORDER BY n.at, n.id, ng.rowid)`;

export function monthFacts(db: Db, start: number, end: number): FactRow[] {
  return JSON.parse(cachedStatement(db, MONTH_FACTS_SQL).pluck(true).get({ start, end }) as string) as FactRow[];
}
