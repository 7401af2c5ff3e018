import { describe, expect, it } from 'vitest';
import { monthKey, periodFrom } from '../../src/core/period.js';
import { isoInZone, isoOrNull, parseDate, parseMoment } from '../../src/core/time.js';
import { TZ } from '../helpers.js';

describe('moments are read in the configured zone', () => {
  it.each([
    ['2026-11-27T14:30', '2026-11-27T14:30:00+08:00'],
    ['2026-11-27 14:30', '2026-11-27T14:30:00+08:00'],
    ['2026/11/27 14:30', '2026-11-27T14:30:00+08:00'],
    ['2026年11月27日 14:30', '2026-11-27T14:30:00+08:00'],
    ['2026-11-27T06:30:00Z', '2026-11-27T14:30:00+08:00'],
    ['2026-11-27T14:30:00+08:00', '2026-11-27T14:30:00+08:00'],
  ])('%s is %s', (text, iso) => {
    expect(isoInZone(parseMoment(text, '--at', TZ, 0), TZ)).toBe(iso);
  });

  it('now is the given clock', () => {
    expect(parseMoment('now', '--at', TZ, 1234)).toBe(1234);
  });

  it.each(['2026-02-30 10:00', '2026-13-01 10:00', '2026-01-xx 10:00', '2026-11-27 24:00', '2026-11-27', 'yesterday'])(
    '%s is refused, never rolled over',
    (text) => {
      expect(() => parseMoment(text, '--at', TZ, 0)).toThrow(expect.objectContaining({ exitCode: 2, key: 'input.moment' }));
    },
  );
});

describe('dates', () => {
  it.each([
    ['2026-11-27', { y: 2026, m: 11, d: 27 }],
    ['2026/11/27', { y: 2026, m: 11, d: 27 }],
    ['2026/3/5', { y: 2026, m: 3, d: 5 }],
    ['2026年3月5日', { y: 2026, m: 3, d: 5 }],
  ])('%s', (text, date) => expect(parseDate(text, '--hired')).toEqual(date));

  it.each(['2026-02-30', '2026-13-01', '2026-01-xx', '2025-02-29'])('%s is refused', (text) => {
    expect(() => parseDate(text, '--hired')).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe('months are never taken from UTC', () => {
  it('2026-10-01 00:30 in Shanghai belongs to October', () => {
    expect(monthKey(parseMoment('2026-09-30T16:30:00Z', 'x', TZ, 0), TZ)).toBe('2026-10');
  });
  it('2026-09-30 23:30 in Shanghai belongs to September', () => {
    expect(monthKey(parseMoment('2026-09-30T15:30:00Z', 'x', TZ, 0), TZ)).toBe('2026-09');
  });
  it('a month is half-open in local time', () => {
    const p = periodFrom({ month: '2026-10' }, 0, TZ);
    expect(isoInZone(p.start, TZ)).toBe('2026-10-01T00:00:00+08:00');
    expect(isoInZone(p.end, TZ)).toBe('2026-11-01T00:00:00+08:00');
  });
});

describe('isoOrNull', () => {
  it('keeps a missing instant missing and formats a present one in the zone', () => {
    expect(isoOrNull(null, TZ)).toBeNull();
    expect(isoOrNull(undefined, TZ)).toBeNull();
    expect(isoOrNull(parseMoment('2026-10-01 09:00', 'x', TZ, 0), TZ)).toBe('2026-10-01T09:00:00+08:00');
  });
});
