// SQL of the fine fund (罚款基金): its moves, its sums, the rewards paid from it, and what
// `db check` recomputes from the records. Part of the guard store.
import type { Db } from '../core/db.js';
import { stmt } from './store.js';

export interface Reward {
  id: string;
  guardId: string;
  name: string;
  amountFen: number;
  reason: string;
  by: string;
  at: number;
  enteredAt: number;
  voidedAt: number | null;
  voidEnteredAt: number | null;
  voidReason: string | null;
}

type Row = Record<string, any>;

export type FundKind = 'fine' | 'reversal' | 'reward';
export interface FundMove { at: number; enteredAt: number; kind: FundKind; amountFen: number; noticeId: string | null; rewardId: string | null }

/** One move of the fund: `at` is when it counts, `enteredAt` when it was entered. A notice's fine
 *  and its void, a reward and its void (a 'reversal' with reward_id). */
export function nextFundMove(db: Db, m: { at: number; enteredAt: number; kind: FundKind; amountFen: number; noticeId?: string; rewardId?: string }): void {
  stmt(db, 'INSERT INTO guard_fund (at, entered_at, kind, amount_fen, notice_id, reward_id) VALUES (?, ?, ?, ?, ?, ?)').run(
    m.at, m.enteredAt, m.kind, m.amountFen, m.noticeId ?? null, m.rewardId ?? null,
  );
}

export function fundMoves(db: Db): FundMove[] {
  return (stmt(db, 'SELECT * FROM guard_fund ORDER BY at, seq').all() as Row[]).map((r) => ({
    at: r.at, enteredAt: r.entered_at ?? r.at, kind: r.kind, amountFen: r.amount_fen, noticeId: r.notice_id, rewardId: r.reward_id,
  }));
}

export interface FundTotals {
  balanceFen: number;
  /** fines in, before voids */
  finesFen: number;
  /** fines that left again (voided notices) */
  reversalsFen: number;
  /** rewards out, net of voided rewards */
  rewardsFen: number;
}

/** The fund's moves, all of them or those counting in [start, end), and only those entered at or
 *  before `asOf` (reports pass ctx.now so --now reproduces them; the ledger checks take every move). */
const FUND_SUMS = `SELECT coalesce(sum(amount_fen), 0) AS balance,
              coalesce(sum(CASE WHEN kind = 'fine' THEN amount_fen END), 0) AS fines,
              coalesce(sum(CASE WHEN kind = 'reversal' AND reward_id IS NULL THEN -amount_fen END), 0) AS reversals,
              coalesce(sum(CASE WHEN reward_id IS NOT NULL THEN -amount_fen END), 0) AS rewards
       FROM guard_fund`;

/** The fund's sums (exported for the query-plan tests): a period is a range of guard_fund_at; the
 *  whole history (the balance) one plain pass over the table, which is many times cheaper than
 *  walking the index over every row and looking each one up (issue 14: 100,000 notices). */
export const FUND_SQL = {
  period: `${FUND_SUMS} WHERE at >= @start AND at < @end AND coalesce(entered_at, at) <= @asOf`,
  all: `${FUND_SUMS} WHERE coalesce(entered_at, at) <= @asOf`,
};

export function fundTotals(db: Db, start = Number.MIN_SAFE_INTEGER, end = Number.MAX_SAFE_INTEGER, asOf = Number.MAX_SAFE_INTEGER): FundTotals {
  const whole = start === Number.MIN_SAFE_INTEGER && end === Number.MAX_SAFE_INTEGER;
  const r = (whole ? stmt(db, FUND_SQL.all).get({ asOf }) : stmt(db, FUND_SQL.period).get({ start, end, asOf })) as Row;
  return { balanceFen: r.balance, finesFen: r.fines, reversalsFen: r.reversals, rewardsFen: r.rewards };
}

/** The lowest balance the fund ever had (0 before its first move): the running sum after all the
 *  moves of each instant, as sheet.ts lowestFrom(moves, -Infinity) counts it (a window's default
 *  frame takes every move of the same instant), in one pass of guard_fund_at. For `db check`: with
 *  100,000 notices, every move read into JavaScript and sorted again cost 8x this (issue 14).
 *  Exported for the plan tests. */
export const LOWEST_FUND_SQL = 'SELECT min(0, coalesce(min(b), 0)) AS low FROM (SELECT sum(amount_fen) OVER (ORDER BY at) AS b FROM guard_fund)';

export function lowestFundBalance(db: Db): number {
  return (stmt(db, LOWEST_FUND_SQL).get() as Row).low;
}

/** db check's recomputed fund (exported for the plan tests): the fines of the effective notices,
 *  a range of guard_notices_status each probing its guards by key (never every notice or line);
 *  the rewards not voided, one pass of guard_rewards (a reward per hundreds of notices). */
export const RECOMPUTED_FUND_SQL = {
  fines: `SELECT coalesce(sum(ng.fine_fen), 0) AS s FROM guard_notice_guards ng JOIN guard_notices n ON n.id = ng.notice_id WHERE n.status = 'effective'`,
  rewards: 'SELECT coalesce(sum(amount_fen), 0) AS s FROM guard_rewards WHERE voided_at IS NULL',
};

/** Recomputed from the records, for `db check`: fines of effective notices and all rewards. */
export function recomputedFund(db: Db): { finesFen: number; rewardsFen: number } {
  const f = stmt(db, RECOMPUTED_FUND_SQL.fines).get() as Row;
  const r = stmt(db, RECOMPUTED_FUND_SQL.rewards).get() as Row;
  return { finesFen: f.s, rewardsFen: r.s };
}

/** Effective notices whose two signers are missing or the same name (should be none): a range of
 *  guard_notices_status (exported for the plan tests). */
export const BADLY_SIGNED_SQL = `SELECT id FROM guard_notices WHERE status = 'effective'
       AND (company_by IS NULL OR property_by IS NULL OR lower(trim(company_by)) = lower(trim(property_by)))`;

export function badlySignedEffective(db: Db): string[] {
  return (stmt(db, BADLY_SIGNED_SQL).all() as Row[]).map((r) => r.id);
}

export function insertReward(db: Db, r: Reward): void {
  stmt(db, 'INSERT INTO guard_rewards (id, guard_id, amount_fen, reason, by, at, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(r.id, r.guardId, r.amountFen, r.reason, r.by, r.at, r.enteredAt);
}

const toReward = (r: Row): Reward => ({
  id: r.id, guardId: r.guard_id, name: r.name, amountFen: r.amount_fen, reason: r.reason, by: r.by, at: r.at, enteredAt: r.entered_at ?? r.at,
  voidedAt: r.voided_at, voidEnteredAt: r.void_entered_at, voidReason: r.void_reason,
});

export function rewardById(db: Db, id: string): Reward | undefined {
  const r = stmt(db, 'SELECT r.*, g.name FROM guard_rewards r JOIN guards g ON g.id = r.guard_id WHERE r.id = ? COLLATE NOCASE').get(id) as Row | undefined;
  return r ? toReward(r) : undefined;
}

export function voidReward(db: Db, id: string, at: number, enteredAt: number, reason: string): void {
  stmt(db, 'UPDATE guard_rewards SET voided_at = ?, void_entered_at = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL').run(at, enteredAt, reason, id);
}

/** Rewards paid in [start, end), entered at or before `asOf` and not voided by then. */
export function rewardsBetween(db: Db, start: number, end: number, asOf: number): Reward[] {
  return (
    stmt(
      db,
      `SELECT r.*, g.name FROM guard_rewards r JOIN guards g ON g.id = r.guard_id WHERE r.at >= ? AND r.at < ? AND coalesce(r.entered_at, r.at) <= ?
       AND (r.void_entered_at IS NULL OR r.void_entered_at > ?) ORDER BY r.at, r.id`,
    ).all(start, end, asOf, asOf) as Row[]
  ).map(toReward);
}
