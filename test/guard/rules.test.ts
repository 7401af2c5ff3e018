import { describe, expect, it } from 'vitest';
import { loadRules, defaultRulesPath } from '../../src/core/rules.js';
import {
  afterSignature, dismissalTriggers, findRule, fineFen, finePerPointFen, fundAfter, netPayFen, pointsFor, samePerson, signatureDue,
  splitCompensation, type Occurrence,
} from '../../src/guard/rules.js';
import { MS } from '../../src/core/time.js';

const guard = loadRules(defaultRulesPath()).guard;
const rule = (no: number) => findRule(guard, no)!;

// the seed's items 1-22 (篇2 二), 14 being our choice where the seed says "扣份"
const FIXED: Array<[number, number]> = [
  [1, 2], [2, 4], [3, 3], [4, 2], [5, 4], [6, 4], [7, 3], [8, 5], [9, 2], [10, 3], [11, 2],
  [13, 3], [14, 2], [15, 5], [16, 10], [17, 4], [18, 5], [19, 3], [21, 10], [22, 5],
];

describe('the rule table of 篇2', () => {
  it('has the 22 rules', () => expect(guard.rules.map((r) => r.no)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1)));

  it.each(FIXED)('rule %i is worth %i points, taken when --points is left out', (no, points) => {
    expect(pointsFor(rule(no), undefined)).toBe(points);
    expect(pointsFor(rule(no), points)).toBe(points);
  });

  it.each(FIXED)('rule %i refuses any other number of points (exit 2 naming --points)', (no, points) => {
    expect(() => pointsFor(rule(no), points + 1)).toThrow(expect.objectContaining({ exitCode: 2, key: 'guard.points_fixed', params: expect.objectContaining({ field: '--points' }) }));
  });

  it.each([
    [12, 3, false], [12, 4, true], [12, 7, true], [12, 10, true], [12, 11, false],
    [20, 3, false], [20, 4, true], [20, 10, true], [20, 11, false],
  ])('rule %i with %i points: accepted %s', (no, points, ok) => {
    if (ok) expect(pointsFor(rule(no), points)).toBe(points);
    else expect(() => pointsFor(rule(no), points)).toThrow(expect.objectContaining({ exitCode: 2, key: 'guard.points_range', params: expect.objectContaining({ field: '--points', min: 4, max: 10 }) }));
  });

  it.each([12, 20])('rule %i needs --points (the range is named)', (no) => {
    expect(() => pointsFor(rule(no), undefined)).toThrow(expect.objectContaining({ exitCode: 2, key: 'guard.points_required', params: expect.objectContaining({ min: 4, max: 10 }) }));
  });

  it.each([[3], [7], [9], [14]])('rule %i is 每人各扣 (each guard involved)', (no) => expect(rule(no).per_guard).toBe(true));
  it('only rule 5 carries compensation', () => expect(guard.rules.filter((r) => r.compensation).map((r) => r.no)).toEqual([5]));
  it('rules 2, 8 and 16 are dismissal triggers at 3, 3 and 1', () => {
    expect(guard.rules.filter((r) => r.dismiss_at).map((r) => [r.no, r.dismiss_at])).toEqual([[2, 3], [8, 3], [16, 1]]);
  });
});

describe('fines: each point costs 2 yuan (一(三))', () => {
  it('2 yuan is 200 fen per point', () => expect(finePerPointFen(guard)).toBe(200));
  it.each([[2, 200], [2.5, 250], [0.1, 10], [2.01, 201], [1.15, 115]])('%d yuan is %i fen per point, exactly (money in fen, no rounding)', (yuan, fen) =>
    expect(finePerPointFen({ ...guard, yuan_per_point: yuan })).toBe(fen));
  it.each([2.345, 0.001, 1.005])('a rate of %d yuan (sub-fen) is refused: a fine would be rounded', (yuan) =>
    expect(() => finePerPointFen({ ...guard, yuan_per_point: yuan })).toThrow(expect.objectContaining({ exitCode: 2, key: 'guard.rate_fen' })));
  it.each([[2, 400], [4, 800], [10, 2000], [0, 0]])('%i points are %i fen', (p, fen) => expect(fineFen(p, 200)).toBe(fen));
  it('net pay = base pay − fine − compensation', () => expect(netPayFen(320000, 1800, 4550)).toBe(313650));
});

describe('compensation for a shared notice is split, odd fen to the first named', () => {
  it.each([
    [4550, 1, [4550]], [4550, 2, [2275, 2275]], [1001, 3, [334, 334, 333]], [0, 2, [0, 0]],
  ])('%i fen over %i guards', (total, n, parts) => expect(splitCompensation(total, n)).toEqual(parts));
});

describe('two-sided signature (一(四))', () => {
  const draft = { status: 'draft' as const, companyBy: null, propertyBy: null };
  it('one side alone leaves the notice a draft', () => expect(afterSignature(draft, 'company', '王建国')).toBe('draft'));
  it('the second side by another person makes it effective', () => {
    expect(afterSignature({ ...draft, companyBy: '王建国' }, 'property', '陈丽')).toBe('effective');
  });
  it.each(['王建国', ' 王建国 ', 'Wang Jianguo'])('the same person on both sides is refused (exit 3): %s', (by) => {
    const n = { ...draft, companyBy: by === 'Wang Jianguo' ? 'wang  jianguo' : '王建国' };
    expect(() => afterSignature(n, 'property', by)).toThrow(expect.objectContaining({ exitCode: 3, key: 'guard.same_signer' }));
  });
  it('a side signed twice is refused (exit 3)', () => {
    expect(() => afterSignature({ ...draft, companyBy: '王建国' }, 'company', '刘振华')).toThrow(expect.objectContaining({ exitCode: 3, key: 'guard.side_signed.company' }));
  });
  it('a void notice cannot be signed', () => {
    expect(() => afterSignature({ ...draft, status: 'void' }, 'company', 'x')).toThrow(expect.objectContaining({ exitCode: 3 }));
  });
  it('names compare without case and spacing', () => expect(samePerson(' Chen  Li', 'chen li')).toBe(true));
});

describe('三次以上 予以辞退: the 3rd time is the trigger', () => {
  const day = (d: number) => Date.UTC(2026, 0, d);
  const occ = (rule: number, ...days: number[]): Occurrence[] => days.map((d, i) => ({ rule, at: day(d), notice: `G2026-${rule}${i}` }));

  it.each([
    [2, 2, false], [2, 3, true], [2, 4, true], [8, 2, false], [8, 3, true], [16, 1, true], [1, 10, false],
  ])('rule %i happening %i times: trigger %s', (no, times, yes) => {
    const t = dismissalTriggers(guard.rules, occ(no, ...Array.from({ length: times }, (_, i) => i + 1)), null);
    expect(t.length > 0).toBe(yes);
  });

  it('the trigger is dated by the 3rd occurrence and lists the notices', () => {
    const [t] = dismissalTriggers(guard.rules, occ(2, 1, 5, 9, 20), null);
    expect(t).toMatchObject({ rule: 2, times: 3, count: 4, at: day(9) });
    expect(t.notices).toHaveLength(4);
  });

  it('different rules do not add up', () => {
    expect(dismissalTriggers(guard.rules, [...occ(2, 1, 2), ...occ(8, 3, 4)], null)).toEqual([]);
  });

  it('with a window, three times must fall within it', () => {
    expect(dismissalTriggers(guard.rules, occ(2, 1, 15, 29), 30)).toHaveLength(1);
    expect(dismissalTriggers(guard.rules, occ(2, 1, 15, 31), 30)).toHaveLength(0);
    expect(dismissalTriggers(guard.rules, occ(2, 1, 15, 31, 40), 30)).toHaveLength(1);
  });
});

describe('the fine fund never goes below zero (一(六))', () => {
  it.each([[1000, -1000, 0], [1000, -1, 999], [0, 500, 500]])('%i + %i = %i', (b, d, after) => expect(fundAfter(b, d)).toBe(after));
  it('one fen too many is refused (exit 3)', () => expect(() => fundAfter(1000, -1001)).toThrow(expect.objectContaining({ exitCode: 3, key: 'guard.fund_low' })));
});

it('a notice waits sign_wait_days for its second signature', () => {
  expect(signatureDue(0, guard.sign_wait_days)).toBe(3 * MS.day);
});
