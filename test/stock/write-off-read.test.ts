// 销帐 completed by a ticket step (SPEC §3): the service report's approval is taken by the ticket
// module, which knows nothing of stock. Right after `ticket approve`, with no stock command in
// between, every reader shows the requisition written off; an as-of read before the approval was
// entered still shows it open; the next stock write records it with the same times.
import { describe, expect, it } from 'vitest';
import { at } from '../helpers.js';
import { approveTicket } from '../../src/ticket/service.js';
import { monthPeriod } from '../../src/core/period.js';
import { stockMonth } from '../../src/stock/monthly.js';
import { openRequisitions, stockReport } from '../../src/stock/report.js';
import * as req from '../../src/stock/service-req.js';
import * as svc from '../../src/stock/service.js';
import * as st from '../../src/stock/store.js';
import { asRead } from '../../src/stock/writeoff.js';
import { store } from './fixtures.js';
import type { TestContext } from '../helpers.js';

/** T2026-0001 signed, not approved; Q2026-0001 P-1001 ×1 issued 10-01 21:00, its old part back 10-02 08:00. */
function waitingForApproval(): TestContext {
  const tc = store('signed');
  const { ctx } = tc;
  req.request(ctx, { part: 'P-1001', qty: '1', ticket: 'T2026-0001', by: '王强', at: '2026-10-01 20:00', reason: '补录' });
  req.approve(ctx, { id: 'Q2026-0001', by: '周经理', at: '2026-10-01 20:10', reason: '补录' });
  req.issue(ctx, { id: 'Q2026-0001', at: '2026-10-01 21:00', reason: '补录' });
  expect(req.oldPart(ctx, { id: 'Q2026-0001', qty: '1', at: '2026-10-02 08:00' }).result.status).toBe('issued');
  return tc;
}

describe('a write-off completed by the ticket approval', () => {
  it('is shown right after `ticket approve`, without another stock command', () => {
    const tc = waitingForApproval();
    expect(openRequisitions(tc.ctx, tc.ctx.db()).map((r) => r.id)).toEqual(['Q2026-0001']);
    const t2 = tc.later('2026-10-03 10:00');
    approveTicket(t2.ctx, 'T2026-0001', { by: '刘经理', at: '2026-10-03 10:00' });
    const db = t2.ctx.db();
    expect(st.getRequisition(db, 'Q2026-0001')!.status).toBe('issued'); // nothing of stock was written
    expect(asRead(db, st.getRequisition(db, 'Q2026-0001')!)).toMatchObject({
      status: 'written_off', writeOffBasis: 'report', writtenOffAt: at('2026-10-03 10:00'), writtenOffEntered: at('2026-10-03 10:00'),
    });
    expect(stockReport(t2.ctx, db).open).toEqual([]);
    const oct = stockMonth(t2.ctx, db, monthPeriod(2026, 10, t2.ctx.tz));
    expect(oct.writtenOff).toBe(1);
    expect(oct.openAtEnd).toBe(0);
  });

  it('an as-of read from before the approval was entered still shows it open', () => {
    const tc = waitingForApproval();
    const t2 = tc.later('2026-10-03 10:00');
    approveTicket(t2.ctx, 'T2026-0001', { by: '刘经理', at: '2026-10-03 10:00' });
    const before = t2.later('2026-10-03 09:30'); // a read (--now) before the approval was entered
    expect(openRequisitions(before.ctx, before.ctx.db()).map((r) => [r.id, r.status])).toEqual([['Q2026-0001', 'issued']]);
    expect(stockMonth(before.ctx, before.ctx.db(), monthPeriod(2026, 10, before.ctx.tz)).openAtEnd).toBe(1);
  });

  it('the next stock write records it with the times the readers showed', () => {
    const tc = waitingForApproval();
    const t2 = tc.later('2026-10-03 10:00');
    approveTicket(t2.ctx, 'T2026-0001', { by: '刘经理', at: '2026-10-03 10:00' });
    const shown = asRead(t2.ctx.db(), st.getRequisition(t2.ctx.db(), 'Q2026-0001')!);
    const t3 = t2.later('2026-10-05 09:00');
    expect(svc.receive(t3.ctx, { part: 'P-1001', qty: '1', by: '赵库管' }).writtenOff.map((w) => w.id)).toEqual(['Q2026-0001']);
    expect(st.getRequisition(t3.ctx.db(), 'Q2026-0001')).toEqual(shown);
  });

  it('a signed report not yet approved leaves it issued, whoever reads', () => {
    const tc = waitingForApproval();
    const r = asRead(tc.ctx.db(), st.getRequisition(tc.ctx.db(), 'Q2026-0001')!);
    expect(r.status).toBe('issued');
    expect(r.writtenOffAt).toBeNull();
  });
});
