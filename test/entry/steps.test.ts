// issue 9, SPEC §0 "Two times on every step" for tickets and letters: every step dated --at and
// checked alike (never before the step it follows: exit 3; a late entry needs --reason: exit 2),
// its entry time stored, late entries marked 补录 and counted; as-of reads count only what had
// been entered by then.
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/core/audit.js';
import { lateEntries } from '../../src/core/late.js';
import { monthPeriod } from '../../src/core/period.js';
import { letterReport, logLetter, noteLetter, replyLetter, archiveLetter, showLetter, listLetters, letterChecks } from '../../src/letter/service.js';
import * as svc from '../../src/ticket/service.js';
import { slaReport } from '../../src/ticket/sla.js';
import { listTickets, showTicket, ticketChecks } from '../../src/ticket/views.js';
import { at, testContext, TZ, type TestContext } from '../helpers.js';
import { OPEN } from '../ticket/fixtures.js';

const FIX = { cause: '门泵漏气', responsibility: 'product', warranty: 'yes' };
const LATE = '纸质单据补录';

/** A ticket walked to resolved and signed, each step entered when it happened. */
function walked(tc: TestContext): { tc: TestContext; id: string } {
  let c = tc;
  const id = svc.openTicket(c.ctx, { ...OPEN, reportedAt: '2026-10-01 09:00' }).id;
  c = c.later('2026-10-01 15:00');
  svc.respondTicket(c.ctx, id, { at: '2026-10-01 15:00' });
  c = c.later('2026-10-01 18:00');
  svc.resolveTicket(c.ctx, id, { ...FIX, at: '2026-10-01 18:00' });
  c = c.later('2026-10-01 19:00');
  svc.signTicket(c.ctx, id, { by: '张建国', at: '2026-10-01 19:00' });
  return { tc: c, id };
}

describe('every ticket and letter step is checked the same way', () => {
  type Run = (tc: TestContext, id: string, atText: string, reason?: string) => unknown;
  const ticketSteps: Array<[string, Run]> = [
    ['ticket dispatch', (tc, id, a, reason) => svc.dispatchTicket(tc.ctx, id, { to: ['王强'], at: a, reason })],
    ['ticket respond', (tc, id, a, reason) => svc.respondTicket(tc.ctx, id, { at: a, reason })],
    ['ticket complain', (tc, id, a, reason) => svc.complainTicket(tc.ctx, id, { serviceFault: 'no', note: 'x', at: a, reason })],
    ['ticket edit', (tc, id, a, reason) => svc.editTicket(tc.ctx, id, { contact: '王', at: a, reason })],
    ['ticket void', (tc, id, a, reason) => svc.voidTicket(tc.ctx, id, { reason: reason ?? '', at: a })],
  ];

  it.each(ticketSteps.filter(([n]) => n !== 'ticket void'))('%s dated 4 days back needs --reason (exit 2), then is marked 补录', (_n, run) => {
    const tc = testContext({ now: '2026-10-01 09:30' });
    const id = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-01 09:00' }).id;
    const later = tc.later('2026-10-05 10:00');
    expect(() => run(later, id, '2026-10-01 10:00')).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--reason' }) }));
    run(later, id, '2026-10-01 10:00', LATE);
    const last = auditLog(later.ctx.db(), { recordId: id }).at(-1)!;
    expect(last).toMatchObject({ late: LATE, at: at('2026-10-01 10:00'), enteredAt: at('2026-10-05 10:00') });
  });

  it('a void dated 4 days back keeps its reason as the 补录 reason', () => {
    const tc = testContext({ now: '2026-10-01 09:30' });
    const id = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-01 09:00' }).id;
    const later = tc.later('2026-10-05 10:00');
    svc.voidTicket(later.ctx, id, { reason: '重复登记', at: '2026-10-01 10:00' });
    expect(auditLog(later.ctx.db(), { recordId: id }).at(-1)).toMatchObject({ action: 'ticket.void', late: '重复登记' });
  });

  it('a response dated before its deadline but entered after it needs --reason, whatever the hours', () => {
    const tc = testContext({ now: '2026-10-01 09:30' });
    const id = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-01 09:00' }).id; // on site by 10-02 09:00
    const later = tc.later('2026-10-02 10:00');
    expect(() => svc.respondTicket(later.ctx, id, { at: '2026-10-02 08:00' })).toThrow(expect.objectContaining({ exitCode: 2, key: 'step.reason_after_deadline' }));
    // the honest late response needs none
    expect(svc.respondTicket(later.ctx, id, { at: '2026-10-02 09:30' }).respondedAt).toBe(at('2026-10-02 09:30'));
  });

  const before: Array<[string, (tc: TestContext) => unknown]> = [
    ['a response before the report', (tc) => svc.respondTicket(tc.ctx, svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-01 09:00' }).id, { at: '2026-10-01 08:59' })],
    ['a dispatch before the report', (tc) => svc.dispatchTicket(tc.ctx, svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-01 09:00' }).id, { to: ['王强'], at: '2026-10-01 08:00' })],
    ['a void before the report', (tc) => svc.voidTicket(tc.ctx, svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-01 09:00' }).id, { reason: 'x', at: '2026-10-01 08:00' })],
    ['a ticket before the letter it comes from', (tc) => {
      const l = logLetter(tc.ctx, { channel: 'phone', from: '王', subject: 's', receivedAt: '2026-10-01 09:00' });
      return svc.openTicket(tc.ctx, { ...OPEN, letter: l.id, reportedAt: '2026-10-01 08:00' });
    }],
    ['a ticket edited to a report time before its letter', (tc) => {
      const l = logLetter(tc.ctx, { channel: 'phone', from: '王', subject: 's', receivedAt: '2026-10-01 09:00' });
      const t = svc.openTicket(tc.ctx, { ...OPEN, letter: l.id, reportedAt: undefined });
      return svc.editTicket(tc.ctx, t.id, { reportedAt: '2026-10-01 08:00' });
    }],
    ['a letter reply before the letter arrived', (tc) => {
      const l = logLetter(tc.ctx, { channel: 'phone', from: '王', subject: 's', receivedAt: '2026-10-01 09:00' });
      return replyLetter(tc.ctx, l.id, { text: 'x', by: '张', at: '2026-10-01 08:00' });
    }],
    ['a letter note before the letter arrived', (tc) => {
      const l = logLetter(tc.ctx, { channel: 'phone', from: '王', subject: 's', receivedAt: '2026-10-01 09:00' });
      return noteLetter(tc.ctx, l.id, { text: 'x', at: '2026-10-01 08:00' });
    }],
    ['a letter archive before its reply', (tc) => {
      const l = logLetter(tc.ctx, { channel: 'phone', from: '王', subject: 's', receivedAt: '2026-10-01 09:00' });
      replyLetter(tc.ctx, l.id, { text: 'x', by: '张', at: '2026-10-01 10:00' });
      return archiveLetter(tc.ctx, l.id, { at: '2026-10-01 09:30' });
    }],
  ];
  it.each(before)('%s is exit 3 (step.before_previous), nothing written', (_n, run) => {
    const tc = testContext({ now: '2026-10-01 11:00' });
    expect(() => run(tc)).toThrow(expect.objectContaining({ exitCode: 3, key: 'step.before_previous' }));
  });

  it('a letter logged 4 days after it arrived needs --reason; its reply too', () => {
    const tc = testContext({ now: '2026-10-05 10:00' });
    expect(() => logLetter(tc.ctx, { channel: 'letter', from: '王', subject: 's', receivedAt: '2026-10-01 09:00' })).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--reason' }) }));
    const l = logLetter(tc.ctx, { channel: 'letter', from: '王', subject: 's', receivedAt: '2026-10-01 09:00', reason: LATE });
    expect(() => replyLetter(tc.ctx, l.id, { text: 'x', by: '张', at: '2026-10-01 12:00' })).toThrow(expect.objectContaining({ exitCode: 2 }));
    replyLetter(tc.ctx, l.id, { text: 'x', by: '张', at: '2026-10-01 12:00', reason: LATE });
    expect(showLetter(tc.ctx, l.id).history.map((h) => h.late)).toEqual([LATE, LATE]);
  });
});

describe('as-of reads count only what had been entered by then', () => {
  it('report sla as of Nov 1, reprinted after a back-dated response, is identical', () => {
    let tc = testContext({ now: '2026-10-10 09:00' });
    const a = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-10 09:00' }).id; // on site by 10-11 09:00
    tc = tc.later('2026-10-10 12:00');
    const b = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-10 12:00' }).id;
    svc.respondTicket(tc.ctx, b, { at: '2026-10-10 12:00' });
    const asOf = (now: string) => {
      const c = testContext({ now, dbPath: tc.ctx.dbPath });
      const r = slaReport(c.ctx, monthPeriod(2026, 10, TZ));
      const shown = showTicket(c.ctx, a);
      const list = listTickets(c.ctx, { kind: 'period', period: monthPeriod(2026, 10, TZ) }, {});
      const checks = ticketChecks(c.ctx, c.ctx.db(), 0);
      c.ctx.close();
      return { r, sla: shown.sla, status: shown.ticket.status, history: shown.history.length, list: list.map((x) => [x.id, x.status, x.sla]), checks };
    };
    const printed = asOf('2026-11-01 10:00');
    expect(printed.r).toMatchObject({ tickets: 2, met: 1, missed: 1, late_entries: 0 });
    expect(printed.sla).toBe('missed');
    expect(printed.checks).toMatchObject([{ id: a, what: 'response', overdue: true }]);

    // on Nov 10 the paper report turns up: the response was on Oct 10 at 20:00 (back-dated, with a reason)
    tc = tc.later('2026-11-10 09:00');
    svc.respondTicket(tc.ctx, a, { at: '2026-10-10 20:00', reason: '纸质服务单迟交' });
    tc.ctx.close();

    expect(asOf('2026-11-01 10:00')).toEqual(printed);
    const now = asOf('2026-11-10 09:00');
    expect(now.r).toMatchObject({ tickets: 2, met: 2, missed: 0, late_entries: 1 });
    expect(now.sla).toBe('met');
    expect(now.checks).toEqual([]);
  });

  it('report letters and the letter views as of a moment ignore a reply entered later', () => {
    let tc = testContext({ now: '2026-10-10 09:00' });
    const l = logLetter(tc.ctx, { channel: 'phone', from: '王', subject: 's', receivedAt: '2026-10-10 09:00' }).id; // due 10-11 09:00
    const asOf = (now: string) => {
      const c = testContext({ now, dbPath: tc.ctx.dbPath });
      const r = letterReport(c.ctx, monthPeriod(2026, 10, TZ));
      const shown = showLetter(c.ctx, l);
      const pending = listLetters(c.ctx, { period: null, pending: true }).map((x) => x.id);
      const checks = letterChecks(c.ctx, c.ctx.db(), 0).map((x) => [x.id, x.overdue]);
      c.ctx.close();
      return { r, status: shown.letter.status, pending, checks };
    };
    const printed = asOf('2026-11-01 10:00');
    expect(printed.r).toMatchObject({ received: 1, replied: 0, overdue_open: 1, late_entries: 0 });
    tc = tc.later('2026-11-10 09:00');
    replyLetter(tc.ctx, l, { text: '已答复', by: '张', at: '2026-10-10 18:00', reason: '电话答复忘记登记' });
    tc.ctx.close();
    expect(asOf('2026-11-01 10:00')).toEqual(printed);
    expect(asOf('2026-11-10 09:00')).toMatchObject({ r: { replied: 1, replied_on_time: 1, late_entries: 1 }, status: 'replied', pending: [], checks: [] });
  });

  it('audit late lists the late entries by the step time, as of the clock', () => {
    const tc = testContext({ now: '2026-11-10 09:00' });
    const id = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-10 09:00', reason: '补录十月报修' }).id;
    logLetter(tc.ctx, { channel: 'phone', from: '王', subject: 's', receivedAt: '2026-11-10 08:00' }); // timely
    const oct = monthPeriod(2026, 10, TZ);
    expect(lateEntries(tc.ctx.db(), { start: oct.start, end: oct.end, now: tc.ctx.now }).map((e) => [e.recordId, e.action, e.late])).toEqual([[id, 'ticket.open', '补录十月报修']]);
    expect(lateEntries(tc.ctx.db(), { start: oct.start, end: oct.end, now: at('2026-11-09 09:00') })).toEqual([]);
    const nov = monthPeriod(2026, 11, TZ);
    expect(lateEntries(tc.ctx.db(), { start: nov.start, end: nov.end, now: tc.ctx.now })).toEqual([]);
  });

  it('a walked ticket entered step by step has no late entries', () => {
    const { tc, id } = walked(testContext({ now: '2026-10-01 09:00' }));
    expect(auditLog(tc.ctx.db(), { recordId: id }).every((e) => e.late === null)).toBe(true);
  });
});
