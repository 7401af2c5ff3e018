// The cells people get in a spreadsheet (`--excel` CSV and `--xlsx`): one value per column, typed
// by the column's `type` hint — money in yuan, rates as fractions, instants and dates as local
// wall-clock times of the configured zone (no offset), enum values and yes/no in the user's
// language. Scripts (`--csv`, `--json`) never see these: they keep the raw values and codes.
import type { Context } from './context.js';
import type { Column } from './output.js';
import { formatRate, TOTAL_KEY } from './output.js';
import { formatYuan } from './money.js';
import { humanTime, instantToLocal } from './time.js';

export type CellType = 'money' | 'rate' | 'instant' | 'date' | 'int' | 'text';

/** A typed cell: what xlsx writes as it is (Date as a local wall-clock time in UTC fields). */
export type Cell = string | number | Date | null;

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
const ISO_DATE = /^(\d{4})-(\d\d)-(\d\d)$/;

/** The column's type: declared, or `money: true`, or text. */
export function typeOf(col: Column, row: Record<string, unknown> = {}): CellType {
  const t = typeof col.type === 'function' ? col.type(row) : col.type;
  return t ?? (col.money ? 'money' : 'text');
}

function instantOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && ISO_INSTANT.test(v)) return Date.parse(v);
  return null;
}

/** The local wall-clock time of an instant as a Date whose UTC fields are that time: Excel has
 *  no zones, so a cell shows exactly what the clerk's wall clock said. */
export function excelDate(ms: number, tz: string): Date {
  const l = instantToLocal(ms, tz);
  return new Date(Date.UTC(l.y, l.m - 1, l.d, l.hh, l.mm, l.ss));
}

function word(ctx: Context, col: Column, v: unknown, row: Record<string, unknown> = {}): string {
  if (row[TOTAL_KEY] === col.key) return String(v);
  if (typeof v === 'boolean') return ctx.t(v ? 'common.yes' : 'common.no');
  if (col.words && (typeof v === 'string' || typeof v === 'number')) return ctx.t(`${col.words}${v}`);
  return String(v);
}

/** One typed cell for a person's spreadsheet. */
export function typedCell(ctx: Context, col: Column, row: Record<string, unknown>): Cell {
  const v = row[col.key];
  if (v === null || v === undefined || v === '') return null;
  if (Array.isArray(v)) return v.length === 0 ? null : v.map((x) => word(ctx, col, x)).join('; ');
  const type = typeOf(col, row);
  if ((type === 'money' || type === 'rate' || type === 'int') && typeof v === 'number') return v;
  if (type === 'instant' || (type === 'text' && typeof v === 'string' && ISO_INSTANT.test(v))) {
    const ms = instantOf(v);
    if (ms !== null) return excelDate(ms, ctx.tz);
  }
  if (type === 'date' && typeof v === 'string') {
    const m = v.match(ISO_DATE);
    if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  }
  if (typeof v === 'number' && !col.words) return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return word(ctx, col, v, row);
}

/** The same cell as text for `--excel` CSV: 3000.50, 91.7%, 2026-10-01 09:00 (local, no offset). */
export function textCell(ctx: Context, col: Column, row: Record<string, unknown>): string {
  const c = typedCell(ctx, col, row);
  if (c === null) return '';
  if (c instanceof Date) {
    const ms = c.getTime();
    const text = humanTime(ms, 'UTC');
    return typeOf(col, row) === 'date' ? text.slice(0, 10) : text;
  }
  if (typeof c === 'number') {
    const type = typeOf(col, row);
    if (type === 'money') return formatYuan(Math.round(c * 100));
    if (type === 'rate') return formatRate(c);
    return String(c);
  }
  return c;
}

/** What a person sees of a cell in a table when the column has no `show` of its own. */
export function shownCell(ctx: Context, col: Column, row: Record<string, unknown>): string | undefined {
  const v = row[col.key];
  if (v === null || v === undefined || v === '') return undefined;
  const type = typeOf(col, row);
  if (type === 'money' && typeof v === 'number') return formatYuan(Math.round(v * 100));
  if (type === 'rate' && typeof v === 'number') return formatRate(v);
  if (type === 'instant') {
    const ms = instantOf(v);
    if (ms !== null) return humanTime(ms, ctx.tz);
  }
  if (col.words && !Array.isArray(v)) return word(ctx, col, v, row);
  return undefined;
}
