// The ticket module's section of `kaohe report monthly`: the month's SLA figures against their
// targets, by fault and by service person, and the last twelve months as charts against the
// targets (on-time ≥ 90 %, satisfaction ≥ 85 %, complaints < 3 %).
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { trailingYear, type Chart, type MonthlyFigure, type MonthlySection } from '../core/monthly.js';
import { formatRate, type Column, type TableView } from '../core/output.js';
import type { Period } from '../core/period.js';
import { slaReport, type SlaGroup, type SlaReport } from './sla.js';
import { slaMemo } from './store-report.js';

type RateKey = 'on_time_rate' | 'satisfaction_rate' | 'complaint_rate';
const RATES: RateKey[] = ['on_time_rate', 'satisfaction_rate', 'complaint_rate'];

function groupColumns(ctx: Context, by: 'fault' | 'assignee' | 'month'): Column[] {
  const int = (key: string): Column => ({ key, label: ctx.t(`ticket.sla.g.${key}`), align: 'right', type: 'int' });
  const rate = (key: RateKey): Column => ({ key, label: ctx.t(`ticket.sla.f.${key}`), align: 'right', type: 'rate' });
  const key: Column = {
    key: 'key', label: ctx.t(`ticket.sla.g.key_${by}`),
    words: by === 'fault' ? 'ticket.fault.' : undefined,
    show: by === 'assignee' ? (v) => (v === '' ? ctx.t('ticket.sla.nobody') : String(v)) : undefined,
  };
  return [key, int('tickets'), int('met'), int('missed'), int('pending'), rate('on_time_rate'), int('surveyed'), int('satisfied'), rate('satisfaction_rate'), int('complaints'), rate('complaint_rate')];
}

const rowOf = (g: SlaGroup | SlaReport, key?: string) => ({ ...g, ...(key === undefined ? {} : { key }) }) as unknown as Record<string, unknown>;

function figures(ctx: Context, r: SlaReport): MonthlyFigure[] {
  const f = (label: string, value: string, rate?: RateKey): MonthlyFigure => {
    if (!rate) return { label: ctx.t(label), value };
    const sign = rate === 'complaint_rate' ? '<' : '≥';
    return { label: ctx.t(label), value, target: `${sign} ${formatRate(r.targets[rate])}`, meets: r.meets[rate] };
  };
  return [
    f('ticket.sla.f.tickets', String(r.tickets)),
    f('ticket.sla.f.met_missed_pending', `${r.met} / ${r.missed} / ${r.pending}`),
    f('ticket.sla.f.on_time_rate', formatRate(r.on_time_rate), 'on_time_rate'),
    f('ticket.sla.f.surveyed_satisfied', `${r.surveyed} / ${r.satisfied}`),
    f('ticket.sla.f.satisfaction_rate', formatRate(r.satisfaction_rate), 'satisfaction_rate'),
    f('ticket.sla.f.complaints', String(r.complaints)),
    f('ticket.sla.f.complaint_rate', formatRate(r.complaint_rate), 'complaint_rate'),
  ];
}

/** The figures as a table with typed values (counts as numbers, rates as fractions). */
function figuresTable(ctx: Context, r: SlaReport): TableView {
  const rows: Array<Record<string, unknown>> = [
    { figure: ctx.t('ticket.sla.f.tickets'), value: r.tickets, kind: 'int' },
    { figure: ctx.t('ticket.sla.g.met'), value: r.met, kind: 'int' },
    { figure: ctx.t('ticket.sla.g.missed'), value: r.missed, kind: 'int' },
    { figure: ctx.t('ticket.sla.g.pending'), value: r.pending, kind: 'int' },
    { figure: ctx.t('ticket.sla.f.on_time_rate'), value: r.on_time_rate, kind: 'rate', target: r.targets.on_time_rate, meets: r.meets.on_time_rate },
    { figure: ctx.t('ticket.sla.g.surveyed'), value: r.surveyed, kind: 'int' },
    { figure: ctx.t('ticket.sla.g.satisfied'), value: r.satisfied, kind: 'int' },
    { figure: ctx.t('ticket.sla.f.satisfaction_rate'), value: r.satisfaction_rate, kind: 'rate', target: r.targets.satisfaction_rate, meets: r.meets.satisfaction_rate },
    { figure: ctx.t('ticket.sla.f.complaints'), value: r.complaints, kind: 'int' },
    { figure: ctx.t('ticket.sla.f.complaint_rate'), value: r.complaint_rate, kind: 'rate', target: r.targets.complaint_rate, meets: r.meets.complaint_rate },
  ];
  return {
    title: ctx.t('ticket.sla.title', { period: r.period.label, as_of: r.as_of.slice(0, 16).replace('T', ' ') }),
    sheet: ctx.t('ticket.monthly.title'),
    columns: [
      { key: 'figure', label: ctx.t('ticket.sla.col.figure') },
      { key: 'value', label: ctx.t('ticket.sla.col.value'), align: 'right', type: (row) => row.kind as 'int' | 'rate' },
      { key: 'target', label: ctx.t('ticket.sla.col.target'), align: 'right', type: 'rate', show: (v) => (v === undefined ? '' : formatRate(v as number)) },
      { key: 'meets', label: ctx.t('ticket.sla.col.meets'), show: (v) => (v === undefined || v === null ? '' : ctx.t(v ? 'ticket.monthly.met' : 'ticket.monthly.missed')) },
    ],
    rows,
  };
}

function trendCharts(ctx: Context, trend: SlaReport): Chart[] {
  const groups = trend.groups ?? [];
  return RATES.map((k) => ({
    id: k,
    title: ctx.t(`ticket.monthly.chart.${k}`, { target: formatRate(trend.targets[k]) }),
    kind: k === 'complaint_rate' ? 'bar' : 'line',
    categories: groups.map((g) => g.key),
    series: [{ name: ctx.t(`ticket.sla.f.${k}`), data: groups.map((g) => g[k]) }],
    target: { value: trend.targets[k], label: `${ctx.t('ticket.monthly.target')} ${formatRate(trend.targets[k])}` },
    percent: true,
    ceiling: k === 'complaint_rate',
  }));
}

/** null when no ticket was reported in the month nor in the eleven before it. */
export function ticketMonthly(ctx: Context, db: Db, period: Period): MonthlySection | null {
  // one read: the month's figures are counted once for the four sections (store-report.ts SlaMemo)
  const memo = slaMemo();
  const r = slaReport(ctx, period, undefined, db, memo);
  const trend = slaReport(ctx, trailingYear(ctx, period).range, 'month', db, memo);
  if (r.tickets === 0 && trend.tickets === 0) return null;
  const byFault = slaReport(ctx, period, 'fault', db, memo);
  const byAssignee = slaReport(ctx, period, 'assignee', db, memo);
  const table = (by: 'fault' | 'assignee' | 'month', rep: SlaReport, title: string, totals: boolean): TableView => ({
    title, columns: groupColumns(ctx, by), rows: (rep.groups ?? []).map((g) => rowOf(g)), totals: totals ? rowOf(rep) : undefined,
  });
  const { key: _k, ...month } = rowOf(r);
  return {
    key: 'ticket',
    title: ctx.t('ticket.monthly.title'),
    period: period.label,
    figures: figures(ctx, r),
    tables: [
      figuresTable(ctx, r),
      table('fault', byFault, ctx.t('ticket.sla.by.fault'), true),
      table('assignee', byAssignee, ctx.t('ticket.sla.by.assignee'), false),
      table('month', trend, `${ctx.t('ticket.monthly.trend')} ${trend.period.from} – ${trend.period.to}`, true),
    ],
    charts: trendCharts(ctx, trend),
    json: { ...month, by_fault: byFault.groups, by_assignee: byAssignee.groups, last_12_months: trend.groups },
  };
}
