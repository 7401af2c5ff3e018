// issue 9, SPEC §0 "Closed months": closing freezes figures, not facts.
import { describe, expect, it } from 'vitest';
import { verifyLog } from '../../src/core/audit-verify.js';
import { closedThrough, closingOf, effectiveMonth, parseModules } from '../../src/core/closing.js';
import { monthPeriod } from '../../src/core/period.js';
import { closedList, closeService, reopenService } from '../../src/admin/service-close.js';
import { registeredModules } from '../../src/core/cli.js';
import { letterReport, logLetter } from '../../src/letter/service.js';
import * as svc from '../../src/ticket/service.js';
import { slaReport } from '../../src/ticket/sla.js';
import { loadModules } from '../../src/modules.js';
import { at, testContext, TZ, type TestContext } from '../helpers.js';
import { OPEN } from '../ticket/fixtures.js';

const modules = await loadModules();
const oct = monthPeriod(2026, 10, TZ);
const nov = monthPeriod(2026, 11, TZ);

function october(): TestContext {
  let tc = testContext({ now: '2026-10-10 09:00' });
  const a = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-10 09:00' }).id;
  tc = tc.later('2026-10-10 15:00');
  svc.respondTicket(tc.ctx, a, { at: '2026-10-10 15:00' });
  tc = tc.later('2026-10-31 20:00');
  svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-31 20:00' }); // on site by 11-01 20:00: pending at closing
  logLetter(tc.ctx, { channel: 'phone', from: '王', subject: 's', receivedAt: '2026-10-31 20:00' });
  return tc.later('2026-11-01 09:00');
}

describe('kaohe close / reopen / closed', () => {
  it('closing October warns about what is pending, stores the head, and freezes its reports', () => {
    let tc = october();
    const r = closeService(tc.ctx, { month: '2026-10' }, modules);
    expect(r.closed).toEqual({ ticket: ['2026-10'], letter: ['2026-10'], guard: ['2026-10'], stock: ['2026-10'] });
    expect(r.head).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect(r.pending.map((p) => p.module)).toEqual(['ticket 2026-10', 'ticket 2026-10', 'letter 2026-10']);
    const atClosing = slaReport(tc.ctx, oct);
    expect(atClosing).toMatchObject({ tickets: 2, met: 1, missed: 0, pending: 1, closed: { head: r.head } });

    // a ticket dated in closed October (within 72 h) still needs --reason: it is a late entry
    tc = tc.later('2026-11-01 10:00');
    expect(() => svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-31 22:00', reason: undefined })).toThrow(
      expect.objectContaining({ exitCode: 2, key: 'step.reason_closed_month' }),
    );
    svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-31 22:00', reason: '漏登' });
    logLetter(tc.ctx, { channel: 'letter', from: '李', subject: 's', receivedAt: '2026-10-30 10:00', reason: '漏登' });
    // a void of October's first ticket, entered in November: October keeps counting it
    tc = tc.later('2026-11-02 10:00');
    svc.voidTicket(tc.ctx, 'T2026-0001', { reason: '重复登记' });
    tc = tc.later('2026-11-20 10:00');

    // October, as of its closing, forever; the late ticket counts in November, "from earlier months"
    const octLater = slaReport(tc.ctx, oct);
    expect({ ...octLater }).toEqual({ ...atClosing });
    const n = slaReport(tc.ctx, nov);
    // the late ticket (missed), and the ticket pending at closing whose deadline passed in November:
    // "their later verdicts count in the month in which they fall"
    expect(n).toMatchObject({ tickets: 2, missed: 2, pending: 0, from_earlier: { tickets: 2, missed: 2, voided: ['T2026-0001'] } });
    // as of Nov 1 12:00 the pending ticket had no verdict yet; the late ticket was entered
    expect(slaReport(testContext({ now: '2026-11-01 12:00', dbPath: tc.ctx.dbPath }).ctx, nov)).toMatchObject({ from_earlier: { tickets: 1 } });
    const lettersOct = letterReport(tc.ctx, oct);
    expect(lettersOct).toMatchObject({ received: 1, closed: { head: r.head } });
    expect(letterReport(tc.ctx, nov)).toMatchObject({ received: 1, from_earlier: { received: 1, ids: ['L2026-0002'] } });
    expect(verifyLog(tc.ctx.db()).ok).toBe(true);
  });

  it('months close in order and reopen in reverse', () => {
    let tc = testContext({ now: '2026-12-05 10:00' });
    svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-12-05 09:00' });
    expect(() => closeService(tc.ctx, { month: '2026-12' }, modules)).toThrow(expect.objectContaining({ exitCode: 3, key: 'close.future' }));
    closeService(tc.ctx, { month: '2026-09', only: 'ticket' }, modules);
    const r = closeService(tc.ctx, { month: '2026-11', only: 'ticket,letter' }, modules);
    expect(r.closed).toEqual({ ticket: ['2026-10', '2026-11'], letter: ['2026-11'] });
    expect(closedThrough(tc.ctx.db(), 'ticket')).toBe('2026-11');
    expect(closedThrough(tc.ctx.db(), 'guard')).toBeNull();
    expect(() => reopenService(tc.ctx, { month: '2026-10', reason: 'x', only: 'ticket' })).toThrow(expect.objectContaining({ exitCode: 3, key: 'reopen.not_latest' }));
    expect(() => reopenService(tc.ctx, { month: '2026-11', only: 'ticket' })).toThrow(expect.objectContaining({ exitCode: 2, params: { field: '--reason' } }));
    tc = tc.later('2026-12-06 10:00');
    expect(reopenService(tc.ctx, { month: '2026-11', reason: '补录', only: 'ticket' })).toEqual({ month: '2026-11', modules: ['ticket'] });
    expect(closedThrough(tc.ctx.db(), 'ticket')).toBe('2026-10');
    // as of before the reopening, November was closed
    expect(closedThrough(tc.ctx.db(), 'ticket', at('2026-12-05 11:00'))).toBe('2026-11');
    expect(closedList(tc.ctx).map((c) => [c.month, c.module, c.reopenReason])).toEqual([
      ['2026-09', 'ticket', null], ['2026-10', 'ticket', null], ['2026-11', 'letter', null], ['2026-11', 'ticket', '补录'],
    ]);
    expect(() => closeService(tc.ctx, { month: '2026-11', only: 'tickets' }, modules)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it.each([
    // step dated, entered, closed through (as of entry) → the month it counts in
    ['2026-10-20 10:00', '2026-10-25 10:00', '2026-10'],
    ['2026-10-20 10:00', '2026-11-02 10:00', '2026-11'],
    ['2026-09-20 10:00', '2026-11-02 10:00', '2026-11'],
    ['2026-11-02 09:00', '2026-11-02 10:00', '2026-11'],
    ['2026-10-20 10:00', '2026-12-02 10:00', '2026-12'],
  ])('a step dated %s, entered %s, counts in %s', (dated, entered, month) => {
    const tc = testContext({ now: '2026-11-01 09:00' });
    tc.ctx.write((db) => void db);
    closeService(tc.ctx, { month: '2026-10' }, modules);
    const later = tc.later('2026-12-01 09:00');
    closeService(later.ctx, { month: '2026-11' }, modules);
    expect(effectiveMonth(later.ctx.db(), 'guard', TZ, at(dated), at(entered))).toBe(month);
    expect(closingOf(later.ctx.db(), 'guard', '2026-10')?.closedAt).toBe(at('2026-11-01 09:00'));
  });

  it('--only names known modules', () => {
    expect(parseModules('ticket, letter')).toEqual(['ticket', 'letter']);
    expect(parseModules(undefined)).toEqual(['ticket', 'letter', 'guard', 'stock']);
    expect(() => parseModules('tickets')).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(registeredModules).toBeTypeOf('function');
  });
});
