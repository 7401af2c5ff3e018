// Reading the rest of the service report: the expense claim as JSON and in `ticket show`, and the
// advances (借款) left unsettled past the rule file's days for `ticket check` (SPEC §1.2).
import type { CheckItem } from '../core/cli.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { fenToYuan, formatYuan } from '../core/money.js';
import { humanTime, isoOrNull } from '../core/time.js';
import { ticketAsOf, ticketSla } from './rules.js';
import { advanceDue, expenseTotal, reportAsOf, settlement } from './rules-service.js';
import { loadTicket } from './service-open.js';
import { revisedAfter, unsettledAdvances, unsettledAdvancesNow } from './store-service.js';
import { EXPENSE_KINDS, type FaultKind, type ResponseKind, type Status, type Ticket } from './types.js';

/** `expense` in a ticket's JSON: amounts in yuan by kind, the total, the advance it settles and,
 *  once approved, the settlement (advance − total) and whether it is returned or paid out. */
export function expenseJson(ctx: Context, t: Ticket): Record<string, unknown> | null {
  const e = t.expense;
  if (!e) return null;
  const total = expenseTotal(e.fen);
  const s = e.settlementFen === null ? null : settlement(t.loanFen, total);
  return {
    travel: fenToYuan(e.fen.travel), lodging: fenToYuan(e.fen.lodging), freight: fenToYuan(e.fen.freight), other: fenToYuan(e.fen.other),
    total: fenToYuan(total), vouchers: e.vouchers, by: e.claimedBy, at: isoOrNull(e.claimedAt, ctx.tz), advance: fenToYuan(t.loanFen),
    approved_by: e.approvedBy, approved_at: isoOrNull(e.approvedAt, ctx.tz),
    settlement: e.settlementFen === null ? null : fenToYuan(e.settlementFen), settles: s ? s.kind : null,
  };
}

/** The rows `ticket show` adds for the claim: what was claimed, and its approval. */
export function expenseRows(ctx: Context, t: Ticket): Array<{ k: string; v: string }> {
  const e = t.expense;
  const l = (k: string, p?: Record<string, string | number>) => ctx.t(`ticket.expense.${k}`, p);
  if (!e) return t.loanFen > 0 ? [{ k: l('title'), v: l('none') }] : [];
  const amounts = EXPENSE_KINDS.map((k) => `${l(k)} ${formatYuan(e.fen[k])}`).join(' + ');
  const claimed = `${amounts} = ${formatYuan(expenseTotal(e.fen))} ${ctx.t('ticket.doc.yuan')}, ${l('vouchers', { n: e.vouchers })}, ${e.claimedBy} ${humanTime(e.claimedAt, ctx.tz)}`;
  let approved = l('unapproved');
  if (e.approvedAt !== null && e.settlementFen !== null) {
    const s = settlement(t.loanFen, expenseTotal(e.fen));
    approved = `${e.approvedBy ?? ''} ${humanTime(e.approvedAt, ctx.tz)}; ${l(`settles.${s.kind}`, { amount: formatYuan(Math.abs(s.fen)), advance: formatYuan(t.loanFen) })}`;
  }
  return [{ k: l('title'), v: claimed }, { k: l('approval'), v: approved }];
}

/** Advances taken at dispatch and not settled by an approved claim within the rule's days
 *  (due = dispatch + days): listed when due within the window, overdue once past it. `asOf`:
 *  something was entered after ctx.now (ticket check --now before the last entry). */
export function advanceChecks(ctx: Context, db: Db, within: number, asOf: boolean): CheckItem[] {
  const days = ctx.rules.sla.advance_settle_days;
  const until = ctx.now + within - Math.round(days * 86_400_000);
  return (asOf ? unsettledAdvances : unsettledAdvancesNow)(db, until, ctx.now).map((r) => {
    const due = advanceDue(r.dispatched_at, days);
    return { kind: 'ticket', id: r.id, what: 'advance', due, overdue: due < ctx.now, detail: `${formatYuan(r.loan_fen)} ${ctx.t('ticket.doc.yuan')}` };
  });
}

// ----- as-of reads of corrected tickets (issue 9) -----

type ListRow = ReturnType<typeof listedRow>;

function listedRow(t: Ticket, current: Ticket, now: number) {
  return {
    id: t.id, status: t.status, customer: t.customer, vehicle: t.vehicle, fault: t.fault, reported_at: t.reportedAt, deadline: t.deadline,
    response_kind: t.responseKind, responded_at: t.respondedAt,
    // the list's SQL names the current team; so does this
    assignees: current.assignees.length ? current.assignees.map((a) => a.name).sort().join(', ') : null,
    sla: ticketSla(t, now),
  };
}

/** `ticket list --now` before a correction: the corrected tickets as the records held them then
 *  (their period, fault and deadline), in place of their current values. `skip`: the corrected
 *  tickets' ids, to take out of the list as read; `rows`: those of them the list shows, in list
 *  order (reported_at, id). They are few: read whole, while the list itself streams. */
export function revisedList(
  db: Db, now: number, f: {
    start: number; end: number; status: Status | null; fault: FaultKind | null; assignee: string | null; overdue: boolean;
    openBefore?: number | null; customer?: string | null; vehicle?: string | null;
  },
): { skip: Set<string>; rows: ListRow[] } {
  const ids = revisedAfter(db, now);
  const more: ListRow[] = [];
  for (const id of ids) {
    const current = loadTicket(db, id);
    const t = ticketAsOf(current, now);
    if (t === null) continue;
    // in the period, or (the default scope) still open from before it
    const inPeriod = t.reportedAt >= f.start && t.reportedAt < f.end;
    const openEarlier = f.openBefore != null && t.reportedAt < f.openBefore && t.status !== 'approved' && t.status !== 'void';
    if (!inPeriod && !openEarlier) continue;
    if ((f.customer != null && !t.customer.includes(f.customer)) || (f.vehicle != null && !t.vehicle.includes(f.vehicle))) continue;
    if ((f.status !== null && t.status !== f.status) || (f.fault !== null && t.fault !== f.fault)) continue;
    if (f.assignee !== null && !current.assignees.some((a) => a.name === f.assignee)) continue;
    if (f.overdue && !((t.status === 'open' || t.status === 'dispatched') && t.deadline < now)) continue;
    more.push(listedRow(t, current, now));
  }
  return { skip: new Set(ids), rows: more.sort(listOrder) };
}

/** The list's order: by the time reported, then by id (as the list's SQL orders its rows). */
function listOrder(a: { reported_at: number; id: string }, b: { reported_at: number; id: string }): number {
  return a.reported_at - b.reported_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** `rows` (in list order) without the corrected tickets, and the corrected ones as they were
 *  then merged in at their places: row by row, as the rows come. */
export function* withRevised<R extends { id: string; reported_at: number }>(rows: Iterable<R>, revised: { skip: Set<string>; rows: ListRow[] }): Generator<R | ListRow> {
  const { skip, rows: more } = revised;
  let i = 0;
  for (const r of rows) {
    if (skip.size > 0 && skip.has(r.id)) continue;
    while (i < more.length && listOrder(more[i], r) < 0) yield more[i++];
    yield r;
  }
  while (i < more.length) yield more[i++];
}

/** `ticket check --now` before a correction: the deadline and duties the records held then. */
export function reviseCheckRows<R extends { id: string; deadline: number; response_kind: ResponseKind; feedback_required: number }>(db: Db, now: number, rows: R[]): R[] {
  const ids = new Set(revisedAfter(db, now));
  if (ids.size === 0) return rows;
  return rows.map((r) => {
    if (!ids.has(r.id)) return r;
    const current = loadTicket(db, r.id);
    const then = reportAsOf(current, current.revisions ?? [], now);
    return { ...r, deadline: then.deadline, response_kind: then.responseKind, feedback_required: then.feedbackRequired ? 1 : 0 };
  }).sort((a, b) => a.deadline - b.deadline || (a.id < b.id ? -1 : 1));
}
