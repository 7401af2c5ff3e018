// How letters look: the JSON shape scripts rely on, and the tables people read. No logic of the
// regulation here: rules.ts decides the reply state, this file only names it.
import { listJoin, withNote } from '../core/i18n.js';
import type { AuditEntry } from '../core/audit.js';
import type { Context } from '../core/context.js';
import { historyView } from '../core/history.js';
import { voidAsOf } from './service-void.js';
import type { CellType } from '../core/cells.js';
import { style, formatRate, type TableView } from '../core/output.js';
import { percentText } from '../core/rate.js';
import { periodJson } from '../core/period.js';
import { humanTime, isoInZone, isoOrNull } from '../core/time.js';
import { replyState, type ReplyState } from './rules.js';
import type { Letter, LetterNote, LetterReport, LetterRow } from './service.js';
import type { FromEarlier } from './report.js';

const iso = (ctx: Context, ms: number | null) => isoOrNull(ms, ctx.tz);

export function letterJson(ctx: Context, l: Letter): Record<string, unknown> {
  return {
    id: l.id,
    channel: l.channel,
    from: l.fromName,
    org: l.org,
    contact: l.contact,
    subject: l.subject,
    content: l.content,
    received_at: iso(ctx, l.receivedAt),
    reply_hours: l.replyHours,
    deadline: iso(ctx, l.deadline),
    status: l.status,
    reply_state: replyState(l, ctx.now),
    reply_text: l.replyText,
    reply_channel: l.replyChannel,
    replied_by: l.repliedBy,
    replied_at: iso(ctx, l.repliedAt),
    archived_at: iso(ctx, l.archivedAt),
    archived_by: l.archivedBy,
    ticket_id: l.ticketId,
    logged_at: iso(ctx, l.loggedAt),
    logged_by: l.loggedBy,
    // a voided letter (letter void) says so; as of a moment before the void was entered it is not
    ...(voidAsOf(l, ctx.now) ? { void: { at: iso(ctx, l.voidedAt ?? null), by: l.voidedBy, reason: l.voidReason } } : {}),
  };
}

export function noteJson(ctx: Context, n: LetterNote): Record<string, unknown> {
  return { seq: n.seq, at: isoInZone(n.at, ctx.tz), by: n.by, text: n.text };
}

export const channelLabel = (ctx: Context, c: string | null) => (c === null ? '—' : ctx.t(`letter.channel.${c}`));
export const statusLabel = (ctx: Context, s: string) => ctx.t(`letter.status.${s}`);

function stateText(ctx: Context, state: ReplyState): string {
  const s = style(ctx);
  const text = ctx.t(`letter.state.${state}`);
  if (state === 'overdue' || state === 'late') return s.bad(text);
  return state === 'on_time' ? s.ok(text) : s.warn(text);
}

/** The caller with the organisation: 郑军（佳木斯长途客运公司） in Chinese, Zheng Jun (Jiamusi …) in English. */
export function who(l: Letter, lang: Context['lang'] = 'en'): string {
  if (!l.org) return l.fromName;
  return withNote(lang, l.fromName, l.org);
}

/** The list table: people see labels and local times; --csv gets the raw values by key. */
export function listView(ctx: Context, letters: Letter[]): { table: TableView; csv: TableView } {
  const rows = letters.map((l) => ({ ...letterJson(ctx, l), _l: l }));
  const table: TableView = {
    columns: [
      { key: 'id', label: ctx.t('letter.col.id') },
      { key: 'received_at', label: ctx.t('letter.col.received_at'), show: (_v, r) => humanTime((r._l as Letter).receivedAt, ctx.tz) },
      { key: 'channel', label: ctx.t('letter.col.channel'), show: (v) => channelLabel(ctx, v as string) },
      { key: 'from', label: ctx.t('letter.col.from'), show: (_v, r) => who(r._l as Letter, ctx.lang) },
      { key: 'subject', label: ctx.t('letter.col.subject') },
      { key: 'status', label: ctx.t('letter.col.status'), show: (v) => statusLabel(ctx, v as string) },
      { key: 'deadline', label: ctx.t('letter.col.deadline'), show: (_v, r) => humanTime((r._l as Letter).deadline, ctx.tz) },
      {
        key: 'replied_at',
        label: ctx.t('letter.col.reply'),
        show: (_v, r) => {
          const l = r._l as Letter;
          const state = stateText(ctx, replyState(l, ctx.now));
          return l.repliedAt === null ? state : `${humanTime(l.repliedAt, ctx.tz)} ${state}`;
        },
      },
    ],
    rows,
    empty: ctx.t('letter.list.empty'),
    notes: rows.length ? [ctx.t('letter.list.count', { n: rows.length })] : [],
  };
  // --csv writes the keys as headers; --excel writes these labels
  const labels: Array<[string, string]> = [
    ['id', 'letter.col.id'], ['received_at', 'letter.col.received_at'], ['channel', 'letter.col.channel'], ['from', 'letter.col.from'],
    ['org', 'letter.field.org'], ['contact', 'letter.field.contact'], ['subject', 'letter.col.subject'], ['status', 'letter.col.status'],
    ['deadline', 'letter.col.deadline'], ['reply_state', 'letter.col.reply'], ['replied_at', 'letter.col.replied_at'],
    ['replied_by', 'letter.field.replied_by'], ['reply_channel', 'letter.field.reply_channel'], ['ticket_id', 'letter.field.ticket'],
  ];
  const words: Record<string, string> = { channel: 'letter.channel.', status: 'letter.status.', reply_state: 'letter.state.', reply_channel: 'letter.channel.' };
  const csv: TableView = { columns: labels.map(([key, label]) => ({ key, label: ctx.t(label), words: words[key] })), rows };
  return { table, csv };
}

/** `letter show`: the record, its notes and its history. */
export function showViews(ctx: Context, l: Letter, notes: LetterNote[], history: AuditEntry[]): TableView[] {
  const field = (key: string, value: string | null | undefined) => ({ field: ctx.t(key), value: value === null || value === undefined || value === '' ? '—' : value });
  const state = replyState(l, ctx.now);
  const voided = voidAsOf(l, ctx.now);
  const record: TableView = {
    title: `${l.id}  ${l.subject}${voided ? `  ${ctx.t('letter.void.mark')}` : ''}`,
    columns: [
      { key: 'field', label: ctx.t('letter.col.field') },
      { key: 'value', label: ctx.t('letter.col.value') },
    ],
    rows: [
      field('letter.col.status', `${statusLabel(ctx, l.status)} · ${stateText(ctx, state)}`),
      field('letter.col.channel', channelLabel(ctx, l.channel)),
      field('letter.col.from', l.fromName),
      field('letter.field.org', l.org),
      field('letter.field.contact', l.contact),
      field('letter.col.subject', l.subject),
      field('letter.field.content', l.content),
      field('letter.col.received_at', humanTime(l.receivedAt, ctx.tz)),
      field('letter.field.reply_hours', ctx.t('letter.hours', { n: l.replyHours })),
      field('letter.col.deadline', humanTime(l.deadline, ctx.tz)),
      field('letter.field.reply_text', l.replyText),
      field('letter.field.reply_channel', l.replyChannel === null ? null : channelLabel(ctx, l.replyChannel)),
      field('letter.field.replied_by', l.repliedBy),
      field('letter.col.replied_at', l.repliedAt === null ? null : humanTime(l.repliedAt, ctx.tz)),
      field('letter.field.archived_at', l.archivedAt === null ? null : withNote(ctx.lang, humanTime(l.archivedAt, ctx.tz), l.archivedBy ?? '')),
      field('letter.field.ticket', l.ticketId),
      field('letter.field.logged', withNote(ctx.lang, humanTime(l.loggedAt, ctx.tz), l.loggedBy)),
      ...(voided ? [field('letter.field.void', `${withNote(ctx.lang, humanTime(l.voidedAt ?? null, ctx.tz), l.voidedBy ?? '')} ${l.voidReason ?? ''}`.trim())] : []),
    ],
  };
  const views = [record];
  if (notes.length) {
    views.push({
      title: ctx.t('letter.notes'),
      columns: [
        { key: 'at', label: ctx.t('letter.col.at'), show: (v) => humanTime(v as number, ctx.tz) },
        { key: 'by', label: ctx.t('letter.col.by') },
        { key: 'text', label: ctx.t('letter.col.text') },
      ],
      rows: notes as unknown as Array<Record<string, unknown>>,
    });
  }
  views.push(historyView(ctx, history));
  return views;
}

const FIGURES = ['received', 'replied', 'replied_on_time', 'replied_late', 'open', 'overdue_open', 'on_time_rate', 'median_reply_hours'] as const;

type Figures = Omit<LetterRow, 'key'>;
const figuresJson = (f: Figures) => ({
  received: f.received,
  replied: f.replied,
  replied_on_time: f.replied_on_time,
  replied_late: f.replied_late,
  open: f.open,
  overdue_open: f.overdue_open,
  on_time_rate: f.on_time_rate,
  median_reply_hours: f.median_reply_hours,
});

const earlierJson = (e: FromEarlier) => ({ ...figuresJson(e), ids: e.ids, later_replies: e.later_replies, open_settled: e.open_settled });

/** What a from-earlier line holds: the letters, and the later replies (those an earlier month of
 *  the report counts as open are a change there: still open −1, no new letter). */
function earlierText(ctx: Context, e: FromEarlier): string {
  return `${ctx.t('report.from_earlier')} ${e.received}`
    + (e.later_replies > 0 ? ctx.t('letter.report.later_replies', { n: e.later_replies }) : '')
    + (e.open_settled > 0 ? ctx.t('letter.report.open_settled', { n: e.open_settled }) : '');
}

/** CLI.md: {period: {from, to}, received, replied, ...}; with --by also {by, rows: [{key, ...}]}. */
export function reportJson(r: LetterReport): Record<string, unknown> {
  const { from, to } = periodJson(r.period);
  const base = {
    period: { from, to }, ...figuresJson(r), late_entries: r.late_entries,
    ...(r.closed ? { closed: r.closed } : {}),
    ...(r.from_earlier ? { from_earlier: earlierJson(r.from_earlier) } : {}),
  };
  if (r.by === null) return base;
  return {
    ...base, by: r.by,
    rows: r.rows.map((row) => ({
      key: row.key, ...figuresJson(row),
      ...(row.closed ? { closed: row.closed } : {}),
      ...(row.from_earlier ? { from_earlier: earlierJson(row.from_earlier) } : {}),
    })),
  };
}

/** For spreadsheets: the rate a percentage, counts whole numbers, the from/to dates dates. */
export function figureType(k: string): CellType | undefined {
  if (k === 'on_time_rate') return 'rate';
  if (k === 'from' || k === 'to') return 'date';
  return k === 'median_reply_hours' ? undefined : 'int';
}

const hoursText = (h: number | null) => (h === null ? '—' : `${h.toFixed(1)} h`);

function showFigure(f: Figures, k: (typeof FIGURES)[number]): string {
  if (k === 'on_time_rate') return percentText(f.replied_on_time, f.replied); // once, from the counts
  if (k === 'median_reply_hours') return hoursText(f.median_reply_hours);
  return String(f[k]);
}

export function reportViews(ctx: Context, r: LetterReport): { tables: TableView[]; csv: TableView } {
  const summary: TableView = {
    title: ctx.t('report.letters.title', { period: r.period.label }),
    columns: [
      { key: 'figure', label: ctx.t('report.letters.col.figure') },
      { key: 'value', label: ctx.t('report.letters.col.value'), align: 'right' },
    ],
    rows: [
      ...FIGURES.map((k) => ({ figure: ctx.t(`report.letters.${k}`), value: showFigure(r, k) })),
      { figure: ctx.t('report.late_entries'), value: String(r.late_entries) },
      ...(r.from_earlier ? [{ figure: ctx.t('report.from_earlier'), value: `${r.from_earlier.received}${ctx.lang === 'zh' ? '：' : ': '}${listJoin(ctx.lang, r.from_earlier.ids)}` }] : []),
    ],
    notes: [
      ...(r.closed ? [ctx.t('report.closed_as_of', { month: r.period.label, closed: r.closed.closed_at.slice(0, 16).replace('T', ' '), head: r.closed.head.slice(0, r.closed.head.indexOf(':') + 13) })] : []),
      ...(r.from_earlier && r.from_earlier.later_replies > 0 ? [earlierText(ctx, r.from_earlier)] : []),
    ],
  };
  if (summary.notes!.length === 0) summary.notes = undefined;
  if (r.by === null) {
    const { from, to } = periodJson(r.period);
    const csv: TableView = {
      columns: ['from', 'to', ...FIGURES].map((k) => ({ key: k, label: ctx.t(`report.letters.${k}`), type: figureType(k) })),
      rows: [{ from, to, ...figuresJson(r) }],
    };
    return { tables: [summary], csv };
  }
  const keyLabel = (v: unknown) => (r.by === 'channel' ? channelLabel(ctx, String(v)) : String(v));
  const breakdown: TableView = {
    title: ctx.t(`report.letters.by.${r.by}`),
    columns: [
      { key: 'key', label: ctx.t(`report.letters.col.${r.by}`), show: keyLabel },
      ...FIGURES.map((k) => ({ key: k, label: ctx.t(`report.letters.${k}`), align: 'right' as const, show: (_v: unknown, row: Record<string, unknown>) => showFigure(row as unknown as Figures, k) })),
    ],
    rows: r.rows.map((row) => ({ ...row })),
    // a row that includes letters of closed months logged late says so (SPEC §0 closed months)
    notes: r.rows.some((row) => row.from_earlier)
      ? r.rows.filter((row) => row.from_earlier).map((row) => `${keyLabel(row.key)}: ${earlierText(ctx, row.from_earlier!)}`)
      : undefined,
  };
  const csv: TableView = {
    columns: [{ key: 'key', label: ctx.t(`report.letters.col.${r.by}`), words: r.by === 'channel' ? 'letter.channel.' : undefined }, ...FIGURES.map((k) => ({ key: k, label: ctx.t(`report.letters.${k}`), type: figureType(k) }))],
    rows: r.rows.map((row) => ({ key: row.key, ...figuresJson(row) })),
  };
  return { tables: [summary, breakdown], csv };
}
