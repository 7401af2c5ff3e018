// Use cases that read: show (with the history from the audit log), list, the deadline check
// items, the invariants for `kaohe db check`, and what the prompt offers.
import { auditLog, type AuditEntry } from '../core/audit.js';
import type { CheckItem, Invariant } from '../core/cli.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { parseChoice } from '../core/input.js';
import type { Period } from '../core/period.js';
import { historyJson } from '../core/history.js';
import { fenToYuan } from '../core/money.js';
import { isoOrNull } from '../core/time.js';
import { optionalText, parseFault, parseTicketId } from './parse.js';
import { dueAfter, slaState, ticketSla } from './rules.js';
import { loadTicket } from './service.js';
import * as queries from './store-report.js';
import { STATUSES, type SlaState, type Status, type Ticket } from './types.js';

export interface TicketDetail {
  ticket: Ticket;
  sla: SlaState | null;
  history: AuditEntry[];
}

export function showTicket(ctx: Context, idText: string): TicketDetail {
  const id = parseTicketId(idText);
  const db = ctx.db();
  const ticket = loadTicket(db, id);
  return { ticket, sla: ticketSla(ticket, ctx.now), history: auditLog(db, { recordId: id }) };
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
    warranty_reason: t.warrantyReason, parts: t.parts, major: t.major,
    feedback_at: iso(t.feedbackAt), feedback_note: t.feedbackNote,
    signed_by: t.signedBy, signed_at: iso(t.signedAt), approved_by: t.approvedBy, approved_at: iso(t.approvedAt),
    survey: t.surveyRating === null ? null : { rating: t.surveyRating, note: t.surveyNote, at: iso(t.surveyedAt) },
    complaints: t.complaints.map((c) => ({ service_fault: c.serviceFault, note: c.note, at: iso(c.at) })),
    void_reason: t.voidReason, voided_at: iso(t.voidedAt), created_by: t.createdBy,
    ...(extra.history
      ? { history: historyJson(ctx, extra.history) }
      : {}),
  };
}

export interface ListOptions { status?: string; overdue?: boolean; fault?: string; assignee?: string }

export interface ListedTicket extends queries.ListRow {
  sla: SlaState | null;
}

/** `ticket list`: the period's tickets; with --overdue and no period given, every overdue ticket. */
export function listTickets(ctx: Context, period: Period | null, o: ListOptions): ListedTicket[] {
  const status = o.status === undefined ? null : (parseChoice(o.status.trim().toLowerCase(), '--status', STATUSES) as Status);
  const fault = o.fault === undefined ? null : parseFault(o.fault);
  const assignee = optionalText(o.assignee, '--assignee');
  const rows = queries.listTickets(ctx.db(), {
    start: period?.start ?? Number.MIN_SAFE_INTEGER,
    end: period?.end ?? Number.MAX_SAFE_INTEGER,
    status, fault, assignee,
    overdueBefore: o.overdue ? ctx.now : null,
  });
  return rows.map((r) => ({ ...r, sla: ticketSla({ status: r.status, respondedAt: r.responded_at, deadline: r.deadline }, ctx.now) }));
}

/** SPEC §1.4: responses overdue or due within the window; resolved chassis/engine tickets
 *  without feedback; resolved tickets unsigned for longer than the rule's days. */
export function ticketChecks(ctx: Context, db: Db, within: number): CheckItem[] {
  const now = ctx.now;
  const sla = ctx.rules.sla;
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
  return items;
}

export function ticketInvariants(db: Db): Invariant[] {
  const b = queries.invariantBreaches(db);
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
