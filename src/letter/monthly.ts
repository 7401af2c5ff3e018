// The letter module's section of `kaohe report monthly`: the month's calls and letters (received,
// replied on time and late, still open) and the same by channel.
import { withNote } from '../core/i18n.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import type { MonthlySection } from '../core/monthly.js';
import { formatRate, type TableView } from '../core/output.js';
import type { Period } from '../core/period.js';
import { letterReport } from './service.js';
import { figureType, reportJson } from './view.js';

const FIGURES = ['received', 'replied', 'replied_on_time', 'replied_late', 'open', 'overdue_open', 'on_time_rate', 'median_reply_hours'] as const;

const hours = (h: number | null) => (h === null ? '—' : `${h.toFixed(1)} h`);

/** null when no call or letter arrived in the month. */
export function letterMonthly(ctx: Context, db: Db, period: Period): MonthlySection | null {
  const r = letterReport(ctx, period, db, 'channel');
  if (r.received === 0) return null;
  const figures: TableView = {
    title: ctx.t('report.letters.title', { period: period.label }),
    sheet: ctx.t('letter.monthly.title'),
    columns: [
      { key: 'figure', label: ctx.t('report.letters.col.figure') },
      { key: 'value', label: ctx.t('report.letters.col.value'), align: 'right', type: (row) => figureType(String(row.k)) ?? 'text', show: (v, row) => (row.k === 'median_reply_hours' ? hours(v as number | null) : row.k === 'on_time_rate' ? formatRate(v as number | null) : String(v)) },
    ],
    rows: FIGURES.map((k) => ({ k, figure: ctx.t(`report.letters.${k}`), value: r[k] })),
  };
  const byChannel: TableView = {
    title: ctx.t('report.letters.by.channel'),
    columns: [
      { key: 'key', label: ctx.t('report.letters.col.channel'), words: 'letter.channel.' },
      ...FIGURES.map((k) => ({
        key: k, label: ctx.t(`report.letters.${k}`), align: 'right' as const, type: figureType(k),
        show: k === 'median_reply_hours' ? (v: unknown) => hours(v as number | null) : undefined,
      })),
    ],
    rows: r.rows.filter((row) => row.received > 0).map((row) => ({ ...row })),
  };
  return {
    key: 'letter',
    title: ctx.t('letter.monthly.title'),
    period: period.label,
    figures: [
      { label: ctx.t('report.letters.received'), value: String(r.received) },
      { label: ctx.t('report.letters.replied'), value: withNote(ctx.lang, String(r.replied), `${ctx.t('report.letters.replied_late')} ${r.replied_late}`) },
      { label: ctx.t('report.letters.open'), value: withNote(ctx.lang, String(r.open), `${ctx.t('report.letters.overdue_open')} ${r.overdue_open}`) },
      { label: ctx.t('report.letters.on_time_rate'), value: formatRate(r.on_time_rate) },
    ],
    tables: [figures, byChannel],
    charts: [],
    json: reportJson(r),
  };
}
