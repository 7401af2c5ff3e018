// report sla on a small hand-computed October 2026 (Asia/Shanghai):
//   A 10-01 00:30 body 50 km  on site by 10-02 00:30, responded 10-01 20:00        met,  survey 5, staff 王强
//   B 10-31 23:30 body 150 km reply by 11-01 11:30, responded exactly 11-01 11:30  met,  survey 4
//   C 10-10 09:00 chassis     written by 10-10 21:00, responded 21:01 (1 min late) missed, survey 3,
//                             two service-fault complaints (one ticket), staff 王强 + 李明
//   D 10-15 09:00 engine      written by 10-15 21:00, never responded              missed, complaint not service fault
//   E 10-20 09:00 body        complaint (service fault), then void on 10-21        not counted
//   F 09-30 23:30 body        (UTC 15:30) belongs to September; responded late      missed in September
//   G 10-31 20:00 body 30 km  on site by 11-01 20:00, responded 11-01 19:00        met
// As of 11-05 10:00: 5 tickets, met 3 (A B G), missed 2 (C D), pending 0, on-time 3/5 = 0.6;
// surveyed 3, satisfied 2 (5 and 4) = 0.6667; complaints 1 (C, counted once) / 5 = 0.2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../../src/core/context.js';
import { periodFrom } from '../../src/core/period.js';
import * as svc from '../../src/ticket/service.js';
import { slaReport } from '../../src/ticket/sla.js';
import { testContext, TZ } from '../helpers.js';
import { OPEN } from './fixtures.js';

let dir: string;
let dbPath: string;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const open = (ctx: Context, reportedAt: string, over: Record<string, string | boolean> = {}) => svc.openTicket(ctx, { ...OPEN, reportedAt, ...over }).id;

beforeAll(() => {
  // one database for the whole file (the helpers' temp folders go after each test)
  dir = mkdtempSync(join(tmpdir(), 'kaohe-sla-'));
  dbPath = join(dir, 'sla.db');
  const early = testContext({ now: '2026-10-21 10:00', dbPath }).ctx;
  const E = open(early, '2026-10-20 09:00');
  svc.complainTicket(early, E, { serviceFault: 'yes', note: '没人来', at: '2026-10-20 20:00' });
  svc.voidTicket(early, E, { reason: '重复登记' });
  early.close();

  const ctx = testContext({ now: '2026-11-05 10:00', dbPath }).ctx;
  const F = open(ctx, '2026-09-30 23:30', { distance: '50' });
  svc.respondTicket(ctx, F, { at: '2026-10-02 09:00' });
  const A = open(ctx, '2026-10-01 00:30', { distance: '50' });
  svc.dispatchTicket(ctx, A, { to: ['王强'], at: '2026-10-01 08:00' });
  svc.respondTicket(ctx, A, { at: '2026-10-01 20:00' });
  svc.resolveTicket(ctx, A, { cause: 'x', responsibility: 'product', warranty: 'yes', at: '2026-10-01 22:00' });
  svc.surveyTicket(ctx, A, { rating: '5', at: '2026-10-02 10:00' });
  const C = open(ctx, '2026-10-10 09:00', { fault: 'chassis' });
  svc.dispatchTicket(ctx, C, { to: ['王强', '李明'], lead: '王强', at: '2026-10-10 10:00' });
  svc.respondTicket(ctx, C, { at: '2026-10-10 21:01' });
  svc.resolveTicket(ctx, C, { cause: 'x', responsibility: 'product', warranty: 'yes', at: '2026-10-11 09:00' });
  svc.complainTicket(ctx, C, { serviceFault: 'yes', note: '迟到', at: '2026-10-11 10:00' });
  svc.complainTicket(ctx, C, { serviceFault: 'yes', note: '又迟到', at: '2026-10-11 11:00' });
  svc.surveyTicket(ctx, C, { rating: '3', at: '2026-10-12 10:00' });
  const D = open(ctx, '2026-10-15 09:00', { fault: 'engine' });
  svc.complainTicket(ctx, D, { serviceFault: 'no', note: '不满意', at: '2026-10-16 10:00' });
  const G = open(ctx, '2026-10-31 20:00', { distance: '30' });
  svc.respondTicket(ctx, G, { at: '2026-11-01 19:00' });
  const B = open(ctx, '2026-10-31 23:30', { distance: '150' });
  svc.respondTicket(ctx, B, { at: '2026-11-01 11:30' });
  svc.resolveTicket(ctx, B, { cause: 'x', responsibility: 'product', warranty: 'yes', at: '2026-11-01 15:00' });
  svc.surveyTicket(ctx, B, { rating: '4', at: '2026-11-02 10:00' });
  ctx.close();
});

const report = (now: string, period: Record<string, string>, by?: 'fault' | 'assignee' | 'month') => {
  const { ctx } = testContext({ now, dbPath });
  try {
    return slaReport(ctx, periodFrom(period, ctx.now, TZ), by);
  } finally {
    ctx.close();
  }
};

describe('report sla, October 2026 by hand', () => {
  it('every figure as of 2026-11-05', () => {
    const r = report('2026-11-05 10:00', { month: '2026-10' });
    expect(r).toMatchObject({
      period: { from: '2026-10-01', to: '2026-10-31' },
      tickets: 5, met: 3, missed: 2, pending: 0, on_time_rate: 0.6,
      surveyed: 3, satisfied: 2, satisfaction_rate: 0.6667,
      complaints: 1, complaint_rate: 0.2,
      targets: { on_time_rate: 0.9, satisfaction_rate: 0.85, complaint_rate: 0.03 },
      meets: { on_time_rate: false, satisfaction_rate: false, complaint_rate: false },
    });
  });

  it('as of 2026-11-01 10:00, what happened later is not known yet: B and G are pending', () => {
    const r = report('2026-11-01 10:00', { month: '2026-10' });
    // E was void by then; B's and G's responses and B's survey came later
    expect(r).toMatchObject({ tickets: 5, met: 1, missed: 2, pending: 2, on_time_rate: 0.3333, surveyed: 2, satisfied: 1, satisfaction_rate: 0.5, complaints: 1, complaint_rate: 0.2 });
  });

  it('the ticket of 09-30 23:30 in Shanghai belongs to September, not to October', () => {
    expect(report('2026-11-05 10:00', { month: '2026-09' })).toMatchObject({ tickets: 1, met: 0, missed: 1, on_time_rate: 0, satisfaction_rate: null });
  });

  it('a month with nothing in it: zero tickets, every rate null, no target judged', () => {
    const r = report('2026-11-05 10:00', { month: '2026-11' });
    expect(r).toMatchObject({ tickets: 0, met: 0, missed: 0, pending: 0, on_time_rate: null, satisfaction_rate: null, complaint_rate: null });
    expect(r.meets).toEqual({ on_time_rate: null, satisfaction_rate: null, complaint_rate: null });
  });

  it('--by fault lists every fault kind', () => {
    const g = report('2026-11-05 10:00', { month: '2026-10' }, 'fault').groups!;
    expect(g.map((x) => [x.key, x.tickets, x.met, x.missed, x.on_time_rate])).toEqual([
      ['body', 3, 3, 0, 1], ['chassis', 1, 0, 1, 0], ['engine', 1, 0, 1, 0], ['other', 0, 0, 0, null],
    ]);
  });

  it('--by assignee counts a ticket for each person sent, undispatched ones apart', () => {
    const g = report('2026-11-05 10:00', { month: '2026-10' }, 'assignee').groups!;
    expect(g.map((x) => [x.key, x.tickets, x.met, x.missed, x.complaints])).toEqual([
      ['', 3, 2, 1, 0], ['李明', 1, 0, 1, 1], ['王强', 2, 1, 1, 1],
    ]);
  });

  it('--by month uses local months', () => {
    const r = report('2026-11-05 10:00', { from: '2026-09-01', to: '2026-11-30' }, 'month');
    expect(r.groups!.map((x) => [x.key, x.tickets, x.on_time_rate])).toEqual([['2026-09', 1, 0], ['2026-10', 5, 0.6], ['2026-11', 0, null]]);
    expect(r.tickets).toBe(6);
  });
});
