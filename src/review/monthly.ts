// The review module's section of `kaohe report monthly`: when the month ends a quarter (March,
// June, September, December), that quarter's grade summary — graded, average, the distribution
// A–E (also as the bar chart `grades`), each person's score and grade, who still misses a report,
// a plan, a score or the filing — as entered by ctx.now (reuses `review summary`).
// December also carries the annual cycle when it has been opened (its own table, the four
// quarterly grades beside the annual one, the chart `grades_year` once a final score is in); its
// final scores are due in January (rule file: by Jan 10), so while that deadline has not passed a
// note says the year's results are complete only in January's report of the year. Null in the
// other months, and when neither the quarter (nor, in December, the year) has a cycle.
import { listJoin } from '../core/i18n.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import type { Chart, MonthlyFigure, MonthlySection } from '../core/monthly.js';
import type { TableView } from '../core/output.js';
import { quarterPeriod, yearPeriod, type Period } from '../core/period.js';
import { humanTime } from '../core/time.js';
import { cycleOpened, summary, type Summary } from './report.js';
import { deadlinesFor, formatTenths, GRADES, tenthsNumber } from './rules.js';
import { gradeLabel, summaryJson } from './view.js';

/** The quarter a month ends, or null for a month inside a quarter. */
export function quarterEndedBy(period: Period, tz: string): Period | null {
  if (period.kind !== 'month' || period.from.m % 3 !== 0) return null;
  return quarterPeriod(period.from.y, period.from.m / 3, tz);
}

const average = (s: Summary) => (s.average === null ? '—' : formatTenths(s.average));

function gradeTable(ctx: Context, s: Summary): TableView {
  const list = (names: string[]) => (names.length ? listJoin(ctx.lang, names) : '—');
  return {
    title: ctx.t('review.monthly.grades', { period: s.period.label, status: ctx.t(`review.status.${s.cycle?.status ?? 'open'}`) }),
    sheet: ctx.t('review.monthly.title'),
    columns: [
      { key: 'grade', label: ctx.t('review.col.grade') },
      { key: 'count', label: ctx.t('review.col.count'), align: 'right', type: 'int' },
      { key: 'share', label: ctx.t('review.monthly.share'), align: 'right', type: 'rate' },
    ],
    rows: GRADES.map((g) => ({ grade: gradeLabel(ctx, g), count: s.grades[g], share: s.reviewed === 0 ? null : s.grades[g] / s.reviewed })),
    totals: { count: s.reviewed },
    notes: [
      ctx.t('review.summary.totals', { reviewed: s.reviewed, in_cycle: s.people.length, average: average(s), late: s.lateEntries }),
      ...(['self_report', 'plan', 'initial', 'final', 'filed'] as const).map((k) => ctx.t(`review.missing.${k}`, { names: list(s.missing[k]) })),
    ],
  };
}

function peopleTable(ctx: Context, s: Summary): TableView {
  const year = s.period.kind === 'year';
  return {
    title: ctx.t('review.monthly.people', { period: s.period.label }),
    columns: [
      { key: 'name', label: ctx.t('review.col.name') },
      { key: 'dept', label: ctx.t('review.col.dept') },
      ...(year ? [1, 2, 3, 4].map((q) => ({ key: `q${q}`, label: `Q${q}` })) : []),
      { key: 'score', label: ctx.t('review.col.score'), align: 'right' as const, show: (v: unknown) => (typeof v === 'number' ? formatTenths(Math.round(v * 10)) : '—') },
      { key: 'grade', label: ctx.t('review.col.grade') },
    ],
    rows: s.people.map((p) => ({
      name: p.review.name, dept: p.standing?.dept ?? '',
      ...(p.quarters ? Object.fromEntries(p.quarters.map((g, i) => [`q${i + 1}`, g ?? '—'])) : {}),
      score: p.total === null ? null : tenthsNumber(p.total), grade: gradeLabel(ctx, p.grade),
    })),
    empty: ctx.t('review.none'),
  };
}

function gradeChart(ctx: Context, s: Summary, id: string): Chart {
  return {
    id,
    title: ctx.t('review.monthly.chart', { period: s.period.label }),
    kind: 'bar',
    categories: GRADES.map((g) => gradeLabel(ctx, g)),
    series: [{ name: ctx.t('review.col.count'), data: GRADES.map((g) => s.grades[g]) }],
  };
}

function figures(ctx: Context, s: Summary): MonthlyFigure[] {
  const p = s.period.label;
  return [
    { label: ctx.t('review.monthly.f.graded', { period: p }), value: `${s.reviewed} / ${s.people.length}` },
    { label: ctx.t('review.monthly.f.average', { period: p }), value: average(s) },
    { label: ctx.t('review.monthly.f.no_final', { period: p }), value: String(s.missing.final.length) },
  ];
}

/** A note while a cycle's final scores are still due after the report's as-of time. */
function pendingNote(ctx: Context, s: Summary): string | null {
  const due = deadlinesFor(ctx.rules.review, s.period, ctx.tz).final;
  if (due <= ctx.now || s.missing.final.length === 0) return null;
  const key = s.period.kind === 'year' ? 'review.monthly.year_pending' : 'review.monthly.pending';
  return ctx.t(key, { period: s.period.label, due: humanTime(due, ctx.tz).slice(0, 10) });
}

/** Strip what the report already says once for the whole document (as of, audit head). */
function sectionJson(ctx: Context, s: Summary) {
  const { as_of: _a, audit_head: _h, ...rest } = summaryJson(ctx, s);
  return rest;
}

export function reviewMonthly(ctx: Context, db: Db, period: Period): MonthlySection | null {
  const quarter = quarterEndedBy(period, ctx.tz);
  if (!quarter) return null;
  const december = period.from.m === 12;
  const year = yearPeriod(period.from.y, ctx.tz);
  const q = cycleOpened(ctx, db, quarter) ? summary(ctx, db, quarter) : null;
  const y = december && cycleOpened(ctx, db, year) ? summary(ctx, db, year) : null;
  if (!q && !y) return null;

  const notes: string[] = [];
  const tables: TableView[] = [];
  const charts: Chart[] = [];
  const figs: MonthlyFigure[] = [];
  for (const s of [q, y]) {
    if (!s) continue;
    figs.push(...figures(ctx, s));
    tables.push(gradeTable(ctx, s), peopleTable(ctx, s));
    if (s.reviewed > 0) charts.push(gradeChart(ctx, s, s.period.kind === 'year' ? 'grades_year' : 'grades'));
    else notes.push(ctx.t('review.monthly.no_grades', { period: s.period.label }));
    const pending = pendingNote(ctx, s);
    if (pending) notes.push(pending);
  }
  if (!q) notes.push(ctx.t('review.monthly.no_cycle', { period: quarter.label }));
  if (december && !y) notes.push(ctx.t('review.monthly.no_year', { period: year.label }));
  return {
    key: 'review',
    title: ctx.t('review.monthly.title'),
    period: y && q ? `${quarter.label} · ${year.label}` : (q ?? y)!.period.label,
    figures: figs,
    tables,
    charts,
    notes,
    json: { quarter: q ? sectionJson(ctx, q) : null, ...(december ? { year: y ? sectionJson(ctx, y) : null } : {}), notes },
  };
}
