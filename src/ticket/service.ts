// Use cases that change a ticket. Each one: parse every input (exit 2 before any rule is asked),
// then inside ONE write transaction load the ticket, ask rules.ts whether the step is allowed
// (exit 3 with the reason), write through the store and append the audit row.
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { InputError, NotFoundError, RuleError } from '../core/errors.js';
import { parseYuan } from '../core/money.js';
import { dateOf, isoInZone } from '../core/time.js';
import { letterForLink, linkLetter } from './letter-link.js';
import {
  optionalText, parseChannel, parseDistance, parseFault, parsePart, parsePastMoment, parsePhone, parseRating,
  parseResponsibility, parseTicketId, parseYesNo, requireText,
} from './parse.js';
import { earliest, refusal, responseDeadline, responseRule, type ResponseRule, type Step } from './rules.js';
import * as store from './store.js';
import type { Assignee, Report, Ticket } from './types.js';

export function loadTicket(db: Db, id: string): Ticket {
  const t = store.getTicket(db, id);
  if (!t) throw new NotFoundError('ticket.not_found', { id });
  return t;
}

// ----- open -----

export interface OpenInput {
  customer?: string; phone?: string; contact?: string; address?: string; vehicle?: string; model?: string;
  fault?: string; distance?: string; supplier?: boolean; reportedAt?: string; desc?: string; channel?: string; letter?: string;
}

export interface OpenPlan {
  report: Report;
  letterId: string | null;
  rule: ResponseRule;
  deadline: number;
}

/** Parses the report and computes its deadline, without writing (the prompt shows it first). */
export function planOpen(ctx: Context, i: OpenInput): OpenPlan {
  const report: Report = {
    customer: requireText(i.customer, '--customer'),
    phone: parsePhone(requireText(i.phone, '--phone')),
    contact: optionalText(i.contact),
    address: optionalText(i.address),
    vehicle: requireText(i.vehicle, '--vehicle'),
    model: optionalText(i.model),
    fault: parseFault(requireText(i.fault, '--fault')),
    distanceKm: parseDistance(requireText(i.distance, '--distance')),
    supplier: i.supplier ?? false,
    channel: i.channel === undefined ? (i.letter !== undefined ? 'letter' : 'phone') : parseChannel(i.channel),
    description: optionalText(i.desc),
    reportedAt: parsePastMoment(i.reportedAt, '--reported-at', ctx.tz, ctx.now),
  };
  const letterId = i.letter === undefined ? null : requireText(i.letter, '--letter');
  const rule = responseRule(ctx.rules.sla, report.fault, report.distanceKm, report.supplier);
  return { report, letterId, rule, deadline: responseDeadline(report.reportedAt, rule) };
}

/** Writes a planned ticket: the id from the year of reported_at in the configured zone. */
export function insertPlanned(ctx: Context, db: Db, plan: OpenPlan, auditAt = ctx.now): string {
  const id = nextSerial(db, 'T', dateOf(plan.report.reportedAt, ctx.tz).y);
  store.insertTicket(db, {
    ...plan.report, id, letterId: plan.letterId, responseKind: plan.rule.responseKind, deadline: plan.deadline,
    feedbackRequired: plan.rule.feedbackRequired, createdBy: ctx.actor,
  });
  ctx.audit(db, 'ticket.open', id, openChange(ctx, plan), auditAt);
  return id;
}

/** What the audit row of an opening records. */
export function openChange(ctx: Context, plan: OpenPlan): Record<string, unknown> {
  return { ...reportChange(ctx, plan.report), letter_id: plan.letterId, response_kind: plan.rule.responseKind, deadline: isoInZone(plan.deadline, ctx.tz) };
}

export function openTicket(ctx: Context, input: OpenInput | OpenPlan): Ticket {
  const plan = 'report' in input ? input : planOpen(ctx, input);
  return ctx.write((db) => {
    if (plan.letterId !== null) {
      const letter = letterForLink(db, plan.letterId); // exit 4 for an unknown letter
      if (letter.ticket_id !== null) throw new RuleError('ticket.rule.letter_linked', { letter: letter.id, ticket: letter.ticket_id });
      plan.letterId = letter.id;
    }
    const id = insertPlanned(ctx, db, plan);
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

export interface EditInput extends Omit<OpenInput, 'letter'> {}

export function editTicket(ctx: Context, idText: string, i: EditInput): Ticket {
  const id = parseTicketId(idText);
  const patch: Partial<Report> = {};
  if (i.customer !== undefined) patch.customer = requireText(i.customer, '--customer');
  if (i.phone !== undefined) patch.phone = parsePhone(i.phone);
  if (i.contact !== undefined) patch.contact = optionalText(i.contact);
  if (i.address !== undefined) patch.address = optionalText(i.address);
  if (i.vehicle !== undefined) patch.vehicle = requireText(i.vehicle, '--vehicle');
  if (i.model !== undefined) patch.model = optionalText(i.model);
  if (i.desc !== undefined) patch.description = optionalText(i.desc);
  if (i.channel !== undefined) patch.channel = parseChannel(i.channel);
  if (i.fault !== undefined) patch.fault = parseFault(i.fault);
  if (i.distance !== undefined) patch.distanceKm = parseDistance(i.distance);
  if (i.supplier !== undefined) patch.supplier = i.supplier;
  if (i.reportedAt !== undefined) patch.reportedAt = parsePastMoment(i.reportedAt, '--reported-at', ctx.tz, ctx.now);
  if (Object.keys(patch).length === 0) throw new InputError('ticket.input.nothing_to_edit', { field: '--fault, --distance, --supplier, ...' });
  const touchesSla = ['fault', 'distanceKm', 'supplier', 'reportedAt'].some((k) => k in patch);
  return ctx.write((db) => {
    const t = loadTicket(db, id);
    assertAllowed(ctx, touchesSla ? 'edit_sla' : 'edit', t);
    const next: Report = { ...t, ...patch };
    if (touchesSla && dateOf(next.reportedAt, ctx.tz).y !== dateOf(t.reportedAt, ctx.tz).y) {
      throw new RuleError('ticket.rule.year_change', { id, field: '--reported-at' }); // the id carries the year
    }
    const rule = touchesSla ? responseRule(ctx.rules.sla, next.fault, next.distanceKm, next.supplier) : null;
    const sla = rule
      ? { responseKind: rule.responseKind, deadline: responseDeadline(next.reportedAt, rule), feedbackRequired: rule.feedbackRequired }
      : { responseKind: t.responseKind, deadline: t.deadline, feedbackRequired: t.feedbackRequired };
    store.updateReport(db, id, { ...next, ...sla });
    const before = reportChange(ctx, t);
    const after = reportChange(ctx, next);
    const changed: Record<string, unknown> = {};
    for (const k of Object.keys(after)) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changed[k] = { from: before[k], to: after[k] };
    if (sla.deadline !== t.deadline) changed.deadline = { from: isoInZone(t.deadline, ctx.tz), to: isoInZone(sla.deadline, ctx.tz) };
    if (sla.responseKind !== t.responseKind) changed.response_kind = { from: t.responseKind, to: sla.responseKind };
    ctx.audit(db, 'ticket.edit', id, changed);
    return loadTicket(db, id);
  }, { create: false });
}

// ----- the steps after opening -----

/** Exit 3 with the rule's reason, the ticket's state named in the user's language. */
function assertAllowed(ctx: Context, s: Step, t: Ticket, extra: { approver?: string } = {}): void {
  const r = refusal(s, t, extra);
  if (r) throw new RuleError(r.key, { ...r.params, status: ctx.t(`ticket.status.${t.status}`) });
}

/** One step in one transaction: load, ask the rules, check the time order, apply, audit. */
function step(ctx: Context, id: string, s: Step, at: number | null, extra: { approver?: string }, apply: (db: Db, t: Ticket) => Record<string, unknown>): Ticket {
  return ctx.write((db) => {
    const t = loadTicket(db, id);
    assertAllowed(ctx, s, t, extra);
    if (at !== null) {
      const first = earliest(s, t);
      if (at < first.at) {
        throw new RuleError('ticket.rule.time_order', { id, field: '--at', at: isoInZone(at, ctx.tz), what: first.what, before: isoInZone(first.at, ctx.tz) });
      }
    }
    ctx.audit(db, `ticket.${s}`, id, apply(db, t));
    return loadTicket(db, id);
  }, { create: false }); // a step on a ticket needs the database: exit 5, never a new empty file
}

export interface DispatchInput { to: string[]; lead?: string; loan?: string; at?: string }

/** 3.4.1: one or more service staff; with two or more, one leads (临时负责); an optional advance (借款). */
export function parseTeam(i: DispatchInput): { assignees: Assignee[]; lead: string | null } {
  const names = [...new Set(i.to.map((n) => n.trim()).filter((n) => n !== ''))];
  if (names.length === 0) throw new InputError('input.missing', { field: '--to' });
  let lead = i.lead === undefined ? null : requireText(i.lead, '--lead');
  if (names.length === 1) lead ??= names[0];
  if (lead === null) throw new InputError('ticket.input.lead_missing', { field: '--lead', names: names.join(', ') });
  if (!names.includes(lead)) throw new InputError('ticket.input.lead_not_assigned', { field: '--lead', value: lead, names: names.join(', ') });
  return { assignees: names.map((name) => ({ name, lead: name === lead })), lead };
}

export function dispatchTicket(ctx: Context, idText: string, i: DispatchInput): Ticket {
  const id = parseTicketId(idText);
  const team = parseTeam(i);
  const loanFen = i.loan === undefined ? 0 : parseYuan(i.loan, '--loan');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'dispatch', at, {}, (db, t) => {
    store.setDispatch(db, id, { ...team, loanFen, at, status: t.status === 'open' ? 'dispatched' : t.status });
    return { to: team.assignees.map((a) => a.name), lead: team.lead, loan: loanFen / 100, at: isoInZone(at, ctx.tz) };
  });
}

export function respondTicket(ctx: Context, idText: string, i: { at?: string; note?: string }): Ticket {
  const id = parseTicketId(idText);
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  const note = optionalText(i.note);
  return step(ctx, id, 'respond', at, {}, (db, t) => {
    store.setResponse(db, id, at, note);
    return { at: isoInZone(at, ctx.tz), note, response_kind: t.responseKind, sla: at <= t.deadline ? 'met' : 'missed' };
  });
}

export interface ResolveInput { cause?: string; responsibility?: string; warranty?: string; warrantyReason?: string; part?: string[]; major?: boolean; at?: string }

export function resolveTicket(ctx: Context, idText: string, i: ResolveInput): Ticket {
  const id = parseTicketId(idText);
  const cause = requireText(i.cause, '--cause');
  const responsibility = parseResponsibility(requireText(i.responsibility, '--responsibility'));
  const warranty = parseYesNo(requireText(i.warranty, '--warranty'), '--warranty');
  const warrantyReason = optionalText(i.warrantyReason);
  // 三包: when a repair is not under warranty, the reason must be on the report
  if (!warranty && warrantyReason === null) throw new InputError('ticket.input.warranty_reason', { field: '--warranty-reason' });
  const parts = (i.part ?? []).map((p) => parsePart(p));
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  const major = i.major ?? false;
  return step(ctx, id, 'resolve', at, {}, (db) => {
    store.setResolution(db, id, { at, cause, responsibility, warranty, warrantyReason, parts, major });
    return { at: isoInZone(at, ctx.tz), cause, responsibility, warranty, warranty_reason: warrantyReason, parts, major };
  });
}

export function feedbackTicket(ctx: Context, idText: string, i: { note?: string; at?: string }): Ticket {
  const id = parseTicketId(idText);
  const note = requireText(i.note, '--note');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'feedback', at, {}, (db) => {
    store.setFeedback(db, id, at, note);
    return { at: isoInZone(at, ctx.tz), note };
  });
}

export function signTicket(ctx: Context, idText: string, i: { by?: string; at?: string }): Ticket {
  const id = parseTicketId(idText);
  const by = requireText(i.by, '--by');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'sign', at, {}, (db) => {
    store.setSignature(db, id, by, at);
    return { by, at: isoInZone(at, ctx.tz) };
  });
}

export function approveTicket(ctx: Context, idText: string, i: { by?: string; at?: string }): Ticket {
  const id = parseTicketId(idText);
  const by = requireText(i.by, '--by');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'approve', at, { approver: by }, (db) => {
    store.setApproval(db, id, by, at);
    return { by, at: isoInZone(at, ctx.tz) };
  });
}

export function surveyTicket(ctx: Context, idText: string, i: { rating?: string; note?: string; at?: string }): Ticket {
  const id = parseTicketId(idText);
  const rating = parseRating(requireText(i.rating, '--rating'));
  const note = optionalText(i.note);
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'survey', at, {}, (db) => {
    store.setSurvey(db, id, rating, note, at);
    return { rating, note, at: isoInZone(at, ctx.tz) };
  });
}

export function complainTicket(ctx: Context, idText: string, i: { serviceFault?: string; note?: string; at?: string }): Ticket {
  const id = parseTicketId(idText);
  const serviceFault = parseYesNo(requireText(i.serviceFault, '--service-fault'), '--service-fault');
  const note = requireText(i.note, '--note');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'complain', at, {}, (db) => {
    store.addComplaint(db, id, { serviceFault, note, at });
    return { service_fault: serviceFault, note, at: isoInZone(at, ctx.tz) };
  });
}

export function voidTicket(ctx: Context, idText: string, i: { reason?: string }): Ticket {
  const id = parseTicketId(idText);
  const reason = requireText(i.reason, '--reason');
  return step(ctx, id, 'void', null, {}, (db, t) => {
    store.setVoid(db, id, reason, ctx.now);
    return { reason, from_status: t.status };
  });
}
