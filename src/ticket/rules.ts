// The regulation of 篇1 (售后服务管理及考核办法) as pure functions: which response a fault needs
// and by when (3.2.2, 3.2.3), which step of a ticket's life is allowed when (3.3.2, 3.4), and
// the figures and targets of 3.2.1. No database, no clock, no printing: `now` is a parameter.
import type { Params } from '../core/errors.js';
import type { Rules } from '../core/rules.js';
import { meetsTarget, percentText, shownRate } from '../core/rate.js';
import { MS } from '../core/time.js';
import { serviceAsOf } from './rules-service.js';
import type { FaultKind, ResponseKind, SlaCounts, SlaState, Status, Ticket } from './types.js';

export interface ResponseRule {
  responseKind: ResponseKind;
  hours: number;
  feedbackRequired: boolean;
  /** beyond the service radius, or the supplier (配套厂家) must be contacted */
  far: boolean;
}

/** 3.2.2 / 3.2.3: the response a fault needs. "Within 100 km" includes exactly 100 km; needing
 *  the supplier counts as far when rules.sla.supplier_means_far (the seed's 或需要与配套厂家联系的). */
export function responseRule(sla: Rules['sla'], fault: FaultKind, distanceKm: number, supplier: boolean): ResponseRule {
  const far = distanceKm > sla.distance_limit_km || (supplier && sla.supplier_means_far);
  const rule = sla.faults[fault];
  const c = far ? rule.far : rule.near;
  return { responseKind: c.response, hours: c.hours, feedbackRequired: rule.feedback_required, far };
}

/** The response deadline (响应期限): the report moment plus the rule's hours. */
export function responseDeadline(reportedAt: number, rule: ResponseRule): number {
  return reportedAt + Math.round(rule.hours * MS.hour);
}

/** SPEC §1.3: met when responded on or before the deadline; missed when responded late or not
 *  responded and the deadline has passed as of `now`; else pending. A response recorded after
 *  `now` is not known yet as of `now` (back-dated reports stay reproducible). */
export function slaState(t: { respondedAt: number | null; deadline: number }, now: number): SlaState {
  if (t.respondedAt !== null && t.respondedAt <= now) return t.respondedAt <= t.deadline ? 'met' : 'missed';
  return t.deadline < now ? 'missed' : 'pending';
}

/** A void ticket counts for nothing (SPEC §1.3 counts non-void tickets): it has no SLA verdict. */
export function ticketSla(t: { status: string; respondedAt: number | null; deadline: number }, now: number): SlaState | null {
  return t.status === 'void' ? null : slaState(t, now);
}

// ----- as of a moment: what had been entered by then (SPEC §0 two times) -----

/** The status a ticket had as of `now`, from the entry times of its steps: a step entered after
 *  `now` (even one back-dated before it) was not known yet. */
export function statusAsOf(e: { dispatch: number | null; respond: number | null; resolve: number | null; sign: number | null; approve: number | null; void: number | null }, now: number): Status {
  const by = (x: number | null) => x !== null && x <= now;
  if (by(e.void)) return 'void';
  if (by(e.approve)) return 'approved';
  if (by(e.sign)) return 'signed';
  if (by(e.resolve)) return 'resolved';
  if (by(e.respond)) return 'responded';
  return by(e.dispatch) ? 'dispatched' : 'open';
}

/** The ticket as it stood in the records as of `now`: the steps entered later are taken away
 *  (their times, their results); null when the ticket itself was entered later. */
export function ticketAsOf(t: Ticket, now: number): Ticket | null {
  const r = stepsAsOf(t, now);
  return r === null ? null : serviceAsOf(r, now);
}

function stepsAsOf(t: Ticket, now: number): Ticket | null {
  const e = t.entered;
  if ((e.open ?? t.reportedAt) > now) return null;
  const by = (x: number | null) => x !== null && x <= now;
  if ([e.dispatch, e.respond, e.resolve, e.feedback, e.sign, e.approve, e.survey, e.void].every((x) => x === null || x <= now) && t.complaints.every((c) => (c.enteredAt ?? c.at) <= now)) return t;
  const r: Ticket = { ...t, status: statusAsOf(e, now), complaints: t.complaints.filter((c) => (c.enteredAt ?? c.at) <= now) };
  if (!by(e.dispatch)) Object.assign(r, { assignees: [], lead: null, loanFen: 0, dispatchedAt: null });
  if (!by(e.respond)) Object.assign(r, { respondedAt: null, responseNote: null });
  if (!by(e.resolve)) Object.assign(r, { resolvedAt: null, cause: null, responsibility: null, warranty: null, warrantyReason: null, parts: [], major: false });
  if (!by(e.feedback)) Object.assign(r, { feedbackAt: null, feedbackNote: null });
  if (!by(e.sign)) Object.assign(r, { signedBy: null, signedAt: null });
  if (!by(e.approve)) Object.assign(r, { approvedBy: null, approvedAt: null });
  if (!by(e.survey)) Object.assign(r, { surveyRating: null, surveyNote: null, surveyedAt: null });
  if (!by(e.void)) Object.assign(r, { voidReason: null, voidedAt: null });
  return r;
}

// ----- the lifecycle (SPEC §1.2) -----

export type Step = 'edit' | 'edit_sla' | 'dispatch' | 'respond' | 'resolve' | 'feedback' | 'sign' | 'approve' | 'survey' | 'complain' | 'void';

const RANK: Record<Exclude<Status, 'void'>, number> = { open: 0, dispatched: 1, responded: 2, resolved: 3, signed: 4, approved: 5 };

export function rankOf(status: Status): number {
  return status === 'void' ? -1 : RANK[status];
}

export interface Refusal {
  key: string;
  params: Params;
}

type Facts = Pick<Ticket, 'id' | 'status' | 'assignees' | 'feedbackRequired' | 'feedbackAt' | 'surveyRating' | 'voidReason'>;

/** Why `step` is not allowed on the ticket now, or null when it is. The order of the questions is
 *  the order a clerk would ask them: is it void, is it archived, then the step's own condition. */
export function refusal(step: Step, t: Facts, extra: { approver?: string } = {}): Refusal | null {
  const p = { id: t.id, status: t.status };
  if (t.status === 'void') return { key: 'ticket.rule.void', params: { ...p, reason: t.voidReason ?? '' } };
  // after approval (archived) only a survey or a complaint may be added
  if (t.status === 'approved' && step !== 'survey' && step !== 'complain') return { key: 'ticket.rule.approved', params: p };
  const rank = rankOf(t.status);
  switch (step) {
    case 'edit_sla': // deadline and response kind are frozen once the response happened
      return rank >= RANK.responded ? { key: 'ticket.rule.frozen', params: p } : null;
    case 'edit': // records are never edited after sign-off (SPEC §0)
      return rank >= RANK.signed ? { key: 'ticket.rule.signed_edit', params: p } : null;
    case 'dispatch':
      return rank >= RANK.resolved ? { key: 'ticket.rule.dispatch_late', params: p } : null;
    case 'respond':
      return rank >= RANK.responded ? { key: 'ticket.rule.already_responded', params: p } : null;
    case 'resolve':
      if (rank < RANK.responded) return { key: 'ticket.rule.respond_first', params: p };
      return rank >= RANK.resolved ? { key: 'ticket.rule.already_resolved', params: p } : null;
    case 'feedback':
      if (rank < RANK.resolved) return { key: 'ticket.rule.feedback_before_resolve', params: p };
      return t.feedbackAt !== null ? { key: 'ticket.rule.already_fed_back', params: p } : null;
    case 'sign': // 3.3.2: never a signature before the service is done
      if (rank < RANK.resolved) return { key: 'ticket.rule.sign_before_resolve', params: p };
      return rank >= RANK.signed ? { key: 'ticket.rule.already_signed', params: p } : null;
    case 'approve': {
      if (rank < RANK.signed) return { key: 'ticket.rule.approve_before_sign', params: p };
      const approver = (extra.approver ?? '').trim();
      if (t.assignees.some((a) => a.name === approver)) return { key: 'ticket.rule.approver_is_assignee', params: { ...p, name: approver } };
      // 3.2.3: chassis/engine results must be fed back to the customer before the file is closed
      if (t.feedbackRequired && t.feedbackAt === null) return { key: 'ticket.rule.feedback_missing', params: p };
      return null;
    }
    case 'survey':
      if (rank < RANK.resolved) return { key: 'ticket.rule.survey_before_resolve', params: p };
      return t.surveyRating !== null ? { key: 'ticket.rule.already_surveyed', params: p } : null;
    case 'complain':
    case 'void':
      return null;
  }
}

/** The moment a step may not precede: nothing happens before the report, a resolution not
 *  before the response, a signature not before the resolution, an approval not before it. */
export function earliest(step: Step, t: Pick<Ticket, 'reportedAt' | 'respondedAt' | 'resolvedAt' | 'signedAt'>): { what: string; at: number } {
  switch (step) {
    case 'resolve':
      return { what: 'responded_at', at: t.respondedAt ?? t.reportedAt };
    case 'feedback':
    case 'sign':
    case 'survey':
      return { what: 'resolved_at', at: t.resolvedAt ?? t.reportedAt };
    case 'approve':
      return { what: 'signed_at', at: t.signedAt ?? t.reportedAt };
    default:
      return { what: 'reported_at', at: t.reportedAt };
  }
}

// ----- figures and targets (3.2.1) -----

export interface SlaFigures extends SlaCounts {
  on_time_rate: number | null;
  satisfaction_rate: number | null;
  complaint_rate: number | null;
  meets: { on_time_rate: boolean | null; satisfaction_rate: boolean | null; complaint_rate: boolean | null };
}

/** 服务准时率 = met / (met + missed) ≥ 90 %; 用户满意度 = satisfied / surveyed ≥ 85 %;
 *  用户投诉率 = tickets with a service-fault complaint / tickets < 3 %. A target is judged on the
 *  exact ratio; the figure is rounded once from it and never shown across its target (core/rate.ts);
 *  with no denominator there is nothing to judge (null). */
export function slaFigures(c: SlaCounts, targets: Rules['targets']): SlaFigures {
  const judged = c.met + c.missed;
  const onTime = { min: targets.on_time_rate.min };
  const satisfaction = { min: targets.satisfaction_rate.min };
  const complaint = { below: targets.complaint_rate.below };
  return {
    ...c,
    on_time_rate: shownRate(c.met, judged, onTime),
    satisfaction_rate: shownRate(c.satisfied, c.surveyed, satisfaction),
    complaint_rate: shownRate(c.complaints, c.tickets, complaint),
    meets: {
      on_time_rate: meetsTarget(c.met, judged, onTime),
      satisfaction_rate: meetsTarget(c.satisfied, c.surveyed, satisfaction),
      complaint_rate: meetsTarget(c.complaints, c.tickets, complaint),
    },
  };
}

/** The printed percent of each rate of a figures row, rounded once from its counts. */
export function slaRateTexts(c: SlaCounts, targets: Rules['targets']): Record<'on_time_rate' | 'satisfaction_rate' | 'complaint_rate', string> {
  return {
    on_time_rate: percentText(c.met, c.met + c.missed, { min: targets.on_time_rate.min }),
    satisfaction_rate: percentText(c.satisfied, c.surveyed, { min: targets.satisfaction_rate.min }),
    complaint_rate: percentText(c.complaints, c.tickets, { below: targets.complaint_rate.below }),
  };
}

export function missesATarget(f: SlaFigures): boolean {
  return Object.values(f.meets).some((v) => v === false);
}

/** Deadline-check items of one ticket's state (SPEC §1.4), as plain data. */
export function dueAfter(from: number, days: number): number {
  return from + Math.round(days * MS.day);
}
