// All SQL of the guard module. Rows (snake_case) become domain types here.
import type { Db } from '../core/db.js';
import type { InspectionKind, NoticeStatus, Occurrence, Side } from './rules.js';

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
  createdAt: number;
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
  createdAt: number;
  createdBy: string;
  guards: NoticeGuard[];
}

export interface Reward {
  id: string;
  guardId: string;
  name: string;
  amountFen: number;
  reason: string;
  by: string;
  at: number;
}

type Row = Record<string, any>;

const toGuard = (r: Row): Guard => ({
  id: r.id, name: r.name, company: r.company, site: r.site, basePayFen: r.base_pay_fen, hired: r.hired,
  status: r.status, dismissedAt: r.dismissed_at, dismissReason: r.dismiss_reason, createdAt: r.created_at,
});

export function nextGuardId(db: Db): string {
  const row = db.prepare("SELECT count(*) AS n FROM guards").get() as { n: number };
  return `GD${String(row.n + 1).padStart(3, '0')}`;
}

export function insertGuard(db: Db, g: Guard): void {
  db.prepare(
    `INSERT INTO guards (id, name, company, site, base_pay_fen, hired, status, dismissed_at, dismiss_reason, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(g.id, g.name, g.company, g.site, g.basePayFen, g.hired, g.status, g.dismissedAt, g.dismissReason, g.createdAt);
}

export function allGuards(db: Db): Guard[] {
  return (db.prepare('SELECT * FROM guards ORDER BY id').all() as Row[]).map(toGuard);
}

export function guardById(db: Db, id: string): Guard | undefined {
  const r = db.prepare('SELECT * FROM guards WHERE id = ? COLLATE NOCASE').get(id) as Row | undefined;
  return r ? toGuard(r) : undefined;
}

export function guardsByName(db: Db, name: string): Guard[] {
  return (db.prepare('SELECT * FROM guards WHERE name = ? ORDER BY id').all(name) as Row[]).map(toGuard);
}

export function dismissGuard(db: Db, id: string, at: number, reason: string): void {
  db.prepare("UPDATE guards SET status = 'dismissed', dismissed_at = ?, dismiss_reason = ? WHERE id = ? AND status = 'active'").run(at, reason, id);
}

export function insertNotice(db: Db, n: Notice): void {
  db.prepare(
    `INSERT INTO guard_notices (id, rule, points, fen_per_point, at, inspector, kind, compensation_fen, note, status,
       company_by, company_signed_at, property_by, property_signed_at, effective_at, void_reason, voided_at, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?)`,
  ).run(n.id, n.rule, n.points, n.fenPerPoint, n.at, n.inspector, n.kind, n.compensationFen, n.note, n.status, n.createdAt, n.createdBy);
  const add = db.prepare('INSERT INTO guard_notice_guards (notice_id, guard_id, points, fine_fen, compensation_fen) VALUES (?, ?, ?, ?, ?)');
  for (const g of n.guards) add.run(n.id, g.guardId, g.points, g.fineFen, g.compensationFen);
}

function noticeGuards(db: Db, id: string): NoticeGuard[] {
  return (
    db
      .prepare(
        `SELECT ng.guard_id, g.name, ng.points, ng.fine_fen, ng.compensation_fen FROM guard_notice_guards ng
         JOIN guards g ON g.id = ng.guard_id WHERE ng.notice_id = ? ORDER BY ng.rowid`,
      )
      .all(id) as Row[]
  ).map((r) => ({ guardId: r.guard_id, name: r.name, points: r.points, fineFen: r.fine_fen, compensationFen: r.compensation_fen }));
}

const toNotice = (db: Db, r: Row): Notice => ({
  id: r.id, rule: r.rule, points: r.points, fenPerPoint: r.fen_per_point, at: r.at, inspector: r.inspector, kind: r.kind,
  compensationFen: r.compensation_fen, note: r.note, status: r.status, companyBy: r.company_by, companySignedAt: r.company_signed_at,
  propertyBy: r.property_by, propertySignedAt: r.property_signed_at, effectiveAt: r.effective_at, voidReason: r.void_reason,
  voidedAt: r.voided_at, createdAt: r.created_at, createdBy: r.created_by, guards: noticeGuards(db, r.id),
});

export function noticeById(db: Db, id: string): Notice | undefined {
  const r = db.prepare('SELECT * FROM guard_notices WHERE id = ? COLLATE NOCASE').get(id) as Row | undefined;
  return r ? toNotice(db, r) : undefined;
}

/** Notices whose violation happened in [start, end), optionally of one status. */
export function noticesBetween(db: Db, start: number, end: number, status?: NoticeStatus): Notice[] {
  const rows = (status === undefined
    ? db.prepare('SELECT * FROM guard_notices WHERE at >= ? AND at < ? ORDER BY at, id').all(start, end)
    : db.prepare('SELECT * FROM guard_notices WHERE at >= ? AND at < ? AND status = ? ORDER BY at, id').all(start, end, status)) as Row[];
  return rows.map((r) => toNotice(db, r));
}

export function draftNotices(db: Db): Notice[] {
  return (db.prepare("SELECT * FROM guard_notices WHERE status = 'draft' ORDER BY created_at, id").all() as Row[]).map((r) => toNotice(db, r));
}

export function signNotice(db: Db, id: string, side: Side, by: string, at: number): void {
  if (side === 'company') db.prepare('UPDATE guard_notices SET company_by = ?, company_signed_at = ? WHERE id = ?').run(by, at, id);
  else db.prepare('UPDATE guard_notices SET property_by = ?, property_signed_at = ? WHERE id = ?').run(by, at, id);
}

export function makeEffective(db: Db, id: string, at: number): void {
  db.prepare("UPDATE guard_notices SET status = 'effective', effective_at = ? WHERE id = ? AND status = 'draft'").run(at, id);
}

export function voidNotice(db: Db, id: string, at: number, reason: string): void {
  db.prepare("UPDATE guard_notices SET status = 'void', voided_at = ?, void_reason = ? WHERE id = ? AND status <> 'void'").run(at, reason, id);
}

export interface GuardLine {
  guardId: string;
  noticeId: string;
  rule: number;
  at: number;
  points: number;
  fineFen: number;
  compensationFen: number;
  /** the rate the notice's fine was computed with */
  fenPerPoint: number;
}

/** A notice that was effective as of `asOf`: both sides had signed by then, and it was not yet
 *  voided (a notice voided after `asOf` still counted then). Two bound parameters: asOf, asOf. */
const EFFECTIVE_AS_OF = 'n.effective_at IS NOT NULL AND n.effective_at <= ? AND (n.voided_at IS NULL OR n.voided_at > ?)';

/** Every guard's lines of notices effective as of `asOf` whose violation happened in [start, end). */
export function effectiveLines(db: Db, start: number, end: number, asOf: number): GuardLine[] {
  return (
    db
      .prepare(
        `SELECT ng.guard_id, n.id AS notice_id, n.rule, n.at, ng.points, ng.fine_fen, ng.compensation_fen, n.fen_per_point
         FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id
         WHERE ${EFFECTIVE_AS_OF} AND n.at >= ? AND n.at < ? ORDER BY n.at, n.id`,
      )
      .all(asOf, asOf, start, end) as Row[]
  ).map((r) => ({ guardId: r.guard_id, noticeId: r.notice_id, rule: r.rule, at: r.at, points: r.points, fineFen: r.fine_fen, compensationFen: r.compensation_fen, fenPerPoint: r.fen_per_point }));
}

/** Occurrences of the given rules per guard in notices effective as of `asOf`, violations before `before`. */
export function occurrencesByGuard(db: Db, rules: number[], before: number, asOf: number): Map<string, Occurrence[]> {
  const out = new Map<string, Occurrence[]>();
  if (rules.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT ng.guard_id, n.rule, n.at, n.id FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id
       WHERE ${EFFECTIVE_AS_OF} AND n.at < ? AND n.rule IN (SELECT value FROM json_each(?)) ORDER BY n.at`,
    )
    .all(asOf, asOf, before, JSON.stringify(rules)) as Row[];
  for (const r of rows) {
    const list = out.get(r.guard_id) ?? [];
    list.push({ rule: r.rule, at: r.at, notice: r.id });
    out.set(r.guard_id, list);
  }
  return out;
}

export function nextFundMove(db: Db, m: { at: number; kind: 'fine' | 'reversal' | 'reward'; amountFen: number; noticeId?: string; rewardId?: string }): void {
  db.prepare('INSERT INTO guard_fund (at, kind, amount_fen, notice_id, reward_id) VALUES (?, ?, ?, ?, ?)').run(
    m.at, m.kind, m.amountFen, m.noticeId ?? null, m.rewardId ?? null,
  );
}

export interface FundTotals {
  balanceFen: number;
  finesFen: number;
  reversalsFen: number;
  rewardsFen: number;
}

/** The fund's moves, all of them or those in [start, end), and only those made at or before `asOf`
 *  (reports pass ctx.now so --now reproduces them; the ledger checks take every move). */
export function fundTotals(db: Db, start = Number.MIN_SAFE_INTEGER, end = Number.MAX_SAFE_INTEGER, asOf = Number.MAX_SAFE_INTEGER): FundTotals {
  const r = db
    .prepare(
      `SELECT coalesce(sum(amount_fen), 0) AS balance,
              coalesce(sum(CASE WHEN kind = 'fine' THEN amount_fen END), 0) AS fines,
              coalesce(sum(CASE WHEN kind = 'reversal' THEN -amount_fen END), 0) AS reversals,
              coalesce(sum(CASE WHEN kind = 'reward' THEN -amount_fen END), 0) AS rewards
       FROM guard_fund WHERE at >= ? AND at < ? AND at <= ?`,
    )
    .get(start, end, asOf) as Row;
  return { balanceFen: r.balance, finesFen: r.fines, reversalsFen: r.reversals, rewardsFen: r.rewards };
}

/** Recomputed from the records, for `db check`: fines of effective notices and all rewards. */
export function recomputedFund(db: Db): { finesFen: number; rewardsFen: number } {
  const f = db
    .prepare(`SELECT coalesce(sum(ng.fine_fen), 0) AS s FROM guard_notice_guards ng JOIN guard_notices n ON n.id = ng.notice_id WHERE n.status = 'effective'`)
    .get() as Row;
  const r = db.prepare('SELECT coalesce(sum(amount_fen), 0) AS s FROM guard_rewards').get() as Row;
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
  db.prepare('INSERT INTO guard_rewards (id, guard_id, amount_fen, reason, by, at) VALUES (?, ?, ?, ?, ?, ?)').run(r.id, r.guardId, r.amountFen, r.reason, r.by, r.at);
}

/** Rewards paid in [start, end) and at or before `asOf`. */
export function rewardsBetween(db: Db, start: number, end: number, asOf: number): Reward[] {
  return (
    db
      .prepare('SELECT r.*, g.name FROM guard_rewards r JOIN guards g ON g.id = r.guard_id WHERE r.at >= ? AND r.at < ? AND r.at <= ? ORDER BY r.at, r.id')
      .all(start, end, asOf) as Row[]
  ).map((r) => ({ id: r.id, guardId: r.guard_id, name: r.name, amountFen: r.amount_fen, reason: r.reason, by: r.by, at: r.at }));
}
