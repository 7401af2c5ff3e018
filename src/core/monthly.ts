// What a module hands to `kaohe report monthly` (src/report): its section of the manager's
// monthly report — headline figures, tables (typed columns, so the workbook gets real numbers),
// charts described as data (the report draws them), and its JSON. A module declares
// `monthly(ctx, db, period)` on its KaoheModule and returns null when it has nothing that month;
// the report never needs to know the module.
import type { Context } from './context.js';
import { monthPeriod, type Period } from './period.js';
import type { TableView } from './output.js';

/** One line of a chart: a value per category, null where there is none (an empty month). */
export interface ChartSeries {
  name: string;
  data: Array<number | null>;
}

/** A chart as data. The report renders it (HTML: an inline SVG drawn by Apache ECharts). */
export interface Chart {
  /** stable id, for tests and anchors: on_time_rate, points_by_guard, grades */
  id: string;
  title: string;
  kind: 'line' | 'bar';
  categories: string[];
  series: ChartSeries[];
  /** a target drawn as a dashed line across the chart */
  target?: { value: number; label: string };
  /** the values are fractions, shown as percentages */
  percent?: boolean;
  /** lower is better (the complaint rate): the target is a ceiling */
  ceiling?: boolean;
}

/** A headline figure: the value as people read it, its target and whether it was met. */
export interface MonthlyFigure {
  label: string;
  value: string;
  target?: string;
  /** null: nothing to judge (an empty denominator); undefined: the figure has no target */
  meets?: boolean | null;
}

export interface MonthlySection {
  /** the module's name: ticket, letter, stock, guard, review */
  key: string;
  title: string;
  /** the period the section covers (a review section may cover the quarter) */
  period: string;
  figures: MonthlyFigure[];
  tables: TableView[];
  charts: Chart[];
  notes?: string[];
  /** the section as `report monthly --json` carries it */
  json: unknown;
}

/** The twelve months up to and including `period`'s month, as one range period and its months. */
export function trailingYear(ctx: Context, period: Period): { range: Period; months: Period[] } {
  const months: Period[] = [];
  for (let i = 11; i >= 0; i--) {
    const k = period.from.y * 12 + (period.from.m - 1) - i;
    months.push(monthPeriod(Math.floor(k / 12), (k % 12) + 1, ctx.tz));
  }
  const first = months[0];
  const last = months[11];
  return { range: { ...first, kind: 'range', label: `${first.label}..${last.label}`, to: last.to, end: last.end }, months };
}
