// Review use cases that only read: the roster, a cycle's list and summary (with the four quarters
// beside the year), the year-end bonus, the deadline checks and the invariants for `db check`.
// Everything as entered by ctx.now (`--now` reproduces a summary as it was). Plain data out;
// view.ts renders.
import { auditHead, type AuditHead } from '../core/audit.js';
import type { CheckItem, Invariant } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { getMeta, type Db } from '../core/db.js';
import { InputError, NotFoundError } from '../core/errors.js';
import { parseYuan } from '../core/money.js';
import { parseCycle, parseYear, quarterPeriod, yearPeriod, type Period } from '../core/period.js';
import { dateOf, formatDate } from '../core/time.js';
import { averageTenths, bonusFen, DIMENSIONS, gradeFor, GRADES, totalTenths, type Grade } from './rules.js';
import { standingAtEnd } from './service.js';
import * as store from './store.js';
import type { Cycle, Review, Staff, StaffVersion } from './store.js';

export interface RosterLine { staff: Staff; version: StaffVersion | undefined; history: StaffVersion[] }

/** `staff list`: everyone as they stand on `on` (a date), with every change kept. */
export function roster(ctx: Context, db: Db, on: string): RosterLine[] {
  return store.allStaff(db, ctx.now).map((staff) => ({ staff, version: store.versionOn(db, staff.id, on, ctx.now), history: store.versionsOf(db, staff.id, ctx.now) }));
}

export interface PersonLine {
  review: Review;
  standing: StaffVersion | undefined;
  total: number | null;
  grade: Grade | null;
  /** the year's summary: the person's four quarterly grades (季度成果 feeds 年终评比) */
  quarters?: Array<Grade | null>;
}

export interface Summary {
  period: Period;
  cycle: Cycle | undefined;
  people: PersonLine[];
  reviewed: number;
  average: number | null;
  grades: Record<Grade, number>;
  missing: { self_report: string[]; plan: string[]; initial: string[]; final: string[]; filed: string[] };
  /** steps entered late (补录) by ctx.now */
  lateEntries: number;
  head: AuditHead;
  demo: boolean;
}

export function periodOfText(ctx: Context, text: string | undefined): Period {
  if (text === undefined || text.trim() === '') throw new InputError('input.missing', { field: '--period' });
  return parseCycle(text, '--period', ctx.tz);
}

/** A cycle's reviews with each person's standing at its end and the final grade. */
export function cycleLines(ctx: Context, db: Db, period: Period): PersonLine[] {
  const staff = new Map(store.allStaff(db, Number.MAX_SAFE_INTEGER).map((s) => [s.id, s]));
  return store.reviewsOf(db, period.label, ctx.now).map((review) => ({
    review,
    standing: standingAtEnd(db, staff.get(review.staffId)!, period, ctx.now),
    total: review.final?.totalTenths ?? null,
    grade: review.final?.grade ?? null,
  }));
}

/** Whether the period's cycle had been opened by ctx.now (else `summary` is not found). */
export function cycleOpened(ctx: Context, db: Db, period: Period): boolean {
  const cycle = store.cycleOf(db, period.label);
  return cycle !== undefined && cycle.openedAt <= ctx.now;
}

export function summary(ctx: Context, db: Db, period: Period): Summary {
  const cycle = store.cycleOf(db, period.label);
  if (!cycle || cycle.openedAt > ctx.now) throw new NotFoundError('review.cycle_not_found', { period: period.label });
  const people = cycleLines(ctx, db, period);
  if (period.kind === 'year') {
    const quarters = [1, 2, 3, 4].map((q) => new Map(store.reviewsOf(db, quarterPeriod(period.from.y, q, ctx.tz).label, ctx.now).map((r) => [r.staffId, r.final?.grade ?? null])));
    for (const p of people) p.quarters = quarters.map((m) => m.get(p.review.staffId) ?? null);
  }
  const graded = people.filter((p) => p.total !== null);
  const grades = Object.fromEntries(GRADES.map((g) => [g, graded.filter((p) => p.grade === g).length])) as Record<Grade, number>;
  const names = (f: (r: Review) => boolean) => people.filter((p) => f(p.review)).map((p) => p.review.name);
  return {
    period, cycle, people, reviewed: graded.length, average: averageTenths(graded.map((p) => p.total!)), grades,
    missing: {
      self_report: names((r) => r.report === null), plan: names((r) => r.plan === null),
      initial: names((r) => r.initial === null), final: names((r) => r.final === null), filed: names((r) => r.filedBy === null),
    },
    lateEntries: store.lateEntries(db, period.label, ctx.now),
    head: auditHead(db, ctx.now),
    demo: getMeta(db, 'demo') === '1',
  };
}

export interface BonusLine { name: string; dept: string | null; grade: Grade | null; total: number | null; coefficient: number | null; basePayFen: number | null; bonusFen: number | null; baseGiven: boolean }

/** 以年度考核成果为准核发年终奖金: the annual grade's coefficient × base pay (the roster's, else --base). */
export function bonus(ctx: Context, db: Db, yearText: string | undefined, baseText: string | undefined): { year: number; lines: BonusLine[]; head: AuditHead; demo: boolean } {
  if (yearText === undefined) throw new InputError('input.missing', { field: '--year' });
  const year = parseYear(yearText);
  const base = baseText === undefined ? null : parseYuan(baseText, '--base');
  const period = yearPeriod(year, ctx.tz);
  if (!store.cycleOf(db, period.label)) throw new NotFoundError('review.cycle_not_found', { period: period.label });
  const lines = cycleLines(ctx, db, period).map((p): BonusLine => {
    const own = p.standing?.basePayFen ?? null;
    const pay = own ?? base;
    const coefficient = p.grade === null ? null : ctx.rules.review.bonus[p.grade];
    return {
      name: p.review.name, dept: p.standing?.dept ?? null, grade: p.grade, total: p.total, coefficient, basePayFen: pay,
      bonusFen: coefficient === null || pay === null ? null : bonusFen(coefficient, pay), baseGiven: own === null && pay !== null,
    };
  });
  return { year, lines, head: auditHead(db, ctx.now), demo: getMeta(db, 'demo') === '1' };
}

/** For cron: reports, plans and scores of open cycles that are overdue or due within `within`. */
export function reviewChecks(ctx: Context, db: Db, within: number): CheckItem[] {
  const items: CheckItem[] = [];
  for (const c of store.openCycles(db)) {
    for (const r of store.reviewsOf(db, c.period, ctx.now)) {
      const due: Array<[string, number, boolean]> = [
        ['self_report', r.due.self_report, r.report === null],
        ['plan', r.due.self_report, r.plan === null],
        ['initial', r.due.initial, r.initial === null],
        ['final', r.due.final, r.final === null],
      ];
      for (const [what, at, missing] of due) {
        if (!missing || at > ctx.now + within) continue;
        items.push({ kind: 'review', id: `${r.period}/${r.name}`, what, due: at, overdue: at < ctx.now });
      }
    }
  }
  return items;
}

export function reviewInvariants(ctx: Context, db: Db): Invariant[] {
  const orphan = store.finalWithoutInitial(db);
  const bad = store.allScores(db)
    .filter((s) => totalTenths(s.scores, s.weights) !== s.totalTenths || gradeFor(s.totalTenths, s.bands) !== s.grade || DIMENSIONS.some((d) => s.scores[d] < 0 || s.scores[d] > 1000))
    .map((s) => `${s.period}/${s.staffId}/${s.stage}`);
  void ctx;
  return [
    { name: 'review.final_after_initial', ok: orphan.length === 0, detail: orphan.join(', ') || undefined },
    { name: 'review.grade_consistent', ok: bad.length === 0, detail: bad.join(', ') || undefined },
  ];
}

/** Today's date in the configured zone (the default for `staff list --on`). */
export function today(ctx: Context): string {
  return formatDate(dateOf(ctx.now, ctx.tz));
}
