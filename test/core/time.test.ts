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

// issue 9: the parser refuses anything it cannot read one way only
describe('a moment that could be read two ways is refused', () => {
  it.each([
    ['2026-10-110:00', 'no separator after a dashed date: 11 0:00 or 1 10:00'],
    ['2026/11/2714:30', 'no separator after a slashed date'],
    ['2026-11-27T4:30+08:00', 'ISO with an offset needs two-digit hours'],
    ['2026/11/27 14:30+08:00', 'an offset only in the ISO form'],
    ['2026-11-27 14:30Z', 'an offset only with the T'],
    ['2026-11-27T14:30:00.1234Z', 'more than milliseconds'],
    ['2026-11-27 14:3', 'one-digit minutes'],
    ['2026-11-27 14:30:0', 'one-digit seconds'],
    ['2026-11-27 14', 'no minutes'],
    ['2026-11-27_14:30', 'an unknown separator'],
    ['2026-11-27T14:30:00+15:00', 'an offset beyond +14'],
    ['2026年11月27日 25:00', 'hour 25'],
    ['20261127 14:30', 'no separators in the date'],
    ['2026-11-27 14:30 extra', 'trailing text'],
    ['', 'empty'],
  ])('%s (%s)', (text) => {
    expect(() => parseMoment(text, '--reported-at', TZ, 0)).toThrow(expect.objectContaining({ exitCode: 2, key: 'input.moment' }));
  });

  it.each([
    ['2026-10-11 0:00', '2026-10-11T00:00:00+08:00'],
    ['2026-10-1 10:00', '2026-10-01T10:00:00+08:00'],
    ['2026-10-11  09:05', '2026-10-11T09:05:00+08:00'],
    ['2026年10月11日09:05', '2026-10-11T09:05:00+08:00'],
    ['2026-11-27T14:30:00.250', '2026-11-27T14:30:00+08:00'],
    ['2026-11-27T06:30:00+0000', '2026-11-27T14:30:00+08:00'],
  ])('%s is still read as %s', (text, iso) => {
    expect(isoInZone(parseMoment(text, '--at', TZ, 0), TZ)).toBe(iso);
  });

  it.each(['2026-10-110', '2026/3/05x', '2026-1-5-', '２０２６-10-11'])('date %s is refused', (text) => {
    expect(() => parseDate(text, '--hired')).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
