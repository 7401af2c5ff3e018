// Issue 9: a correction (ticket edit) of a field that changes a figure never rewrites an as-of
// report: printed before the edit, reprinted after it with the same --now, identical; the current
// report shows the new value.
import { describe, expect, it } from 'vitest';
import { auditHead } from '../../src/core/audit.js';
import { monthPeriod, quarterPeriod } from '../../src/core/period.js';
import { renderServiceReport } from '../../src/ticket/document.js';
import * as svc from '../../src/ticket/service.js';
import { slaReport } from '../../src/ticket/sla.js';
import { listTickets, showTicket, ticketChecks, ticketJson } from '../../src/ticket/views.js';
import { TZ, testContext, type TestContext } from '../helpers.js';
import { OPEN } from './fixtures.js';

/** Everything a clerk can print about October (and the quarter) as of the context's clock. */
function prints(c: TestContext, id: string) {
  const ctx = c.ctx;
  const db = ctx.db();
  const oct = monthPeriod(2026, 10, TZ);
  const nov = monthPeriod(2026, 11, TZ);
  const q4 = quarterPeriod(2026, 4, TZ);
  const t = showTicket(ctx, id).ticket;
  return {
    sla: slaReport(ctx, oct),
    slaNov: slaReport(ctx, nov),
    byFault: slaReport(ctx, q4, 'fault').groups,
    byMonth: slaReport(ctx, q4, 'month').groups,
    byAssignee: slaReport(ctx, q4, 'assignee').groups,
    list: listTickets(ctx, { kind: 'period', period: oct }, {}),
    listNov: listTickets(ctx, { kind: 'period', period: nov }, {}),
    check: ticketChecks(ctx, db, 0),
    json: ticketJson(ctx, t),
    report: renderServiceReport(ctx, t, 'text', auditHead(db, ctx.now)),
  };
}

describe('as-of reports survive a correction of the report (issue 9)', () => {
  it('report time and fault corrected: the report printed before reprints identical; the current one has the new values', () => {
    // reported 10-01 09:00, body 35 km: on site by 10-02 09:00; as of 10-03 09:00 it is missed
    const a = testContext({ now: '2026-10-01 10:00' });
    const t = svc.openTicket(a.ctx, { ...OPEN, reason: undefined });
    svc.dispatchTicket(a.ctx, t.id, { to: ['王强'], at: '2026-10-01 10:00' });
    const printed = a.later('2026-10-03 09:00');
    const before = prints(printed, t.id);
    expect(before.sla).toMatchObject({ tickets: 1, missed: 1, pending: 0 });
    expect(before.check.filter((i) => i.what === 'response')).toMatchObject([{ id: t.id, overdue: true }]);
    // the clerk finds the paper form: reported the evening of 10-02, a chassis fault (written contact in 12 h)
    const edit = printed.later('2026-10-03 10:00');
    svc.editTicket(edit.ctx, t.id, { reportedAt: '2026-10-02 20:00', fault: 'chassis' });
    const reprint = edit.later('2026-10-03 09:00'); // --now as before
    expect(prints(reprint, t.id)).toEqual(before);
    // now (after the edit): 10-02 20:00 + 12 h = 10-03 08:00, still missed, in the chassis group
    const now = edit.later('2026-10-03 10:00');
    const cur = prints(now, t.id);
    expect(cur.json).toMatchObject({ reported_at: '2026-10-02T20:00:00+08:00', fault: 'chassis', deadline: '2026-10-03T08:00:00+08:00' });
    expect(cur.byFault?.find((g) => g.key === 'chassis')).toMatchObject({ tickets: 1 });
    expect(cur.byFault?.find((g) => g.key === 'body')).toMatchObject({ tickets: 0 });
    expect(before.byFault?.find((g) => g.key === 'body')).toMatchObject({ tickets: 1 });
    expect(cur.report).not.toEqual(before.report);
    expect(cur.sla).toMatchObject({ tickets: 1, missed: 1 });
  });

  it('a report time moved from October into November: October as of before the edit keeps it, November now has it', () => {
    const a = testContext({ now: '2026-11-01 00:10' });
    const t = svc.openTicket(a.ctx, { ...OPEN, reportedAt: '2026-10-31 23:50', distance: '150', reason: undefined }); // reply within 12 h
    const printed = a.later('2026-11-01 01:00');
    const before = prints(printed, t.id);
    expect(before.sla).toMatchObject({ tickets: 1, pending: 1 });
    expect(before.slaNov).toMatchObject({ tickets: 0 });
    const edit = printed.later('2026-11-01 02:00');
    svc.editTicket(edit.ctx, t.id, { reportedAt: '2026-11-01 00:05', distance: '30' }); // on site within 24 h
    expect(prints(edit.later('2026-11-01 01:00'), t.id)).toEqual(before);
    const cur = prints(edit.later('2026-11-01 03:00'), t.id);
    expect(cur.sla).toMatchObject({ tickets: 0 });
    expect(cur.slaNov).toMatchObject({ tickets: 1, pending: 1 });
    expect(before.listNov).toEqual([]);
    expect(cur.listNov.map((r) => r.id)).toEqual([t.id]);
    expect(cur.json).toMatchObject({ distance_km: 30, response_kind: 'onsite', deadline: '2026-11-02T00:05:00+08:00' });
  });

  it('two corrections: each earlier moment reads the values of its own time', () => {
    const a = testContext({ now: '2026-10-01 10:00' });
    const t = svc.openTicket(a.ctx, { ...OPEN, reason: undefined });
    svc.editTicket(a.later('2026-10-01 11:00').ctx, t.id, { distance: '150' });
    svc.editTicket(a.later('2026-10-01 12:00').ctx, t.id, { distance: '200', supplier: true });
    const at = (now: string) => ticketJson(a.later(now).ctx, showTicket(a.later(now).ctx, t.id).ticket);
    expect(at('2026-10-01 10:30')).toMatchObject({ distance_km: 35, supplier: false, response_kind: 'onsite' });
    expect(at('2026-10-01 11:30')).toMatchObject({ distance_km: 150, supplier: false, response_kind: 'reply' });
    expect(at('2026-10-01 12:30')).toMatchObject({ distance_km: 200, supplier: true, response_kind: 'reply' });
  });
});
