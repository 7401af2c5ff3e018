// SQL of the service report's remaining parts (migration 010): the facts the warranty verdict
// rests on, the expense claim settling the advance, the corrections of a report with their old
// values, and the unsettled advances for `ticket check`. Bound parameters only.
import type { Db } from '../core/db.js';
import { stmt } from './store.js';
import type { Expense, RevisedFields, Revision, ServiceFacts } from './types.js';

export function setFacts(db: Db, id: string, f: ServiceFacts): void {
  stmt(db, 'INSERT INTO ticket_facts (ticket_id, mileage_km, running_hours, taken_apart, note) VALUES (?, ?, ?, ?, ?)')
    .run(id, f.mileageKm, f.runningHours, f.takenApart ? 1 : 0, f.note);
}

export function getFacts(db: Db, id: string): ServiceFacts | null {
  const r = stmt(db, 'SELECT mileage_km, running_hours, taken_apart, note FROM ticket_facts WHERE ticket_id = ?').get(id) as
    | { mileage_km: number | null; running_hours: number | null; taken_apart: number; note: string | null } | undefined;
  return r ? { mileageKm: r.mileage_km, runningHours: r.running_hours, takenApart: r.taken_apart === 1, note: r.note } : null;
}

interface ExpenseRow {
  travel_fen: number; lodging_fen: number; freight_fen: number; other_fen: number; vouchers: number; claimed_by: string;
  claimed_at: number; claimed_entered_at: number; approved_by: string | null; approved_at: number | null;
  approved_entered_at: number | null; settlement_fen: number | null;
}

export function getExpense(db: Db, id: string): Expense | null {
  const r = stmt(db, 'SELECT * FROM ticket_expenses WHERE ticket_id = ?').get(id) as ExpenseRow | undefined;
  if (!r) return null;
  return {
    fen: { travel: r.travel_fen, lodging: r.lodging_fen, freight: r.freight_fen, other: r.other_fen }, vouchers: r.vouchers,
    claimedBy: r.claimed_by, claimedAt: r.claimed_at, claimedEnteredAt: r.claimed_entered_at, approvedBy: r.approved_by,
    approvedAt: r.approved_at, approvedEnteredAt: r.approved_entered_at, settlementFen: r.settlement_fen,
  };
}

export function insertExpense(db: Db, id: string, e: Expense): void {
  stmt(
    db,
    `INSERT INTO ticket_expenses (ticket_id, travel_fen, lodging_fen, freight_fen, other_fen, vouchers, claimed_by, claimed_at,
       claimed_entered_at, approved_by, approved_at, approved_entered_at, settlement_fen)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, e.fen.travel, e.fen.lodging, e.fen.freight, e.fen.other, e.vouchers, e.claimedBy, e.claimedAt, e.claimedEnteredAt,
    e.approvedBy, e.approvedAt, e.approvedEnteredAt, e.settlementFen);
}

export function approveExpense(db: Db, id: string, a: { by: string; at: number; enteredAt: number; settlementFen: number }): void {
  stmt(db, 'UPDATE ticket_expenses SET approved_by = ?, approved_at = ?, approved_entered_at = ?, settlement_fen = ? WHERE ticket_id = ? AND approved_at IS NULL')
    .run(a.by, a.at, a.enteredAt, a.settlementFen, id);
}

export function getRevisions(db: Db, id: string): Revision[] {
  return (stmt(db, 'SELECT seq, at, entered_at, before FROM ticket_revisions WHERE ticket_id = ? ORDER BY seq').all(id) as Array<{ seq: number; at: number; entered_at: number; before: string }>)
    .map((r) => ({ seq: r.seq, at: r.at, enteredAt: r.entered_at, before: JSON.parse(r.before) as RevisedFields }));
}

export function addRevision(db: Db, id: string, r: { at: number; enteredAt: number; before: RevisedFields }): number {
  const seq = ((stmt(db, 'SELECT coalesce(max(seq), 0) AS n FROM ticket_revisions WHERE ticket_id = ?').get(id) as { n: number }).n) + 1;
  stmt(db, 'INSERT INTO ticket_revisions (ticket_id, seq, at, entered_at, before) VALUES (?, ?, ?, ?, ?)').run(id, seq, r.at, r.enteredAt, JSON.stringify(r.before));
  return seq;
}

/** The tickets corrected after @now (an as-of read must recover their earlier values). */
export function revisedAfter(db: Db, now: number): string[] {
  return (stmt(db, 'SELECT DISTINCT ticket_id FROM ticket_revisions WHERE entered_at > ? ORDER BY ticket_id').all(now) as Array<{ ticket_id: string }>).map((r) => r.ticket_id);
}

export interface AdvanceRow { id: string; loan_fen: number; dispatched_at: number }

/** The advances of `unsettledAdvances`, as of @now: `ticket check --now` before the last entry
 *  (`kaohe check` at the present takes UNSETTLED_ADVANCES_NOW_SQL). Every advance ever taken is a candidate (one unsettled
 *  for a year is still listed), so the candidates are found without reading a ticket's row: the
 *  row ids of tickets_advance (index only) less those of tickets with a claim approved by @now
 *  (the claims, small rows, each probing the primary-key index for its ticket's row id); only
 *  the few left are read. Reading all 10,000 rows of the advances of 100,000 tickets made this
 *  most of `kaohe check` when it ran there too (ISSUE 14). CROSS JOIN keeps the claims the outer loop. */
export const UNSETTLED_ADVANCES_SQL = `SELECT t.id, t.loan_fen, t.dispatched_at FROM tickets t
     WHERE t.rowid IN (
         SELECT rowid FROM tickets INDEXED BY tickets_advance WHERE loan_fen > 0 AND dispatched_at <= @until
         EXCEPT
         SELECT s.rowid FROM ticket_expenses e CROSS JOIN tickets s ON s.id = e.ticket_id WHERE e.approved_entered_at <= @now)
       AND t.dispatched_entered_at <= @now AND NOT (t.status = 'void' AND t.voided_entered_at <= @now)
     ORDER BY t.dispatched_at, t.id`;

/** Advances dispatched by @until and not settled by an approved claim (as entered by @now): a
 *  ticket entered by @now, dispatched (entered) by @now, not void by @now. */
export function unsettledAdvances(db: Db, until: number, now: number): AdvanceRow[] {
  return stmt(db, UNSETTLED_ADVANCES_SQL).all({ until, now }) as AdvanceRow[];
}

/** The same advances when nothing was entered after @now (`kaohe check` at the present, the
 *  usual case): a claim is then approved by @now exactly when it is approved at all, so the
 *  candidates need no claim's row. They are the advances with no claim, one sorted merge of two
 *  covering indexes (tickets_loans' ids less the claims' keys, MATERIALIZED so that the merge is
 *  not flattened into a temp b-tree), and the claims not approved (the partial index
 *  ticket_expenses_unapproved, small); only those tickets' rows are read. At 100,000 tickets the
 *  as-of query above cost ~77M instructions in SQLite, a fifth of `kaohe check`, this ~16M
 *  (ISSUE 14). The tickets' own conditions are those of the query above, unchanged. */
export const UNSETTLED_ADVANCES_NOW_SQL = `WITH unclaimed(id) AS MATERIALIZED (
       SELECT id FROM tickets INDEXED BY tickets_loans WHERE loan_fen > 0
       EXCEPT SELECT ticket_id FROM ticket_expenses ORDER BY 1)
     SELECT t.id, t.loan_fen, t.dispatched_at FROM tickets t
     WHERE (t.id IN unclaimed OR t.id IN (SELECT ticket_id FROM ticket_expenses INDEXED BY ticket_expenses_unapproved WHERE approved_at IS NULL))
       AND t.loan_fen > 0 AND t.dispatched_at <= @until
       AND t.dispatched_entered_at <= @now AND NOT (t.status = 'void' AND t.voided_entered_at <= @now)
     ORDER BY t.dispatched_at, t.id`;

/** unsettledAdvances when no entry is later than @now (the caller knows: audit's lastEnteredAt). */
export function unsettledAdvancesNow(db: Db, until: number, now: number): AdvanceRow[] {
  return stmt(db, UNSETTLED_ADVANCES_NOW_SQL).all({ until, now }) as AdvanceRow[];
}

/** Claims breaking what approval guarantees (for `kaohe db check`): the settlement is the
 *  advance − total, and the approver is none of those sent. The claims are one plain pass; each
 *  probes the ticket's key (it must exist, as a join required) and, for the advance, the partial
 *  covering index tickets_loans (migration 16: only tickets with an advance, none of their wide
 *  rows read; no entry: an advance of 0, as CHECK (loan_fen >= 0) allows no other; a row breaking
 *  that CHECK is integrity_check's finding). Exported for the plan tests. */
export const EXPENSE_BREACH = {
  from: 'ticket_expenses e LEFT JOIN tickets t ON t.id = e.ticket_id AND t.loan_fen > 0',
  where: `e.approved_at IS NOT NULL AND EXISTS (SELECT 1 FROM tickets s WHERE s.id = e.ticket_id) AND (
      e.settlement_fen != coalesce(t.loan_fen, 0) - (e.travel_fen + e.lodging_fen + e.freight_fen + e.other_fen)
      OR EXISTS (SELECT 1 FROM ticket_assignees a WHERE a.ticket_id = e.ticket_id AND a.name = e.approved_by))`,
};

/** At most 5 ids, and how many: counted first (no walk of the claims' key), the ids only when any. */
export function expenseBreaches(db: Db): { n: number; ids: string[] } {
  const { from, where } = EXPENSE_BREACH;
  const n = (stmt(db, `SELECT count(*) AS n FROM ${from} WHERE ${where}`).get() as { n: number }).n;
  const ids = n === 0 ? [] : (stmt(db, `SELECT e.ticket_id AS id FROM ${from} WHERE ${where} ORDER BY e.ticket_id LIMIT 5`).all() as Array<{ id: string }>).map((r) => r.id);
  return { n, ids };
}
