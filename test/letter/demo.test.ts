import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/core/audit.js';
import { periodFrom } from '../../src/core/period.js';
import { seededRandom } from '../../src/demo/service.js';
import { fillLetterDemo, printLetterDemo } from '../../src/letter/demo.js';
import { letterChecks, letterInvariants, letterReport, listLetters } from '../../src/letter/service.js';
import { TZ, testContext } from '../helpers.js';

describe('the letter demo', () => {
  const fill = (seed: number, t = testContext({ now: '2026-11-27 09:00' })) => {
    const { ctx } = t;
    const progress = { tick: () => undefined, stop: () => undefined };
    ctx.write((db) => fillLetterDemo(ctx, db, { months: 12, tickets: 0, now: ctx.now, random: seededRandom(seed), progress }));
    return ctx;
  };

  it('logs a year of calls and letters: most replied on time, some late, a few open, one overdue', () => {
    const ctx = fill(1);
    const r = letterReport(ctx, periodFrom({ from: '2025-11-01', to: '2026-11-27' }, ctx.now, TZ));
    expect(r.received).toBeGreaterThan(130);
    expect(r.received).toBeLessThan(170);
    expect(r.replied_on_time / r.replied).toBeGreaterThan(0.85);
    expect(r.replied_late).toBeGreaterThan(0);
    expect(r.open).toBeGreaterThan(0);
    expect(letterChecks(ctx, ctx.db(), 0).some((i) => i.overdue)).toBe(true);
    expect(letterInvariants(ctx.db()).every((i) => i.ok)).toBe(true);
    // one audit row per change, in time order
    const rows = auditLog(ctx.db());
    expect(rows.every((row, i) => i === 0 || row.at >= rows[i - 1].at)).toBe(true);
    expect(listLetters(ctx, { period: null, pending: true }).length).toBe(r.open);
  });

  it('the same seed gives the same letters', () => {
    const a = listLetters(fill(7), { period: periodFrom({ year: '2026' }, 0, TZ), pending: false }).map((l) => [l.id, l.subject, l.repliedAt]);
    const b = listLetters(fill(7), { period: periodFrom({ year: '2026' }, 0, TZ), pending: false }).map((l) => [l.id, l.subject, l.repliedAt]);
    expect(a).toEqual(b);
  });

  it('prints the last twelve months and today\'s check', () => {
    const t = testContext({ now: '2026-11-27 09:00' });
    fill(1, t);
    printLetterDemo(t.ctx);
    expect(t.out()).toContain('Calls and letters 2025-12-01..2026-11-27');
    expect(t.out()).toMatch(/median reply time\s+│\s+\d+\.\d h/);
    expect(t.out()).toContain('overdue');
  });
});
