// The rules of 篇3 中层管理人员考核方法 (SPEC §5), pure: no database, no clock of its own.
// Scores are integer tenths of a point and weights integer hundredths of a percent, so the
// weighted total is exact (no floating point) and is rounded half up to one decimal once, the
// way it is printed; the grade is decided on that printed total (94.95 → 95.0 → A).
import { InputError, RuleError } from '../core/errors.js';
import type { Period } from '../core/period.js';
import { addDays, formatDate, startOfDate, type CalendarDate } from '../core/time.js';
import { DIMENSIONS, GRADES, type DeadlineRule, type Dimension, type Grade, type Rules } from '../core/rules.js';

export { DIMENSIONS, GRADES, type Dimension, type Grade };

export type Stage = 'initial' | 'final';
export const STAGES: Stage[] = ['initial', 'final'];
export type Level = 'dept-manager' | 'deputy-dept-manager' | 'branch-manager' | 'deputy-branch-manager' | 'section-key';
// 一、被考核人员范围: 部门经理级、副经理级; 分公司经理级、副经理级; 岗位重要的科级人员
export const LEVELS: Level[] = ['dept-manager', 'deputy-dept-manager', 'branch-manager', 'deputy-branch-manager', 'section-key'];
export type CycleKind = 'quarter' | 'year';
export type DeadlineKind = 'self_report' | 'initial' | 'final';

/** Five scores, integer tenths of a point (0..1000). */
export type Scores = Record<Dimension, number>;
/** Weights in integer hundredths of a percent (40 → 4000); they sum to 10000. */
export type WeightsH = Record<Dimension, number>;
/** Grade bands, highest first, minimum in tenths of a point (95 → 950). */
export type Bands = Array<{ grade: Grade; min: number }>;

/** The rule file's weights as exact integers (core/rules allows at most two decimals, sum 100). */
export function weightsOf(rules: Rules['review']): WeightsH {
  return Object.fromEntries(DIMENSIONS.map((d) => [d, Math.round(rules.weights[d] * 100)])) as WeightsH;
}

/** The rule file's grade bands in tenths (core/rules allows at most one decimal). */
export function bandsOf(rules: Rules['review']): Bands {
  return rules.grades.map((g) => ({ grade: g.grade, min: Math.round(g.min * 10) }));
}

/** Σ score × weight, exactly: tenths × hundredths of a percent = the total in 1/100000 of a point. */
export function weightedSum(scores: Scores, weights: WeightsH): number {
  return DIMENSIONS.reduce((s, d) => s + scores[d] * weights[d], 0);
}

/** An exact total in 1/100000 of a point, rounded half up to tenths (as printed). */
export function roundToTenths(exact: number): number {
  return Math.floor((exact + 5000) / 10000);
}

export function totalTenths(scores: Scores, weights: WeightsH): number {
  return roundToTenths(weightedSum(scores, weights));
}

/** 六、考核等级: the first band whose minimum the printed total reaches. */
export function gradeFor(tenths: number, bands: Bands): Grade {
  for (const b of bands) if (tenths >= b.min) return b.grade;
  return bands[bands.length - 1].grade;
}

/** Tenths as printed: 950 → "95.0". */
export function formatTenths(tenths: number): string {
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** Tenths as a JSON number: 915 → 91.5. */
export function tenthsNumber(tenths: number): number {
  return tenths / 10;
}

/** The mean of totals in tenths, rounded half up to tenths (integer arithmetic); null for none. */
export function averageTenths(totals: number[]): number | null {
  if (totals.length === 0) return null;
  const sum = totals.reduce((s, x) => s + x, 0);
  return Math.floor((2 * sum + totals.length) / (2 * totals.length));
}

/** A grade needs a note: A the innovative result (有创新性成果), E the coaching that did not help
 *  (经督导而未改善). Exit 2 naming --note. */
export function checkNote(grade: Grade, note: string | null): void {
  if ((grade === 'A' || grade === 'E') && (note === null || note.trim() === '')) {
    throw new InputError(grade === 'A' ? 'review.note_a' : 'review.note_e', { field: '--note' });
  }
}

// ---- cycles and deadlines -------------------------------------------------------------------

export function cycleKind(period: Period): CycleKind {
  return period.kind === 'year' ? 'year' : 'quarter';
}

/** The named day of a deadline: counted from the period's last day or the next period's first. */
export function deadlineDay(rule: DeadlineRule, period: Period): CalendarDate {
  const anchor = rule.anchor === 'period_end' ? period.to : addDays(period.to, 1);
  return addDays(anchor, rule.offset_days);
}

/** The end of the named day (24:00 local, as its last millisecond): "before day X" is "by day X". */
export function endOfDay(day: CalendarDate, tz: string): number {
  return startOfDate(tz, addDays(day, 1)) - 1;
}

export interface Deadlines { self_report: number; initial: number; final: number }

export function deadlinesFor(rules: Rules['review'], period: Period, tz: string): Deadlines {
  const r = rules.deadlines[cycleKind(period)];
  return {
    self_report: endOfDay(deadlineDay(r.self_report, period), tz),
    initial: endOfDay(deadlineDay(r.initial, period), tz),
    final: endOfDay(deadlineDay(r.final, period), tz),
  };
}

/** 试用期员工不参与年终考核: on probation on the day of the cycle's self-report deadline
 *  (Dec 25 for the year) means not in the cycle. Probation ending the day before: in. */
export function onProbation(rules: Rules['review'], period: Period, probationUntil: string | null): boolean {
  if (probationUntil === null) return false;
  const applies = rules.probation_excluded_from === 'both' || (rules.probation_excluded_from === 'year' && period.kind === 'year');
  if (!applies) return false;
  const day = formatDate(deadlineDay(rules.deadlines[cycleKind(period)].self_report, period));
  return probationUntil >= day;
}

/** 年终奖金: the annual grade's coefficient × base pay, in fen, rounded half up. */
export function bonusFen(coefficient: number, basePayFen: number): number {
  const h = Math.round(coefficient * 100);
  return Math.floor((basePayFen * h + 50) / 100);
}

// ---- who scores ------------------------------------------------------------------------------

export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** 三 3: the direct leader scores first (初评), the assessor then (复评/审核终评); each stage once,
 *  by the right person only. */
export function checkScorer(stage: Stage, by: string, who: { leader: string; assessor: string }, has: { initial: boolean; final: boolean }, name: string): void {
  if (has[stage]) throw new RuleError(stage === 'initial' ? 'review.initial_done' : 'review.final_done', { name });
  if (stage === 'final' && !has.initial) throw new RuleError('review.final_before_initial', { name });
  const expected = stage === 'initial' ? who.leader : who.assessor;
  if (!sameName(by, expected)) throw new RuleError(stage === 'initial' ? 'review.not_leader' : 'review.not_assessor', { field: '--by', by, expected, name });
}
