// SPEC §0 "Two times on every step": late entries (补录) need a reason; no step before the one it follows.
import { describe, expect, it } from 'vitest';
import { checkStep, isLateEntry } from '../../src/core/steps.js';
import { at, testContext } from '../helpers.js';

const H = 3_600_000;

describe('a late entry (补录)', () => {
  it.each([
    ['entered at once', 0, false],
    ['entered exactly 72 h later', 72 * H, false],
    ['entered 72 h and one minute later', 72 * H + 60_000, true],
    ['entered a week later', 7 * 24 * H, true],
  ])('%s: late %s', (_l, delay, late) => {
    expect(isLateEntry(at('2026-10-01 09:00'), at('2026-10-01 09:00') + delay, 72)).toBe(late);
  });

  it.each([
    ['dated before the deadline, entered before it', '2026-10-01 20:00', '2026-10-01 21:00', false],
    ['dated before the deadline, entered exactly on it', '2026-10-01 20:00', '2026-10-01 21:00', false],
    ['dated on the deadline, entered a minute after it', '2026-10-01 21:00', '2026-10-01 21:01', true],
    ['dated after the deadline (a missed step told honestly)', '2026-10-01 22:00', '2026-10-01 23:00', false],
  ])('%s: late %s', (_l, stepAt, entered, late) => {
    const deadline = at('2026-10-01 21:00');
    const e = entered === '2026-10-01 21:00' && !late ? deadline : at(entered);
    expect(isLateEntry(at(stepAt), e, 72, deadline)).toBe(late);
  });
});

describe('checkStep', () => {
  it('a late entry without --reason is exit 2 naming --reason; with one, the reason is kept', () => {
    const { ctx } = testContext({ now: '2026-10-10 09:00' });
    expect(() => checkStep(ctx, { kind: 'ticket.respond', at: at('2026-10-01 09:00') })).toThrow(expect.objectContaining({ key: 'step.reason_needed', exitCode: 2 }));
    expect(checkStep(ctx, { kind: 'ticket.respond', at: at('2026-10-01 09:00'), reason: '纸质单据补录' })).toEqual({
      at: at('2026-10-01 09:00'), enteredAt: ctx.now, late: '纸质单据补录',
    });
    expect(checkStep(ctx, { kind: 'ticket.respond', at: at('2026-10-09 09:00') }).late).toBeNull();
  });

  it('a step dated before the step it follows is exit 3', () => {
    const { ctx } = testContext({ now: '2026-10-10 09:00' });
    expect(() => checkStep(ctx, { kind: 'x', at: at('2026-10-09 08:59'), after: { at: at('2026-10-09 09:00'), what: 'the report' } })).toThrow(
      expect.objectContaining({ key: 'step.before_previous', exitCode: 3 }),
    );
    expect(checkStep(ctx, { kind: 'x', at: at('2026-10-09 09:00'), after: { at: at('2026-10-09 09:00'), what: 'the report' } }).late).toBeNull();
  });
});
