// The list formatters (core/time-format.ts) must write exactly what humanTime and isoInZone write,
// across zones with and without summer time, half- and quarter-hour offsets, the hours of a
// change, sub-second instants, and years where they fall back to time.ts.
import { describe, expect, it } from 'vitest';
import { humanTime, isoInZone, LOCAL_ZONE } from '../../src/core/time.js';
import { humanTimeFormatter, isoFormatter } from '../../src/core/time-format.js';

const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', LOCAL_ZONE];

function instants(): number[] {
  const out: number[] = [];
  let seed = 20261201;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  // random instants from 1850 to 2100, some with milliseconds
  for (let i = 0; i < 3000; i++) out.push(Math.floor(Date.UTC(1850, 0, 1) + next() * (Date.UTC(2100, 0, 1) - Date.UTC(1850, 0, 1))));
  // every quarter hour around the 2026 changes of New York, London, Lord Howe (30-minute shift)
  for (const day of [Date.UTC(2026, 2, 8), Date.UTC(2026, 10, 1), Date.UTC(2026, 2, 29), Date.UTC(2026, 9, 25), Date.UTC(2026, 3, 5), Date.UTC(2026, 9, 4)]) {
    for (let ms = day - 86_400_000; ms < day + 2 * 86_400_000; ms += 900_000) out.push(ms, ms + 1, ms - 1, ms + 59_999);
  }
  out.push(0, -1, Date.UTC(1900, 0, 1), Date.UTC(1900, 0, 2), Date.UTC(9999, 11, 31, 23, 59), Date.UTC(50, 0, 1) - 62_167_219_200_000);
  return out;
}

describe('list time formatters', () => {
  const all = instants();
  for (const tz of ZONES) {
    it(`${tz}: humanTime and isoInZone, instant by instant`, () => {
      const human = humanTimeFormatter(tz);
      const iso = isoFormatter(tz);
      let differ = 0;
      for (const ms of all) {
        if (human(ms) !== humanTime(ms, tz) || iso(ms) !== isoInZone(ms, tz)) differ++;
      }
      expect(differ).toBe(0);
      // the same instants again, now from the cache
      for (const ms of all.slice(0, 500)) expect([human(ms), iso(ms)]).toEqual([humanTime(ms, tz), isoInZone(ms, tz)]);
      expect(human(null)).toBe('—');
      expect(human(undefined)).toBe(humanTime(undefined, tz));
    });
  }
  it('a half-hour summer time (Lord Howe) and Shanghai give the expected text', () => {
    expect(humanTimeFormatter('Asia/Shanghai')(Date.UTC(2026, 9, 1, 1, 0))).toBe('2026-10-01 09:00');
    expect(isoFormatter('Asia/Shanghai')(Date.UTC(2026, 9, 1, 1, 0, 5))).toBe('2026-10-01T09:00:05+08:00');
    expect(isoFormatter('Australia/Lord_Howe')(Date.UTC(2026, 0, 10))).toBe('2026-01-10T11:00:00+11:00');
  });
});
