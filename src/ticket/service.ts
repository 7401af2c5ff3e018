// Use cases that change a ticket after it was opened (open and edit are in service-open.ts). Each
// one: parse every input (exit 2 before any rule is asked), then inside ONE write transaction load
// the ticket, ask rules.ts whether the step is allowed (exit 3 with the reason), write through the
// store and append the audit row.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { InputError, RuleError } from '../core/errors.js';
import { checkStep, type StepTimes } from '../core/steps.js';
import { parseYuan } from '../core/money.js';
import { isoInZone } from '../core/time.js';
import { optionalText, parsePart, parsePastMoment, parseRating, requireResponsibility, parseTicketId, parseYesNo, requireText, textList } from './parse.js';
import { earliest, slaState, type Step } from './rules.js';
import { assertAllowed, loadTicket } from './service-open.js';
import * as store from './store.js';
import * as more from './store-service.js';
import { parseNumber } from '../core/input.js';
import type { Assignee, ServiceFacts, Ticket } from './types.js';

export * from './service-open.js';
export * from './service-expense.js';

// ----- the steps after opening -----

/** One step in one transaction: load, ask the rules, check the step's two times (SPEC §0: never
 *  before the step it follows, exit 3; a late entry needs --reason, exit 2), apply, audit. */
function step(
  ctx: Context, id: string, s: Step, timing: { at: number; reason?: string | null }, extra: { approver?: string },
  apply: (db: Db, t: Ticket, times: StepTimes) => Record<string, unknown>,
): Ticket {
  return ctx.write((db) => {
    const t = loadTicket(db, id);
    assertAllowed(ctx, s, t, extra);
    const first = earliest(s, t);
    const times = checkStep(ctx, {
      kind: `ticket.${s}`, at: timing.at, reason: timing.reason,
      after: { at: first.at, what: ctx.t(`ticket.when.${first.what}`), id },
      deadline: s === 'respond' ? t.deadline : null,
    });
    ctx.audit(db, `ticket.${s}`, id, apply(db, t, times), times.at, { late: times.late });
    return loadTicket(db, id);
  });
}

export interface DispatchInput { to: string[]; lead?: string; loan?: string; at?: string; reason?: string }

/** 3.4.1: one or more service staff; with two or more, one leads (临时负责); an optional advance (借款). */
export function parseTeam(i: DispatchInput): { assignees: Assignee[]; lead: string | null } {
  const names = [...new Set(textList(i.to, '--to'))];
  if (names.length === 0) throw new InputError('input.missing', { field: '--to' });
  let lead = i.lead === undefined ? null : requireText(i.lead, '--lead');
  if (names.length === 1) lead ??= names[0];
  if (lead === null) throw new InputError('ticket.input.lead_missing', { field: '--lead', names });
  if (!names.includes(lead)) throw new InputError('ticket.input.lead_not_assigned', { field: '--lead', value: lead, names });
  return { assignees: names.map((name) => ({ name, lead: name === lead })), lead };
}

export function dispatchTicket(ctx: Context, idText: string, i: DispatchInput): Ticket {
  const id = parseTicketId(idText);
  const team = parseTeam(i);
  const loanFen = i.loan === undefined ? 0 : parseYuan(i.loan, '--loan');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'dispatch', { at, reason: i.reason }, {}, (db, t, e) => {
    // the advance is settled by the claim: once claimed, the team and the advance stay as claimed
    if (t.expense) throw new RuleError('ticket.rule.dispatch_after_expense', { id });
    store.setDispatch(db, id, { ...team, loanFen, at, enteredAt: e.enteredAt, status: t.status === 'open' ? 'dispatched' : t.status });
    return { to: team.assignees.map((a) => a.name), lead: team.lead, loan: loanFen / 100, at: isoInZone(at, ctx.tz) };
  });
}

export function respondTicket(ctx: Context, idText: string, i: { at?: string; note?: string; reason?: string }): Ticket {
  const id = parseTicketId(idText);
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  const note = optionalText(i.note, '--note', 'long');
  return step(ctx, id, 'respond', { at, reason: i.reason }, {}, (db, t, e) => {
    store.setResponse(db, id, at, note, e.enteredAt);
    return { at: isoInZone(at, ctx.tz), note, response_kind: t.responseKind, sla: slaState({ respondedAt: at, deadline: t.deadline }, at) };
  });
}

export interface ResolveInput {
  cause?: string; responsibility?: string; warranty?: string; warrantyReason?: string; part?: string[]; major?: boolean; at?: string; reason?: string;
  /** 3.4.2 B/C: the facts the warranty verdict rests on */
  mileage?: string; runningHours?: string; takenApart?: boolean; note?: string;
}

export function resolveTicket(ctx: Context, idText: string, i: ResolveInput): Ticket {
  const id = parseTicketId(idText);
  const cause = requireText(i.cause, '--cause', 'long');
  const responsibility = requireResponsibility(i.responsibility);
  const warranty = parseYesNo(requireText(i.warranty, '--warranty'), '--warranty');
  const warrantyReason = optionalText(i.warrantyReason, '--warranty-reason', 'long');
  // 三包: when a repair is not under warranty, the reason must be on the report
  if (!warranty && warrantyReason === null) throw new InputError('ticket.input.warranty_reason', { field: '--warranty-reason' });
  const parts = (i.part ?? []).map((p) => parsePart(p));
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  const major = i.major ?? false;
  const facts = parseFacts(i, warranty);
  return step(ctx, id, 'resolve', { at, reason: i.reason }, {}, (db, _t, e) => {
    store.setResolution(db, id, { at, enteredAt: e.enteredAt, cause, responsibility, warranty, warrantyReason, parts, major });
    more.setFacts(db, id, facts);
    return { at: isoInZone(at, ctx.tz), cause, responsibility, warranty, warranty_reason: warrantyReason, parts, major, ...factsJson(facts) };
  });
}

/** 3.4.2 B/C 听·看: mileage (km) and running time (hours), each ≥ 0 with at most one decimal;
 *  whether the part had been taken apart (是否被拆过). A warranty "yes" on a part taken apart
 *  needs --note saying why the warranty still holds. */
export function parseFacts(i: Pick<ResolveInput, 'mileage' | 'runningHours' | 'takenApart' | 'note'>, warranty: boolean): ServiceFacts {
  const facts: ServiceFacts = {
    mileageKm: i.mileage === undefined ? null : parseNumber(i.mileage, '--mileage', 0, 10_000_000, 1),
    runningHours: i.runningHours === undefined ? null : parseNumber(i.runningHours, '--running-hours', 0, 1_000_000, 1),
    takenApart: i.takenApart ?? false,
    note: optionalText(i.note, '--note', 'long'),
  };
  if (warranty && facts.takenApart && facts.note === null) throw new InputError('ticket.input.taken_apart_note', { field: '--note' });
  return facts;
}

/** The facts as JSON shows them (CLI.md style: snake_case, units in the key). */
export function factsJson(f: ServiceFacts | null | undefined): Record<string, unknown> {
  return { mileage_km: f?.mileageKm ?? null, running_hours: f?.runningHours ?? null, taken_apart: f ? f.takenApart : null, resolve_note: f?.note ?? null };
}

export function feedbackTicket(ctx: Context, idText: string, i: { note?: string; at?: string; reason?: string }): Ticket {
  const id = parseTicketId(idText);
  const note = requireText(i.note, '--note', 'long');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'feedback', { at, reason: i.reason }, {}, (db, _t, e) => {
    store.setFeedback(db, id, at, note, e.enteredAt);
    return { at: isoInZone(at, ctx.tz), note };
  });
}

export function signTicket(ctx: Context, idText: string, i: { by?: string; at?: string; reason?: string }): Ticket {
  const id = parseTicketId(idText);
  const by = requireText(i.by, '--by');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'sign', { at, reason: i.reason }, {}, (db, _t, e) => {
    store.setSignature(db, id, by, at, e.enteredAt);
    return { by, at: isoInZone(at, ctx.tz) };
  });
}

export function approveTicket(ctx: Context, idText: string, i: { by?: string; at?: string; reason?: string }): Ticket {
  const id = parseTicketId(idText);
  const by = requireText(i.by, '--by');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'approve', { at, reason: i.reason }, { approver: by }, (db, _t, e) => {
    store.setApproval(db, id, by, at, e.enteredAt);
    return { by, at: isoInZone(at, ctx.tz) };
  });
}

export function surveyTicket(ctx: Context, idText: string, i: { rating?: string; note?: string; at?: string; reason?: string }): Ticket {
  const id = parseTicketId(idText);
  const rating = parseRating(requireText(i.rating, '--rating'));
  const note = optionalText(i.note, '--note', 'long');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'survey', { at, reason: i.reason }, {}, (db, _t, e) => {
    store.setSurvey(db, id, rating, note, at, e.enteredAt);
    return { rating, note, at: isoInZone(at, ctx.tz) };
  });
}

export function complainTicket(ctx: Context, idText: string, i: { serviceFault?: string; note?: string; at?: string; reason?: string }): Ticket {
  const id = parseTicketId(idText);
  const serviceFault = parseYesNo(requireText(i.serviceFault, '--service-fault'), '--service-fault');
  const note = requireText(i.note, '--note', 'long');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'complain', { at, reason: i.reason }, {}, (db, _t, e) => {
    store.addComplaint(db, id, { serviceFault, note, at, enteredAt: e.enteredAt });
    return { service_fault: serviceFault, note, at: isoInZone(at, ctx.tz) };
  });
}

/** A void is dated too (--at, default now); its reason doubles as the reason of a late entry. */
export function voidTicket(ctx: Context, idText: string, i: { reason?: string; at?: string }): Ticket {
  const id = parseTicketId(idText);
  const reason = requireText(i.reason, '--reason', 'long');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return step(ctx, id, 'void', { at, reason }, {}, (db, t, e) => {
    store.setVoid(db, id, reason, at, e.enteredAt);
    return { reason, from_status: t.status, at: isoInZone(at, ctx.tz) };
  });
}
