// humanTime and isoInZone for long lists (issue 14): the same text, without a Date (or TZDate)
// object per cell. A zone's offset is read once per UTC hour through instantToLocal itself and
// reused for every instant of that hour when the hour's first and last second agree (a zone
// changes its offset at most once an hour); the calendar fields then follow from plain integer
// arithmetic on the shifted instant, the date's text once per local day and hh:mm once per minute
// of the day (issue 14: three times a row of a month's list). An hour whose ends disagree falls
// back to time.ts.
import { humanTime, instantToLocal, isoInZone, MS } from './time.js';

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const HOUR = MS.hour;

/** The local fields of epoch milliseconds already shifted by the zone's offset (proleptic
 *  Gregorian, as Date's UTC getters give them). */
function fieldsOf(local: number): { y: number; m: number; d: number; hh: number; mm: number; ss: number } {
  const days = Math.floor(local / MS.day);
  const inDay = local - days * MS.day;
  const secs = Math.floor(inDay / 1000);
  // days since 1970-01-01 to a civil date (the era-based algorithm: 400-year cycles)
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return { y, m, d, hh: Math.floor(secs / 3600), mm: Math.floor(secs / 60) % 60, ss: secs % 60 };
}

/** The zone's offset (ms) over the UTC hour starting at `hourStart`, or null if it changes in it. */
function hourOffset(hourStart: number, tz: string): number | null {
  const at = (ms: number) => {
    const l = instantToLocal(ms, tz);
    return Date.UTC(l.y, l.m - 1, l.d, l.hh, l.mm, l.ss) - ms;
  };
  const first = at(hourStart);
  return at(hourStart + HOUR - 1000) === first ? first : null;
}

// the fast path only between 1900 and 9999 (Date.UTC reads a year below 100 as 19xx)
const FIRST = Date.UTC(1900, 0, 2);
const LAST = Date.UTC(9999, 11, 30);

/** A formatter of instants in `tz`. The zone's offset is kept per UTC hour (the hour last asked
 *  for first: a list's times come in order); `text` gets the local day's number
 *  (days since 1970-01-01 in the zone), the milliseconds into that day and the offset. */
function formatter(tz: string, slow: (ms: number, tz: string) => string, text: (day: number, inDay: number, offset: number) => string): (ms: number) => string {
  const offsets = new Map<number, number | null>();
  let lastHour = NaN;
  let lastOffset: number | null = null;
  return (ms) => {
    if (!Number.isInteger(ms) || ms < FIRST || ms > LAST) return slow(ms, tz);
    const hour = Math.floor(ms / HOUR);
    if (hour !== lastHour) {
      let offset = offsets.get(hour);
      if (offset === undefined) {
        offset = hourOffset(hour * HOUR, tz);
        if (offsets.size > 50_000) offsets.clear();
        offsets.set(hour, offset);
      }
      lastHour = hour;
      lastOffset = offset;
    }
    if (lastOffset === null) return slow(ms, tz);
    const local = ms + lastOffset;
    const day = Math.floor(local / MS.day);
    return text(day, local - day * MS.day, lastOffset);
  };
}

/** The text of local days (YYYY-MM-DD and what follows it), by the day's number, for one formatter. */
function dayTexts(after: string): (day: number) => string {
  const known = new Map<number, string>();
  return (day) => {
    let t = known.get(day);
    if (t === undefined) {
      t = `${dateText(fieldsOf(day * MS.day))}${after}`;
      if (known.size > 10_000) known.clear();
      known.set(day, t);
    }
    return t;
  };
}

/** hh:mm of each minute of a day, made as they are first needed. */
const MINUTES: string[] = [];
function minuteText(minute: number): string {
  return (MINUTES[minute] ??= `${TWO[Math.floor(minute / 60)]}:${TWO[minute % 60]}`);
}

function dateText(l: { y: number; m: number; d: number }): string {
  return `${l.y}-${TWO[l.m]}-${TWO[l.d]}`;
}

/** humanTime(ms, tz), faster over many instants: 2026-10-01 09:00 (— for none). */
export function humanTimeFormatter(tz: string): (ms: number | null | undefined) => string {
  const days = dayTexts(' ');
  const f = formatter(tz, humanTime, (day, inDay) => days(day) + minuteText(Math.floor(inDay / MS.minute)));
  return (ms) => (ms === null || ms === undefined ? '—' : f(ms));
}

/** isoInZone(ms, tz), faster over many instants: 2026-10-01T09:00:00+08:00. */
export function isoFormatter(tz: string): (ms: number) => string {
  const days = dayTexts('T');
  // as isoInZone: the whole-second local time less the whole-second instant, in minutes
  const zones = new Map<number, string>();
  const zoneText = (offset: number) => {
    let t = zones.get(offset);
    if (t === undefined) {
      const offsetMin = Math.round(offset / MS.minute);
      const abs = Math.abs(offsetMin);
      t = `${offsetMin < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${TWO[abs % 60]}`;
      zones.set(offset, t);
    }
    return t;
  };
  return formatter(tz, isoInZone, (day, inDay, offset) => {
    const secs = Math.floor(inDay / 1000);
    return `${days(day)}${minuteText(Math.floor(secs / 60))}:${TWO[secs % 60]}${zoneText(offset)}`;
  });
}
