// The history of one record as `show` commands print it: the record's audit rows (SPEC §0), one
// JSON shape and one table for every module, so a clerk reads the same columns for a ticket, a
// letter or a guard notice, and scripts read the same keys.
import type { AuditEntry } from './audit.js';
import type { Context } from './context.js';
import { humanChange } from './humanize.js';
import { formatYuan } from './money.js';
import type { TableView } from './output.js';
import { humanTime, isoInZone } from './time.js';

/** `history` in a record's --json: {seq, at, actor, action, change}, the change as written; a
 *  late entry (补录, SPEC §0) adds `late` (its reason) and `entered_at`. */
export function historyJson(ctx: Context, entries: AuditEntry[]): Array<Record<string, unknown>> {
  return entries.map((e) => ({
    seq: e.seq, at: isoInZone(e.at, ctx.tz), actor: e.actor, action: e.action, change: e.change,
    ...(e.late ? { late: e.late, entered_at: e.enteredAt === null || e.enteredAt === undefined ? null : isoInZone(e.enteredAt, ctx.tz) } : {}),
  }));
}

/** The 补录 mark of a late entry: its reason and when it was entered; '' for a timely one. */
export function lateMark(ctx: Context, e: Pick<AuditEntry, 'late' | 'enteredAt' | 'at'>): string {
  return e.late ? ctx.t('audit.late.mark', { reason: e.late, entered: humanTime(e.enteredAt ?? e.at, ctx.tz) }) : '';
}

/** The history table of a `show` command; the title defaults to "History". */
export function historyView(ctx: Context, entries: AuditEntry[], title = ctx.t('audit.history')): TableView {
  return {
    title,
    columns: [
      { key: 'at', label: ctx.t('audit.col.at'), show: (v) => humanTime(v as number, ctx.tz) },
      { key: 'actor', label: ctx.t('audit.col.actor') },
      { key: 'action', label: ctx.t('audit.col.action'), show: (v) => actionLabel(ctx, String(v)) },
      // fields by their labels, corrections as old → new, money in yuan, codes as words (core/humanize)
      { key: 'change', label: ctx.t('audit.col.change'), show: (v, row) => humanChange(ctx, String(row.action), v as Record<string, unknown>) },
      ...(entries.some((e) => e.late) ? [{ key: 'late', label: ctx.t('audit.col.late'), show: (_v: unknown, row: Record<string, unknown>) => lateMark(ctx, row as unknown as AuditEntry) }] : []),
    ],
    rows: entries as unknown as Array<Record<string, unknown>>,
    empty: ctx.t('common.none'),
  };
}

/** An audit action in the user's words (each module names its own under action.<action>). */
export function actionLabel(ctx: Context, action: string): string {
  const key = `action.${action}`;
  const text = ctx.t(key);
  return text === key ? action : text;
}

const VALUE_MAX = 24;
const LINE_MAX = 90;

/** One short line of an audit change for people (the full change is in --json): key=value,
 *  empty values left out, instants without seconds and offset, long values cut. Modules write
 *  instants either as ISO text or as epoch ms under `at` / `*_at`, and money as fen under `*_fen`. */
export function changeSummary(change: Record<string, unknown>, tz: string): string {
  const parts = Object.entries(change)
    .filter(([, v]) => v !== null && v !== undefined && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => {
      if (typeof v === 'number' && (k === 'at' || k.endsWith('_at'))) return `${k}=${humanTime(v, tz)}`;
      if (typeof v === 'number' && k.endsWith('_fen')) return `${k.slice(0, -4)}=${formatYuan(v)}`;
      return `${k}=${cut(valueText(v), VALUE_MAX)}`;
    });
  return cut(parts.join(', '), LINE_MAX);
}

function valueText(v: unknown): string {
  if (typeof v === 'string') return v.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d):00(?:\.000)?(?:Z|[+-]\d\d:\d\d)$/, '$1 $2');
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join('/');
  return JSON.stringify(v);
}

/** Cut by characters (not UTF-16 units), so a Chinese name is never split in half. */
function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
