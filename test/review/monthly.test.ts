// The review section of `kaohe report monthly`: a quarter's grade summary in the month that ends
// the quarter (distribution, average, people, who is missing what, the `grades` chart), null in
// the months inside a quarter and when the quarter has no cycle; December adds the annual cycle.
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/core/context.js';
import { monthPeriod } from '../../src/core/period.js';
import { quarterEndedBy, reviewMonthly } from '../../src/review/monthly.js';
import { openCycle } from '../../src/review/service.js';
import { fileWithHr, parseScoreInput, score, submit } from '../../src/review/service-steps.js';
import { TZ } from '../helpers.js';
import { FIVE, rosterAt } from './fixtures.js';

const scoreRaw = (ctx: Context, raw: Record<string, any>) => score(ctx, parseScoreInput(ctx, raw));
const section = (ctx: Context, y: number, m: number) => reviewMonthly(ctx, ctx.db(), monthPeriod(y, m, TZ));

/** Q3 2026 as in the summary test: 周明 95.0 A, 陈静 88.0 B, 李娜 80.0 C, 刘强 initial score only. */
function q3() {
  let t = rosterAt();
  t = t.later('2026-07-05 09:00');
  openCycle(t.ctx, { period: '2026Q3' });
  t = t.later('2026-09-25 09:00');
  submit(t.ctx, { who: '周明', period: '2026Q3', file: 'r', plan: 'p' });
  submit(t.ctx, { who: '陈静', period: '2026Q3', file: 'r', plan: 'p' });
  submit(t.ctx, { who: '李娜', period: '2026Q3', file: 'r' });
  t = t.later('2026-10-02 09:00');
  scoreRaw(t.ctx, { who: '周明', period: '2026Q3', stage: 'initial', by: '王总', ...FIVE('95', '95', '95', '95', '95'), note: '新车型市场方案' });
  // 90×.40 + 85×.20 + 88×.15 + 80×.10 + 92×.15 = 36 + 17 + 13.2 + 8 + 13.8 = 88.0
  scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'initial', by: '周明', ...FIVE('90', '85', '88', '80', '92') });
  scoreRaw(t.ctx, { who: '李娜', period: '2026Q3', stage: 'initial', by: '周明', ...FIVE('80', '80', '80', '80', '80') });
  scoreRaw(t.ctx, { who: '刘强', period: '2026Q3', stage: 'initial', by: '王总', ...FIVE('70', '70', '70', '70', '70') });
  t = t.later('2026-10-08 09:00');
  for (const who of ['周明', '陈静', '李娜']) scoreRaw(t.ctx, { who, period: '2026Q3', stage: 'final', by: '王总', confirm: true });
  fileWithHr(t.ctx, { who: '周明', period: '2026Q3', by: '李娟' });
  return t;
}

describe('which months carry a review section', () => {
  it.each([[1, null], [2, null], [3, '2026Q1'], [6, '2026Q2'], [8, null], [9, '2026Q3'], [10, null], [12, '2026Q4']] as const)('month %i ends quarter %s', (m, q) => {
    expect(quarterEndedBy(monthPeriod(2026, m, TZ), TZ)?.label ?? null).toBe(q);
  });
});

describe('the quarter-end month', () => {
  it('September: the Q3 distribution, average, people and missing items, with the grades chart', () => {
    const t = q3();
    const s = section(t.ctx, 2026, 9)!;
    expect(s).not.toBeNull();
    expect(s.key).toBe('review');
    expect(s.period).toBe('2026Q3');
    const chart = s.charts.find((c) => c.id === 'grades')!;
    expect(chart.kind).toBe('bar');
    expect(chart.categories).toEqual(['A excellent', 'B good', 'C pass', 'D poor', 'E very poor']);
    expect(chart.series[0].data).toEqual([1, 1, 1, 0, 0]);
    // (95.0 + 88.0 + 80.0) / 3 = 87.67 → 87.7; three of four graded; 刘强 has no final score
    expect(s.figures.map((f) => f.value)).toEqual(['3 / 4', '87.7', '1']);
    const data = s.json as any;
    expect(data.quarter).toMatchObject({
      period: '2026Q3', status: 'open', in_cycle: 4, reviewed: 3, average: 87.7,
      grades: { A: 1, B: 1, C: 1, D: 0, E: 0 },
      missing: { self_report: ['刘强'], plan: ['李娜', '刘强'], initial: [], final: ['刘强'], filed: ['陈静', '李娜', '刘强'] },
    });
    expect(data.quarter.people.map((p: any) => [p.name, p.score, p.grade])).toEqual([['周明', 95, 'A'], ['陈静', 88, 'B'], ['李娜', 80, 'C'], ['刘强', null, null]]);
    expect('year' in data).toBe(false);
    const [grades, people] = s.tables;
    expect(grades.rows.map((r) => [r.count, r.share])).toEqual([[1, 1 / 3], [1, 1 / 3], [1, 1 / 3], [0, 0], [0, 0]]);
    expect(grades.totals).toEqual({ count: 3 });
    expect(grades.notes).toContain('No plan: 李娜, 刘强');
    expect(people.rows.map((r) => [r.name, r.score, r.grade])).toEqual([['周明', 95, 'A excellent'], ['陈静', 88, 'B good'], ['李娜', 80, 'C pass'], ['刘强', null, '—']]);
    // printed on 2026-10-08, before the final deadline (Oct 10) with 刘强 still open: a note says so
    expect(s.notes?.join('\n')).toContain('2026Q3: final scores are due by 2026-10-10');
  });

  it('as of the initial scores (--now 2026-10-02): no grade yet, so no chart, and a note', () => {
    const then = q3().later('2026-10-02 09:00');
    const s = section(then.ctx, 2026, 9)!;
    expect((s.json as any).quarter).toMatchObject({ reviewed: 0, average: null, missing: { final: ['周明', '陈静', '李娜', '刘强'] } });
    expect(s.charts).toEqual([]);
    expect(s.figures.map((f) => f.value)).toEqual(['0 / 4', '—', '4']);
    expect(s.notes).toContain('2026Q3: no final score entered yet, so no grade to chart');
  });

  it('a month inside a quarter gives null; a quarter end with no cycle gives null', () => {
    const t = q3();
    expect(section(t.ctx, 2026, 8)).toBeNull();
    expect(section(t.ctx, 2026, 10)).toBeNull();
    expect(section(t.ctx, 2026, 6)).toBeNull(); // Q2 never opened
    expect(section(t.ctx, 2026, 12)).toBeNull(); // neither Q4 nor the year opened
  });
});

describe('December', () => {
  it('Q4 and the open annual cycle; the note says the year comes in January', () => {
    let t = rosterAt('2026-06-01 09:00');
    t = t.later('2026-10-08 09:00');
    openCycle(t.ctx, { period: '2026Q4' });
    openCycle(t.ctx, { period: '2026' });
    t = t.later('2026-12-29 09:00');
    scoreRaw(t.ctx, { who: '刘强', period: '2026Q4', stage: 'initial', by: '王总', ...FIVE('75', '75', '75', '75', '75') });
    scoreRaw(t.ctx, { who: '刘强', period: '2026Q4', stage: 'final', by: '王总', confirm: true });
    scoreRaw(t.ctx, { who: '刘强', period: '2026', stage: 'initial', by: '王总', ...FIVE('75', '75', '75', '75', '75') });
    const s = section(t.ctx, 2026, 12)!;
    expect(s.period).toBe('2026Q4 · 2026');
    expect(s.charts.map((c) => [c.id, c.series[0].data])).toEqual([['grades', [0, 0, 1, 0, 0]]]); // the year has no final score yet
    const data = s.json as any;
    expect(data.quarter).toMatchObject({ reviewed: 1, average: 75 });
    expect(data.year).toMatchObject({ period: '2026', reviewed: 0, average: null, in_cycle: 4 });
    expect(data.year.people.find((p: any) => p.name === '刘强').quarters).toEqual({ Q1: null, Q2: null, Q3: null, Q4: 'C' });
    expect(s.notes?.join('\n')).toContain('The annual results 2026 are complete in January: final scores are due by 2027-01-10');
    expect(s.tables).toHaveLength(4);
  });
});
