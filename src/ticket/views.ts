// Use cases that read: show (with the history from the audit log), list, the deadline check
// items, the invariants for `kaohe db check`, and what the prompt offers.
import { auditLog, lastEnteredAt, type AuditEntry } from '../core/audit.js';
import { NotFoundError } from '../core/errors.js';
import type { CheckItem, Invariant } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { forLongRead, type Db } from '../core/db.js';
import { parseEnum } from '../core/enum.js';
import { scopeRange, type ListScope } from '../core/list-scope.js';
import type { Period } from '../core/period.js';
import { historyJson } from '../core/history.js';
import { fenToYuan } from '../core/money.js';
import { isoOrNull } from '../core/time.js';
import { optionalText, parseFault, parseTicketId } from './parse.js';
import { dueAfter, statusAsOf, ticketAsOf, ticketSla } from './rules.js';
import { factsJson, loadTicket } from './service.js';
import { advanceChecks, expenseJson, reviseCheckRows, revisedList, withRevised } from './views-service.js';
import { expenseBreaches } from './store-service.js';
import * as queries from './store-report.js';
import { STATUSES, type SlaState, type Status, type Ticket } from './types.js';

export interface TicketDetail {
  ticket: Ticket;
  sla: SlaState | null;
  history: AuditEntry[];
}

/** One ticket as of ctx.now: what had been entered by then (a later entry, even back-dated, is
 *  not shown: SPEC §0), with its history from the audit log up to then. */
export function showTicket(ctx: Context, idText: string): TicketDetail {
  const id = parseTicketId(idText);
  const db = ctx.db();
  const ticket = ticketAsOf(loadTicket(db, id), ctx.now);
  if (ticket === null) throw new NotFoundError('ticket.not_found', { id });
  const history = auditLog(db, { recordId: id }).filter((h) => (h.enteredAt ?? h.at) <= ctx.now);
  return { ticket, sla: ticketSla(ticket, ctx.now), history };
}

/** The ticket as JSON shows it (CLI.md): snake_case, instants with the zone's offset, yuan. */
export function ticketJson(ctx: Context, t: Ticket, extra: { sla?: SlaState | null; history?: AuditEntry[] } = {}): Record<string, unknown> {
  const iso = (ms: number | null) => isoOrNull(ms, ctx.tz);
  return {
    id: t.id, status: t.status, customer: t.customer, phone: t.phone, contact: t.contact, address: t.address,
    vehicle: t.vehicle, model: t.model, fault: t.fault, distance_km: t.distanceKm, supplier: t.supplier,
    channel: t.channel, description: t.description, letter_id: t.letterId,
    reported_at: iso(t.reportedAt), response_kind: t.responseKind, deadline: iso(t.deadline),
    sla: extra.sla !== undefined ? extra.sla : ticketSla(t, ctx.now), feedback_required: t.feedbackRequired,
    assignees: t.assignees.map((a) => a.name), lead: t.lead, loan: fenToYuan(t.loanFen), dispatched_at: iso(t.dispatchedAt),
    responded_at: iso(t.respondedAt), response_note: t.responseNote,
    resolved_at: iso(t.resolvedAt), cause: t.cause, responsibility: t.responsibility, warranty: t.warranty,
    warranty_reason: t.warrantyReason, ...factsJson(t.facts), parts: t.parts, major: t.major,
    feedback_at: iso(t.feedbackAt), feedback_note: t.feedbackNote,
    signed_by: t.signedBy, signed_at: iso(t.signedAt), approved_by: t.approvedBy, approved_at: iso(t.approvedAt),
    survey: t.surveyRating === null ? null : { rating: t.surveyRating, note: t.surveyNote, at: iso(t.surveyedAt) },
    complaints: t.complaints.map((c) => ({ service_fault: c.serviceFault, note: c.note, at: iso(c.at) })),
    void_reason: t.voidReason, voided_at: iso(t.voidedAt), created_by: t.createdBy,
    expense: expenseJson(ctx, t),
    ...(extra.history
      ? { history: historyJson(ctx, extra.history) }
      : {}),
  };
}

export interface ListOptions { status?: string; overdue?: boolean; fault?: string; assignee?: string; customer?: string; vehicle?: string }

export interface ListedTicket extends queries.ListRow {
  sla: SlaState | null;
}

/** `ticket list`: the tickets of the scope (core/list-scope.ts: open from earlier plus the
 *  current month by default); with --overdue and no period given, every overdue ticket. */
export function listTickets(ctx: Context, scope: ListScope, o: ListOptions): ListedTicket[] {
  return [...iterateListed(ctx, scope, o)];
}

/** listTickets as an iterable: read as it is written (a month of a million tickets, issue 14).
 *  The options are checked before the first row. */
export function iterateListed(ctx: Context, scope: ListScope, o: ListOptions): Iterable<ListedTicket> {
  const status = o.status === undefined ? null : parseEnum(o.status, '--status', STATUSES, 'ticket.status.');
  const fault = o.fault === undefined ? null : parseFault(o.fault);
  const assignee = optionalText(o.assignee, '--assignee');
  const customer = optionalText(o.customer, '--customer');
  const vehicle = optionalText(o.vehicle, '--vehicle');
  // a month of a big database is one long index range (core/db.ts forLongRead)
  const db = forLongRead(ctx.db());
  const { start, end, openBefore } = scopeRange(scope);
  const last = lastEnteredAt(db);
  if (last === null || ctx.now >= last) {
    // nothing was entered after the clock: the tables are the state as of now
    const f = { start, end, status, fault, assignee, overdueBefore: o.overdue ? ctx.now : null, openBefore, customer, vehicle };
    const now = ctx.now;
    return { *[Symbol.iterator]() { for (const r of queries.iterateTickets(db, f)) yield listed(r, now); } };
  }
  // as of an earlier moment (--now): the state from the entry times, SPEC §0; tickets corrected
  // after the moment as the records held them then (issue 9: few, read first), the rest streamed
  const now = ctx.now;
  const revised = revisedList(db, now, { start, end, status, fault, assignee, overdue: o.overdue ?? false, openBefore, customer, vehicle });
  const f = { start, end, fault, assignee, now, openBefore, customer, vehicle };
  const overdue = o.overdue ?? false;
  return { *[Symbol.iterator]() { yield* withRevised(listedAsOf(queries.iterateTicketsEntered(db, f), now, status, overdue), revised); } };
}

/** The as-of rows as the list shows them, with the status and the overdue filter applied. */
function* listedAsOf(rows: Iterable<queries.ListRowTimes>, now: number, status: Status | null, overdue: boolean): Generator<ListedTicket> {
  for (const r of rows) {
    const s = statusAsOf(entryTimes(r), now);
    if (status !== null && s !== status) continue;
    if (overdue && !((s === 'open' || s === 'dispatched') && r.deadline < now)) continue;
    yield listed(r, now, s, (r.responded_entered_at ?? Infinity) <= now ? r.responded_at : null);
  }
}

function entryTimes(r: queries.ListRowTimes) {
  return { dispatch: r.dispatched_entered_at, respond: r.responded_entered_at, resolve: r.resolved_entered_at, sign: r.signed_entered_at, approve: r.approved_entered_at, void: r.voided_entered_at };
}

/** A list row as shown; `status` and `respondedAt` as of an earlier moment where they differ. */
function listed(r: queries.ListRow, now: number, status = r.status, respondedAt = r.responded_at): ListedTicket {
  return {
    id: r.id, status, customer: r.customer, vehicle: r.vehicle, fault: r.fault, reported_at: r.reported_at, deadline: r.deadline,
    response_kind: r.response_kind, responded_at: respondedAt, assignees: r.assignees,
    sla: ticketSla({ status, respondedAt, deadline: r.deadline }, now),
  };
}

/** SPEC §1.4: responses overdue or due within the window; resolved chassis/engine tickets
 *  without feedback; resolved tickets unsigned for longer than the rule's days. */
export function ticketChecks(ctx: Context, db: Db, within: number): CheckItem[] {
  const now = ctx.now;
  const sla = ctx.rules.sla;
  const last = lastEnteredAt(db);
  if (last !== null && now < last) return ticketChecksAsOf(ctx, db, within);
  const items: CheckItem[] = [];
  for (const r of queries.unrespondedDueBy(db, now + within)) {
    items.push({ kind: 'ticket', id: r.id, what: 'response', due: r.deadline, overdue: r.deadline < now, detail: ctx.t(`ticket.kind.${r.response_kind}`) });
  }
  const feedbackDays = sla.feedback_flag_days;
  for (const r of queries.feedbackMissingResolvedBy(db, now + within - Math.round(feedbackDays * 86_400_000))) {
    const due = dueAfter(r.resolved_at, feedbackDays);
    items.push({ kind: 'ticket', id: r.id, what: 'feedback', due, overdue: due < now });
  }
  const signDays = sla.unsigned_flag_days;
  for (const r of queries.unsignedResolvedBy(db, now + within - Math.round(signDays * 86_400_000))) {
    const due = dueAfter(r.resolved_at, signDays);
    items.push({ kind: 'ticket', id: r.id, what: 'signature', due, overdue: due < now });
  }
  return [...items, ...advanceChecks(ctx, db, within, false)];
}

/** ticket check --now before the last entry: the same items from what had been entered by then. */
function ticketChecksAsOf(ctx: Context, db: Db, within: number): CheckItem[] {
  const now = ctx.now;
  const sla = ctx.rules.sla;
  const rows = reviseCheckRows(db, now, queries.ticketsForCheckAsOf(db, now));
  const items: CheckItem[] = [];
  for (const r of rows) {
    if (r.responded === null && r.deadline <= now + within) {
      items.push({ kind: 'ticket', id: r.id, what: 'response', due: r.deadline, overdue: r.deadline < now, detail: ctx.t(`ticket.kind.${r.response_kind}`) });
    }
  }
  for (const [what, days, open] of [
    ['feedback', sla.feedback_flag_days, (r: (typeof rows)[number]) => r.feedback_required === 1 && r.fed_back === null],
    ['signature', sla.unsigned_flag_days, (r: (typeof rows)[number]) => r.signed === null],
  ] as const) {
    for (const r of rows) {
      if (r.resolved_at === null || !open(r)) continue;
      const due = dueAfter(r.resolved_at, days);
      if (due <= now + within) items.push({ kind: 'ticket', id: r.id, what, due, overdue: due < now });
    }
  }
  return [...items, ...advanceChecks(ctx, db, within, true)];
}

export function ticketInvariants(db: Db): Invariant[] {
  const b = { ...queries.invariantBreaches(db), expense_settles_advance: expenseBreaches(db) };
  return (Object.keys(b) as Array<keyof typeof b>).map((name) => ({
    name: `ticket.${name}`,
    ok: b[name].n === 0,
    detail: b[name].n === 0 ? 'ok' : `${b[name].n}: ${b[name].ids.join(', ')}${b[name].n > b[name].ids.length ? ', …' : ''}`,
  }));
}

/** What the open prompt offers: known customers, their vehicles, the last details given. */
export function promptChoices(ctx: Context): { customers: () => string[]; vehicles: (c: string) => string[]; last: (c: string, v: string | null) => ReturnType<typeof queries.lastReportOf> } {
  let db: Db | undefined;
  const open = () => {
    try {
      db ??= ctx.db();
      return db;
    } catch {
      return undefined; // no database yet: nothing to offer
    }
  };
  return {
    customers: () => { const d = open(); return d ? queries.knownCustomers(d, 50) : []; },
    vehicles: (c) => { const d = open(); return d ? queries.knownVehicles(d, c, 50) : []; },
    last: (c, v) => { const d = open(); return d ? queries.lastReportOf(d, c, v) : undefined; },
  };
}

/** `kaohe close`: the month's tickets still without an SLA verdict (their later verdicts count in
 *  the month in which they fall) and those not yet approved, in words. */
export function ticketPendingAtClose(ctx: Context, db: Db, month: Period): string[] {
  const out: string[] = [];
  const rows = queries.listTickets(db, { start: month.start, end: month.end, status: null, fault: null, assignee: null, overdueBefore: null });
  const pending = rows.filter((r) => ticketSla({ status: r.status, respondedAt: r.responded_at, deadline: r.deadline }, ctx.now) === 'pending').map((r) => r.id);
  if (pending.length > 0) out.push(ctx.t('ticket.close.pending', { n: pending.length, ids: pending.slice(0, 10) }));
  const open = rows.filter((r) => r.status !== 'approved' && r.status !== 'void').map((r) => r.id);
  if (open.length > 0) out.push(ctx.t('ticket.close.unapproved', { n: open.length, ids: open.slice(0, 10) }));
  return out;
}
