// The SQL of `report guard`: one aggregate per section over the period's index range of
// guard_notices (guard_notices_at), never every notice ever written (issue 14). As of `asOf`
// (SPEC §0): a notice counts when both signatures had been entered by then and its void not yet.
import type { Db } from '../core/db.js';
import { stmt } from './store.js';

export interface GuardTotals { id: string; name: string; notices: number; points: number; fineFen: number; compensationFen: number }
export interface RuleTotals { rule: number; notices: number; guards: number; points: number; fineFen: number }

const EFFECTIVE = `n.at >= @start AND n.at < @end AND n.effective_entered_at <= @asOf
  AND (n.void_entered_at IS NULL OR n.void_entered_at > @asOf)`;

export const GUARD_TOTALS_SQL = `SELECT ng.guard_id AS id, coalesce(g.name, ng.guard_id) AS name, count(*) AS notices,
    sum(ng.points) AS points, sum(ng.fine_fen) AS fineFen, sum(ng.compensation_fen) AS compensationFen
  FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id LEFT JOIN guards g ON g.id = ng.guard_id
  WHERE ${EFFECTIVE}
  GROUP BY ng.guard_id`;

export const RULE_TOTALS_SQL = `SELECT n.rule AS rule, count(DISTINCT n.id) AS notices, count(*) AS guards,
    sum(ng.points) AS points, sum(ng.fine_fen) AS fineFen
  FROM guard_notices n INDEXED BY guard_notices_at JOIN guard_notice_guards ng ON ng.notice_id = n.id
  WHERE ${EFFECTIVE}
  GROUP BY n.rule`;
// (INDEXED BY: grouped by rule, the planner would otherwise walk all of guard_notices_rule, migration 14)

/** Drafts (written, neither effective nor voided yet) and voids, as of `asOf`, of the period. */
export const NOTICE_STATES_SQL = `SELECT
    coalesce(sum(CASE WHEN (n.effective_entered_at IS NULL OR n.effective_entered_at > @asOf)
                       AND (n.void_entered_at IS NULL OR n.void_entered_at > @asOf) THEN 1 ELSE 0 END), 0) AS drafts,
    coalesce(sum(CASE WHEN n.void_entered_at <= @asOf THEN 1 ELSE 0 END), 0) AS voids
  FROM guard_notices n WHERE n.at >= @start AND n.at < @end AND n.created_at <= @asOf`;

type Range = { start: number; end: number; asOf: number };

export function guardTotals(db: Db, q: Range): GuardTotals[] {
  return stmt(db, GUARD_TOTALS_SQL).all(q) as GuardTotals[];
}

export function ruleTotals(db: Db, q: Range): RuleTotals[] {
  return stmt(db, RULE_TOTALS_SQL).all(q) as RuleTotals[];
}

export function noticeStates(db: Db, q: Range): { drafts: number; voids: number } {
  return stmt(db, NOTICE_STATES_SQL).get(q) as { drafts: number; voids: number };
}
