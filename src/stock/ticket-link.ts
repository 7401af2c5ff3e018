// What the stock module needs to know about a ticket, asked of the ticket module's service (never
// its store): whether its service report is signed and approved, the quantity of a part on it,
// and the warranty facts a secondary claim rests on.
import type { Db } from '../core/db.js';
import { InputError, NotFoundError } from '../core/errors.js';
import { loadTicket } from '../ticket/service.js';
import type { TicketFacts } from './rules.js';

export interface TicketView {
  id: string;
  status: string;
  reportedAt: number;
  resolvedAt: number | null;
  lead: string | null;
  signedAt: number | null;
  approvedAt: number | null;
  /** when the signature and the approval were entered (SPEC §0): a write-off they complete is
   *  known from then on */
  signedEntered: number | null;
  approvedEntered: number | null;
  warranty: boolean | null;
  responsibility: string | null;
  parts: Array<{ code: string; qty: number }>;
}

export function parseTicketRef(text: string | undefined, field: string): string {
  const s = (text ?? '').trim().toUpperCase();
  if (!/^T\d{4}-\d{4,}$/.test(s)) throw new InputError('stock.input.ticket', { field, value: text ?? '' });
  return s;
}

export function ticketOf(db: Db, id: string): TicketView {
  try {
    const t = loadTicket(db, id);
    return {
      id: t.id, status: t.status, reportedAt: t.reportedAt, resolvedAt: t.resolvedAt, lead: t.lead, signedAt: t.signedAt, approvedAt: t.approvedAt,
      signedEntered: t.signedAt === null ? null : (t.entered.sign ?? t.signedAt), approvedEntered: t.approvedAt === null ? null : (t.entered.approve ?? t.approvedAt),
      warranty: t.warranty, responsibility: t.responsibility, parts: t.parts.map((p) => ({ code: p.code, qty: p.qty })),
    };
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError('stock.ticket_not_found', { id });
    throw e;
  }
}

export function factsFor(t: TicketView, part: string): TicketFacts {
  return {
    signed: t.signedAt !== null,
    approved: t.approvedAt !== null,
    reportQty: t.parts.filter((p) => p.code === part).reduce((s, p) => s + p.qty, 0),
  };
}

function exists(db: Db, id: string): boolean {
  try {
    ticketOf(db, id);
    return true;
  } catch (e) {
    if (e instanceof NotFoundError) return false;
    throw e;
  }
}

const idOf = (y: number, n: number) => `T${y}-${String(n).padStart(4, '0')}`;

/** How many tickets a year has (their serials run 1..n): found in O(log n) look-ups. */
export function ticketCount(db: Db, year: number): number {
  let hi = 1;
  while (exists(db, idOf(year, hi))) hi *= 2;
  let lo = hi / 2; // exists (or 0.5 when none)
  if (lo < 1) return 0;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (exists(db, idOf(year, mid))) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Up to `max` tickets of the years given, spread evenly over them, in number order (the demo
 *  links its parts traffic to them; a 100 000-ticket demo does not need 50 000 requisitions). */
export function ticketsOfYears(db: Db, years: number[], max: number): TicketView[] {
  const ids = years.flatMap((y) => Array.from({ length: ticketCount(db, y) }, (_, i) => idOf(y, i + 1)));
  const step = Math.max(1, Math.ceil(ids.length / max));
  return ids.filter((_, i) => i % step === 0).map((id) => ticketOf(db, id));
}
