// All SQL of the guard module. Rows (snake_case) become domain types here.
import { closings } from '../core/closing.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../core/db.js';
import type { InspectionKind, NoticeStatus, Side } from './rules.js';
import type { Issue } from './sheet.js';

const statements = new WeakMap<Db, Map<string, Statement>>();
/** A prepared statement, cached per database (shared with store-report.ts). */
export function stmt(db: Db, sql: string): Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

export interface Guard {
  id: string;
  name: string;
  company: string;
  site: string;
  basePayFen: number;
  hired: string | null;
  status: 'active' | 'dismissed';
  dismissedAt: number | null;
  dismissReason: string | null;
  /** when the guard was added (--at) and when that was entered */
  createdAt: number;
  enteredAt: number;
  dismissEnteredAt: number | null;
}

export interface NoticeGuard {
  guardId: string;
  name: string;
  points: number;
  fineFen: number;
  compensationFen: number;
}

export interface Notice {
  id: string;
  rule: number;
  points: number;
  fenPerPoint: number;
  at: number;
  inspector: string;
  kind: InspectionKind;
  compensationFen: number;
  note: string | null;
  status: NoticeStatus;
  companyBy: string | null;
  companySignedAt: number | null;
  propertyBy: string | null;
  propertySignedAt: number | null;
  effectiveAt: number | null;
  voidReason: string | null;
  voidedAt: number | null;
  /** when the notice was entered (the violation time is `at`) */
  createdAt: number;
  createdBy: string;
  guards: NoticeGuard[];
  companyEnteredAt: number | null;
  propertyEnteredAt: number | null;
  effectiveEnteredAt: number | null;
  voidEnteredAt: number | null;
}

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

const toGuard = (r: Row): Guard => ({
  id: r.id, name: r.name, company: r.company, site: r.site, basePayFen: r.base_pay_fen, hired: r.hired,
  status: r.status, dismissedAt: r.dismissed_at, dismissReason: r.dismiss_reason, createdAt: r.created_at,
  enteredAt: r.entered_at ?? r.created_at, dismissEnteredAt: r.dismiss_entered_at,
});

export function nextGuardId(db: Db): string {
  const row = stmt(db, "SELECT count(*) AS n FROM guards").get() as { n: number };
  return `GD${String(row.n + 1).padStart(3, '0')}`;
}

export function insertGuard(db: Db, g: Guard): void {
  stmt(db,
    `INSERT INTO guards (id, name, company, site, base_pay_fen, hired, status, dismissed_at, dismiss_reason, created_at, entered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(g.id, g.name, g.company, g.site, g.basePayFen, g.hired, g.status, g.dismissedAt, g.dismissReason, g.createdAt, g.enteredAt);
}

export function allGuards(db: Db): Guard[] {
  return (db.prepare('SELECT * FROM guards ORDER BY id').all() as Row[]).map(toGuard);
}

export function guardById(db: Db, id: string): Guard | undefined {
  const r = stmt(db, 'SELECT * FROM guards WHERE id = ? COLLATE NOCASE').get(id) as Row | undefined;
  return r ? toGuard(r) : undefined;
}

export function guardsByName(db: Db, name: string): Guard[] {
  return (stmt(db, 'SELECT * FROM guards WHERE name = ? ORDER BY id').all(name) as Row[]).map(toGuard);
}

export function dismissGuard(db: Db, id: string, at: number, enteredAt: number, reason: string): void {
  stmt(db, "UPDATE guards SET status = 'dismissed', dismissed_at = ?, dismiss_entered_at = ?, dismiss_reason = ? WHERE id = ? AND status = 'active'").run(at, enteredAt, reason, id);
}

export function insertNotice(db: Db, n: Notice): void {
  stmt(db,
    `INSERT INTO guard_notices (id, rule, points, fen_per_point, at, inspector, kind, compensation_fen, note, status,
       company_by, company_signed_at, property_by, property_signed_at, effective_at, void_reason, voided_at, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?)`,
  ).run(n.id, n.rule, n.points, n.fenPerPoint, n.at, n.inspector, n.kind, n.compensationFen, n.note, n.status, n.createdAt, n.createdBy);
  const add = stmt(db, 'INSERT INTO guard_notice_guards (notice_id, guard_id, points, fine_fen, compensation_fen) VALUES (?, ?, ?, ?, ?)');
  for (const g of n.guards) add.run(n.id, g.guardId, g.points, g.fineFen, g.compensationFen);
}

const toNoticeGuard = (r: Row): NoticeGuard => ({ guardId: r.guard_id, name: r.name, points: r.points, fineFen: r.fine_fen, compensationFen: r.compensation_fen });

function noticeGuards(db: Db, id: string): NoticeGuard[] {
  return (stmt(
    db,
    'SELECT ng.guard_id, g.name, ng.points, ng.fine_fen, ng.compensation_fen FROM guard_notice_guards ng JOIN guards g ON g.id = ng.guard_id WHERE ng.notice_id = ? ORDER BY ng.rowid',
  ).all(id) as Row[]).map(toNoticeGuard);
}

/** Every notice with its guards, in two queries (the pay sheets and the fund work on all of them). */
export function allNotices(db: Db): Notice[] {
  const byNotice = new Map<string, NoticeGuard[]>();
  for (const r of db.prepare(
    'SELECT ng.notice_id, ng.guard_id, g.name, ng.points, ng.fine_fen, ng.compensation_fen FROM guard_notice_guards ng JOIN guards g ON g.id = ng.guard_id ORDER BY ng.rowid',
  ).all() as Row[]) {
    const list = byNotice.get(r.notice_id) ?? [];
    list.push(toNoticeGuard(r));
    byNotice.set(r.notice_id, list);
  }
  return (db.prepare('SELECT * FROM guard_notices ORDER BY at, id').all() as Row[]).map((r) => toNotice(db, r, byNotice.get(r.id) ?? []));
}

/** A notice row with its guards (store-range.ts reads them by range). */
export const toNoticeRow = (r: Row, guards: NoticeGuard[]): Notice => toNotice(null as unknown as Db, r, guards);

const toNotice = (db: Db, r: Row, guards?: NoticeGuard[]): Notice => ({
  id: r.id, rule: r.rule, points: r.points, fenPerPoint: r.fen_per_point, at: r.at, inspector: r.inspector, kind: r.kind,
  compensationFen: r.compensation_fen, note: r.note, status: r.status, companyBy: r.company_by, companySignedAt: r.company_signed_at,
  propertyBy: r.property_by, propertySignedAt: r.property_signed_at, effectiveAt: r.effective_at, voidReason: r.void_reason,
  voidedAt: r.voided_at, createdAt: r.created_at, createdBy: r.created_by, guards: guards ?? noticeGuards(db, r.id),
  companyEnteredAt: r.company_entered_at, propertyEnteredAt: r.property_entered_at, effectiveEnteredAt: r.effective_entered_at, voidEnteredAt: r.void_entered_at,
});

export function noticeById(db: Db, id: string): Notice | undefined {
  // the id as written first (the primary key); `COLLATE NOCASE` cannot use that index and reads
  // every notice, so it is only the fallback for an id typed in another case (g2026-0001)
  const r = (stmt(db, 'SELECT * FROM guard_notices WHERE id = ?').get(id) ?? stmt(db, 'SELECT * FROM guard_notices WHERE id = ? COLLATE NOCASE').get(id)) as Row | undefined;
  return r ? toNotice(db, r) : undefined;
}

export function signNotice(db: Db, id: string, side: Side, by: string, at: number, enteredAt: number): void {
  if (side === 'company') stmt(db, 'UPDATE guard_notices SET company_by = ?, company_signed_at = ?, company_entered_at = ? WHERE id = ?').run(by, at, enteredAt, id);
  else stmt(db, 'UPDATE guard_notices SET property_by = ?, property_signed_at = ?, property_entered_at = ? WHERE id = ?').run(by, at, enteredAt, id);
}

export function makeEffective(db: Db, id: string, at: number, enteredAt: number): void {
  stmt(db, "UPDATE guard_notices SET status = 'effective', effective_at = ?, effective_entered_at = ? WHERE id = ? AND status = 'draft'").run(at, enteredAt, id);
}

export function voidNotice(db: Db, id: string, at: number, enteredAt: number, reason: string): void {
  stmt(db, "UPDATE guard_notices SET status = 'void', voided_at = ?, void_entered_at = ?, void_reason = ? WHERE id = ? AND status <> 'void'").run(at, enteredAt, reason, id);
}

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
  return (db.prepare('SELECT * FROM guard_fund ORDER BY at, seq').all() as Row[]).map((r) => ({
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

/** Recomputed from the records, for `db check`: fines of effective notices and all rewards. */
export function recomputedFund(db: Db): { finesFen: number; rewardsFen: number } {
  const f = db
    .prepare(`SELECT coalesce(sum(ng.fine_fen), 0) AS s FROM guard_notice_guards ng JOIN guard_notices n ON n.id = ng.notice_id WHERE n.status = 'effective'`)
    .get() as Row;
  const r = stmt(db, 'SELECT coalesce(sum(amount_fen), 0) AS s FROM guard_rewards WHERE voided_at IS NULL').get() as Row;
  return { finesFen: f.s, rewardsFen: r.s };
}

/** Effective notices whose two signers are missing or the same name (should be none). */
export function badlySignedEffective(db: Db): string[] {
  return (
    db
      .prepare(
        `SELECT id FROM guard_notices WHERE status = 'effective'
         AND (company_by IS NULL OR property_by IS NULL OR lower(trim(company_by)) = lower(trim(property_by)))`,
      )
      .all() as Row[]
  ).map((r) => r.id);
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
    db
      .prepare(
        `SELECT r.*, g.name FROM guard_rewards r JOIN guards g ON g.id = r.guard_id WHERE r.at >= ? AND r.at < ? AND coalesce(r.entered_at, r.at) <= ?
         AND (r.void_entered_at IS NULL OR r.void_entered_at > ?) ORDER BY r.at, r.id`,
      )
      .all(start, end, asOf, asOf) as Row[]
  ).map(toReward);
}

export interface Keep { guardId: string; at: number; enteredAt: number; reason: string; by: string }

export function insertKeep(db: Db, k: Keep): void {
  stmt(db, 'INSERT INTO guard_keeps (guard_id, at, entered_at, reason, by) VALUES (?, ?, ?, ?, ?)').run(k.guardId, k.at, k.enteredAt, k.reason, k.by);
}

export function allKeeps(db: Db): Keep[] {
  return (db.prepare('SELECT * FROM guard_keeps ORDER BY seq').all() as Row[]).map((r) => ({ guardId: r.guard_id, at: r.at, enteredAt: r.entered_at, reason: r.reason, by: r.by }));
}

/** The months closed for guards (core closed_months: `guard month --issue`, `kaohe close`), each
 *  from the entry time of its closing, with the audit head stored then. A closing that was reopened
 *  (kaohe reopen) no longer counts, as if the month had never been closed. */
export function allIssues(db: Db): Issue[] {
  return closings(db)
    .filter((c) => c.module === 'guard' && c.reopenedAt === null)
    .map((c) => ({ month: c.month, enteredAt: c.closedAt, headSeq: Number(c.head.split(':')[0]), headHash: c.head.split(':')[1] ?? '' }));
}

/** Inspectors named on earlier notices, the most recent first (choices at the prompt). */
export function knownInspectors(db: Db, limit: number): string[] {
  return (db.prepare('SELECT inspector FROM guard_notices GROUP BY inspector ORDER BY MAX(at) DESC LIMIT ?').all(limit) as Array<{ inspector: string }>).map((r) => r.inspector);
}
