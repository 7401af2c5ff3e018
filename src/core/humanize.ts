// An audit change for people, in their language (the history of `show` commands and `audit
// log`): each field by its label ("故障类别：车身"), a correction as "field: old → new", money as
// yuan, instants as local time, enum codes as the words the tables print, yes/no as words.
// Scripts read the change as written, in --json; this is only what a clerk sees.
import type { Context } from './context.js';
import { enumLabel } from './enum.js';
import { formatYuan } from './money.js';
import { humanTime } from './time.js';

const VALUE_MAX = 30;
const LINE_MAX = 120;

/** The message-key prefix of the words of an enum field; `module` is the action's first part. */
function wordsOf(module: string, key: string): string | undefined {
  switch (key) {
    case 'fault': return 'ticket.fault.';
    case 'response_kind': return 'ticket.kind.';
    case 'responsibility': return 'ticket.resp.';
    case 'sla': return 'ticket.sla.';
    case 'channel': return module === 'ticket' ? 'ticket.channel.' : 'letter.channel.';
    case 'reply_channel': return 'letter.channel.';
    case 'level': return module === 'review' ? 'review.level.' : undefined;
    case 'basis': return module === 'stock' ? 'stock.basis.' : undefined;
    case 'warning': return module === 'stock' ? 'stock.warning.' : undefined;
    case 'settles': return 'humanize.settles.';
    case 'side': return 'guard.side.';
    case 'kind': return module === 'guard' ? 'guard.kind.' : undefined;
    case 'quality': return 'stock.quality.';
    case 'how': return 'stock.how.';
    case 'status': case 'was': case 'from_status': return `${module}.status.`;
    default: return undefined;
  }
}

/** The expense claim's amounts, written in yuan. */
const YUAN = new Set(['advance', 'travel', 'lodging', 'freight', 'other', 'total', 'settlement']);

/** A stock change's from/to: a place (main, old, station:哈尔滨服务站) or a claim's status. */
function stockPlace(ctx: Context, v: string): string {
  if (v.startsWith('station:')) {
    const name = v.slice('station:'.length);
    const prefix = ctx.t('stock.loc.station_prefix');
    return name.includes(prefix.trim()) ? name : `${prefix}${name}`; // 哈尔滨服务站, not 服务站 哈尔滨服务站
  }
  return enumLabel(ctx.lang, 'stock.loc.', v) ?? enumLabel(ctx.lang, 'stock.claim.status.', v) ?? v;
}

// false is worth saying for these (not answered late, not under warranty); elsewhere it is noise
const MEANINGFUL_FALSE = new Set(['on_time', 'warranty', 'supplier', 'service_fault', 'confirmed']);
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/** A field's label: field.<module>.<key>, else field.<key>, else the key itself. */
export function fieldLabel(ctx: Context, module: string, key: string): string {
  for (const k of [`field.${module}.${key}`, `field.${key}`]) {
    const text = ctx.t(k);
    if (text !== k) return text;
  }
  return key;
}

/** One value of a change in words. */
export function valueWords(ctx: Context, module: string, key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return ctx.t(v ? 'common.yes' : 'common.no');
  if (typeof v === 'number') {
    if (key.endsWith('_fen')) return ctx.t('humanize.yuan', { amount: formatYuan(v) });
    if (key === 'loan' || (module === 'ticket' && YUAN.has(key))) return ctx.t('humanize.yuan', { amount: formatYuan(Math.round(v * 100)) });
    if (key === 'at' || key.endsWith('_at')) return humanTime(v, ctx.tz);
    return String(v);
  }
  if (typeof v === 'string') {
    if (ISO.test(v) && Number.isFinite(Date.parse(v))) return humanTime(Date.parse(v), ctx.tz);
    if (module === 'stock' && (key === 'from' || key === 'to' || key === 'loc')) return cut(stockPlace(ctx, v), VALUE_MAX);
    const words = enumLabel(ctx.lang, wordsOf(module, key), v);
    return cut(words ?? v, VALUE_MAX);
  }
  if (Array.isArray(v)) {
    const items = v.map((x) => (x !== null && typeof x === 'object' ? itemWords(ctx, x as Record<string, unknown>) : valueWords(ctx, module, key, x)));
    return cut(items.join(ctx.t('humanize.list_sep')), VALUE_MAX * 2);
  }
  return itemWords(ctx, v as Record<string, unknown>);
}

/** An object inside a list (an assignee, a part): its name or code first, then the rest. */
function itemWords(ctx: Context, o: Record<string, unknown>): string {
  const head = o.name ?? o.code ?? o.part ?? null;
  const rest = Object.entries(o)
    .filter(([k, x]) => x !== null && x !== undefined && x !== '' && x !== false && !['name', 'code', 'part'].includes(k))
    .map(([k, x]) => (k === 'qty' ? `×${String(x)}` : k === 'lead' && x === true ? ctx.t('humanize.lead') : typeof x === 'object' ? '' : String(x)))
    .filter((s) => s !== '');
  return [head === null ? '' : String(head), ...rest].join(' ').trim();
}

const isCorrection = (v: unknown): v is { from: unknown; to: unknown } =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 2 && 'from' in v && 'to' in v;

/** The whole change of an audit row in one line for people. */
export function humanChange(ctx: Context, action: string, change: Record<string, unknown> | null | undefined): string {
  if (!change || typeof change !== 'object') return '';
  const module = action.split('.')[0];
  const sep = ctx.t('humanize.field_sep');
  const parts = Object.entries(change)
    .filter(([k, v]) => v !== null && v !== undefined && v !== '' && !(v === false && !MEANINGFUL_FALSE.has(k)) && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => {
      const label = fieldLabel(ctx, module, k);
      if (isCorrection(v)) return `${label}${sep}${valueWords(ctx, module, k, v.from)} → ${valueWords(ctx, module, k, v.to)}`;
      return `${label}${sep}${valueWords(ctx, module, k, v)}`;
    });
  return cut(parts.join(ctx.t('humanize.sep')), LINE_MAX);
}

/** Cut by characters (not UTF-16 units), so a Chinese name is never split in half. */
function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
