// kaohe report sla [PERIOD] [--by fault|assignee|month] [--strict]
import { listJoin } from '../core/i18n.js';
import type { Command } from 'commander';
import { action, d, defineCommand, periodOf, periodOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { auditHead } from '../core/audit.js';
import { emit, formatRate, style, type Column, type TableView } from '../core/output.js';
import { slaRateTexts } from './rules.js';
import { missesATarget, parseBreakdown, slaReport, type SlaGroup, type SlaReport } from './sla.js';

export function registerSlaReport(report: Command): void {
  action(
    periodOptions(
      defineCommand(report, 'sla', 'ticket.sla.desc', ['kaohe report sla --month 2026-10', 'kaohe report sla --year 2026 --by month', 'kaohe report sla --quarter 2026Q4 --by assignee --json']),
    )
      .option('--by <what>', d('ticket.opt.by'))
      .option('--strict', d('opt.strict')),
    (ctx, o) => {
      const by = parseBreakdown(o.by);
      const r = slaReport(ctx, periodOf(ctx, o), by);
      emitSla(ctx, r);
      return o.strict && missesATarget(r) ? 1 : 0;
    },
  );
}

function groupLabel(ctx: Context, r: SlaReport, key: string): string {
  if (r.by === 'fault') return ctx.t(`ticket.fault.${key}`);
  if (r.by === 'assignee' && key === '') return ctx.t('ticket.sla.nobody');
  return key;
}

/** The SLA report for people (a figures table, then the breakdown), JSON or CSV. */
export function emitSla(ctx: Context, r: SlaReport): void {
  const s = style(ctx);
  const verdict = (v: boolean | null) => (v === null ? '—' : v ? s.ok(ctx.t('ticket.sla.target_met')) : s.bad(ctx.t('ticket.sla.target_missed')));
  const shown = slaRateTexts(r, ctx.rules.targets);
  const figures: TableView = {
    title: ctx.t('ticket.sla.title', { period: r.period.label, as_of: r.as_of.slice(0, 16).replace('T', ' ') }),
    columns: [
      { key: 'figure', label: ctx.t('ticket.sla.col.figure') },
      { key: 'value', label: ctx.t('ticket.sla.col.value'), align: 'right' },
      { key: 'target', label: ctx.t('ticket.sla.col.target'), align: 'right', show: (v) => String(v) },
      { key: 'meets', label: ctx.t('ticket.sla.col.meets'), show: (v) => verdict(v as boolean | null) },
    ],
    rows: [
      { figure: ctx.t('ticket.sla.f.tickets'), value: String(r.tickets), target: '', meets: undefined },
      { figure: ctx.t('ticket.sla.f.met_missed_pending'), value: `${r.met} / ${r.missed} / ${r.pending}`, target: '', meets: undefined },
      { figure: ctx.t('ticket.sla.f.on_time_rate'), value: shown.on_time_rate, target: `≥ ${formatRate(r.targets.on_time_rate)}`, meets: r.meets.on_time_rate },
      { figure: ctx.t('ticket.sla.f.surveyed_satisfied'), value: `${r.surveyed} / ${r.satisfied}`, target: '', meets: undefined },
      { figure: ctx.t('ticket.sla.f.satisfaction_rate'), value: shown.satisfaction_rate, target: `≥ ${formatRate(r.targets.satisfaction_rate)}`, meets: r.meets.satisfaction_rate },
      { figure: ctx.t('ticket.sla.f.complaints'), value: String(r.complaints), target: '', meets: undefined },
      { figure: ctx.t('ticket.sla.f.complaint_rate'), value: shown.complaint_rate, target: `< ${formatRate(r.targets.complaint_rate)}`, meets: r.meets.complaint_rate },
      { figure: ctx.t('report.late_entries'), value: String(r.late_entries), target: '', meets: undefined },
      ...(r.from_earlier ? [{
        figure: ctx.t('report.from_earlier'),
        value: `${r.from_earlier.tickets}: ${r.from_earlier.met} / ${r.from_earlier.missed} / ${r.from_earlier.pending}${r.from_earlier.voided.length ? ` −${listJoin(ctx.lang, r.from_earlier.voided)}` : ''}`,
        target: '', meets: undefined,
      }] : []),
    ].map((row) => ({ ...row, meets: row.meets === undefined ? '' : row.meets })) as Array<Record<string, unknown>>,
    notes: headNotes(ctx, r),
  };
  figures.columns[3].show = (v) => (v === '' ? '' : verdict(v as boolean | null));
  const rateCol = (key: keyof SlaGroup, meetsKey: 'on_time_rate' | 'satisfaction_rate' | 'complaint_rate'): Column => ({
    key, label: ctx.t(`ticket.sla.f.${key}`), align: 'right', priority: PRIORITY[key],
    show: (v, row) => {
      const text = v === null ? '—' : slaRateTexts(row as unknown as SlaGroup, ctx.rules.targets)[meetsKey];
      const m = (row.meets as SlaGroup['meets'])[meetsKey];
      return m === false ? s.bad(text) : text;
    },
  });
  // in a narrow window the rates stay longest, then the ticket count (core/table-fit.ts)
  const PRIORITY: Record<string, number> = { on_time_rate: 9, satisfaction_rate: 8, complaint_rate: 8, tickets: 7, missed: 6, complaints: 5 };
  const num = (key: string): Column => ({ key, label: ctx.t(`ticket.sla.g.${key}`), align: 'right', priority: PRIORITY[key] ?? 4 });
  const groupsView: TableView | undefined = r.groups && {
    title: ctx.t(`ticket.sla.by.${r.by}`),
    columns: [
      { key: 'key', label: ctx.t(`ticket.sla.g.key_${r.by}`), show: (v) => groupLabel(ctx, r, String(v)) },
      num('tickets'), num('met'), num('missed'), num('pending'), rateCol('on_time_rate', 'on_time_rate'),
      num('surveyed'), num('satisfied'), rateCol('satisfaction_rate', 'satisfaction_rate'), num('complaints'), rateCol('complaint_rate', 'complaint_rate'),
    ],
    rows: r.groups as unknown as Array<Record<string, unknown>>,
    // a month row that includes late records of closed months says so (SPEC §0 closed months)
    notes: earlierNotes(ctx, r),
  };
  const keys = ['tickets', 'met', 'missed', 'pending', 'on_time_rate', 'surveyed', 'satisfied', 'satisfaction_rate', 'complaints', 'complaint_rate'];
  const csvRow = (g: SlaGroup | SlaReport) => ({
    ...Object.fromEntries(keys.map((k) => [k, (g as unknown as Record<string, unknown>)[k]])),
    meets_on_time_rate: g.meets.on_time_rate, meets_satisfaction_rate: g.meets.satisfaction_rate, meets_complaint_rate: g.meets.complaint_rate,
  });
  // --csv writes the keys; --excel (for people) the labels, so they must be words, not keys
  const csvLabel = (k: string) => ctx.t(k.startsWith('meets_') ? `ticket.sla.csv.${k}` : k.endsWith('_rate') ? `ticket.sla.f.${k}` : `ticket.sla.g.${k}`);
  const csvCols: Column[] = [...keys, 'meets_on_time_rate', 'meets_satisfaction_rate', 'meets_complaint_rate']
    .map((k) => ({ key: k, label: csvLabel(k), type: k.endsWith('_rate') && !k.startsWith('meets_') ? 'rate' as const : k.startsWith('meets_') ? undefined : 'int' as const }));
  // months and faults split the period's tickets (the from-earlier records in their month and
  // fault), so their totals are the period's figures; a ticket may have several service persons
  const totals = r.by === 'month' || r.by === 'fault' ? csvRow(r) : undefined;
  emit(ctx, {
    json: r,
    footer: auditHead(ctx.db(), ctx.now),
    tables: groupsView ? [figures, groupsView] : [figures],
    csv: r.groups
      ? { columns: [{ key: 'key', label: ctx.t(`ticket.sla.g.key_${r.by}`), words: r.by === 'fault' ? 'ticket.fault.' : undefined }, ...csvCols], rows: r.groups.map((g) => ({ key: g.key, ...csvRow(g) })), totals }
      : { columns: [{ key: 'period', label: ctx.t('ticket.sla.csv.period') }, ...csvCols], rows: [{ period: r.period.label, ...csvRow(r) }] },
  });
}

/** The figures table's notes: a closed month's closing, and what its from-earlier line holds
 *  when it has later verdicts. */
function headNotes(ctx: Context, r: SlaReport): string[] | undefined {
  const notes = [
    ...(r.closed ? [ctx.t('report.closed_as_of', { month: r.period.label, closed: r.closed.closed_at.slice(0, 16).replace('T', ' '), head: shortStored(r.closed.head) })] : []),
    ...(r.from_earlier && r.from_earlier.later_verdicts > 0 ? [earlierText(ctx, r.from_earlier)] : []),
  ];
  return notes.length === 0 ? undefined : notes;
}

/** A row that includes records of closed months says so (SPEC §0 closed months): how many tickets
 *  from earlier months, and the later verdicts (those already counted as pending in an earlier
 *  month of the report count as a change: pending −1, no new ticket). */
function earlierNotes(ctx: Context, r: SlaReport): string[] | undefined {
  const notes = (r.groups ?? []).filter((g) => g.from_earlier).map((g) => `${groupLabel(ctx, r, g.key)}: ${earlierText(ctx, g.from_earlier!)}`);
  return notes.length === 0 ? undefined : notes;
}

function earlierText(ctx: Context, e: NonNullable<SlaReport['from_earlier']>): string {
  return `${ctx.t('report.from_earlier')} ${e.tickets}`
    + (e.later_verdicts > 0 ? ctx.t('ticket.sla.later_verdicts', { n: e.later_verdicts }) : '')
    + (e.pending_settled > 0 ? ctx.t('ticket.sla.pending_settled', { n: e.pending_settled }) : '');
}

/** A stored head (N:64 hex) as footers print it: N:first 12. */
function shortStored(head: string): string {
  const i = head.indexOf(':');
  return i < 0 ? head : head.slice(0, i + 13);
}
