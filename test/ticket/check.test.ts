import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/core/audit.js';
import { MS } from '../../src/core/time.js';
import { logLetter } from '../../src/letter/service.js';
import * as svc from '../../src/ticket/service.js';
import { ticketChecks, ticketInvariants } from '../../src/ticket/views.js';
import { at, testContext } from '../helpers.js';
import { OPEN, ticketAt } from './fixtures.js';

describe('ticket check (SPEC §1.4)', () => {
  it('a response due within the window is due soon; past its deadline it is overdue', () => {
    const a = testContext({ now: '2026-10-01 10:00' });
    svc.openTicket(a.ctx, OPEN); // on site by 2026-10-02 09:00
    const soon = a.later('2026-10-02 08:00');
    expect(ticketChecks(soon.ctx, soon.ctx.db(), 0)).toEqual([]);
    expect(ticketChecks(soon.ctx, soon.ctx.db(), 2 * MS.hour)).toMatchObject([{ kind: 'ticket', id: 'T2026-0001', what: 'response', overdue: false }]);
    const late = soon.later('2026-10-02 09:01');
    expect(ticketChecks(late.ctx, late.ctx.db(), 0)).toMatchObject([{ what: 'response', overdue: true }]);
  });

  it('exactly on the deadline the response is due now, not yet overdue', () => {
    const a = testContext({ now: '2026-10-01 10:00' });
    svc.openTicket(a.ctx, OPEN);
    const b = a.later('2026-10-02 09:00');
    expect(ticketChecks(b.ctx, b.ctx.db(), 0)).toMatchObject([{ what: 'response', overdue: false }]);
  });

  it('a resolved chassis ticket without feedback, and a resolved ticket unsigned for more than 7 days', () => {
    // entered on 10-07 (the clock only moves forward), checked then and two days later
    const b = testContext({ now: '2026-10-07 18:00' });
    ticketAt(b.ctx, 'resolved', { fault: 'chassis' }); // resolved 2026-10-01 18:00, no feedback
    // 6 days: the signature is due soon within 2 days, not overdue
    expect(ticketChecks(b.ctx, b.ctx.db(), 2 * MS.day).map((i) => [i.what, i.overdue])).toEqual([['feedback', true], ['signature', false]]);
    const a = b.later('2026-10-09 19:00');
    const items = ticketChecks(a.ctx, a.ctx.db(), 0);
    expect(items.map((i) => [i.what, i.overdue])).toEqual([['feedback', true], ['signature', true]]);
  });

  it('db check invariants hold for tickets made through the services', () => {
    const a = testContext({ now: '2026-10-09 19:00' });
    ticketAt(a.ctx, 'approved');
    ticketAt(a.ctx, 'void');
    expect(ticketInvariants(a.ctx.db()).every((i) => i.ok)).toBe(true);
  });
});

describe('ticket open --letter links a logged call or letter', () => {
  it('stores the letter on the ticket and refuses a second ticket from it', () => {
    const { ctx } = testContext({ now: '2026-10-01 10:00' });
    const letter = logLetter(ctx, { channel: 'phone', from: '王建国', org: '哈尔滨市公共交通集团', subject: '前门打不开', receivedAt: '2026-10-01 09:00' });
    const t = svc.openTicket(ctx, { ...OPEN, letter: letter.id.toLowerCase() });
    expect(t.letterId).toBe(letter.id);
    expect(t.channel).toBe('phone'); // the call's own channel
    expect(auditLog(ctx.db(), { recordId: letter.id }).map((e) => e.action)).toContain('letter.link');
    expect(() => svc.openTicket(ctx, { ...OPEN, letter: letter.id })).toThrow(expect.objectContaining({ exitCode: 3 }));
    expect(() => svc.openTicket(ctx, { ...OPEN, letter: 'L2026-0099' })).toThrow(expect.objectContaining({ exitCode: 4 }));
  });

  it('the SLA clock starts when the call or letter came in, not when the ticket is typed in', () => {
    const { ctx } = testContext({ now: '2026-10-01 15:00' });
    const fax = logLetter(ctx, { channel: 'fax', from: '李红', org: '长春客运公司', subject: '车身漏水', receivedAt: '2026-10-01 09:00' });
    const { reportedAt: _given, ...withoutTime } = OPEN;
    const t = svc.openTicket(ctx, { ...withoutTime, letter: fax.id });
    expect(t.reportedAt).toBe(at('2026-10-01 09:00'));
    expect(t.deadline).toBe(at('2026-10-02 09:00')); // body, 35 km: on site within 24 h of the fax
    expect(t.channel).toBe('letter'); // a fax is a letter to a ticket
  });

  it('an explicit --reported-at and --channel still win over the letter', () => {
    const { ctx } = testContext({ now: '2026-10-01 15:00' });
    const call = logLetter(ctx, { channel: 'phone', from: '王建国', subject: '前门打不开', receivedAt: '2026-10-01 09:00' });
    const t = svc.openTicket(ctx, { ...OPEN, reportedAt: '2026-10-01 11:00', channel: 'visit', letter: call.id });
    expect(t.reportedAt).toBe(at('2026-10-01 11:00'));
    expect(t.channel).toBe('visit');
  });
});
