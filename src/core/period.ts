// Report periods (SPEC §0): --month, --quarter, --year, or --from/--to (inclusive), default the
// current month. A period is half-open in local time: [first day 00:00, day after last 00:00).
import { InputError } from './errors.js';
import { addDays, compareDates, dateOf, formatDate, parseDate, startOfDate, type CalendarDate } from './time.js';

export interface Period {
  kind: 'month' | 'quarter' | 'year' | 'range';
  label: string; // 2026-10, 2026Q4, 2026, 2026-10-01..2026-10-15
  from: CalendarDate; // first day, inclusive
  to: CalendarDate; // last day, inclusive
  start: number; // instant of first day 00:00 local
  end: number; // instant of the day after the last, 00:00 local (exclusive)
}

export interface PeriodOptions {
  month?: string;
  quarter?: string;
  year?: string;
  from?: string;
  to?: string;
}

function build(kind: Period['kind'], label: string, from: CalendarDate, to: CalendarDate, tz: string): Period {
  return { kind, label, from, to, start: startOfDate(tz, from), end: startOfDate(tz, addDays(to, 1)) };
}

export function monthPeriod(y: number, m: number, tz: string): Period {
  const last = addDays({ y: m === 12 ? y + 1 : y, m: m === 12 ? 1 : m + 1, d: 1 }, -1);
  return build('month', `${y}-${String(m).padStart(2, '0')}`, { y, m, d: 1 }, last, tz);
}

export function quarterPeriod(y: number, q: number, tz: string): Period {
  const first = { y, m: (q - 1) * 3 + 1, d: 1 };
  const last = addDays(q === 4 ? { y: y + 1, m: 1, d: 1 } : { y, m: q * 3 + 1, d: 1 }, -1);
  return build('quarter', `${y}Q${q}`, first, last, tz);
}

export function yearPeriod(y: number, tz: string): Period {
  return build('year', String(y), { y, m: 1, d: 1 }, { y, m: 12, d: 31 }, tz);
}

export function parseMonth(text: string, field = '--month'): { y: number; m: number } {
  const m = text.trim().match(/^(\d{4})[-/](\d{1,2})$/) ?? text.trim().match(/^(\d{4})年(\d{1,2})月$/);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 1900) {
    throw new InputError('input.month', { field, value: text, forms: '2026-10 | 2026/10 | 2026年10月' });
  }
  return { y: Number(m[1]), m: Number(m[2]) };
}

export function parseQuarter(text: string, field = '--quarter'): { y: number; q: number } {
  const m = text.trim().match(/^(\d{4})-?[Qq]([1-4])$/);
  if (!m || Number(m[1]) < 1900) throw new InputError('input.quarter', { field, value: text, forms: '2026Q4 | 2026-Q4' });
  return { y: Number(m[1]), q: Number(m[2]) };
}

export function parseYear(text: string, field = '--year'): number {
  const m = text.trim().match(/^(\d{4})年?$/);
  if (!m || Number(m[1]) < 1900) throw new InputError('input.year', { field, value: text, forms: '2026' });
  return Number(m[1]);
}

/** A cycle name for reviews: 2026Q3 (a quarter) or 2026 (a year). */
export function parseCycle(text: string, field: string, tz: string): Period {
  const s = text.trim();
  if (/^\d{4}年?$/.test(s)) return yearPeriod(parseYear(s, field), tz);
  const { y, q } = parseQuarter(s, field);
  return quarterPeriod(y, q, tz);
}

/** Whether any period flag was given: lists without one fall back to a default of their own. */
export function periodGiven(opts: PeriodOptions): boolean {
  return (['month', 'quarter', 'year', 'from', 'to'] as const).some((k) => opts[k] !== undefined);
}

/** The period named by the options; exactly one form may be given. */
export function periodFrom(opts: PeriodOptions, now: number, tz: string): Period {
  const given = (['month', 'quarter', 'year'] as const).filter((k) => opts[k] !== undefined);
  const range = opts.from !== undefined || opts.to !== undefined;
  if (given.length + (range ? 1 : 0) > 1) {
    throw new InputError('input.period_conflict', { field: [...given.map((g) => `--${g}`), ...(range ? ['--from/--to'] : [])].join(', ') });
  }
  if (opts.month !== undefined) {
    const { y, m } = parseMonth(opts.month);
    return monthPeriod(y, m, tz);
  }
  if (opts.quarter !== undefined) {
    const { y, q } = parseQuarter(opts.quarter);
    return quarterPeriod(y, q, tz);
  }
  if (opts.year !== undefined) return yearPeriod(parseYear(opts.year), tz);
  if (range) {
    if (opts.from === undefined) throw new InputError('input.missing', { field: '--from' });
    if (opts.to === undefined) throw new InputError('input.missing', { field: '--to' });
    const from = parseDate(opts.from, '--from');
    const to = parseDate(opts.to, '--to');
    if (compareDates(from, to) > 0) throw new InputError('input.range_order', { field: '--from/--to', from: opts.from, to: opts.to });
    return build('range', `${formatDate(from)}..${formatDate(to)}`, from, to, tz);
  }
  const today = dateOf(now, tz);
  return monthPeriod(today.y, today.m, tz);
}

/** The months a period touches, in order (for --by month breakdowns). */
export function monthsIn(p: Period, tz: string): Period[] {
  const out: Period[] = [];
  let y = p.from.y;
  let m = p.from.m;
  while (y < p.to.y || (y === p.to.y && m <= p.to.m)) {
    out.push(monthPeriod(y, m, tz));
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The month (YYYY-MM) an instant belongs to, in the configured zone — never UTC's month. */
export function monthKey(ms: number, tz: string): string {
  const d = dateOf(ms, tz);
  return `${d.y}-${String(d.m).padStart(2, '0')}`;
}

/** JSON form of a period, as in CLI.md: {"from": "2026-10-01", "to": "2026-10-31"}. */
export function periodJson(p: Period): { label: string; from: string; to: string } {
  return { label: p.label, from: formatDate(p.from), to: formatDate(p.to) };
}

/** Commander options every report and list takes. */
export const PERIOD_FLAGS: Array<[string, string]> = [
  ['--month <YYYY-MM>', 'period.month'],
  ['--quarter <YYYYQn>', 'period.quarter'],
  ['--year <YYYY>', 'period.year'],
  ['--from <DATE>', 'period.from'],
  ['--to <DATE>', 'period.to'],
];
