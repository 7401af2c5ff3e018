// Use cases of opening a ticket (with its deadline, SPEC §1.1) and of correcting it before the
// response; the shared guards of every step (load, assertAllowed) live here too.
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { InputError, NotFoundError, RuleError } from '../core/errors.js';
import { checkStep, type StepTimes } from '../core/steps.js';
import { dateOf, isoInZone } from '../core/time.js';
import { letterForLink, linkLetter, ticketChannelOf, type LetterRef } from './letter-link.js';
import { optionalText, parseChannel, parseDistance, parseFault, requireFault, parsePastMoment, parsePhone, parseTicketId, requireText } from './parse.js';
import { refusal, responseDeadline, responseRule, type ResponseRule, type Step } from './rules.js';
import * as store from './store.js';
import * as more from './store-service.js';
import type { Report, RevisedFields, Ticket } from './types.js';

export function loadTicket(db: Db, id: string): Ticket {
  const t = store.getTicket(db, id);
  if (!t) throw new NotFoundError('ticket.not_found', { id });
  return { ...t, facts: more.getFacts(db, id), expense: more.getExpense(db, id), revisions: more.getRevisions(db, id) };
}

// ----- open -----

export interface OpenInput {
  customer?: string; phone?: string; contact?: string; address?: string; vehicle?: string; model?: string;
  fault?: string; distance?: string; supplier?: boolean; reportedAt?: string; desc?: string; channel?: string; letter?: string;
  /** why the ticket is entered late (补录, SPEC §0) */
  reason?: string;
}

export interface OpenPlan {
  report: Report;
  /** --reason for a late entry */
  reason?: string | null;
  letterId: string | null;
  rule: ResponseRule;
  deadline: number;
}

/** Parses the report and computes its deadline, without writing (the prompt shows it first).
 *  A ticket opened from a logged call or letter was reported when that call or letter came in:
 *  its clock starts then (SPEC §1), and its channel is the letter's, unless the flags say else. */
export function planOpen(ctx: Context, i: OpenInput, letter?: LetterRef): OpenPlan {
  const report: Report = {
    customer: requireText(i.customer, '--customer'),
    phone: parsePhone(requireText(i.phone, '--phone')),
    contact: optionalText(i.contact, '--contact'),
    address: optionalText(i.address, '--address'),
    vehicle: requireText(i.vehicle, '--vehicle'),
    model: optionalText(i.model, '--model'),
    fault: requireFault(i.fault),
    distanceKm: parseDistance(requireText(i.distance, '--distance')),
    supplier: i.supplier ?? false,
    channel: i.channel !== undefined ? parseChannel(i.channel) : letter ? ticketChannelOf(letter) : i.letter !== undefined ? 'letter' : 'phone',
    description: optionalText(i.desc, '--desc', 'long'),
    reportedAt: i.reportedAt === undefined && letter ? letter.received_at : parsePastMoment(i.reportedAt, '--reported-at', ctx.tz, ctx.now),
  };
  const letterId = i.letter === undefined ? null : requireText(i.letter, '--letter');
  const rule = responseRule(ctx.rules.sla, report.fault, report.distanceKm, report.supplier);
  return { report, letterId, rule, deadline: responseDeadline(report.reportedAt, rule), reason: optionalText(i.reason, '--reason', 'long') };
}

/** Writes a planned ticket: the id from the year of reported_at in the configured zone. The report
 *  time is the opening's happened time: never before the letter it comes from (exit 3), and a
 *  late entry (补录) needs --reason (SPEC §0). The demo passes `auditAt`, its simulated clock. */
export function insertPlanned(ctx: Context, db: Db, plan: OpenPlan, auditAt?: number, letter?: LetterRef): string {
  let times: StepTimes = { at: plan.report.reportedAt, enteredAt: auditAt ?? ctx.now, late: null };
  if (auditAt === undefined) {
    times = checkStep(ctx, {
      kind: 'ticket.open', at: plan.report.reportedAt, reason: plan.reason, field: '--reported-at',
      after: letter ? { at: letter.received_at, what: ctx.t('ticket.when.letter', { id: letter.id }), id: letter.id } : null,
    });
  }
  const id = nextSerial(db, 'T', dateOf(plan.report.reportedAt, ctx.tz).y);
  store.insertTicket(db, {
    ...plan.report, id, letterId: plan.letterId, responseKind: plan.rule.responseKind, deadline: plan.deadline,
    feedbackRequired: plan.rule.feedbackRequired, createdBy: ctx.actor, enteredAt: times.enteredAt,
  });
  ctx.audit(db, 'ticket.open', id, openChange(ctx, plan), auditAt ?? times.at, { late: times.late });
  return id;
}

/** What the audit row of an opening records. */
export function openChange(ctx: Context, plan: OpenPlan): Record<string, unknown> {
  return { ...reportChange(ctx, plan.report), letter_id: plan.letterId, response_kind: plan.rule.responseKind, deadline: isoInZone(plan.deadline, ctx.tz) };
}

/** The logged call or letter a ticket is opened from (for the preview at a terminal). */
export function openingLetter(ctx: Context, id: string): LetterRef {
  return letterForLink(ctx.db(), requireText(id, '--letter'));
}

export function openTicket(ctx: Context, input: OpenInput | OpenPlan): Ticket {
  let plan = 'report' in input ? input : planOpen(ctx, input); // input first: exit 2 before any state
  return ctx.write((db) => {
    let letter: LetterRef | undefined;
    if (plan.letterId !== null) {
      letter = letterForLink(db, plan.letterId); // exit 4 for an unknown letter
      if (letter.ticket_id !== null) throw new RuleError('ticket.rule.letter_linked', { letter: letter.id, ticket: letter.ticket_id });
      if (!('report' in input)) plan = planOpen(ctx, input, letter);
      plan.letterId = letter.id;
    }
    const id = insertPlanned(ctx, db, plan, undefined, letter);
    if (plan.letterId !== null) linkLetter(ctx, db, plan.letterId, id);
    return loadTicket(db, id);
  });
}

function reportChange(ctx: Context, r: Report): Record<string, unknown> {
  return {
    customer: r.customer, phone: r.phone, contact: r.contact, address: r.address, vehicle: r.vehicle, model: r.model, fault: r.fault,
    distance_km: r.distanceKm, supplier: r.supplier, channel: r.channel, description: r.description, reported_at: isoInZone(r.reportedAt, ctx.tz),
  };
}

// ----- edit (before the response only for what decides the deadline) -----

export interface EditInput extends Omit<OpenInput, 'letter'> {
  /** when the correction was made (default now) */
  at?: string;
}

export function editTicket(ctx: Context, idText: string, i: EditInput): Ticket {
  const id = parseTicketId(idText);
  const patch: Partial<Report> = {};
  if (i.customer !== undefined) patch.customer = requireText(i.customer, '--customer');
  if (i.phone !== undefined) patch.phone = parsePhone(i.phone);
  if (i.contact !== undefined) patch.contact = optionalText(i.contact, '--contact');
  if (i.address !== undefined) patch.address = optionalText(i.address, '--address');
  if (i.vehicle !== undefined) patch.vehicle = requireText(i.vehicle, '--vehicle');
  if (i.model !== undefined) patch.model = optionalText(i.model, '--model');
  if (i.desc !== undefined) patch.description = optionalText(i.desc, '--desc', 'long');
  if (i.channel !== undefined) patch.channel = parseChannel(i.channel);
  if (i.fault !== undefined) patch.fault = parseFault(i.fault);
  if (i.distance !== undefined) patch.distanceKm = parseDistance(i.distance);
  if (i.supplier !== undefined) patch.supplier = i.supplier;
  if (i.reportedAt !== undefined) patch.reportedAt = parsePastMoment(i.reportedAt, '--reported-at', ctx.tz, ctx.now);
  if (Object.keys(patch).length === 0) throw new InputError('ticket.input.nothing_to_edit', { field: '--fault, --distance, --supplier, ...' });
  const editAt = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  const touchesSla = ['fault', 'distanceKm', 'supplier', 'reportedAt'].some((k) => k in patch);
  return ctx.write((db) => {
    const t = loadTicket(db, id);
    assertAllowed(ctx, touchesSla ? 'edit_sla' : 'edit', t);
    const times = checkStep(ctx, { kind: 'ticket.edit', at: editAt, reason: i.reason, after: { at: t.reportedAt, what: ctx.t('ticket.when.reported_at'), id } });
    const next: Report = { ...t, ...patch };
    if (patch.reportedAt !== undefined && t.letterId !== null) {
      const letter = letterForLink(db, t.letterId);
      if (patch.reportedAt < letter.received_at) {
        throw new RuleError('step.before_previous', {
          field: '--reported-at', at: isoInZone(patch.reportedAt, ctx.tz), what: ctx.t('ticket.when.letter', { id: letter.id }), before: isoInZone(letter.received_at, ctx.tz), id: letter.id,
        });
      }
    }
    if (touchesSla && dateOf(next.reportedAt, ctx.tz).y !== dateOf(t.reportedAt, ctx.tz).y) {
      throw new RuleError('ticket.rule.year_change', { id, field: '--reported-at' }); // the id carries the year
    }
    const rule = touchesSla ? responseRule(ctx.rules.sla, next.fault, next.distanceKm, next.supplier) : null;
    const sla = rule
      ? { responseKind: rule.responseKind, deadline: responseDeadline(next.reportedAt, rule), feedbackRequired: rule.feedbackRequired }
      : { responseKind: t.responseKind, deadline: t.deadline, feedbackRequired: t.feedbackRequired };
    // the values before the correction stay readable as of any earlier moment (issue 9)
    more.addRevision(db, id, { at: times.at, enteredAt: times.enteredAt, before: revisedFields(t) });
    store.updateReport(db, id, { ...next, ...sla });
    const before = reportChange(ctx, t);
    const after = reportChange(ctx, next);
    const changed: Record<string, unknown> = {};
    for (const k of Object.keys(after)) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changed[k] = { from: before[k], to: after[k] };
    if (sla.deadline !== t.deadline) changed.deadline = { from: isoInZone(t.deadline, ctx.tz), to: isoInZone(sla.deadline, ctx.tz) };
    if (sla.responseKind !== t.responseKind) changed.response_kind = { from: t.responseKind, to: sla.responseKind };
    ctx.audit(db, 'ticket.edit', id, changed, times.at, { late: times.late });
    return loadTicket(db, id);
  });
}


/** The fields a correction may change, as they stand on the ticket. */
function revisedFields(t: Ticket): RevisedFields {
  return {
    customer: t.customer, phone: t.phone, contact: t.contact, address: t.address, vehicle: t.vehicle, model: t.model, fault: t.fault,
    distanceKm: t.distanceKm, supplier: t.supplier, channel: t.channel, description: t.description, reportedAt: t.reportedAt,
    responseKind: t.responseKind, deadline: t.deadline, feedbackRequired: t.feedbackRequired,
  };
}

/** Exit 3 with the rule's reason, the ticket's state named in the user's language. */
export function assertAllowed(ctx: Context, s: Step, t: Ticket, extra: { approver?: string } = {}): void {
  const r = refusal(s, t, extra);
  if (r) throw new RuleError(r.key, { ...r.params, status: ctx.t(`ticket.status.${t.status}`) });
}

