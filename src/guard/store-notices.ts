// SQL of the guard notices (扣分单): written, signed, made effective, voided, and read back with
// the guards each names. Rows (snake_case) become domain types here. Part of the guard store.
import type { Db } from '../core/db.js';
import type { InspectionKind, NoticeStatus, Side } from './rules.js';
import { stmt } from './store.js';

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

type Row = Record<string, any>;

/** A notice written as it stands: a new draft (the services), or one with its signatures, effect
 *  and void (the demo's load test keeps its notices in memory until they are final:
 *  guard/demo-bulk.ts). */
export function insertNotice(db: Db, n: Notice): void {
  stmt(db,
    `INSERT INTO guard_notices (id, rule, points, fen_per_point, at, inspector, kind, compensation_fen, note, status,
       company_by, company_signed_at, property_by, property_signed_at, effective_at, void_reason, voided_at, created_at, created_by,
       company_entered_at, property_entered_at, effective_entered_at, void_entered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    n.id, n.rule, n.points, n.fenPerPoint, n.at, n.inspector, n.kind, n.compensationFen, n.note, n.status,
    n.companyBy, n.companySignedAt, n.propertyBy, n.propertySignedAt, n.effectiveAt, n.voidReason, n.voidedAt, n.createdAt, n.createdBy,
    n.companyEnteredAt, n.propertyEnteredAt, n.effectiveEnteredAt, n.voidEnteredAt,
  );
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
  for (const r of stmt(
    db,
    'SELECT ng.notice_id, ng.guard_id, g.name, ng.points, ng.fine_fen, ng.compensation_fen FROM guard_notice_guards ng JOIN guards g ON g.id = ng.guard_id ORDER BY ng.rowid',
  ).all() as Row[]) {
    const list = byNotice.get(r.notice_id) ?? [];
    list.push(toNoticeGuard(r));
    byNotice.set(r.notice_id, list);
  }
  return (stmt(db, 'SELECT * FROM guard_notices ORDER BY at, id').all() as Row[]).map((r) => toNotice(db, r, byNotice.get(r.id) ?? []));
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

/** Inspectors named on earlier notices, the most recent first (choices at the prompt). */
export function knownInspectors(db: Db, limit: number): string[] {
  return (stmt(db, 'SELECT inspector FROM guard_notices GROUP BY inspector ORDER BY MAX(at) DESC LIMIT ?').all(limit) as Array<{ inspector: string }>).map((r) => r.inspector);
}
