// The stock services on a temp database: a requisition's whole life, and every refusal of
// SPEC §3 (exit 3, nothing written) in one table.
import { describe, expect, it } from 'vitest';
import { approveTicket } from '../../src/ticket/service.js';
import * as claims from '../../src/stock/service-claim.js';
import * as req from '../../src/stock/service-req.js';
import * as svc from '../../src/stock/service.js';
import { balances, stockChecks, stockReport } from '../../src/stock/report.js';
import * as st from '../../src/stock/store.js';
import * as rs from '../../src/stock/store-report.js';
import { auditLog } from '../../src/core/audit.js';
import { blockerOf } from '../../src/stock/writeoff.js';
import type { Context } from '../../src/core/context.js';
import { refusal, store } from './fixtures.js';

const main = (ctx: Context) => balances(ctx, ctx.db(), { loc: 'main', part: 'P-1001' })[0]?.qty ?? 0;

/** Q2026-0001: P-1001 ×1 for T2026-0001, requested 10-01 20:00 by 王强, approved by 周经理, issued 10-01 21:00. */
function issued(ctx: Context): void {
  req.request(ctx, { part: 'P-1001', qty: '1', ticket: 'T2026-0001', by: '王强', at: '2026-10-01 20:00', reason: '补录' });
  req.approve(ctx, { id: 'Q2026-0001', by: '周经理', at: '2026-10-01 20:10', reason: '补录' });
  req.issue(ctx, { id: 'Q2026-0001', at: '2026-10-01 21:00', reason: '补录' });
}

describe('a requisition from request to write-off', () => {
  it('is written off by the step that completes it: old part back on an approved report', () => {
    const tc = store('approved');
    issued(tc.ctx);
    expect(main(tc.ctx)).toBe(4);
    const done = req.oldPart(tc.ctx, { id: 'Q2026-0001', qty: '1', at: '2026-10-02 12:00' });
    expect(done.result).toMatchObject({ status: 'written_off', oldBack: 1, writeOffBasis: 'report' });
    expect(done.writtenOff.map((w) => w.id)).toEqual(['Q2026-0001']); // the command that completes it says so
  });

  it('waits for the service report to be approved, then the next stock step writes it off', () => {
    const tc = store('signed');
    issued(tc.ctx);
    const back = req.oldPart(tc.ctx, { id: 'Q2026-0001', qty: '1', at: '2026-10-02 08:00' });
    expect(back.result.status).toBe('issued'); // the report is signed, not approved: no write-off yet
    expect(blockerOf(tc.ctx.db(), back.result)).toBe('stock.wo.ticket');
    const t2 = tc.later('2026-10-03 10:00');
    approveTicket(t2.ctx, 'T2026-0001', { by: '刘经理', at: '2026-10-03 10:00' });
    const t3 = t2.later('2026-10-03 11:00');
    const next = svc.receive(t3.ctx, { part: 'P-1001', qty: '1', by: '赵库管' });
    expect(next.writtenOff).toMatchObject([{ id: 'Q2026-0001', basis: 'report' }]);
    expect(req.reqOf(t3.ctx.db(), 'Q2026-0001').writtenOffAt).toBe(st.getRequisition(t3.ctx.db(), 'Q2026-0001')!.writtenOffAt);
    expect(auditLog(t3.ctx.db(), { recordId: 'Q2026-0001' }).map((e) => e.action)).toEqual(['stock.request', 'stock.approve', 'stock.issue', 'stock.oldpart', 'stock.write_off']);
  });

  it('is not written off while the old parts differ from the report, and unused parts count as returned', () => {
    const tc = store('approved');
    req.request(tc.ctx, { part: 'P-1001', qty: '2', ticket: 'T2026-0001', by: '王强', at: '2026-10-01 20:00', reason: '补录' });
    req.approve(tc.ctx, { id: 'Q2026-0001', by: '周经理', at: '2026-10-01 20:10', reason: '补录' });
    req.issue(tc.ctx, { id: 'Q2026-0001', at: '2026-10-01 21:00', reason: '补录' });
    expect(req.oldPart(tc.ctx, { id: 'Q2026-0001', qty: '1', at: '2026-10-02 12:00' }).result.status).toBe('issued');
    const done = req.returnUnused(tc.ctx, { id: 'Q2026-0001', qty: '1', at: '2026-10-02 13:00' });
    expect(done.result).toMatchObject({ status: 'written_off', returned: 1, oldBack: 1 });
    expect(main(tc.ctx)).toBe(4);
  });

  it('shipping: written off on the two signatures and the signed report, a missing old part a warning', () => {
    const tc = store('signed');
    issued(tc.ctx);
    const done = req.ship(tc.ctx, { id: 'Q2026-0001', cost: '45', handler: '孙师傅', approver: '周经理', at: '2026-10-02 09:00' });
    expect(done.result).toMatchObject({ status: 'written_off', writeOffBasis: 'shipping' });
    expect(done.writtenOff).toMatchObject([{ id: 'Q2026-0001', basis: 'shipping', warning: 'stock.wo.ship_old_missing' }]);
  });

  it('paid service: written off against the receipt (not on a warranty ticket)', () => {
    const tc = store('approved');
    issued(tc.ctx);
    expect(refusal(() => req.paid(tc.ctx, { id: 'Q2026-0001', receipt: 'SK-1' }))).toMatchObject({ code: 3, key: 'stock.rule.paid_warranty' });
  });

  it('report stock counts the slips entered late (补录)', () => {
    const tc = store(); // its first receipt was entered 70 h after it happened: within the 72 h
    expect(stockReport(tc.ctx, tc.ctx.db()).lateEntries).toBe(0);
    const late = svc.receive(tc.ctx, { part: 'P-1001', qty: '1', by: '赵库管', at: '2026-09-29 09:00', reason: '送货单迟到' }).result;
    expect(late.late).toBe('送货单迟到');
    svc.receive(tc.ctx, { part: 'P-1001', qty: '1', by: '赵库管' });
    expect(stockReport(tc.ctx, tc.ctx.db()).lateEntries).toBe(1);
  });

  it('old parts overdue after the rule days are listed by the check', () => {
    const tc = store('resolved');
    issued(tc.ctx);
    expect(req.reqOf(tc.ctx.db(), 'Q2026-0001').oldPartDays).toBe(30); // the rule as in force at the issue
    const early = tc.later('2026-10-31 20:59'); // issued 10-01 21:00: due 30 days later, within a day
    expect(stockChecks(early.ctx, early.ctx.db(), 0)).toEqual([]);
    expect(stockChecks(early.ctx, early.ctx.db(), 86_400_000)).toMatchObject([{ id: 'Q2026-0001', overdue: false }]);
    const later = early.later('2026-11-05 09:00');
    expect(stockChecks(later.ctx, later.ctx.db(), 0)).toMatchObject([{ kind: 'stock', id: 'Q2026-0001', what: 'old_part', overdue: true }]);
  });
});

describe('refusals: exit 3 and nothing written', () => {
  const cases: Array<{ name: string; stage?: 'resolved' | 'approved'; setup?: (ctx: Context) => void; step: (ctx: Context) => unknown; key: string; code?: number }> = [
    {
      name: 'the approver is the requester',
      setup: (ctx) => void req.request(ctx, { part: 'P-1001', qty: '1', ticket: 'T2026-0001', by: '王强' }),
      step: (ctx) => req.approve(ctx, { id: 'Q2026-0001', by: '王强' }),
      key: 'stock.rule.self_approval',
    },
    {
      name: 'issue before approval',
      setup: (ctx) => void req.request(ctx, { part: 'P-1001', qty: '1', ticket: 'T2026-0001', by: '王强' }),
      step: (ctx) => req.issue(ctx, { id: 'Q2026-0001' }),
      key: 'stock.rule.issue_state',
    },
    {
      name: 'issue dated before its approval',
      setup: (ctx) => {
        req.request(ctx, { part: 'P-1001', qty: '1', ticket: 'T2026-0001', by: '王强', at: '2026-10-03 08:30' });
        req.approve(ctx, { id: 'Q2026-0001', by: '周经理', at: '2026-10-03 08:40' });
      },
      step: (ctx) => req.issue(ctx, { id: 'Q2026-0001', at: '2026-10-03 08:35' }),
      key: 'step.before_previous',
    },
    {
      name: 'more than on hand',
      setup: (ctx) => {
        req.request(ctx, { part: 'P-1001', qty: '6', ticket: 'T2026-0001', by: '王强' });
        req.approve(ctx, { id: 'Q2026-0001', by: '周经理' });
      },
      step: (ctx) => req.issue(ctx, { id: 'Q2026-0001' }),
      key: 'stock.rule.negative',
    },
    {
      name: 'a second write-off',
      stage: 'approved',
      setup: (ctx) => {
        issued(ctx);
        req.oldPart(ctx, { id: 'Q2026-0001', qty: '1', at: '2026-10-02 12:00' });
      },
      step: (ctx) => req.oldPart(ctx, { id: 'Q2026-0001', qty: '1' }),
      key: 'stock.rule.oldpart_state',
    },
    {
      name: 'more old parts back than issued',
      setup: (ctx) => issued(ctx),
      step: (ctx) => req.oldPart(ctx, { id: 'Q2026-0001', qty: '2' }),
      key: 'stock.rule.more_than_issued',
    },
    {
      name: 'a pending-quality part issued',
      setup: (ctx) => {
        svc.count(ctx, { part: 'P-1001', loc: 'main', counted: '0', reason: '全部送检', by: '周经理' });
        svc.receive(ctx, { part: 'P-1001', qty: '3', quality: 'pending', by: '赵库管' });
        req.request(ctx, { part: 'P-1001', qty: '1', ticket: 'T2026-0001', by: '王强' });
        req.approve(ctx, { id: 'Q2026-0001', by: '周经理' });
      },
      step: (ctx) => req.issue(ctx, { id: 'Q2026-0001' }),
      key: 'stock.rule.negative',
    },
    {
      name: 'a pending-quality part transferred',
      setup: (ctx) => void svc.receive(ctx, { part: 'P-1001', qty: '3', quality: 'pending', to: 'station:哈尔滨服务站', by: '赵库管' }),
      step: (ctx) => svc.transfer(ctx, { part: 'P-1001', qty: '1', from: 'station:哈尔滨服务站', to: 'main' }),
      key: 'stock.rule.negative',
    },
    {
      name: 'a movement back-dated across a stocktake',
      setup: (ctx) => void svc.count(ctx, { part: 'P-1001', loc: 'main', counted: '5', reason: '月末盘点', by: '周经理', at: '2026-10-02 18:00' }),
      step: (ctx) => svc.receive(ctx, { part: 'P-1001', qty: '1', at: '2026-10-02 17:00', reason: '补录' }),
      key: 'stock.rule.before_count',
    },
    {
      name: 'a back-dated take that would leave a later balance negative',
      setup: (ctx) => void svc.transfer(ctx, { part: 'P-1001', qty: '5', from: 'main', to: 'station:哈尔滨服务站', at: '2026-10-02 09:00', reason: '补录' }),
      step: (ctx) => svc.transfer(ctx, { part: 'P-1001', qty: '1', from: 'main', to: 'station:大庆服务站', at: '2026-10-01 09:00', reason: '补录' }),
      key: 'stock.rule.negative',
    },
    {
      name: 'shipping signed twice by one person',
      setup: (ctx) => issued(ctx),
      step: (ctx) => req.ship(ctx, { id: 'Q2026-0001', cost: '30', handler: '周经理', approver: '周经理' }),
      key: 'stock.rule.ship_same',
    },
    {
      name: 'scrapping the old part of an open claim',
      stage: 'resolved',
      setup: (ctx) => {
        issued(ctx);
        req.oldPart(ctx, { id: 'Q2026-0001', qty: '1', at: '2026-10-02 12:00' });
        claims.openClaim(ctx, { supplier: '宇通配件', ticket: 'T2026-0001', part: 'P-1001', amount: '120' });
      },
      step: (ctx) => claims.dispose(ctx, { month: '2026-10', how: 'scrap', by: '赵库管' }),
      key: 'stock.rule.claim_evidence',
    },
    {
      name: 'a claim paid before it was accepted',
      setup: (ctx) => {
        issued(ctx);
        req.oldPart(ctx, { id: 'Q2026-0001', qty: '1', at: '2026-10-02 12:00' });
        claims.openClaim(ctx, { supplier: '宇通配件', ticket: 'T2026-0001', part: 'P-1001', amount: '120' });
        claims.setClaim(ctx, { id: 'C2026-0001', status: 'submitted' });
      },
      step: (ctx) => claims.setClaim(ctx, { id: 'C2026-0001', status: 'paid', recovered: '100' }),
      key: 'stock.rule.claim_step',
    },
    {
      name: 'more recovered than claimed',
      setup: (ctx) => {
        issued(ctx);
        req.oldPart(ctx, { id: 'Q2026-0001', qty: '1', at: '2026-10-02 12:00' });
        claims.openClaim(ctx, { supplier: '宇通配件', ticket: 'T2026-0001', part: 'P-1001', amount: '120' });
        claims.setClaim(ctx, { id: 'C2026-0001', status: 'submitted' });
        claims.setClaim(ctx, { id: 'C2026-0001', status: 'accepted' });
      },
      step: (ctx) => claims.setClaim(ctx, { id: 'C2026-0001', status: 'paid', recovered: '120.01' }),
      key: 'stock.rule.recovered_over',
    },
    {
      name: 'a claim on a ticket without an old part back',
      setup: (ctx) => issued(ctx),
      step: (ctx) => claims.openClaim(ctx, { supplier: '宇通配件', ticket: 'T2026-0001', part: 'P-1001', amount: '120' }),
      key: 'stock.rule.claim_no_oldpart',
    },
    {
      name: 'a step entered days late without --reason',
      code: 2,
      step: (ctx) => svc.receive(ctx, { part: 'P-1001', qty: '1', at: '2026-09-28 09:00' }),
      key: 'step.reason_needed',
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const tc = store(c.stage ?? 'resolved');
      c.setup?.(tc.ctx);
      const db = tc.ctx.db();
      const before = { audit: auditLog(db, { limit: 100000 }).length, moves: rs.balancesNow(db) };
      const r = refusal(() => c.step(tc.ctx));
      expect(r).toMatchObject({ code: c.code ?? 3, key: c.key });
      expect({ audit: auditLog(db, { limit: 100000 }).length, moves: rs.balancesNow(db) }).toEqual(before);
    });
  }

  it('a void reverses a receipt at its own time; one whose parts were used since is refused', () => {
    const tc = store();
    const spare = svc.receive(tc.ctx, { part: 'P-1001', qty: '2', by: '赵库管', at: '2026-10-02 09:00', reason: '补录' }).result;
    expect(main(tc.ctx)).toBe(7);
    svc.transfer(tc.ctx, { part: 'P-1001', qty: '6', from: 'main', to: 'station:哈尔滨服务站', at: '2026-10-02 10:00', reason: '补录' });
    const db = tc.ctx.db();
    const before = auditLog(db, { limit: 100000 }).length;
    expect(refusal(() => svc.voidSlip(tc.ctx, { id: spare.id, reason: '数量录错' }))).toMatchObject({ code: 3, key: 'stock.rule.negative', params: { short: 1 } });
    expect(auditLog(db, { limit: 100000 }).length).toBe(before);
    // a receipt after the transfer was never needed by it: its void leaves every moment at or above zero
    const later = svc.receive(tc.ctx, { part: 'P-1001', qty: '3', by: '赵库管', at: '2026-10-02 11:00', reason: '补录' }).result;
    expect(svc.voidSlip(tc.ctx, { id: later.id, reason: '数量录错' }).result).toMatchObject({ voidReason: '数量录错' });
    expect(main(tc.ctx)).toBe(1);
    expect(refusal(() => svc.voidSlip(tc.ctx, { id: later.id, reason: 'x' }))).toMatchObject({ code: 3, key: 'stock.rule.voided' });
    expect(rs.negativeRuns(db)).toEqual([]);
  });

  it('slips of a requisition are not voided', () => {
    const tc = store();
    issued(tc.ctx);
    expect(refusal(() => svc.voidSlip(tc.ctx, { id: 'S2026-0002', reason: 'x' }))).toMatchObject({ code: 3, key: 'stock.rule.void_kind' });
  });

  it('the shortfall message names the part, the location, the date and the shortfall', () => {
    const tc = store();
    svc.transfer(tc.ctx, { part: 'P-1001', qty: '4', from: 'main', to: 'station:哈尔滨服务站', at: '2026-10-02 09:00', reason: '补录' });
    const r = refusal(() => svc.transfer(tc.ctx, { part: 'P-1001', qty: '3', from: 'main', to: 'station:大庆服务站', at: '2026-10-01 09:00', reason: '补录' }));
    expect(r.params).toMatchObject({ part: 'P-1001', loc: 'main', date: '2026-10-02T09:00:00+08:00', short: 2 });
    expect(tc.ctx.t(r.key, r.params as never)).toContain('2 short at the lowest');
  });
});
