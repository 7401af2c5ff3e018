// issue 9, SPEC §0 "Closed months": a ticket still pending when its month was closed, whose verdict
// comes in the next month, counts ONCE in a quarter or year that holds both months: its own month
// (as of the closing) counts it as pending, the later month counts the verdict as a change
// (pending −1, met or missed +1, no new ticket). A report that does not hold the ticket's month (the
// later month alone) counts it as a ticket "from earlier months" with its verdict, as before. The
// --by month, --by fault and --by assignee rows add up to the headline, from-earlier records in the
// group they belong to.
import { describe, expect, it } from 'vitest';
import { closeService } from '../../src/admin/service-close.js';
import { monthPeriod, quarterPeriod, yearPeriod } from '../../src/core/period.js';
import * as svc from '../../src/ticket/service.js';
import { slaReport, type SlaGroup, type SlaReport } from '../../src/ticket/sla.js';
import { emitSla } from '../../src/ticket/command-report.js';
import { letterReport, logLetter, replyLetter, type LetterReport } from '../../src/letter/service.js';
import { reportJson, reportViews } from '../../src/letter/view.js';
import { loadModules } from '../../src/modules.js';
import { testContext, TZ, type TestContext } from '../helpers.js';
import { OPEN } from '../ticket/fixtures.js';

const modules = await loadModules();
const q4 = quarterPeriod(2026, 4, TZ);
const year = yearPeriod(2026, TZ);
const oct = monthPeriod(2026, 10, TZ);
const nov = monthPeriod(2026, 11, TZ);

const FIGS = ['tickets', 'met', 'missed', 'pending', 'surveyed', 'satisfied', 'complaints'] as const;
const sumOf = (rows: SlaGroup[]) => Object.fromEntries(FIGS.map((k) => [k, rows.reduce((n, g) => n + g[k], 0)]));
const head = (r: SlaReport) => Object.fromEntries(FIGS.map((k) => [k, r[k]]));

/** October: A (met, 李明); B on Oct 31 20:00 (on site by Nov 1 20:00), sent to 王强, complained about
 *  on Oct 31 22:00, still pending when October is closed on Nov 1 09:00; B met on Nov 1 15:00.
 *  November: C (met, 李明), and D, a chassis ticket dated Oct 20 entered late on Nov 6. */
function history(): TestContext {
  let tc = testContext({ now: '2026-10-10 09:00' });
  const a = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-10 09:00' }).id;
  tc = tc.later('2026-10-10 10:00');
  svc.dispatchTicket(tc.ctx, a, { to: ['李明'], at: '2026-10-10 10:00' });
  tc = tc.later('2026-10-10 12:00');
  svc.respondTicket(tc.ctx, a, { at: '2026-10-10 12:00' });
  tc = tc.later('2026-10-31 20:00');
  const b = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-31 20:00' }).id;
  tc = tc.later('2026-10-31 21:00');
  svc.dispatchTicket(tc.ctx, b, { to: ['王强'], at: '2026-10-31 21:00' });
  tc = tc.later('2026-10-31 22:00');
  svc.complainTicket(tc.ctx, b, { serviceFault: 'yes', note: '电话无人接', at: '2026-10-31 22:00' });
  tc = tc.later('2026-11-01 09:00');
  const closing = closeService(tc.ctx, { month: '2026-10' }, modules);
  expect(closing.pending.map((p) => p.module)).toContain('ticket 2026-10');
  tc = tc.later('2026-11-01 15:00');
  svc.respondTicket(tc.ctx, b, { at: '2026-11-01 15:00' });
  tc = tc.later('2026-11-05 09:00');
  const c = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-11-05 09:00' }).id;
  tc = tc.later('2026-11-05 10:00');
  svc.dispatchTicket(tc.ctx, c, { to: ['李明'], at: '2026-11-05 10:00' });
  tc = tc.later('2026-11-05 12:00');
  svc.respondTicket(tc.ctx, c, { at: '2026-11-05 12:00' });
  tc = tc.later('2026-11-06 09:00');
  svc.openTicket(tc.ctx, { ...OPEN, fault: 'chassis', reportedAt: '2026-10-20 09:00', reason: '纸质单漏登' });
  return tc.later('2026-11-20 09:00');
}

describe('a ticket pending at its month\'s closing, met in the next month', () => {
  it('counts once in the quarter and the year: tickets 4, pending 0, one complaint', () => {
    const tc = history();
    for (const p of [q4, year]) {
      const r = slaReport(tc.ctx, p);
      expect(head(r), p.label).toEqual({ tickets: 4, met: 3, missed: 1, pending: 0, surveyed: 0, satisfied: 0, complaints: 1 });
      expect(r.on_time_rate).toBe(0.75);
      expect(r.complaint_rate).toBe(0.25);
      expect(r.from_earlier).toMatchObject({ tickets: 1, met: 1, missed: 1, pending: -1, complaints: 0, later_verdicts: 1, pending_settled: 1 });
    }
  });

  it('--by month: October as of its closing, November with the verdict as a change; the rows add up to the headline', () => {
    const tc = history();
    for (const p of [q4, year]) {
      const r = slaReport(tc.ctx, p, 'month');
      expect(sumOf(r.groups!), p.label).toEqual(head(r));
      const row = (k: string) => r.groups!.find((g) => g.key === k)!;
      expect(row('2026-10')).toMatchObject({ tickets: 2, met: 1, missed: 0, pending: 1, complaints: 1 });
      expect(row('2026-11')).toMatchObject({ tickets: 2, met: 2, missed: 1, pending: -1, complaints: 0 });
      expect(row('2026-11').from_earlier).toMatchObject({ tickets: 1, met: 1, missed: 1, pending: -1, later_verdicts: 1, pending_settled: 1 });
    }
  });

  it('the month reports: October unchanged as of its closing; November alone counts B as a ticket from earlier months', () => {
    const tc = history();
    expect(head(slaReport(tc.ctx, oct))).toEqual({ tickets: 2, met: 1, missed: 0, pending: 1, surveyed: 0, satisfied: 0, complaints: 1 });
    const n = slaReport(tc.ctx, nov);
    expect(head(n)).toEqual({ tickets: 3, met: 2, missed: 1, pending: 0, surveyed: 0, satisfied: 0, complaints: 1 });
    expect(n.from_earlier).toMatchObject({ tickets: 2, met: 1, missed: 1, pending: 0, complaints: 1, later_verdicts: 1, pending_settled: 0 });
    // the quarter's November row differs from the month alone by exactly the settled pending ticket
    const row = slaReport(tc.ctx, q4, 'month').groups!.find((g) => g.key === '2026-11')!;
    expect([n.tickets - row.tickets, n.pending - row.pending, n.met - row.met]).toEqual([1, 1, 0]);
  });

  it('--by fault and --by assignee: the groups add up to the headline, from-earlier records in their group', () => {
    const tc = history();
    for (const p of [q4, year]) {
      const r = slaReport(tc.ctx, p);
      const f = slaReport(tc.ctx, p, 'fault');
      expect(sumOf(f.groups!), p.label).toEqual(head(r));
      const body = f.groups!.find((g) => g.key === 'body')!;
      const chassis = f.groups!.find((g) => g.key === 'chassis')!;
      expect(body).toMatchObject({ tickets: 3, met: 3, missed: 0, pending: 0, complaints: 1, from_earlier: { tickets: 0, met: 1, pending: -1, later_verdicts: 1, pending_settled: 1 } });
      expect(chassis).toMatchObject({ tickets: 1, missed: 1, from_earlier: { tickets: 1, missed: 1, later_verdicts: 0 } });
      expect(f.groups!.filter((g) => g.from_earlier).map((g) => g.key)).toEqual(['body', 'chassis']);

      const a = slaReport(tc.ctx, p, 'assignee');
      expect(sumOf(a.groups!), p.label).toEqual(head(r));
      expect(a.groups!.map((g) => [g.key, g.tickets, g.met, g.missed, g.pending])).toEqual([['', 1, 0, 1, 0], ['李明', 2, 2, 0, 0], ['王强', 1, 1, 0, 0]]);
      expect(a.groups!.find((g) => g.key === '王强')!.from_earlier).toMatchObject({ tickets: 0, met: 1, pending: -1, pending_settled: 1 });
    }
    // November alone: B is a from-earlier ticket of 王强's, D of nobody's
    const a = slaReport(tc.ctx, nov, 'assignee');
    expect(sumOf(a.groups!)).toEqual(head(slaReport(tc.ctx, nov)));
    expect(a.groups!.find((g) => g.key === '王强')).toMatchObject({ tickets: 1, met: 1, from_earlier: { tickets: 1, met: 1, pending_settled: 0 } });
  });

  it('the text says what the from-earlier lines hold (en and zh), the JSON keys are added, none renamed', () => {
    const tc = history();
    const dbPath = tc.ctx.dbPath;
    tc.ctx.close();
    const json = testContext({ now: '2026-11-20 09:00', dbPath, format: 'json', init: false });
    emitSla(json.ctx, slaReport(json.ctx, q4, 'fault'));
    const j = JSON.parse(json.out());
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['tickets', 'met', 'missed', 'pending', 'on_time_rate', 'from_earlier', 'groups']));
    expect(j.groups.find((g: { key: string }) => g.key === 'body').from_earlier).toMatchObject({ tickets: 0, later_verdicts: 1, pending_settled: 1, voided: [] });
    const en = testContext({ now: '2026-11-20 09:00', dbPath, lang: 'en', init: false });
    emitSla(en.ctx, slaReport(en.ctx, q4, 'month'));
    expect(en.out()).toContain("2026-11: from earlier months 1; later verdicts of tickets pending at their month's closing 1, of which 1 already counted as pending in their month (pending −1, no new ticket)");
    const zh = testContext({ now: '2026-11-20 09:00', dbPath, lang: 'zh', init: false });
    emitSla(zh.ctx, slaReport(zh.ctx, q4, 'fault'));
    expect(zh.out()).toContain('车身: 以前月份补录 0；结账时未到期的服务单本月出结论 1，其中 1 张已在其月份计为未到期（未到期 −1，不另计服务单）');
    const zhNov = testContext({ now: '2026-11-20 09:00', dbPath, lang: 'zh', init: false });
    emitSla(zhNov.ctx, slaReport(zhNov.ctx, nov));
    expect(zhNov.out()).toContain('以前月份补录 2；结账时未到期的服务单本月出结论 1');
    expect(zhNov.out()).not.toContain('不另计服务单');
  });
});

describe('a verdict across a quarter\'s end: September pending at its closing, met on Oct 1', () => {
  it('Q3 counts it pending, Q4 alone whole from earlier months, the year once (as a change in October)', () => {
    let tc = testContext({ now: '2026-09-30 20:00' });
    const b = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-09-30 20:00' }).id;
    tc = tc.later('2026-10-01 09:00');
    closeService(tc.ctx, { month: '2026-09', only: 'ticket' }, modules);
    tc = tc.later('2026-10-01 15:00');
    svc.respondTicket(tc.ctx, b, { at: '2026-10-01 15:00' });
    tc = tc.later('2026-10-20 09:00');
    const q3 = slaReport(tc.ctx, quarterPeriod(2026, 3, TZ), 'month');
    expect(head(q3)).toMatchObject({ tickets: 1, met: 0, pending: 1 });
    const alone = slaReport(tc.ctx, q4, 'month');
    expect(head(alone)).toMatchObject({ tickets: 1, met: 1, pending: 0 });
    expect(alone.from_earlier).toMatchObject({ tickets: 1, later_verdicts: 1, pending_settled: 0 });
    const y = slaReport(tc.ctx, year, 'month');
    expect(head(y)).toMatchObject({ tickets: 1, met: 1, pending: 0 });
    expect(sumOf(y.groups!)).toEqual(head(y));
    expect(y.groups!.find((g) => g.key === '2026-10')).toMatchObject({ tickets: 0, met: 1, pending: -1, from_earlier: { pending_settled: 1 } });
    // the quarters each stand alone: together they count the ticket twice, the year once
    expect(q3.tickets + alone.tickets - y.tickets).toBe(1);
  });
});

describe('letters: a letter unanswered at its month\'s closing and answered later counts once, with its reply', () => {
  /** L1 (phone, Oct 31 20:00, reply due Nov 1 20:00) open when October closes on Nov 1 09:00, answered
   *  Nov 1 15:00 (on time); L2 (letter) received and answered in November; L3 dated Oct 20, logged late. */
  function letters(): TestContext {
    let tc = testContext({ now: '2026-10-31 20:00' });
    const l1 = logLetter(tc.ctx, { channel: 'phone', from: '王', subject: 's', receivedAt: '2026-10-31 20:00' }).id;
    tc = tc.later('2026-11-01 09:00');
    closeService(tc.ctx, { month: '2026-10' }, modules);
    tc = tc.later('2026-11-01 15:00');
    replyLetter(tc.ctx, l1, { text: '已答复', by: '张三', at: '2026-11-01 15:00' });
    tc = tc.later('2026-11-03 09:00');
    const l2 = logLetter(tc.ctx, { channel: 'letter', from: '李', subject: 't', receivedAt: '2026-11-03 09:00' }).id;
    tc = tc.later('2026-11-03 11:00');
    replyLetter(tc.ctx, l2, { text: '已答复', by: '张三', at: '2026-11-03 11:00' });
    tc = tc.later('2026-11-06 09:00');
    logLetter(tc.ctx, { channel: 'letter', from: '赵', subject: 'late', receivedAt: '2026-10-20 09:00', reason: '漏登' });
    return tc.later('2026-11-20 09:00');
  }
  const LF = ['received', 'replied', 'replied_on_time', 'replied_late', 'open', 'overdue_open'] as const;
  const lhead = (r: LetterReport | LetterReport['rows'][number]) => Object.fromEntries(LF.map((k) => [k, r[k]]));
  const lsum = (rows: LetterReport['rows']) => Object.fromEntries(LF.map((k) => [k, rows.reduce((n, row) => n + row[k], 0)]));

  it('October counts L1 open as of its closing; the quarter and the year count it once, answered on time', () => {
    const tc = letters();
    expect(letterReport(tc.ctx, oct)).toMatchObject({ received: 1, open: 1, replied: 0 });
    for (const p of [q4, year]) {
      for (const by of ['month', 'channel'] as const) {
        const r = letterReport(tc.ctx, p, undefined, by);
        expect(lhead(r), `${p.label} ${by}`).toEqual({ received: 3, replied: 2, replied_on_time: 2, replied_late: 0, open: 1, overdue_open: 1 });
        expect(lsum(r.rows), `${p.label} ${by}`).toEqual(lhead(r));
        expect(r.from_earlier).toMatchObject({ received: 1, replied: 1, open: 0, overdue_open: 1, later_replies: 1, open_settled: 1 });
      }
      const row = letterReport(tc.ctx, p, undefined, 'month').rows.find((x) => x.key === '2026-11')!;
      expect(row).toMatchObject({ received: 2, replied: 2, open: 0, from_earlier: { received: 1, open: 0, replied: 1, later_replies: 1, open_settled: 1 } });
      expect(row.from_earlier!.ids).toHaveLength(2);
    }
  });

  it('November alone counts L1 whole, as a letter from earlier months with its reply; the text says so', () => {
    const tc = letters();
    const n = letterReport(tc.ctx, nov);
    expect(lhead(n)).toEqual({ received: 3, replied: 2, replied_on_time: 2, replied_late: 0, open: 1, overdue_open: 1 });
    expect(n.from_earlier).toMatchObject({ received: 2, replied: 1, later_replies: 1, open_settled: 0 });
    const views = reportViews(tc.ctx, n);
    expect(views.tables[0].notes).toEqual(["from earlier months 2; later replies to letters unanswered at their month's closing 1"]);
    const q = letterReport(tc.ctx, q4, undefined, 'month');
    expect(reportJson(q)).toMatchObject({ from_earlier: { later_replies: 1, open_settled: 1 } });
    expect(reportViews(tc.ctx, q).tables[1].notes).toEqual(["2026-11: from earlier months 1; later replies to letters unanswered at their month's closing 1, of which 1 already counted as still open in their month (still open −1, no new letter)"]);
  });
});
