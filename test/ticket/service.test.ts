import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/core/audit.js';
import { isoInZone } from '../../src/core/time.js';
import * as svc from '../../src/ticket/service.js';
import { showTicket } from '../../src/ticket/views.js';
import { at, testContext, TZ } from '../helpers.js';
import { LATE, OPEN, ticketAt, type Stage } from './fixtures.js';

const NOW = '2026-10-05 10:00';

function audits(ctx: ReturnType<typeof testContext>['ctx']): number {
  return auditLog(ctx.db()).length;
}

describe('ticket open', () => {
  it('stores the deadline and response kind at open, with a yearly id', () => {
    const { ctx } = testContext({ now: NOW });
    const t = svc.openTicket(ctx, { ...OPEN, distance: '100' });
    expect(t.id).toBe('T2026-0001');
    expect(t.status).toBe('open');
    expect(t.responseKind).toBe('onsite');
    expect(isoInZone(t.deadline, TZ)).toBe('2026-10-02T09:00:00+08:00');
    expect(svc.openTicket(ctx, { ...OPEN, supplier: true }).responseKind).toBe('reply');
    expect(svc.openTicket(ctx, { ...OPEN, fault: 'engine' })).toMatchObject({ id: 'T2026-0003', responseKind: 'written', feedbackRequired: true });
  });

  it('numbers by the year of reported_at in the configured zone', () => {
    const { ctx } = testContext({ now: '2027-01-02 10:00' });
    // 2026-12-31 23:30 in Shanghai is 15:30 UTC: still 2026 here
    expect(svc.openTicket(ctx, { ...OPEN, reportedAt: '2026-12-31 23:30' }).id).toBe('T2026-0001');
    expect(svc.openTicket(ctx, { ...OPEN, reportedAt: '2027-01-01 00:30' }).id).toBe('T2027-0001');
  });

  it.each([
    ['--customer', { customer: undefined }],
    ['--phone', { phone: 'call me' }],
    ['--fault', { fault: 'wheel' }],
    ['--distance', { distance: '-3' }],
    ['--distance', { distance: 'abc' }],
    ['--reported-at', { reportedAt: '2026-02-30 10:00' }],
    ['--reported-at', { reportedAt: '2026-10-06 10:00' }],
    ['--channel', { channel: 'pigeon' }],
  ])('a bad %s is exit 2 naming the flag, nothing written', (field, over) => {
    const { ctx } = testContext({ now: NOW });
    expect(() => svc.openTicket(ctx, { ...OPEN, ...over })).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field }) }));
  });
});

describe('ticket edit recomputes the deadline only before the response', () => {
  it('before the response: distance beyond 100 km turns on-site 24 h into reply 12 h, audited', () => {
    const { ctx } = testContext({ now: NOW });
    const t = ticketAt(ctx, 'dispatched');
    const e = svc.editTicket(ctx, t.id, { distance: '120' });
    expect(e.responseKind).toBe('reply');
    expect(isoInZone(e.deadline, TZ)).toBe('2026-10-01T21:00:00+08:00');
    const last = auditLog(ctx.db(), { recordId: t.id }).at(-1)!;
    expect(last.action).toBe('ticket.edit');
    expect(last.change).toMatchObject({ distance_km: { from: 35, to: 120 }, response_kind: { from: 'onsite', to: 'reply' } });
  });
  it('after the response: fault, distance and supplier are frozen (exit 3), contact details are not', () => {
    const { ctx } = testContext({ now: NOW });
    const t = ticketAt(ctx, 'responded');
    expect(() => svc.editTicket(ctx, t.id, { fault: 'chassis' })).toThrow(expect.objectContaining({ exitCode: 3, key: 'ticket.rule.frozen' }));
    expect(() => svc.editTicket(ctx, t.id, { supplier: true })).toThrow(expect.objectContaining({ exitCode: 3 }));
    expect(svc.editTicket(ctx, t.id, { contact: '王建国' }).contact).toBe('王建国');
  });
});

describe('every illegal step is refused with exit 3 and writes nothing', () => {
  const cases: Array<[string, Stage, (ctx: any, id: string) => unknown, string]> = [
    ['signature before resolution', 'responded', (c, id) => svc.signTicket(c, id, { by: '张建国' }), 'ticket.rule.sign_before_resolve'],
    ['a second signature', 'signed', (c, id) => svc.signTicket(c, id, { by: '李四' }), 'ticket.rule.already_signed'],
    ['approval before signature', 'resolved', (c, id) => svc.approveTicket(c, id, { by: '刘经理' }), 'ticket.rule.approve_before_sign'],
    ['approval by an assignee', 'signed', (c, id) => svc.approveTicket(c, id, { by: '王强' }), 'ticket.rule.approver_is_assignee'],
    ['a survey before resolution', 'dispatched', (c, id) => svc.surveyTicket(c, id, { rating: '5' }), 'ticket.rule.survey_before_resolve'],
    ['resolution before the response', 'dispatched', (c, id) => svc.resolveTicket(c, id, { cause: 'x', responsibility: 'product', warranty: 'yes' }), 'ticket.rule.respond_first'],
    ['a second response', 'responded', (c, id) => svc.respondTicket(c, id, {}), 'ticket.rule.already_responded'],
    ['respond after void', 'void', (c, id) => svc.respondTicket(c, id, {}), 'ticket.rule.void'],
    ['complain after void', 'void', (c, id) => svc.complainTicket(c, id, { serviceFault: 'yes', note: 'x' }), 'ticket.rule.void'],
    ['dispatch after void', 'void', (c, id) => svc.dispatchTicket(c, id, { to: ['李明'] }), 'ticket.rule.void'],
    ['void after approval', 'approved', (c, id) => svc.voidTicket(c, id, { reason: 'x' }), 'ticket.rule.approved'],
    ['feedback after approval', 'approved', (c, id) => svc.feedbackTicket(c, id, { note: 'x' }), 'ticket.rule.approved'],
    ['edit after approval', 'approved', (c, id) => svc.editTicket(c, id, { contact: 'x' }), 'ticket.rule.approved'],
    ['a signature before the resolution time', 'resolved', (c, id) => svc.signTicket(c, id, { by: '张建国', at: '2026-10-01 17:00' }), 'step.before_previous'],
    ['a response before the report', 'dispatched', (c, id) => svc.respondTicket(c, id, { at: '2026-10-01 08:00' }), 'step.before_previous'],
  ];
  it.each(cases)('%s', (_n, stage, run, key) => {
    const { ctx } = testContext({ now: NOW });
    const t = ticketAt(ctx, stage);
    const before = audits(ctx);
    expect(() => run(ctx, t.id)).toThrow(expect.objectContaining({ exitCode: 3, key }));
    expect(audits(ctx)).toBe(before);
    expect(showTicket(ctx, t.id).ticket.status).toBe(t.status);
  });

  it('a second survey is refused', () => {
    const { ctx } = testContext({ now: NOW });
    const t = ticketAt(ctx, 'approved');
    svc.surveyTicket(ctx, t.id, { rating: '4' });
    expect(() => svc.surveyTicket(ctx, t.id, { rating: '5' })).toThrow(expect.objectContaining({ exitCode: 3, key: 'ticket.rule.already_surveyed' }));
  });

  it('after approval a survey and complaints are still taken', () => {
    const { ctx } = testContext({ now: NOW });
    const t = ticketAt(ctx, 'approved');
    expect(svc.surveyTicket(ctx, t.id, { rating: '5' }).surveyRating).toBe(5);
    expect(svc.complainTicket(ctx, t.id, { serviceFault: 'no', note: '车又坏了' }).complaints).toHaveLength(1);
  });

  it('a chassis ticket needs its feedback before approval', () => {
    const { ctx } = testContext({ now: NOW });
    const t = svc.openTicket(ctx, { ...OPEN, fault: 'chassis' });
    svc.respondTicket(ctx, t.id, { at: '2026-10-01 12:00', reason: LATE });
    svc.resolveTicket(ctx, t.id, { cause: '制动分泵卡滞', responsibility: 'product', warranty: 'yes', at: '2026-10-01 18:00', reason: LATE });
    svc.signTicket(ctx, t.id, { by: '张建国', at: '2026-10-01 19:00', reason: LATE });
    expect(() => svc.approveTicket(ctx, t.id, { by: '刘经理' })).toThrow(expect.objectContaining({ key: 'ticket.rule.feedback_missing' }));
    svc.feedbackTicket(ctx, t.id, { note: '已书面反馈' });
    expect(svc.approveTicket(ctx, t.id, { by: '刘经理' }).status).toBe('approved');
  });

  it('input is checked before state: a bad rating on an unresolved ticket is exit 2, not 3', () => {
    const { ctx } = testContext({ now: NOW });
    const t = ticketAt(ctx, 'open');
    expect(() => svc.surveyTicket(ctx, t.id, { rating: '6' })).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--rating' }) }));
    expect(() => svc.resolveTicket(ctx, t.id, { cause: 'x', responsibility: 'product', warranty: 'no' })).toThrow(
      expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--warranty-reason' }) }),
    );
    expect(() => svc.resolveTicket(ctx, t.id, { cause: 'x', responsibility: 'product', warranty: 'yes', part: ['P-1:0'] })).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it('an unknown ticket is exit 4; a malformed id is exit 2', () => {
    const { ctx } = testContext({ now: NOW });
    ticketAt(ctx, 'open');
    expect(() => svc.respondTicket(ctx, 'T2026-0099', {})).toThrow(expect.objectContaining({ exitCode: 4 }));
    expect(() => svc.respondTicket(ctx, 'ticket-1', {})).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe('dispatch', () => {
  it('two or more need a lead who is one of them; a loan is yuan', () => {
    const { ctx } = testContext({ now: NOW });
    const t = ticketAt(ctx, 'open');
    expect(() => svc.dispatchTicket(ctx, t.id, { to: ['王强', '李明'] })).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--lead' }) }));
    expect(() => svc.dispatchTicket(ctx, t.id, { to: ['王强', '李明'], lead: '张三' })).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => svc.dispatchTicket(ctx, t.id, { to: ['王强'], loan: '12.345' })).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--loan' }) }));
    const d = svc.dispatchTicket(ctx, t.id, { to: ['王强', '李明'], lead: '李明', loan: '2000.5' });
    expect(d).toMatchObject({ status: 'dispatched', lead: '李明', loanFen: 200050 });
    expect(d.assignees.map((a) => a.name).sort()).toEqual(['李明', '王强']);
  });
});

describe('show', () => {
  it('has the history of every change from the audit log, and the SLA state', () => {
    const { ctx } = testContext({ now: NOW });
    const t = ticketAt(ctx, 'approved');
    const d = showTicket(ctx, t.id);
    expect(d.sla).toBe('met');
    expect(d.history.map((h) => h.action)).toEqual(['ticket.open', 'ticket.dispatch', 'ticket.respond', 'ticket.resolve', 'ticket.sign', 'ticket.approve']);
    expect(d.ticket.parts).toEqual([{ code: 'P-1001', qty: 1, reason: '门泵漏气' }]);
    expect(at('2026-10-01 19:30')).toBe(d.ticket.signedAt);
  });
});
