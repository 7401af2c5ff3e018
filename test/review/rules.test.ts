// 篇3 as pure rules: deadlines of every quarter and of the year, the weighted total without
// floating-point error and its grade bands at the edges, probation, the bonus, who scores.
import { describe, expect, it } from 'vitest';
import { quarterPeriod, yearPeriod } from '../../src/core/period.js';
import { defaultRulesPath, loadRules } from '../../src/core/rules.js';
import { formatDate, dateOf, instantToLocal } from '../../src/core/time.js';
import {
  averageTenths, bandsOf, bonusFen, checkNote, checkScorer, deadlinesFor, formatTenths, gradeFor, onProbation, roundToTenths, totalTenths, weightsOf,
  type Scores,
} from '../../src/review/rules.js';
import { TZ } from '../helpers.js';

const rules = loadRules(defaultRulesPath()).review;
const weights = weightsOf(rules);
const bands = bandsOf(rules);
const day = (ms: number) => formatDate(dateOf(ms, TZ));

describe('deadlines: end of the named day, local time', () => {
  // [year, quarter, self-report + plan, initial, final]
  const quarters: Array<[number, number, string, string, string]> = [
    [2026, 1, '2026-03-28', '2026-04-03', '2026-04-10'],
    [2026, 2, '2026-06-27', '2026-07-03', '2026-07-10'],
    [2026, 3, '2026-09-27', '2026-10-03', '2026-10-10'],
    [2026, 4, '2026-12-28', '2027-01-03', '2027-01-10'],
    // a leap year changes nothing: Q1 still ends on Mar 31, its 4th-last day is Mar 28
    [2028, 1, '2028-03-28', '2028-04-03', '2028-04-10'],
    [2028, 2, '2028-06-27', '2028-07-03', '2028-07-10'],
    [2028, 3, '2028-09-27', '2028-10-03', '2028-10-10'],
    [2028, 4, '2028-12-28', '2029-01-03', '2029-01-10'],
  ];
  it.each(quarters)('%iQ%i: self-report and plan by %s, initial score by %s, final by %s', (y, q, report, initial, final) => {
    const due = deadlinesFor(rules, quarterPeriod(y, q, TZ), TZ);
    expect([day(due.self_report), day(due.initial), day(due.final)]).toEqual([report, initial, final]);
    // 24:00 of that day: the last moment still on it
    expect(instantToLocal(due.self_report, TZ)).toMatchObject({ hh: 23, mm: 59, ss: 59 });
    expect(day(due.self_report + 1)).not.toBe(report);
  });

  it.each([[2026, '2026-12-25', '2026-12-30', '2027-01-10'], [2028, '2028-12-25', '2028-12-30', '2029-01-10']] as const)(
    'the year %i: self-report by %s, initial by %s, final by %s (Q4 is a separate cycle)',
    (y, report, initial, final) => {
      const due = deadlinesFor(rules, yearPeriod(y, TZ), TZ);
      expect([day(due.self_report), day(due.initial), day(due.final)]).toEqual([report, initial, final]);
    },
  );
});

const all = (v: number, knowledge = v): Scores => ({ duty: v, ability: v, character: v, knowledge, discipline: v });

describe('the weighted total, rounded half up to one decimal, decides the grade', () => {
  it('the rule file weights are 40/20/15/10/15 and sum to 100', () => {
    expect(weights).toEqual({ duty: 4000, ability: 2000, character: 1500, knowledge: 1000, discipline: 1500 });
    expect(totalTenths({ duty: 1000, ability: 0, character: 0, knowledge: 0, discipline: 0 }, weights)).toBe(400);
    expect(totalTenths({ duty: 900, ability: 800, character: 700, knowledge: 600, discipline: 500 }, weights)).toBe(760); // 36+16+10.5+6+7.5 = 76.0
  });

  // exact totals in 1/100000 of a point, as the weighted sum gives them
  it.each([
    [9494000, '94.9', 'B'],
    [9495000, '95.0', 'A'],
    [9500000, '95.0', 'A'],
    [5994000, '59.9', 'E'],
    [5995000, '60.0', 'D'],
    [6000000, '60.0', 'D'],
    [8499999, '85.0', 'B'],
    [8494999, '84.9', 'C'],
    [7495000, '75.0', 'C'],
    [0, '0.0', 'E'],
    [10000000, '100.0', 'A'],
  ] as const)('exact %i prints %s and is %s', (exact, printed, grade) => {
    const tenths = roundToTenths(exact);
    expect(formatTenths(tenths)).toBe(printed);
    expect(gradeFor(tenths, bands)).toBe(grade);
  });

  // scores whose naive floating-point total would land on the wrong side of the edge
  it.each([
    [all(950, 945), '95.0', 'A'], // 94.95
    [all(950, 944), '94.9', 'B'], // 94.94
    [all(600, 595), '60.0', 'D'], // 59.95
    [all(600, 594), '59.9', 'E'], // 59.94
    [all(950), '95.0', 'A'],
    [all(600), '60.0', 'D'],
  ] as const)('%o → %s → %s', (scores, printed, grade) => {
    const t = totalTenths(scores, weights);
    expect(formatTenths(t)).toBe(printed);
    expect(gradeFor(t, bands)).toBe(grade);
  });

  it('the average is rounded half up in integers', () => {
    expect(averageTenths([])).toBeNull();
    expect(averageTenths([915, 920])).toBe(918); // 91.75 → 91.8
    expect(averageTenths([900, 901, 901])).toBe(901); // 90.0667
  });

  it('an A needs the innovative result and an E the coaching that did not help (exit 2 naming --note)', () => {
    expect(() => checkNote('A', null)).toThrow(expect.objectContaining({ exitCode: 2, key: 'review.note_a', params: { field: '--note' } }));
    expect(() => checkNote('E', ' ')).toThrow(expect.objectContaining({ exitCode: 2, key: 'review.note_e' }));
    expect(() => checkNote('A', '新车型市场方案')).not.toThrow();
    expect(() => checkNote('B', null)).not.toThrow();
  });
});

describe('probation: not in the annual cycle when on probation on the self-report deadline (Dec 25)', () => {
  const year = yearPeriod(2026, TZ);
  it.each([
    [null, false],
    ['2026-12-24', false],
    ['2026-12-25', true],
    ['2026-12-26', true],
    ['2027-03-01', true],
  ] as const)('probation until %s → excluded: %s', (until, excluded) => {
    expect(onProbation(rules, year, until)).toBe(excluded);
  });
  it('the quarters are not affected (rule file: probation_excluded_from = year)', () => {
    expect(onProbation(rules, quarterPeriod(2026, 4, TZ), '2027-03-01')).toBe(false);
    expect(onProbation({ ...rules, probation_excluded_from: 'both' }, quarterPeriod(2026, 4, TZ), '2026-12-28')).toBe(true);
    expect(onProbation({ ...rules, probation_excluded_from: 'both' }, quarterPeriod(2026, 4, TZ), '2026-12-27')).toBe(false);
  });
});

describe('year-end bonus = the annual grade coefficient × base pay', () => {
  it.each([
    ['A', 800000, 1200000],
    ['B', 800000, 960000],
    ['C', 650050, 650050],
    ['D', 333333, 200000], // 1999.998 → 2000.00
    ['E', 800000, 0],
  ] as const)('%s on %i fen → %i fen', (grade, base, expected) => {
    expect(bonusFen(rules.bonus[grade], base)).toBe(expected);
  });
});

describe('who scores which stage', () => {
  const who = { leader: '周明', assessor: '王总' };
  const none = { initial: false, final: false };
  it('the direct leader gives the initial score, the assessor the final one after it', () => {
    expect(() => checkScorer('initial', '周明', who, none, '陈静')).not.toThrow();
    expect(() => checkScorer('final', '王总', who, { initial: true, final: false }, '陈静')).not.toThrow();
  });
  it.each([
    ['initial', '王总', none, 'review.not_leader'],
    ['final', '周明', { initial: true, final: false }, 'review.not_assessor'],
    ['final', '王总', none, 'review.final_before_initial'],
    ['initial', '周明', { initial: true, final: false }, 'review.initial_done'],
    ['final', '王总', { initial: true, final: true }, 'review.final_done'],
  ] as const)('%s by %s with %o is refused: %s (exit 3)', (stage, by, has, key) => {
    expect(() => checkScorer(stage, by, who, has, '陈静')).toThrow(expect.objectContaining({ exitCode: 3, key }));
  });
});
