// Property (issue 14): the pay chain groups the notices by the months whose sheets can carry them
// (sheet.ts sheetMonths) instead of looking at every notice for every month. Over random notices
// (effective late or never, voided before or after their month was closed), random months issued
// to finance and random moments, the chain is the same as the one that asks entriesOn about every
// notice for every month — the months computed either way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutoffOf, entriesOn, nextMonth, payChain, sheetMonths, type GuardFacts, type Issue, type NoticeFacts } from '../../src/guard/sheet.js';

const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
// entry times on a small scale (a unit is about a week), so closings, entries and voids interleave
const time = fc.integer({ min: 0, max: 40 });

const noticeArb = fc.record({
  month: fc.constantFrom(...MONTHS),
  effectiveEnteredAt: fc.option(time, { nil: null }),
  voidEnteredAt: fc.option(time, { nil: null }),
  guards: fc.uniqueArray(fc.record({ guardId: fc.constantFrom('G1', 'G2'), points: fc.integer({ min: 1, max: 10 }), fineFen: fc.integer({ min: 0, max: 90_000 }), compensationFen: fc.integer({ min: 0, max: 50_000 }) }), { minLength: 1, maxLength: 2, selector: (x) => x.guardId }),
});
const issueArb = fc.record({ month: fc.constantFrom(...MONTHS), enteredAt: time, headSeq: fc.nat(), headHash: fc.constant('h') });
const guardArb = fc.record({
  basePayFen: fc.integer({ min: 0, max: 300_000 }), hiredMonth: fc.constantFrom(...MONTHS), enteredAt: time,
  dismissMonth: fc.option(fc.constantFrom(...MONTHS), { nil: null }), dismissEnteredAt: fc.option(time, { nil: null }),
});

/** The chain as it was computed before: entriesOn over all of the guard's notices, each month. */
function chainByRescan(g: GuardFacts, notices: NoticeFacts[], issues: Issue[], upTo: string, asOf: number) {
  const mine = notices.filter((n) => n.guards.some((x) => x.guardId === g.id));
  const out: Array<{ month: string; entries: unknown[] }> = [];
  let month = mine.reduce((m, n) => (n.month < m ? n.month : m), g.hiredMonth);
  for (; month <= upTo; month = nextMonth(month)) out.push({ month, entries: entriesOn(mine, issues, month, cutoffOf(issues, month, asOf)).filter((e) => e.guardId === g.id) });
  return out;
}

describe('the pay chain with its notices grouped by sheet month', () => {
  it('is the chain that rescans every notice for every month', () => {
    let voidedLate = 0;
    fc.assert(
      fc.property(fc.array(noticeArb, { maxLength: 25 }), fc.array(issueArb, { maxLength: 4 }), guardArb, fc.integer({ min: 0, max: 45 }), fc.constantFrom(...MONTHS), (raw, issues, gRaw, asOf, upTo) => {
        const notices: NoticeFacts[] = raw.map((n, i) => ({ id: `N${String(i).padStart(3, '0')}`, ...n }));
        const g: GuardFacts = { id: 'G1', ...gRaw };
        const chain = payChain(g, notices, issues, upTo, asOf);
        const rescan = chainByRescan(g, notices, issues, upTo, asOf);
        expect(chain.map((l) => [l.month, l.entries])).toEqual(rescan.map((l) => [l.month, l.entries]));
        // every notice is in the groups of at most two months, each at most once
        for (const list of sheetMonths(notices, issues).values()) expect(new Set(list).size).toBe(list.length);
        if (chain.some((l) => l.entries.some((e) => e.points < 0))) voidedLate += 1;
      }),
      { numRuns: 400, seed: 14 },
    );
    // the runs reached reversals (a void of a notice already on a closed sheet), not only the plain case
    expect(voidedLate).toBeGreaterThan(0);
  });
});
