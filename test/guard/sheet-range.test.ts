// Issue 14: a month's pay sheet reads the month's notices and only the history its carry (结转)
// can come from (month-history.ts). Property: over random notices, signatures, voids and
// dismissals and months issued to finance (补扣 of notices signed or voided late), every sheet's lines and what former guards owe are exactly what
// the whole-history chain (payChain over every notice) gives — including guards whose fines run
// over their base pay month after month (the carry never resets) and guards whose carry resets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KaoheError } from '../../src/core/errors.js';
import type { Context } from '../../src/core/context.js';
import { monthKey, monthPeriod } from '../../src/core/period.js';
import { noticeFacts } from '../../src/guard/facts.js';
import { guardFacts, monthSheet } from '../../src/guard/month.js';
import { dismiss } from '../../src/guard/roster.js';
import { addGuard, deduct, sign, voidNotice } from '../../src/guard/service.js';
import { issueMonth } from '../../src/guard/ledger.js';
import { cutoffOf, nextMonth, payChain } from '../../src/guard/sheet.js';
import { allGuards, allIssues, allNotices } from '../../src/guard/store.js';
import { TZ, testContext, type TestContext } from '../helpers.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-01T09:00:00+08:00');
const local = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
const NAMES = ['张伟', '李强', '王磊', '赵敏'];
const covered = { carried: 0, reset: 0, owed: 0, issued: 0, adjustments: 0 };

type Op =
  | { op: 'notice'; guard: number; rule: '1' | '6' | '21'; back: number; signs: 0 | 1 | 2 }
  | { op: 'void'; which: number; back: number }
  | { op: 'dismiss'; guard: number }
  | { op: 'sign'; which: number }
  | { op: 'issue' };

const opArb: fc.Arbitrary<{ step: number; op: Op }> = fc.record({
  step: fc.integer({ min: 1, max: 240 }),
  op: fc.oneof(
    { weight: 8, arbitrary: fc.record({ op: fc.constant('notice' as const), guard: fc.integer({ min: 0, max: 3 }), rule: fc.constantFrom('1' as const, '6' as const, '21' as const), back: fc.integer({ min: 0, max: 900 }), signs: fc.constantFrom(0 as const, 2 as const, 2 as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('void' as const), which: fc.nat(), back: fc.integer({ min: 0, max: 100 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('dismiss' as const), guard: fc.integer({ min: 0, max: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('sign' as const), which: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('issue' as const) }) },
  ),
});

function tolerate(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof KaoheError) || (e.exitCode !== 2 && e.exitCode !== 3)) throw e;
  }
}

/** What the whole-history chain gives for the month, as the sheet shows it. */
function reference(ctx: Context, month: string) {
  const db = ctx.db();
  const facts = noticeFacts(allNotices(db), TZ);
  const issues = allIssues(db);
  const lines: unknown[] = [];
  const owed: unknown[] = [];
  for (const g of allGuards(db)) {
    const line = payChain(guardFacts(g, TZ), facts, issues, month, ctx.now).at(-1);
    if (line === undefined || line.month !== month) continue;
    const cutoff = cutoffOf(issues, month, ctx.now);
    const dismissed = g.dismissedAt !== null && g.dismissEnteredAt !== null && g.dismissEnteredAt <= cutoff;
    if (dismissed && line.carriedOutFen > 0 && monthKey(g.dismissedAt as number, TZ) <= month) owed.push([g.id, line.carriedOutFen]);
    if (line.onSheet) lines.push([g.id, line.fineFen, line.compensationFen, line.netFen, line.carriedInFen, line.carriedOutFen, line.finalPay, line.entries.filter((e) => !e.adjustment).map((e) => e.notice), line.entries.filter((e) => e.adjustment).map((e) => [e.notice, e.fineFen])]);
  }
  return { lines, owed };
}

function play(ops: Array<{ step: number; op: Op }>): void {
  let now = START;
  let t: TestContext = testContext({ now: local(now) });
  const on = (fn: (ctx: Context) => unknown) => tolerate(() => fn(t.ctx));
  ['10', '40', '3000', '25'].forEach((basePay, i) => on((ctx) => addGuard(ctx, { name: NAMES[i], company: 'c', site: 's', basePay, hired: i === 3 ? '2026-05-10' : '2025-03-01' })));
  const notices: string[] = [];
  let nextIssue = '2026-03';
  for (const { step, op } of ops) {
    now += step * HOUR;
    t = t.later(local(now));
    const back = (h: number) => local(Math.max(START, now - h * HOUR));
    if (op.op === 'notice') {
      on((ctx) => {
        const n = deduct(ctx, { guards: [NAMES[op.guard]], rule: op.rule, at: back(op.back), inspector: 'x', reason: '补录' });
        notices.push(n.id);
        if (op.signs === 2) {
          sign(ctx, { id: n.id, side: 'company', by: '王建国', at: local(n.at), reason: '补录' });
          sign(ctx, { id: n.id, side: 'property', by: '陈丽', at: local(n.at), reason: '补录' });
        }
      });
    } else if (op.op === 'void' && notices.length > 0) {
      on((ctx) => voidNotice(ctx, { id: notices[op.which % notices.length], reason: '复核撤销', at: back(op.back) }));
    } else if (op.op === 'sign' && notices.length > 0) {
      const id = notices[op.which % notices.length];
      on((ctx) => sign(ctx, { id, side: 'company', by: '王建国', at: back(1), reason: '补录' }));
      on((ctx) => sign(ctx, { id, side: 'property', by: '陈丽', at: back(1), reason: '补录' }));
    } else if (op.op === 'issue' && nextIssue < monthKey(now, TZ)) {
      issueMonth(t.ctx, monthPeriod(Number(nextIssue.slice(0, 4)), Number(nextIssue.slice(5)), TZ));
      nextIssue = nextMonth(nextIssue);
      covered.issued += 1;
    } else if (op.op === 'dismiss') {
      on((ctx) => dismiss(ctx, { guard: NAMES[op.guard], reason: '屡次违纪', at: local(now) }));
    }
  }
  for (let month = '2026-02'; month <= nextMonth(monthKey(now, TZ)); month = nextMonth(month)) {
    const p = monthPeriod(Number(month.slice(0, 4)), Number(month.slice(5)), TZ);
    const sheet = monthSheet(t.ctx, t.ctx.db(), p);
    const got = {
      lines: sheet.lines.map((l) => [l.guard.id, l.fineFen, l.compensationFen, l.netPayFen, l.carriedInFen, l.carriedOutFen, l.finalPay, l.notices, l.adjustments.map((a) => [a.notice, a.fineFen])]),
      owed: sheet.owed.map((o) => [o.guard.id, o.amountFen]),
    };
    const want = reference(t.ctx, month);
    expect(got).toEqual(want);
    for (const l of sheet.lines) {
      if (l.carriedInFen > 0) covered.carried += 1;
      else if (l.fineFen > 0) covered.reset += 1;
    }
    covered.owed += sheet.owed.length;
    covered.adjustments += sheet.lines.reduce((n, l) => n + l.adjustments.length, 0);
  }
  t.ctx.close();
}

describe('property: a month\'s sheet from its range of notices equals the whole-history chain', () => {
  it('holds over random notices, voids and dismissals and months issued to finance (补扣 of notices signed or voided late)', () => {
    // a fixed seed: the coverage counts below must hold on every run, not on most (one CI run in
    // several drew 30 histories without a former guard's debt)
    fc.assert(fc.property(fc.array(opArb, { minLength: 5, maxLength: 30 }), (ops) => play(ops)), { numRuns: 30, seed: 20261201 });
    // the interesting cases were reached: carries, months that start from nothing, debts of former guards
    expect(covered.carried).toBeGreaterThan(0);
    expect(covered.reset).toBeGreaterThan(0);
    expect(covered.owed).toBeGreaterThan(0);
    expect(covered.issued).toBeGreaterThan(0);
    expect(covered.adjustments).toBeGreaterThan(0);
  });
});
