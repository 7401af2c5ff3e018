// How the monthly pay sheet looks: the table for people (with 结转, 末次工资, 补扣 and the audit
// head in its footer), the JSON of CLI.md, and the CSV for finance's spreadsheets.
import { listJoin } from '../core/i18n.js';
import type { Context } from '../core/context.js';
import { emit, style, type TableView } from '../core/output.js';
import { closingOf } from '../core/closing.js';
import type { Db } from '../core/db.js';
import { monthPeriod, periodJson, type Period } from '../core/period.js';
import { fenToYuan, formatYuan } from '../core/money.js';
import { humanTime, isoInZone, isoOrNull } from '../core/time.js';
import { monthSheet, ruleLabel, type Sheet, type SheetLine } from './report.js';
import { reasonText } from './view.js';

const iso = (ctx: Context, ms: number | null) => isoOrNull(ms, ctx.tz);
const money = (v: unknown) => formatYuan(v as number);

/** The remarks of a sheet line: 末次工资 with date and reason, 补扣 and refunds from closed months. */
function remarks(ctx: Context, l: SheetLine): string[] {
  const out: string[] = [];
  if (l.finalPay && l.dismissedAt !== null) out.push(ctx.t('guard.month.final_pay', { date: humanTime(l.dismissedAt, ctx.tz), reason: l.dismissReason ?? '' }));
  for (const a of l.adjustments) out.push(ctx.t(a.fineFen < 0 ? 'guard.month.reversal' : 'guard.month.adjustment', { notice: a.notice, month: a.month, fine: formatYuan(Math.abs(a.fineFen)) }));
  return out;
}

export function renderMonth(ctx: Context, sheet: Sheet): void {
  const s = style(ctx);
  const rows = sheet.lines.map((l) => ({
    id: l.guard.id, name: l.guard.name, base_pay: l.guard.basePayFen, points: l.points, fine: l.fineFen, compensation: l.compensationFen,
    net_pay: l.netPayFen, dismissal: l.triggers.length > 0, reasons: l.triggers.map((t) => reasonText(ctx, t)),
    carried_in: l.carriedInFen, carried_out: l.carriedOutFen, remarks: remarks(ctx, l).join('; '),
  }));
  const owed = listJoin(ctx.lang, sheet.owed.map((o) => (ctx.lang === 'zh' ? `${o.guard.name}（${o.guard.id}）${formatYuan(o.amountFen)} 元` : `${o.guard.name} (${o.guard.id}) ${formatYuan(o.amountFen)}`)));
  const view: TableView = {
    title: ctx.t('guard.month.title', { month: sheet.period.label, rate: sheet.yuanPerPoint }),
    columns: [
      { key: 'id', label: ctx.t('guard.col.id') },
      { key: 'name', label: ctx.t('guard.col.name') },
      { key: 'base_pay', label: ctx.t('guard.col.base_pay'), align: 'right', show: money, money: true },
      { key: 'points', label: ctx.t('guard.col.points'), align: 'right' },
      { key: 'fine', label: ctx.t('guard.col.fine'), align: 'right', show: money, money: true },
      { key: 'compensation', label: ctx.t('guard.col.compensation'), align: 'right', show: money, money: true },
      { key: 'net_pay', label: ctx.t('guard.col.net_pay'), align: 'right', show: money, money: true },
      { key: 'carried_in', label: ctx.t('guard.col.carried_in'), align: 'right', show: money, money: true },
      { key: 'carried_out', label: ctx.t('guard.col.carried_out'), align: 'right', show: money, money: true },
      { key: 'reasons', label: ctx.t('guard.col.dismissal'), show: (v) => ((v as string[]).length ? s.bad((v as string[]).join('; ')) : '') },
      { key: 'remarks', label: ctx.t('guard.col.remarks') },
    ],
    rows,
    empty: ctx.t('guard.none'),
    notes: [
      ctx.t('guard.month.totals', {
        points: sheet.totalPoints, fine: formatYuan(sheet.totalFineFen), compensation: formatYuan(sheet.totalCompensationFen),
        base: formatYuan(sheet.totalBaseFen), net: formatYuan(sheet.totalNetFen),
      }),
      ...(owed ? [ctx.t('guard.month.owed', { list: owed })] : []),
      ctx.t(sheet.closed ? 'guard.month.closed' : 'guard.month.as_of', { at: humanTime(sheet.asOf, ctx.tz) }),
    ],
  };
  const yuan = (fen: number) => fenToYuan(fen);
  const csvRows = rows.map((r) => ({ ...r, base_pay: yuan(r.base_pay), fine: yuan(r.fine), compensation: yuan(r.compensation), net_pay: yuan(r.net_pay) }));
  emit(ctx, {
    footer: sheet.auditHead ?? undefined,
    json: {
      month: sheet.period.label, period: periodJson(sheet.period), yuan_per_point: sheet.yuanPerPoint, // see monthRate
      ...(sheet.yuanPerPointMixed ? { yuan_per_point_mixed: true } : {}),
      guards: sheet.lines.map((l) => ({
        id: l.guard.id, name: l.guard.name, company: l.guard.company, site: l.guard.site, base_pay: yuan(l.guard.basePayFen), points: l.points,
        fine: yuan(l.fineFen), compensation: yuan(l.compensationFen), net_pay: yuan(l.netPayFen), dismissal: l.triggers.length > 0,
        reasons: l.triggers.map((t) => ({ rule: t.rule, label: ruleLabel(ctx, t.rule), count: t.count, times: t.times, at: isoInZone(t.at, ctx.tz), notices: t.notices, text: reasonText(ctx, t) })),
        notices: l.notices,
        adjustments: l.adjustments.map((a) => ({ notice: a.notice, month: a.month, points: a.points, fine: yuan(a.fineFen), compensation: yuan(a.compensationFen) })),
        carried_in: yuan(l.carriedInFen), carried_out: yuan(l.carriedOutFen),
        final_pay: l.finalPay, dismissed_at: iso(ctx, l.dismissedAt), dismiss_reason: l.dismissReason,
      })),
      total_points: sheet.totalPoints, total_fine: yuan(sheet.totalFineFen), total_compensation: yuan(sheet.totalCompensationFen),
      total_base_pay: yuan(sheet.totalBaseFen), total_net_pay: yuan(sheet.totalNetFen),
      owed_by_former_guards: sheet.owed.map((o) => ({ id: o.guard.id, name: o.guard.name, amount: yuan(o.amountFen) })),
      // audit_head: added by emit from the footer (the head stored at issuing for an issued month)
      closed: sheet.closed, as_of: isoInZone(sheet.asOf, ctx.tz),
    },
    tables: [view],
    csv: {
      columns: [...view.columns.slice(0, 7).map((c) => (c.key === 'points' ? { ...c, type: 'int' as const } : c)), { key: 'dismissal', label: ctx.t('guard.col.dismissal') }, { key: 'reasons', label: ctx.t('guard.col.reasons') }],
      rows: csvRows,
      // finance adds the sheet up: the totals row under it (CSV, --excel, --xlsx)
      totals: { base_pay: yuan(sheet.totalBaseFen), points: sheet.totalPoints, fine: yuan(sheet.totalFineFen), compensation: yuan(sheet.totalCompensationFen), net_pay: yuan(sheet.totalNetFen) },
    },
  });
}

/** On the first days of a month `guard month` shows the new, still empty sheet: when last month's
 *  sheet has guards on it and has not been issued to finance, one line on stderr says which to
 *  look at (issue 13: open work first). */
export function previousSheetHint(ctx: Context, db: Db, period: Period): string | null {
  if (period.kind !== 'month') return null;
  const [y, m] = period.label.split('-').map(Number);
  const prev = monthPeriod(m === 1 ? y - 1 : y, m === 1 ? 12 : m - 1, ctx.tz);
  if (closingOf(db, 'guard', prev.label) !== null) return null;
  const sheet = monthSheet(ctx, db, prev);
  return sheet.lines.length === 0 ? null : ctx.t('guard.month.previous_open', { month: prev.label });
}
