import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/core/rules.js';
import { defaultRulesPath } from '../../src/core/rules.js';
import { MS } from '../../src/core/time.js';
import { refusal, responseDeadline, responseRule, slaFigures, slaState, ticketSla, type Step } from '../../src/ticket/rules.js';
import type { Status } from '../../src/ticket/types.js';
import { at } from '../helpers.js';

const rules = loadRules(defaultRulesPath());

describe('3.2.2 / 3.2.3: the response a fault needs, from data/rules.json', () => {
  it.each([
    ['body within 100 km must be on site within 24 h', 'body', 50, false, 'onsite', 24, false],
    ['body at exactly 100 km is within the radius: on site within 24 h', 'body', 100, false, 'onsite', 24, false],
    ['body at 100.1 km is beyond the radius: reply within 12 h', 'body', 100.1, false, 'reply', 12, false],
    ['body near but needing the supplier: reply within 12 h', 'body', 0, true, 'reply', 12, false],
    ['body far and needing the supplier: reply within 12 h', 'body', 300, true, 'reply', 12, false],
    ['chassis near: written contact within 12 h, then feedback', 'chassis', 10, false, 'written', 12, true],
    ['chassis far: written contact within 12 h, then feedback', 'chassis', 300, false, 'written', 12, true],
    ['engine at exactly 100 km: written contact within 12 h, then feedback', 'engine', 100, false, 'written', 12, true],
    ['engine needing the supplier: still written contact within 12 h', 'engine', 20, true, 'written', 12, true],
    ['other within 100 km is treated as body: on site within 24 h', 'other', 100, false, 'onsite', 24, false],
    ['other beyond 100 km is treated as body: reply within 12 h', 'other', 101, false, 'reply', 12, false],
  ] as const)('%s', (_name, fault, km, supplier, kind, hours, feedback) => {
    const r = responseRule(rules.sla, fault, km, supplier);
    expect(r.responseKind).toBe(kind);
    expect(r.hours).toBe(hours);
    expect(r.feedbackRequired).toBe(feedback);
    expect(responseDeadline(at('2026-10-01 09:00'), r)).toBe(at('2026-10-01 09:00') + hours * MS.hour);
  });

  it('the radius and the hours come from the rule file, not the code', () => {
    const wider = { ...rules.sla, distance_limit_km: 150, faults: { ...rules.sla.faults, body: { ...rules.sla.faults.body, near: { response: 'onsite' as const, hours: 36 } } } };
    expect(responseRule(wider, 'body', 120, false)).toMatchObject({ responseKind: 'onsite', hours: 36 });
  });
});

describe('SPEC §1.3: met, missed, pending', () => {
  const deadline = at('2026-10-02 09:00');
  it.each([
    ['responded exactly on the deadline is met', deadline, at('2026-10-03 00:00'), 'met'],
    ['responded one minute late is missed', deadline + MS.minute, at('2026-10-03 00:00'), 'missed'],
    ['responded early is met', deadline - MS.hour, at('2026-10-03 00:00'), 'met'],
    ['not responded, deadline still ahead, is pending', null, deadline - MS.minute, 'pending'],
    ['not responded, now exactly on the deadline, is still pending', null, deadline, 'pending'],
    ['not responded and the deadline passed is missed', null, deadline + MS.minute, 'missed'],
    ['a response recorded after `now` is not known yet as of now', deadline - MS.hour, deadline - 2 * MS.hour, 'pending'],
  ] as const)('%s', (_n, respondedAt, now, state) => {
    expect(slaState({ respondedAt, deadline }, now)).toBe(state);
  });
});

describe('SPEC §1.2: which step is allowed in which state', () => {
  const facts = (status: Status, extra: Partial<{ feedbackRequired: boolean; feedbackAt: number | null; surveyRating: number | null }> = {}) => ({
    id: 'T2026-0001', status, assignees: [{ name: '王强', lead: true }], feedbackRequired: false, feedbackAt: null, surveyRating: null, voidReason: status === 'void' ? 'dup' : null, ...extra,
  });
  it.each([
    ['signature before resolution', 'sign', 'responded', 'ticket.rule.sign_before_resolve'],
    ['signature on an open ticket', 'sign', 'open', 'ticket.rule.sign_before_resolve'],
    ['a second signature', 'sign', 'signed', 'ticket.rule.already_signed'],
    ['approval before signature', 'approve', 'resolved', 'ticket.rule.approve_before_sign'],
    ['a survey before resolution', 'survey', 'dispatched', 'ticket.rule.survey_before_resolve'],
    ['resolution before the response', 'resolve', 'dispatched', 'ticket.rule.respond_first'],
    ['a second response', 'respond', 'resolved', 'ticket.rule.already_responded'],
    ['changing the fault after the response', 'edit_sla', 'responded', 'ticket.rule.frozen'],
    ['editing after sign-off', 'edit', 'signed', 'ticket.rule.signed_edit'],
    ['dispatch after resolution', 'dispatch', 'resolved', 'ticket.rule.dispatch_late'],
    ['feedback before resolution', 'feedback', 'responded', 'ticket.rule.feedback_before_resolve'],
    ['anything after void: respond', 'respond', 'void', 'ticket.rule.void'],
    ['anything after void: complain', 'complain', 'void', 'ticket.rule.void'],
    ['anything after void: void again', 'void', 'void', 'ticket.rule.void'],
    ['after approval: void', 'void', 'approved', 'ticket.rule.approved'],
    ['after approval: feedback', 'feedback', 'approved', 'ticket.rule.approved'],
    ['after approval: edit', 'edit', 'approved', 'ticket.rule.approved'],
  ] as const)('%s is refused', (_n, step, status, key) => {
    expect(refusal(step as Step, facts(status))?.key).toBe(key);
  });

  it.each([
    ['a survey after approval', 'survey', 'approved'],
    ['a complaint after approval', 'complain', 'approved'],
    ['a complaint on an open ticket', 'complain', 'open'],
    ['a survey once resolved', 'survey', 'resolved'],
    ['void before approval', 'void', 'signed'],
    ['editing the deadline before the response', 'edit_sla', 'dispatched'],
  ] as const)('%s is allowed', (_n, step, status) => {
    expect(refusal(step as Step, facts(status))).toBeNull();
  });

  it('a second survey is refused', () => {
    expect(refusal('survey', facts('signed', { surveyRating: 4 }))?.key).toBe('ticket.rule.already_surveyed');
  });
  it('approval by an assignee is refused', () => {
    expect(refusal('approve', facts('signed'), { approver: '王强' })?.key).toBe('ticket.rule.approver_is_assignee');
  });
  it('a chassis/engine ticket is approved only after the feedback', () => {
    expect(refusal('approve', facts('signed', { feedbackRequired: true }), { approver: '刘经理' })?.key).toBe('ticket.rule.feedback_missing');
    expect(refusal('approve', facts('signed', { feedbackRequired: true, feedbackAt: 1 }), { approver: '刘经理' })).toBeNull();
  });
});

describe('3.2.1: rates and targets', () => {
  const base = { tickets: 0, met: 0, missed: 0, pending: 0, surveyed: 0, satisfied: 0, complaints: 0 };
  it('an empty denominator is null, never 0 % or 100 %, and judges nothing', () => {
    const f = slaFigures(base, rules.targets);
    expect([f.on_time_rate, f.satisfaction_rate, f.complaint_rate]).toEqual([null, null, null]);
    expect(f.meets).toEqual({ on_time_rate: null, satisfaction_rate: null, complaint_rate: null });
  });
  it.each([
    ['on-time exactly 90 % meets its target', { met: 9, missed: 1, tickets: 10 }, 'on_time_rate', true],
    ['on-time 89.99 % misses it', { met: 8999, missed: 1001, tickets: 10000 }, 'on_time_rate', false],
    ['satisfaction exactly 85 % meets it', { surveyed: 20, satisfied: 17, tickets: 20 }, 'satisfaction_rate', true],
    ['complaint rate exactly 3 % misses "below 3 %"', { complaints: 3, tickets: 100 }, 'complaint_rate', false],
    ['complaint rate 2.9 % meets it', { complaints: 29, tickets: 1000 }, 'complaint_rate', true],
  ] as const)('%s', (_n, counts, key, ok) => {
    expect(slaFigures({ ...base, ...counts }, rules.targets).meets[key]).toBe(ok);
  });
});

describe('a void ticket has no SLA verdict', () => {
  const deadline = at('2026-10-02 10:00');
  it.each([
    ['void, never responded, deadline passed', 'void', null, null],
    ['void, responded on time', 'void', at('2026-10-02 09:00'), null],
    ['open, deadline passed', 'open', null, 'missed'],
    ['responded on time', 'responded', at('2026-10-02 09:00'), 'met'],
  ] as const)('%s', (_name, status, respondedAt, expected) => {
    expect(ticketSla({ status, respondedAt, deadline }, at('2026-10-05 10:00'))).toBe(expected);
  });
});
