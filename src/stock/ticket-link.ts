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

/** Every ticket of the years given, in number order (the demo links its parts traffic to them). */
export function ticketsOfYears(db: Db, years: number[]): TicketView[] {
  const out: TicketView[] = [];
  for (const y of years) {
    for (let n = 1; ; n++) {
      try {
        out.push(ticketOf(db, `T${y}-${String(n).padStart(4, '0')}`));
      } catch (e) {
        if (e instanceof NotFoundError) break;
        throw e;
      }
    }
  }
  return out;
}
