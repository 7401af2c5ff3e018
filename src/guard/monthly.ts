// The guard module's section of `kaohe report monthly`: the pay sheet's totals for finance,
// points by guard (also as a chart) and by rule, and the fine fund — all as of ctx.now.
import { listJoin } from '../core/i18n.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { fenToYuan, formatYuan } from '../core/money.js';
import type { MonthlySection } from '../core/monthly.js';
import type { TableView } from '../core/output.js';
import type { Period } from '../core/period.js';
import { fund, guardReport, monthSheet, ruleLabel } from './report.js';

/** null when the month's sheet has no guard and no notice. */
export function guardMonthly(ctx: Context, db: Db, period: Period): MonthlySection | null {
  const sheet = monthSheet(ctx, db, period);
  const r = guardReport(db, period, ctx.now, ctx.tz);
  if (sheet.lines.length === 0 && r.guards.length === 0) return null;
  const f = fund(db, period, ctx.now);
  const dismissals = sheet.lines.filter((l) => l.triggers.length > 0).map((l) => l.guard.name);
  const money = (label: string, fen: number) => ({ figure: ctx.t(label), value: fenToYuan(fen), kind: 'money' });
  const count = (label: string, n: number) => ({ figure: ctx.t(label), value: n, kind: 'int' });
  const totals: TableView = {
    title: ctx.t('guard.monthly.sheet', { month: period.label }),
    sheet: ctx.t('guard.monthly.title'),
    columns: [
      { key: 'figure', label: ctx.t('guard.col.item') },
      { key: 'value', label: ctx.t('guard.col.amount'), align: 'right', type: (row) => row.kind as 'money' | 'int' },
    ],
    rows: [
      count('guard.monthly.guards', sheet.lines.length),
      money('guard.col.base_pay', sheet.totalBaseFen),
      count('guard.col.points', sheet.totalPoints),
      money('guard.col.fine', sheet.totalFineFen),
      money('guard.col.compensation', sheet.totalCompensationFen),
      money('guard.col.net_pay', sheet.totalNetFen),
      count('guard.monthly.dismissals', dismissals.length),
    ],
    notes: dismissals.length ? [`${ctx.t('guard.monthly.dismissals')}${ctx.lang === 'zh' ? '：' : ': '}${listJoin(ctx.lang, dismissals)}`] : [],
  };
  const byGuard: TableView = {
    title: ctx.t('guard.report.by_guard', { period: period.label }),
    columns: [
      { key: 'id', label: ctx.t('guard.col.id') },
      { key: 'name', label: ctx.t('guard.col.name') },
      { key: 'notices', label: ctx.t('guard.col.notices'), align: 'right', type: 'int' },
      { key: 'points', label: ctx.t('guard.col.points'), align: 'right', type: 'int' },
      { key: 'fine', label: ctx.t('guard.col.fine'), align: 'right', type: 'money' },
      { key: 'compensation', label: ctx.t('guard.col.compensation'), align: 'right', type: 'money' },
    ],
    rows: r.guards.map((g) => ({ id: g.id, name: g.name, notices: g.notices, points: g.points, fine: fenToYuan(g.fineFen), compensation: fenToYuan(g.compensationFen) })),
    totals: {
      notices: r.guards.reduce((s, g) => s + g.notices, 0), points: r.guards.reduce((s, g) => s + g.points, 0),
      fine: fenToYuan(r.guards.reduce((s, g) => s + g.fineFen, 0)), compensation: fenToYuan(r.guards.reduce((s, g) => s + g.compensationFen, 0)),
    },
    empty: ctx.t('guard.none'),
  };
  const byRule: TableView = {
    title: ctx.t('guard.report.by_rule'),
    columns: [
      { key: 'rule', label: ctx.t('guard.col.rule'), align: 'right', type: 'int' },
      { key: 'label', label: ctx.t('guard.col.violation') },
      { key: 'notices', label: ctx.t('guard.col.notices'), align: 'right', type: 'int' },
      { key: 'points', label: ctx.t('guard.col.points'), align: 'right', type: 'int' },
      { key: 'fine', label: ctx.t('guard.col.fine'), align: 'right', type: 'money' },
    ],
    rows: r.rules.map((x) => ({ rule: x.rule, label: ruleLabel(ctx, x.rule), notices: x.notices, points: x.points, fine: fenToYuan(x.fineFen) })),
    empty: ctx.t('guard.none'),
  };
  const fundTable: TableView = {
    title: ctx.t('guard.fund.title'),
    columns: [
      { key: 'figure', label: ctx.t('guard.col.item') },
      { key: 'value', label: ctx.t('guard.col.amount'), align: 'right', type: (row) => row.kind as 'money' | 'int' },
    ],
    rows: [
      money('guard.monthly.period_fines', r.periodFinesFen),
      money('guard.monthly.period_rewards', r.periodRewardsFen),
      money('guard.fund.fines_in', f.finesInFen),
      money('guard.fund.rewards_out', f.rewardsOutFen),
      money('guard.fund.balance', f.balanceFen),
      { figure: ctx.t('guard.monthly.drafts_voids'), value: `${r.drafts} / ${r.voids}`, kind: 'text' },
    ],
  };
  const charted = r.guards.filter((g) => g.points > 0);
  return {
    key: 'guard',
    title: ctx.t('guard.monthly.title'),
    period: period.label,
    figures: [
      { label: ctx.t('guard.col.points'), value: String(sheet.totalPoints) },
      { label: ctx.t('guard.col.fine'), value: formatYuan(sheet.totalFineFen) },
      { label: ctx.t('guard.col.net_pay'), value: formatYuan(sheet.totalNetFen) },
      { label: ctx.t('guard.fund.balance'), value: formatYuan(f.balanceFen) },
    ],
    tables: [totals, byGuard, byRule, fundTable],
    charts: charted.length === 0 ? [] : [{
      id: 'points_by_guard',
      title: ctx.t('guard.monthly.chart.points'),
      kind: 'bar',
      categories: charted.map((g) => g.name),
      series: [{ name: ctx.t('guard.col.points'), data: charted.map((g) => g.points) }],
    }],
    json: {
      guards: sheet.lines.length, total_base_pay: fenToYuan(sheet.totalBaseFen), total_points: sheet.totalPoints, total_fine: fenToYuan(sheet.totalFineFen),
      total_compensation: fenToYuan(sheet.totalCompensationFen), total_net_pay: fenToYuan(sheet.totalNetFen), dismissal_triggers: dismissals,
      by_guard: byGuard.rows, by_rule: byRule.rows,
      fund: { period_fines_in: fenToYuan(r.periodFinesFen), period_rewards_out: fenToYuan(r.periodRewardsFen), fines_in: fenToYuan(f.finesInFen), rewards_out: fenToYuan(f.rewardsOutFen), balance: fenToYuan(f.balanceFen) },
      drafts: r.drafts, voids: r.voids,
    },
  };
}
