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
import { slaMemo } from '../../src/ticket/store-report.js';
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
  // a clerk enters each step when it happens (SPEC §0: entry times only go forward), so the
  // as-of reports below see exactly what had been entered by then
  const id: Record<string, string> = {};
  const fix = { cause: 'x', responsibility: 'product', warranty: 'yes' };
  const events: Array<[string, (ctx: Context, at: string) => void]> = [
    ['2026-09-30 23:30', (c, at) => void (id.F = open(c, at, { distance: '50' }))],
    ['2026-10-01 00:30', (c, at) => void (id.A = open(c, at, { distance: '50' }))],
    ['2026-10-01 08:00', (c, at) => svc.dispatchTicket(c, id.A, { to: ['王强'], at })],
    ['2026-10-01 20:00', (c, at) => svc.respondTicket(c, id.A, { at })],
    ['2026-10-01 22:00', (c, at) => svc.resolveTicket(c, id.A, { ...fix, at })],
    ['2026-10-02 09:00', (c, at) => svc.respondTicket(c, id.F, { at })],
    ['2026-10-02 10:00', (c, at) => svc.surveyTicket(c, id.A, { rating: '5', at })],
    ['2026-10-10 09:00', (c, at) => void (id.C = open(c, at, { fault: 'chassis' }))],
    ['2026-10-10 10:00', (c, at) => svc.dispatchTicket(c, id.C, { to: ['王强', '李明'], lead: '王强', at })],
    ['2026-10-10 21:01', (c, at) => svc.respondTicket(c, id.C, { at })],
    ['2026-10-11 09:00', (c, at) => svc.resolveTicket(c, id.C, { ...fix, at })],
    ['2026-10-11 10:00', (c, at) => svc.complainTicket(c, id.C, { serviceFault: 'yes', note: '迟到', at })],
    ['2026-10-11 11:00', (c, at) => svc.complainTicket(c, id.C, { serviceFault: 'yes', note: '又迟到', at })],
    ['2026-10-12 10:00', (c, at) => svc.surveyTicket(c, id.C, { rating: '3', at })],
    ['2026-10-15 09:00', (c, at) => void (id.D = open(c, at, { fault: 'engine' }))],
    ['2026-10-16 10:00', (c, at) => svc.complainTicket(c, id.D, { serviceFault: 'no', note: '不满意', at })],
    ['2026-10-20 09:00', (c, at) => void (id.E = open(c, at))],
    ['2026-10-20 20:00', (c, at) => svc.complainTicket(c, id.E, { serviceFault: 'yes', note: '没人来', at })],
    ['2026-10-21 10:00', (c) => svc.voidTicket(c, id.E, { reason: '重复登记' })],
    ['2026-10-31 20:00', (c, at) => void (id.G = open(c, at, { distance: '30' }))],
    ['2026-10-31 23:30', (c, at) => void (id.B = open(c, at, { distance: '150' }))],
    ['2026-11-01 11:30', (c, at) => svc.respondTicket(c, id.B, { at })],
    ['2026-11-01 15:00', (c, at) => svc.resolveTicket(c, id.B, { ...fix, at })],
    ['2026-11-01 19:00', (c, at) => svc.respondTicket(c, id.G, { at })],
    ['2026-11-02 10:00', (c, at) => svc.surveyTicket(c, id.B, { rating: '4', at })],
  ];
  for (const [when, step] of events) {
    const ctx = testContext({ now: when, dbPath }).ctx;
    step(ctx, when);
    ctx.close();
  }
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

describe('one read counts a window once (issue 14)', () => {
  const headline = (r: ReturnType<typeof slaReport>) => {
    const { groups: _g, by: _b, ...rest } = r;
    return rest;
  };

  it.each(['2026-11-01 10:00', '2026-11-05 10:00'])('--by fault: the headline is the sum of the fault rows, equal to the plain report (as of %s)', (now) => {
    for (const period of [{ month: '2026-10' }, { from: '2026-09-01', to: '2026-11-30' }] as Array<Record<string, string>>) {
      const plain = report(now, period);
      const byFault = report(now, period, 'fault');
      expect(JSON.stringify(headline(byFault))).toBe(JSON.stringify(plain));
      expect(byFault.groups!.reduce((n, g) => n + g.tickets, 0)).toBe(plain.tickets);
    }
  });

  it('report monthly\'s four sections through one memo read the same as four separate reads', () => {
    const { ctx } = testContext({ now: '2026-11-05 10:00', dbPath });
    try {
      const oct = periodFrom({ month: '2026-10' }, ctx.now, TZ);
      const quarter = periodFrom({ from: '2026-08-01', to: '2026-10-31' }, ctx.now, TZ);
      const memo = slaMemo();
      const shared = [slaReport(ctx, oct, undefined, ctx.db(), memo), slaReport(ctx, quarter, 'month', ctx.db(), memo),
        slaReport(ctx, oct, 'fault', ctx.db(), memo), slaReport(ctx, oct, 'assignee', ctx.db(), memo)];
      const apart = [slaReport(ctx, oct), slaReport(ctx, quarter, 'month'), slaReport(ctx, oct, 'fault'), slaReport(ctx, oct, 'assignee')];
      expect(JSON.stringify(shared)).toBe(JSON.stringify(apart));
      // October was counted once for the plain figures, the trend and the two breakdowns' headlines
      expect([...memo.keys()].filter((k) => k.startsWith('period ')).length).toBe(3);
    } finally {
      ctx.close();
    }
  });
});
