// The rules of the parts store (SPEC §3, 篇1 3.6–3.8), pure: no database, no clock of their own.
// Locations, quality, the requisition's states and its write-off (销帐), the secondary claim's
// states, and the running-balance check that keeps every location at or above zero at every moment.
import { InputError, RuleError } from '../core/errors.js';

export const QUALITIES = ['ok', 'pending', 'rejected'] as const;
export type Quality = (typeof QUALITIES)[number];
export const DISPOSE_HOW = ['scrap', 'supplier'] as const;
export type DisposeHow = (typeof DISPOSE_HOW)[number];
export const REQ_STATUSES = ['pending', 'approved', 'issued', 'written_off', 'void'] as const;
export type ReqStatus = (typeof REQ_STATUSES)[number];
export const CLAIM_STATUSES = ['open', 'submitted', 'accepted', 'rejected', 'paid'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const LOC_FORMS = 'main | old | station:NAME';

/** A location as typed: `main`, `old`, `station:哈尔滨服务站` (also with a full-width colon). */
export function parseLoc(text: string, field: string): string {
  const s = text.trim().replace('：', ':');
  if (s === 'main' || s === 'old') return s;
  const m = s.match(/^station:(.+)$/);
  if (m && m[1].trim() !== '') return `station:${m[1].trim()}`;
  throw new InputError('stock.input.loc', { field, value: text, forms: LOC_FORMS });
}

/** Where new parts may be kept and issued from: the main store or a station (never `old`). */
export function checkStoreLoc(loc: string, field: string): void {
  if (loc === 'old') throw new InputError('stock.input.not_old', { field, value: loc });
}

/** A requisition step allowed in its state? exit 3 naming the state otherwise. */
export function checkReqStep(step: 'approve' | 'issue' | 'oldpart' | 'return' | 'ship' | 'paid', status: ReqStatus, id: string): void {
  const allowed: Record<typeof step, ReqStatus[]> = {
    approve: ['pending'],
    issue: ['approved'],
    oldpart: ['issued'],
    return: ['issued'],
    ship: ['issued'],
    paid: ['issued'],
  };
  if (!allowed[step].includes(status)) throw new RuleError(`stock.rule.${step}_state`, { id, status });
}

/** The leader who approves is never the person who asked (审批人不得是领料人). */
export function checkApprover(requester: string, approver: string, id: string): void {
  if (requester.trim() === approver.trim()) throw new RuleError('stock.rule.self_approval', { id, name: approver });
}

/** Old parts back plus unused returned can never exceed what was issued. */
export function checkAccounted(issued: number, oldBack: number, returned: number, adding: number, id: string): void {
  if (oldBack + returned + adding > issued) {
    throw new RuleError('stock.rule.more_than_issued', { id, issued, accounted: oldBack + returned, adding });
  }
}

export interface TicketFacts {
  signed: boolean;
  approved: boolean;
  /** the quantity of the requisition's part on the service report (ticket resolve --part) */
  reportQty: number;
}

export interface ReqFacts {
  issued: number;
  oldBack: number;
  returned: number;
}

/** Why a requisition is not yet written off on its service report (3.6.2 / 3.7.4): the first
 *  missing condition as a message key, or null when every condition holds. */
export function writeOffBlocker(r: ReqFacts, t: TicketFacts): string | null {
  if (!t.signed || !t.approved) return 'stock.wo.ticket';
  if (r.oldBack + r.returned !== r.issued) return 'stock.wo.accounted';
  if (r.oldBack !== t.reportQty) return 'stock.wo.report_qty';
  return null;
}

/** Shipping (3.6.3): written off on the two signatures and the signed service report. */
export function shipBlocker(t: TicketFacts): string | null {
  return t.signed ? null : 'stock.wo.ship_ticket';
}

/** The claim's state machine (3.8): open → submitted → accepted | rejected; accepted → paid. */
export const CLAIM_NEXT: Record<ClaimStatus, ClaimStatus[]> = {
  open: ['submitted'],
  submitted: ['accepted', 'rejected'],
  accepted: ['paid'],
  rejected: [],
  paid: [],
};

export function checkClaimStep(from: ClaimStatus, to: ClaimStatus, id: string): void {
  if (!CLAIM_NEXT[from].includes(to)) throw new RuleError('stock.rule.claim_step', { id, from, to, allowed: CLAIM_NEXT[from].join(' | ') || '—' });
}

export function checkRecovered(recoveredFen: number, claimedFen: number, id: string): void {
  if (recoveredFen > claimedFen) throw new RuleError('stock.rule.recovered_over', { id, recovered: recoveredFen / 100, claimed: claimedFen / 100 });
}

/** A claim still open keeps its old part as evidence: it may not be scrapped. */
export function claimIsLive(status: ClaimStatus): boolean {
  return status === 'open' || status === 'submitted' || status === 'accepted';
}

/** A claim is made only on a warranty ticket whose responsibility is the product or a supplier. */
export function checkClaimTicket(warranty: boolean | null, responsibility: string | null, id: string): void {
  if (warranty !== true || (responsibility !== 'product' && responsibility !== 'supplier')) {
    throw new RuleError('stock.rule.claim_ticket', { id, warranty: warranty === null ? '—' : warranty ? 'yes' : 'no', responsibility: responsibility ?? '—' });
  }
}

export interface Shortfall {
  /** the moment the balance would go below zero */
  at: number;
  /** how many are missing at the lowest point from then on (what would have to come in first) */
  short: number;
}

/** The running balance of one (part, location, quality) after a change of `delta` at a moment:
 *  `before` is the balance just after every movement up to and including that moment, `later`
 *  the movements after it in order. Returns the first moment the balance would be negative, with
 *  the largest shortfall from there on, or null when it never is. */
export function firstShortfall(before: number, delta: number, at: number, later: Iterable<{ at: number; qty: number }>): Shortfall | null {
  if (delta >= 0) return null; // adding can never make a later balance negative
  let running = before + delta;
  let found: Shortfall | null = running < 0 ? { at, short: -running } : null;
  for (const m of later) {
    running += m.qty;
    if (running < 0) {
      if (found === null) found = { at: m.at, short: -running };
      else found.short = Math.max(found.short, -running);
    }
  }
  return found;
}

/** When the old parts that came back in a month must be disposed of (3.7.5, rule dispose_by):
 *  the first instant after the end of the next month, i.e. the start of the month after that. */
export function disposeDue(month: { y: number; m: number }): { y: number; m: number } {
  const m0 = month.m + 2;
  return m0 > 12 ? { y: month.y + 1, m: m0 - 12 } : { y: month.y, m: m0 };
}
