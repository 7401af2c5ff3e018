// The cross-cutting parsers of SPEC §0: moments and dates in the configured zone, durations,
// money, periods and the small input parsers. Every refusal is exit 2 naming the flag.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { parseChoice, parseInteger, parseNumber, parseYesNo, requireText } from '../../src/core/input.js';
import { fenToYuan, formatYuan, parseYuan } from '../../src/core/money.js';
import { monthKey, monthsIn, parseCycle, periodFrom, periodJson } from '../../src/core/period.js';
import { clockFrom, isoInZone, MS, parseDate, parseDuration, parseMoment, zoneFrom } from '../../src/core/time.js';
import { at, TZ } from '../helpers.js';

const refused = (key: string, field: string) => expect.objectContaining({ exitCode: 2, key, params: expect.objectContaining({ field }) });

describe('zone boundaries: the month comes from the local calendar', () => {
  it('2026-09-30 23:30 Asia/Shanghai is September although it is 15:30 UTC', () => {
    const ms = parseMoment('2026-09-30 23:30', '--at', TZ, 0);
    expect(new Date(ms).toISOString()).toBe('2026-09-30T15:30:00.000Z');
    expect(monthKey(ms, TZ)).toBe('2026-09');
    const sept = periodFrom({ month: '2026-09' }, 0, TZ);
    expect(ms >= sept.start && ms < sept.end).toBe(true);
  });

  it('2026-10-01 00:30 Asia/Shanghai is October although UTC is still on 30 September', () => {
    const ms = parseMoment('2026-10-01 00:30', '--at', TZ, 0);
    expect(new Date(ms).toISOString()).toBe('2026-09-30T16:30:00.000Z');
    expect(monthKey(ms, TZ)).toBe('2026-10');
    const sept = periodFrom({ month: '2026-09' }, 0, TZ);
    expect(ms >= sept.end).toBe(true);
  });

  it('the same instant belongs to another month in another zone', () => {
    const ms = parseMoment('2026-10-01 00:30', '--at', TZ, 0);
    expect(monthKey(ms, 'UTC')).toBe('2026-09');
  });

  it('an offset in the text wins over the configured zone', () => {
    expect(parseMoment('2026-10-01T00:30:00+09:00', '--at', TZ, 0)).toBe(Date.UTC(2026, 8, 30, 15, 30));
    expect(parseMoment('2026-10-01T00:30:00.250Z', '--at', TZ, 0)).toBe(Date.UTC(2026, 9, 1, 0, 30, 0, 250));
  });

  it('现在 is the clock too', () => expect(parseMoment('现在', '--at', TZ, 42)).toBe(42));

  it.each(['2026-02-30 10:00', '2026-02-29 10:00', '2026-04-31 08:00', '2026-11-27 23:60', '2026-11-27T14:30:00+15:00', ''])(
    'moment %j is refused naming the flag',
    (text) => expect(() => parseMoment(text, '--reported-at', TZ, 0)).toThrow(refused('input.moment', '--reported-at')),
  );

  it('2028-02-29 exists (leap year) and 2026-02-30 does not', () => {
    expect(parseDate('2028-02-29', '--hired')).toEqual({ y: 2028, m: 2, d: 29 });
    expect(() => parseDate('2026-02-30', '--hired')).toThrow(refused('input.date', '--hired'));
    expect(() => parseDate('2026-00-10', '--hired')).toThrow(refused('input.date', '--hired'));
    expect(() => parseDate('1899-12-31', '--hired')).toThrow(refused('input.date', '--hired'));
  });

  it('isoInZone prints the offset of the zone', () => {
    expect(isoInZone(Date.UTC(2026, 9, 1, 1, 0), TZ)).toBe('2026-10-01T09:00:00+08:00');
    expect(isoInZone(Date.UTC(2026, 6, 1, 12, 0), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
  });
});

describe('the clock: --now, then KAOHE_NOW, then the system', () => {
  it('--now wins over KAOHE_NOW', () => {
    expect(clockFrom('2026-10-01 09:00', { KAOHE_NOW: '2026-12-01 09:00' }, TZ)).toBe(at('2026-10-01 09:00'));
  });
  it('KAOHE_NOW is used without --now', () => {
    expect(clockFrom(undefined, { KAOHE_NOW: '2026-12-01 09:00' }, TZ)).toBe(at('2026-12-01 09:00'));
  });
  it('a bad KAOHE_NOW is exit 2 naming KAOHE_NOW', () => {
    expect(() => clockFrom(undefined, { KAOHE_NOW: '2026-02-30 09:00' }, TZ)).toThrow(refused('input.moment', 'KAOHE_NOW'));
  });
  it('without either it is the system clock', () => {
    const before = Date.now();
    const now = clockFrom(undefined, {}, TZ);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
  it('KAOHE_TZ picks the zone; an unknown zone is exit 2', () => {
    expect(zoneFrom({ KAOHE_TZ: 'Asia/Shanghai' })).toBe('Asia/Shanghai');
    expect(() => zoneFrom({ KAOHE_TZ: 'Mars/Olympus' })).toThrow(refused('input.zone', 'KAOHE_TZ'));
  });
});

describe('durations', () => {
  it.each([
    ['90m', 90 * MS.minute],
    ['90min', 90 * MS.minute],
    ['2h', 2 * MS.hour],
    ['2H', 2 * MS.hour],
    ['1h30m', 90 * MS.minute],
    ['3d', 3 * MS.day],
    ['1w', 7 * MS.day],
    ['1w2d', 9 * MS.day],
    ['2小时', 2 * MS.hour],
    ['30分钟', 30 * MS.minute],
    ['3天', 3 * MS.day],
    ['0m', 0],
  ])('%s', (text, ms) => expect(parseDuration(text, '--within')).toBe(ms));

  it.each(['', '2', 'h', '2 hours', '1.5h', '-2h', '2h junk', '2x'])('%j is refused naming the flag', (text) => {
    expect(() => parseDuration(text, '--within')).toThrow(refused('input.duration', '--within'));
  });
});

describe('money: yuan on the surface, integer fen inside', () => {
  it.each([
    ['3200', 320000],
    ['3200.5', 320050],
    ['3200.50', 320050],
    ['0.01', 1],
    ['¥12.30', 1230],
    ['12元', 1200],
    [' 7 ', 700],
    ['0', 0],
    ['-0', 0],
  ])('%j is %i fen', (text, fen) => expect(parseYuan(text, '--base-pay')).toBe(fen));

  it.each(['12.345', '0.001', 'NaN', 'nan', 'Infinity', '-Infinity', '1e3', '0x10', '', ' ', '12.', '.5', '1,000', '12 34', 'abc', '3200yuan'])(
    '%j is refused naming the flag',
    (text) => expect(() => parseYuan(text, '--base-pay')).toThrow(refused('input.yuan', '--base-pay')),
  );

  it('a negative amount is refused unless the caller allows it', () => {
    expect(() => parseYuan('-5', '--amount')).toThrow(refused('input.yuan_negative', '--amount'));
    expect(() => parseYuan('-0.01', '--amount')).toThrow(refused('input.yuan_negative', '--amount'));
    expect(parseYuan('-5.5', '--amount', { allowNegative: true })).toBe(-550);
  });

  it('zero is refused when the caller forbids it', () => {
    expect(() => parseYuan('0.00', '--amount', { allowZero: false })).toThrow(refused('input.yuan_zero', '--amount'));
  });

  it('a number that is not exactly two decimals (0.1 + 0.2) is refused', () => {
    expect(() => parseYuan(0.1 + 0.2, '--amount')).toThrow(refused('input.yuan', '--amount'));
    expect(parseYuan(12.5, '--amount')).toBe(1250);
  });

  it('fen back to yuan: a JSON number and a table text', () => {
    expect(fenToYuan(318200)).toBe(3182);
    expect(fenToYuan(1)).toBe(0.01);
    expect(formatYuan(318205)).toBe('3182.05');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(formatYuan(0)).toBe('0.00');
  });
});

describe('periods', () => {
  const now = at('2026-11-15 12:00');
  const iso = (ms: number) => isoInZone(ms, TZ);

  it('the default is the current month of the configured zone', () => {
    const p = periodFrom({}, now, TZ);
    expect(p.label).toBe('2026-11');
    expect([iso(p.start), iso(p.end)]).toEqual(['2026-11-01T00:00:00+08:00', '2026-12-01T00:00:00+08:00']);
    // 1 Dec 00:30 in Shanghai is still 30 Nov in UTC: the default follows Shanghai
    expect(periodFrom({}, at('2026-12-01 00:30'), TZ).label).toBe('2026-12');
  });

  it('--month 2026-12 ends at the first of January', () => {
    const p = periodFrom({ month: '2026-12' }, now, TZ);
    expect(periodJson(p)).toEqual({ label: '2026-12', from: '2026-12-01', to: '2026-12-31' });
    expect(iso(p.end)).toBe('2027-01-01T00:00:00+08:00');
  });

  it.each(['2026Q4', '2026-Q4', '2026q4'])('--quarter %s is October to December', (q) => {
    const p = periodFrom({ quarter: q }, now, TZ);
    expect(periodJson(p)).toEqual({ label: '2026Q4', from: '2026-10-01', to: '2026-12-31' });
    expect(monthsIn(p, TZ).map((m) => m.label)).toEqual(['2026-10', '2026-11', '2026-12']);
  });

  it('--quarter 2026Q1 covers February of a common year', () => {
    expect(periodJson(periodFrom({ quarter: '2026Q1' }, now, TZ))).toEqual({ label: '2026Q1', from: '2026-01-01', to: '2026-03-31' });
  });

  it('--year 2026', () => {
    const p = periodFrom({ year: '2026' }, now, TZ);
    expect([iso(p.start), iso(p.end)]).toEqual(['2026-01-01T00:00:00+08:00', '2027-01-01T00:00:00+08:00']);
    expect(monthsIn(p, TZ)).toHaveLength(12);
  });

  it('--from/--to are both inclusive', () => {
    const p = periodFrom({ from: '2026-10-01', to: '2026/10/15' }, now, TZ);
    expect(p.label).toBe('2026-10-01..2026-10-15');
    expect(at('2026-10-15 23:59') < p.end).toBe(true);
    expect(at('2026-10-16 00:00')).toBe(p.end);
    expect(at('2026-10-01 00:00')).toBe(p.start);
  });

  it('in a zone with daylight saving, March is an hour short and days start at local midnight', () => {
    const ny = 'America/New_York';
    const p = periodFrom({ month: '2026-03' }, now, ny);
    expect([isoInZone(p.start, ny), isoInZone(p.end, ny)]).toEqual(['2026-03-01T00:00:00-05:00', '2026-04-01T00:00:00-04:00']);
    expect(p.end - p.start).toBe(31 * MS.day - MS.hour);
  });

  it('a one-day range is one day long', () => {
    const p = periodFrom({ from: '2026-10-01', to: '2026-10-01' }, now, TZ);
    expect(p.end - p.start).toBe(MS.day);
  });

  it.each([
    [{ month: '2026-10', quarter: '2026Q4' }, '--month, --quarter'],
    [{ month: '2026-10', from: '2026-10-01', to: '2026-10-02' }, '--month, --from/--to'],
    [{ year: '2026', quarter: '2026Q4' }, '--quarter, --year'],
  ])('conflicting options %j are refused', (opts, field) => {
    expect(() => periodFrom(opts, now, TZ)).toThrow(refused('input.period_conflict', field));
  });

  it.each([
    [{ month: '2026-13' }, 'input.month', '--month'],
    [{ month: '2026-00' }, 'input.month', '--month'],
    [{ month: 'October' }, 'input.month', '--month'],
    [{ quarter: '2026Q5' }, 'input.quarter', '--quarter'],
    [{ quarter: 'Q4' }, 'input.quarter', '--quarter'],
    [{ year: '26' }, 'input.year', '--year'],
    [{ from: '2026-10-01' }, 'input.missing', '--to'],
    [{ to: '2026-10-01' }, 'input.missing', '--from'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'input.date', '--from'],
    [{ from: '2026-10-02', to: '2026-10-01' }, 'input.range_order', '--from/--to'],
  ])('%j is refused', (opts, key, field) => {
    expect(() => periodFrom(opts, now, TZ)).toThrow(refused(key, field));
  });

  it('a review cycle is a quarter or a year', () => {
    expect(parseCycle('2026Q3', '--period', TZ).label).toBe('2026Q3');
    expect(parseCycle('2026', '--period', TZ).kind).toBe('year');
    expect(() => parseCycle('2026-07', '--period', TZ)).toThrow(refused('input.quarter', '--period'));
  });
});

describe('small input parsers', () => {
  it('integers: whole numbers within bounds only', () => {
    expect(parseInteger(' 12 ', '--qty', 1, 100)).toBe(12);
    for (const bad of ['0', '101', '1.5', '1e2', 'ten', '', '12abc']) {
      expect(() => parseInteger(bad, '--qty', 1, 100)).toThrow(refused('input.integer', '--qty'));
    }
  });

  it('numbers: no NaN, no Infinity, at most the given decimals', () => {
    expect(parseNumber('100', '--distance', 0, 10000)).toBe(100);
    expect(parseNumber('99.95', '--distance', 0, 10000)).toBe(99.95);
    for (const bad of ['NaN', 'Infinity', '99.999', '-1', '1e3', '10001', '']) {
      expect(() => parseNumber(bad, '--distance', 0, 10000)).toThrow(refused('input.number', '--distance'));
    }
  });

  it('a number refused for its decimals says how many are allowed (50.25 km is not "out of 0 to 10000")', async () => {
    const { addMessages, t } = await import('../../src/core/i18n.js');
    addMessages((await import('../../src/core/messages.js')).coreMessages);
    try {
      parseNumber('50.25', '--distance', 0, 10000, 1);
      expect.unreachable();
    } catch (e) {
      const err = e as { key: string; params: Record<string, string | number> };
      expect(t('en', err.key, err.params)).toBe('--distance: "50.25" is not a number from 0 to 10000 with at most 1 decimal place(s)');
      expect(t('zh', err.key, err.params)).toContain('最多 1 位小数');
    }
  });

  it('choices, yes/no and text', () => {
    expect(parseChoice('engine', '--fault', ['body', 'engine'] as const)).toBe('engine');
    expect(() => parseChoice('Engine', '--fault', ['body', 'engine'] as const)).toThrow(refused('input.choice', '--fault'));
    expect([parseYesNo('是', '--warranty'), parseYesNo('No', '--warranty')]).toEqual([true, false]);
    expect(() => parseYesNo('maybe', '--warranty')).toThrow(refused('input.enum', '--warranty'));
    expect(requireText('  张伟 ', '--name')).toBe('张伟');
    expect(() => requireText('   ', '--name')).toThrow(refused('input.text', '--name'));
    expect(() => requireText(undefined, '--name')).toThrow(refused('input.missing', '--name'));
  });

  it('every refusal is an InputError (exit 2)', () => {
    try {
      parseYuan('abc', '--price');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
    }
  });
});
