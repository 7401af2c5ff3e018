// The rest of the service report as pure rules (篇1 3.4.1–3.4.3): the expense claim that settles
// the advance, its approval by a leader who did not travel, the settlement's sign, the advance
// check's due time, and the report's values as of a moment before a correction. No db, no clock.
import type { Refusal } from './rules.js';
import { dueAfter } from './rules.js';
import { EXPENSE_KINDS, type Expense, type ExpenseKind, type RevisedFields, type Ticket } from './types.js';

type ExpenseFacts = Pick<Ticket, 'id' | 'status' | 'assignees' | 'dispatchedAt' | 'voidReason'> & { expense?: Expense | null };

/** Why an expense claim (报销) by `by` is not allowed now, or null. The claim follows the trip:
 *  the ticket must have been dispatched; the claimant is one of those sent; one claim a ticket.
 *  A claim may come after the service report's approval (3.4.3: C before D). */
export function expenseRefusal(t: ExpenseFacts, by: string): Refusal | null {
  const p = { id: t.id };
  if (t.status === 'void') return { key: 'ticket.rule.void', params: { ...p, reason: t.voidReason ?? '' } };
  if (t.dispatchedAt === null) return { key: 'ticket.rule.expense_before_dispatch', params: p };
  if (t.expense) return { key: 'ticket.rule.expense_exists', params: p };
  if (!t.assignees.some((a) => a.name === by)) return { key: 'ticket.rule.expense_not_traveller', params: { ...p, name: by, names: t.assignees.map((a) => a.name) } };
  return null;
}

/** Why the claim's approval by `by` is refused, or null: a claim must exist and not be approved,
 *  and the approving leader did not travel (is none of the ticket's service persons). */
export function expenseApprovalRefusal(t: ExpenseFacts, by: string): Refusal | null {
  const p = { id: t.id };
  if (t.status === 'void') return { key: 'ticket.rule.void', params: { ...p, reason: t.voidReason ?? '' } };
  if (!t.expense) return { key: 'ticket.rule.expense_missing', params: p };
  if (t.expense.approvedAt !== null) return { key: 'ticket.rule.expense_approved', params: { ...p, name: t.expense.approvedBy ?? '' } };
  if (t.assignees.some((a) => a.name === by)) return { key: 'ticket.rule.expense_approver_travelled', params: { ...p, name: by } };
  return null;
}

export function expenseTotal(fen: Record<ExpenseKind, number>): number {
  return EXPENSE_KINDS.reduce((s, k) => s + fen[k], 0);
}

export type SettlementKind = 'return' | 'pay' | 'even';

/** The settlement of an advance: advance − total; > 0 the staff return the rest (退还),
 *  < 0 the company pays the difference out (补付), 0 settled even. */
export function settlement(advanceFen: number, totalFen: number): { fen: number; kind: SettlementKind } {
  const fen = advanceFen - totalFen;
  return { fen, kind: fen > 0 ? 'return' : fen < 0 ? 'pay' : 'even' };
}

/** When an advance must be settled by: the dispatch plus the rule file's days. */
export function advanceDue(dispatchedAt: number, days: number): number {
  return dueAfter(dispatchedAt, days);
}

/** The report's values as of `now`: those before the first correction entered after `now`
 *  (corrections are kept oldest first), else the current ones. */
export function reportAsOf<T extends RevisedFields>(t: T, revisions: Array<{ enteredAt: number; before: RevisedFields }>, now: number): T {
  const next = revisions.find((r) => r.enteredAt > now);
  return next ? { ...t, ...next.before } : t;
}

/** ticketAsOf (rules.ts) and the parts of migration 010: the report's values before the
 *  corrections entered after `now`, the facts with the resolution, the claim and its approval
 *  as entered by then. */
export function serviceAsOf(t: Ticket, now: number): Ticket {
  const r: Ticket = t.revisions && t.revisions.length > 0 ? reportAsOf(t, t.revisions, now) : { ...t };
  if (r.revisions) r.revisions = r.revisions.filter((v) => v.enteredAt <= now);
  if (r.resolvedAt === null) r.facts = null;
  const e = r.expense;
  if (e) {
    if (e.claimedEnteredAt > now) r.expense = null;
    else if (e.approvedEnteredAt !== null && e.approvedEnteredAt > now) r.expense = { ...e, approvedBy: null, approvedAt: null, approvedEnteredAt: null, settlementFen: null };
  }
  return r;
}
