// Moments, calendar dates and durations, parsed strictly (SPEC §0). Instants are integer epoch
// milliseconds (UTC) everywhere; calendar logic runs in the configured zone. Nothing here reads
// the clock: `now` is always a parameter.
import { TZDate } from '@date-fns/tz';
import { InputError } from './errors.js';

export interface CalendarDate {
  y: number;
  m: number; // 1-12
  d: number; // 1-31
}

export const MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export const MOMENT_FORMS =
  '2026-11-27T14:30 | 2026-11-27 14:30 | 2026/11/27 14:30 | 2026年11月27日 14:30 | 2026-11-27T14:30:00+08:00 | now';
export const DATE_FORMS = '2026-11-27 | 2026/11/27 | 2026/3/5 | 2026年3月5日';
export const DURATION_FORMS = '90m | 2h | 1h30m | 3d | 1w';

/** The process's own zone, unnamed: JavaScript's Date local time is exactly it. */
export const LOCAL_ZONE = 'local';

// The zone the process's Date already runs in, when main set TZ for it. Zone arithmetic through
// Date's local-time methods is free, while the first Intl time-zone call loads ICU data and costs
// ~20-40 ms of start-up (measured): too much for a CLI whose budget is 1.8x a bare `node -e 0`.
let processZone: string = LOCAL_ZONE;

function nativeZone(tz: string): boolean {
  return tz === processZone || tz === LOCAL_ZONE;
}

const UTC_NAMES = /^(UTC|GMT|UCT|Etc\/(UTC|GMT|UCT|Universal|Zulu)|Universal|Zulu|Z)$/i;

function zoneKnown(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The zone for calendar logic: KAOHE_TZ, else the process's own (TZ, or the system's). Unknown
 *  zones are exit 2. With `adopt`, the process's Date is switched to it (main does this once). */
export function zoneFrom(env: NodeJS.ProcessEnv, opts: { adopt?: boolean } = {}): string {
  const wanted = env.KAOHE_TZ || env.TZ || '';
  if (wanted === '') return LOCAL_ZONE;
  if (!opts.adopt) {
    if (!zoneKnown(wanted)) throw new InputError('input.zone', { field: env.KAOHE_TZ ? 'KAOHE_TZ' : 'TZ', value: wanted });
    return wanted;
  }
  process.env.TZ = wanted;
  // Date falls back to UTC for a name it does not know: only then is the costly check needed
  const utcAllYear = new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset() === 0 && new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset() === 0;
  if (utcAllYear && !UTC_NAMES.test(wanted) && !zoneKnown(wanted)) {
    throw new InputError('input.zone', { field: env.KAOHE_TZ ? 'KAOHE_TZ' : 'TZ', value: wanted });
  }
  processZone = wanted;
  return wanted;
}

/** Does the process run in UTC all year (no zone configured on a server)? */
export function processIsUtc(): boolean {
  return new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset() === 0 && new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset() === 0;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isValidDate(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Local wall-clock time in `tz` to an instant. */
export function localToInstant(tz: string, y: number, m: number, d: number, hh = 0, mm = 0, ss = 0): number {
  if (nativeZone(tz)) return new Date(y, m - 1, d, hh, mm, ss, 0).getTime();
  return new TZDate(y, m - 1, d, hh, mm, ss, 0, tz).getTime();
}

/** The local calendar date and time of an instant in `tz`. */
export function instantToLocal(ms: number, tz: string): CalendarDate & { hh: number; mm: number; ss: number } {
  const z = nativeZone(tz) ? new Date(ms) : new TZDate(ms, tz);
  return { y: z.getFullYear(), m: z.getMonth() + 1, d: z.getDate(), hh: z.getHours(), mm: z.getMinutes(), ss: z.getSeconds() };
}

/** Start (00:00 local) of a calendar date. */
export function startOfDate(tz: string, date: CalendarDate): number {
  return localToInstant(tz, date.y, date.m, date.d);
}

/** The calendar date `n` days after `date` (pure calendar arithmetic, no zone involved). */
export function addDays(date: CalendarDate, n: number): CalendarDate {
  const u = new Date(Date.UTC(date.y, date.m - 1, date.d + n));
  return { y: u.getUTCFullYear(), m: u.getUTCMonth() + 1, d: u.getUTCDate() };
}

export function dateOf(ms: number, tz: string): CalendarDate {
  const { y, m, d } = instantToLocal(ms, tz);
  return { y, m, d };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatDate(date: CalendarDate): string {
  return `${pad(date.y, 4)}-${pad(date.m)}-${pad(date.d)}`;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/** ISO-8601 with the zone's offset, as JSON shows instants: 2026-10-01T09:00:00+08:00. */
export function isoInZone(ms: number, tz: string): string {
  const l = instantToLocal(ms, tz);
  const local = Date.UTC(l.y, l.m - 1, l.d, l.hh, l.mm, l.ss);
  const offsetMin = Math.round((local - Math.floor(ms / 1000) * 1000) / MS.minute);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${formatDate(l)}T${pad(l.hh)}:${pad(l.mm)}:${pad(l.ss)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** isoInZone for an instant that may be missing (not yet responded, not yet signed): null stays null. */
export function isoOrNull(ms: number | null | undefined, tz: string): string | null {
  return ms === null || ms === undefined ? null : isoInZone(ms, tz);
}

/** For people: 2026-10-01 09:00 in the configured zone. */
export function humanTime(ms: number | null | undefined, tz: string): string {
  if (ms === null || ms === undefined) return '—';
  const l = instantToLocal(ms, tz);
  return `${formatDate(l)} ${pad(l.hh)}:${pad(l.mm)}`;
}

const DATE_RE = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
];

/** A calendar date in one of DATE_FORMS; impossible dates are refused, never rolled over. */
export function parseDate(text: string, field: string): CalendarDate {
  const s = text.trim();
  for (const re of DATE_RE) {
    const m = s.match(re);
    if (m) {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (!isValidDate(y, mo, d)) break;
      return { y, m: mo, d };
    }
  }
  throw new InputError('input.date', { field, value: text, forms: DATE_FORMS });
}

// A moment is read only when it cannot be read two ways (issue 9: "2026-10-110:00" was taken as
// 2026-10-11 00:00). Each date form has its own separator before the time: a T or blanks after a
// dashed date, blanks after a slashed one, blanks or nothing after 日 (which ends the date by itself).
// Seconds and a fraction are optional; an offset (Z, +08:00, +0800) only in the ISO form (dashes
// and a T), as ISO-8601 writes it. Anything else is refused (exit 2 with the accepted forms).
const MOMENT_FORMS_RE = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/,
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})$/i,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(\d{1,2}):(\d{2})(?::(\d{2}))?$/,
];

interface MomentParts { y: number; mo: number; d: number; hh: number; mi: number; ss: number; frac: number; offset: string | undefined }

/** The parts of a moment in one of the forms, or null when it fits none (or more than one). */
export function momentParts(text: string): MomentParts | null {
  const found = MOMENT_FORMS_RE.map((re) => text.match(re)).filter((m): m is RegExpMatchArray => m !== null);
  if (found.length !== 1) return null;
  const m = found[0];
  const offset = m.length > 8 ? m[8] : undefined;
  return {
    y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), hh: Number(m[4]), mi: Number(m[5]), ss: m[6] === undefined ? 0 : Number(m[6]),
    frac: m[7] === undefined || m.length <= 7 ? 0 : Number(m[7].padEnd(3, '0')), offset: offset?.toUpperCase(),
  };
}

/** A moment given by the user that is not after `now` (nothing is recorded as having happened in
 *  the future); none given = now. `key` lets a module word the refusal its own way. */
export function parsePastMoment(text: string | undefined, field: string, tz: string, now: number, key = 'input.future'): number {
  if (text === undefined) return now;
  const at = parseMoment(text, field, tz, now);
  if (at > now) throw new InputError(key, { field, value: text });
  return at;
}

/** A moment in one of MOMENT_FORMS. Without an offset it is local time in `tz`. */
export function parseMoment(text: string, field: string, tz: string, now: number): number {
  const s = text.trim();
  if (s.toLowerCase() === 'now' || s === '现在') return now;
  const p = momentParts(s);
  const bad = () => new InputError('input.moment', { field, value: text, forms: MOMENT_FORMS });
  if (!p) throw bad();
  const { y, mo, d, hh, mi, ss, frac, offset } = p;
  if (!isValidDate(y, mo, d) || hh > 23 || mi > 59 || ss > 59) throw bad();
  if (offset === undefined) return localToInstant(tz, y, mo, d, hh, mi, ss) + frac;
  let offMin = 0;
  if (offset !== 'Z') {
    const sign = offset[0] === '-' ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 14 || om > 59) throw bad();
    offMin = sign * (oh * 60 + om);
  }
  return Date.UTC(y, mo - 1, d, hh, mi, ss, frac) - offMin * MS.minute;
}

// longer units first, or 90min would stop after the m
const DURATION_PART = /(\d+)\s*(min|w|d|h|m|周|天|小时|分钟?)/gy;

/** A duration such as 2h, 90m, 1h30m, 3d, 1w (also 2小时, 30分钟, 3天). */
export function parseDuration(text: string, field: string): number {
  const s = text.trim().toLowerCase();
  const unit: Record<string, number> = {
    w: 7 * MS.day, 周: 7 * MS.day, d: MS.day, 天: MS.day, h: MS.hour, 小时: MS.hour,
    m: MS.minute, min: MS.minute, 分: MS.minute, 分钟: MS.minute,
  };
  let total = 0;
  let pos = 0;
  // sticky: the parts must follow each other with nothing in between
  for (const m of s.matchAll(DURATION_PART)) {
    total += Number(m[1]) * unit[m[2]];
    pos = m.index + m[0].length;
  }
  if (s === '' || pos !== s.length) throw new InputError('input.duration', { field, value: text, forms: DURATION_FORMS });
  return total;
}

/** The clock for this command: --now / KAOHE_NOW, else the system clock. */
export function clockFrom(flag: string | undefined, env: NodeJS.ProcessEnv, tz: string): number {
  const system = Date.now();
  if (flag !== undefined) return parseMoment(flag, '--now', tz, system);
  if (env.KAOHE_NOW) return parseMoment(env.KAOHE_NOW, 'KAOHE_NOW', tz, system);
  return system;
}
