// issue 9: a rate is rounded once from the exact fraction, and never printed across its target.
import { describe, expect, it } from 'vitest';
import { judgedRate, meetsTarget, percentText, shownRate } from '../../src/core/rate.js';
import { slaFigures, slaRateTexts } from '../../src/ticket/rules.js';
import { loadRules, defaultRulesPath } from '../../src/core/rules.js';

describe('rates rounded once, never across the target', () => {
  it.each([
    // num, den, target, json rate, printed, verdict
    [84946, 100000, { min: 0.85 }, 0.8495, '84.9%', false],
    [84996, 100000, { min: 0.85 }, 0.8499, '84.9%', false],
    [85000, 100000, { min: 0.85 }, 0.85, '85.0%', true],
    [84950, 100000, null, 0.8495, '85.0%', null],
    [8499, 10000, { min: 0.85 }, 0.8499, '84.9%', false],
    [17, 20, { min: 0.85 }, 0.85, '85.0%', true],
    [899999, 1000000, { min: 0.9 }, 0.8999, '89.9%', false],
    [2, 3, { min: 0.9 }, 0.6667, '66.7%', false],
    [296, 10000, { below: 0.03 }, 0.0296, '2.9%', true],
    [2999, 100000, { below: 0.03 }, 0.0299, '2.9%', true],
    [29999, 1000000, { below: 0.03 }, 0.0299, '2.9%', true],
    [3, 100, { below: 0.03 }, 0.03, '3.0%', false],
    [0, 5, { below: 0.03 }, 0, '0.0%', true],
    [1, 8, null, 0.125, '12.5%', null],
    [1, 16, null, 0.0625, '6.3%', null],
    [0, 0, { min: 0.9 }, null, '—', null],
  ] as const)('%i/%i against %o: %s, printed %s, meets %s', (num, den, target, json, printed, meets) => {
    expect(shownRate(num, den, target)).toBe(json);
    expect(percentText(num, den, target)).toBe(printed);
    expect(meetsTarget(num, den, target)).toBe(meets);
    expect(judgedRate(num, den, target)).toEqual({ rate: json, text: printed, meets });
  });

  it('the SLA figures of 84.946 % satisfaction print 84.9 % next to "no"', () => {
    const targets = loadRules(defaultRulesPath()).targets;
    const c = { tickets: 100000, met: 90000, missed: 10000, pending: 0, surveyed: 100000, satisfied: 84946, complaints: 2999 };
    const f = slaFigures(c, targets);
    expect(f.satisfaction_rate).toBe(0.8495);
    expect(f.meets).toEqual({ on_time_rate: true, satisfaction_rate: false, complaint_rate: true });
    expect(slaRateTexts(c, targets)).toEqual({ on_time_rate: '90.0%', satisfaction_rate: '84.9%', complaint_rate: '2.9%' });
  });
});
