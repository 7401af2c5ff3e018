// issue 9, SPEC §0 "Closed months" for quarters and years: a quarter or year figure is the sum of
// its months, each closed month as of its closing with its "from earlier months" lines, open months
// as of now; the by-month rows are those month figures and add up to the headline; a late record
// counts exactly once, in the first month open when it was entered.
import { describe, expect, it } from 'vitest';
import { closeService } from '../../src/admin/service-close.js';
import { monthPeriod, quarterPeriod, yearPeriod, type Period } from '../../src/core/period.js';
import { letterReport, logLetter, type LetterReport } from '../../src/letter/service.js';
import * as svc from '../../src/ticket/service.js';
import { slaReport, type SlaReport } from '../../src/ticket/sla.js';
import { emitSla } from '../../src/ticket/command-report.js';
import { reportJson, reportViews } from '../../src/letter/view.js';
import { loadModules } from '../../src/modules.js';
import { testContext, TZ, type TestContext } from '../helpers.js';
import { OPEN } from '../ticket/fixtures.js';

const modules = await loadModules();
const q3 = quarterPeriod(2026, 3, TZ);
const q4 = quarterPeriod(2026, 4, TZ);
const year = yearPeriod(2026, TZ);

/** Tickets and letters in July and October, September closed on Oct 2, October on Nov 2. */
function history(): TestContext {
  let tc = testContext({ now: '2026-07-10 09:00' });
  const a = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-07-10 09:00' }).id;
  logLetter(tc.ctx, { channel: 'phone', from: '王', subject: 'a', receivedAt: '2026-07-10 09:00' });
  tc = tc.later('2026-07-10 12:00');
  svc.respondTicket(tc.ctx, a, { at: '2026-07-10 12:00' });
  tc = tc.later('2026-10-02 09:00');
  closeService(tc.ctx, { month: '2026-09' }, modules);
  tc = tc.later('2026-10-10 09:00');
  const b = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-10-10 09:00' }).id;
  logLetter(tc.ctx, { channel: 'letter', from: '李', subject: 'b', receivedAt: '2026-10-10 09:00' });
  tc = tc.later('2026-10-10 12:00');
  svc.respondTicket(tc.ctx, b, { at: '2026-10-10 12:00' });
  tc = tc.later('2026-11-02 09:00');
  closeService(tc.ctx, { month: '2026-10' }, modules);
  return tc.later('2026-11-05 09:00');
}

/** The late records: a ticket and a letter dated Sep 20, entered Nov 6 (September and October closed). */
function lateEntry(tc: TestContext): TestContext {
  tc = tc.later('2026-11-06 09:00');
  svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-09-20 09:00', reason: '纸质单漏登' });
  logLetter(tc.ctx, { channel: 'letter', from: '赵', subject: 'late', receivedAt: '2026-09-20 09:00', reason: '漏登' });
  return tc.later('2026-11-20 09:00');
}

type Count = (r: SlaReport | LetterReport) => number;
const slaCount: Count = (r) => (r as SlaReport).tickets;
const letterCount: Count = (r) => (r as LetterReport).received;
const kinds: Array<{ name: string; report: (tc: TestContext, p: Period) => SlaReport | LetterReport; count: Count; rows: (r: any) => Array<{ key: string } & Record<string, any>> }> = [
  { name: 'sla', report: (tc, p) => slaReport(tc.ctx, p, 'month'), count: slaCount, rows: (r: SlaReport) => r.groups ?? [] },
  { name: 'letters', report: (tc, p) => letterReport(tc.ctx, p, undefined, 'month'), count: letterCount, rows: (r: LetterReport) => r.rows },
];

describe.each(kinds)('$name: quarter and year totals with closed months', ({ report, count, rows }) => {
  it('the headline is the sum of the month rows, before and after the late entry', () => {
    let tc = history();
    for (const stage of ['before', 'after']) {
      if (stage === 'after') tc = lateEntry(tc);
      for (const p of [q3, q4, year]) {
        const r = report(tc, p);
        const sum = rows(r).reduce((n, row) => n + count(row as never), 0);
        expect(count(r), `${stage} ${p.label}`).toBe(sum);
      }
    }
  });

  it('the closed months\' part is unchanged by the late entry; the late record appears once, in November', () => {
    let tc = history();
    const before = { q3: report(tc, q3), q4: report(tc, q4), year: report(tc, year) };
    tc = lateEntry(tc);
    const after = { q3: report(tc, q3), q4: report(tc, q4), year: report(tc, year) };
    // Q3 is closed: printed the same before and after (the Sep 20 record does not go into it)
    expect(count(after.q3)).toBe(count(before.q3));
    expect(rows(after.q3)).toEqual(rows(before.q3));
    expect(after.q3.from_earlier).toBeUndefined();
    // October is closed: its row is unchanged; November counts the late record as from earlier months
    const row = (r: SlaReport | LetterReport, key: string) => rows(r).find((x) => x.key === key)!;
    expect(row(after.q4, '2026-10')).toEqual(row(before.q4, '2026-10'));
    expect(count(row(after.q4, '2026-11') as never)).toBe(count(row(before.q4, '2026-11') as never) + 1);
    expect(row(after.q4, '2026-11').from_earlier).toBeDefined();
    expect(count(after.q4.from_earlier as never)).toBe(1);
    // exactly once in the year: one more than before, and Q3 + Q4 = the year's months
    expect(count(after.year)).toBe(count(before.year) + 1);
    expect(count(after.year)).toBe(count(after.q3) + count(after.q4));
    // the month report of November says the same as its row
    expect(count(report(tc, monthPeriod(2026, 11, TZ)))).toBe(count(row(after.q4, '2026-11') as never));
    // and the closed September as a month report is its row of Q3
    expect(count(report(tc, monthPeriod(2026, 9, TZ)))).toBe(count(row(after.q3, '2026-09') as never));
  });
});

describe('rates of a quarter are computed once from the summed counts', () => {
  it('sla: on-time rate = met / (met + missed) of the sums', () => {
    const tc = lateEntry(history());
    const r = slaReport(tc.ctx, q4, 'month');
    const met = r.groups!.reduce((n, g) => n + g.met, 0);
    const missed = r.groups!.reduce((n, g) => n + g.missed, 0);
    expect([r.met, r.missed]).toEqual([met, missed]);
    expect(r.on_time_rate).toBe(Math.round((met / (met + missed)) * 10000) / 10000);
  });
});

describe('the output says where a figure includes earlier months\' late records', () => {
  it('sla --quarter --by month: from_earlier on the headline and on November\'s row (JSON), a note under the rows (text)', () => {
    const tc = lateEntry(history());
    const dbPath = tc.ctx.dbPath;
    tc.ctx.close();
    const json = testContext({ now: '2026-11-20 09:00', dbPath, format: 'json', init: false });
    emitSla(json.ctx, slaReport(json.ctx, q4, 'month'));
    const r = JSON.parse(json.out());
    expect(r.from_earlier).toMatchObject({ tickets: 1 });
    expect(r.groups.map((g: { key: string; from_earlier?: unknown }) => [g.key, g.from_earlier !== undefined])).toEqual([['2026-10', false], ['2026-11', true], ['2026-12', false]]);
    expect(r.groups[0].closed).toBeDefined();
    const zh = testContext({ now: '2026-11-20 09:00', dbPath, lang: 'zh', init: false });
    emitSla(zh.ctx, slaReport(zh.ctx, q4, 'month'));
    expect(zh.out()).toContain('2026-11: 以前月份补录 1');
  });

  it('letters --quarter --by month: from_earlier on the headline and on November\'s row, with the ids', () => {
    const tc = lateEntry(history());
    const r = letterReport(tc.ctx, q4, undefined, 'month');
    const j = reportJson(r) as { from_earlier?: { ids: string[] }; rows: Array<{ key: string; from_earlier?: { ids: string[] } }> };
    expect(j.from_earlier?.ids).toHaveLength(1);
    expect(j.rows.find((x) => x.key === '2026-11')?.from_earlier?.ids).toEqual(j.from_earlier?.ids);
    const views = reportViews(tc.ctx, r);
    expect(views.tables[1].notes).toEqual(['2026-11: from earlier months 1']);
  });
});
