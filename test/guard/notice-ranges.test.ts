// Issue 14: `guard notices` and the drafts of `guard check` read index ranges (store-range.ts),
// never every notice ever made. Property: over random notices (back-dated, signed, voided, some
// made effective and then voided), the lists and the drafts as of any moment are exactly what
// the old whole-history filters over store.allNotices give.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KaoheError } from '../../src/core/errors.js';
import type { Context } from '../../src/core/context.js';
import { monthPeriod, yearPeriod } from '../../src/core/period.js';
import { effectiveAsOf } from '../../src/guard/facts.js';
import { listNotices } from '../../src/guard/report.js';
import { addGuard, deduct, sign, voidNotice } from '../../src/guard/service.js';
import { draftsAsOf } from '../../src/guard/store-range.js';
import { allNotices, type Notice } from '../../src/guard/store.js';
import type { ListScope } from '../../src/core/list-scope.js';
import { inScope } from '../../src/core/list-scope.js';
import { TZ, testContext, type TestContext } from '../helpers.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-01T09:00:00+08:00');
const local = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');

type Op = { step: number; back: number; kind: 'notice' | 'sign' | 'void' | 'half'; which: number };
const opArb: fc.Arbitrary<Op> = fc.record({
  step: fc.integer({ min: 1, max: 200 }),
  back: fc.integer({ min: 0, max: 1500 }),
  kind: fc.constantFrom('notice' as const, 'notice' as const, 'sign' as const, 'void' as const, 'half' as const),
  which: fc.nat(),
});

function tolerate(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof KaoheError) || (e.exitCode !== 2 && e.exitCode !== 3)) throw e;
  }
}

const ids = (ns: Notice[]) => ns.map((n) => `${n.id}:${n.status}:${n.guards.map((g) => g.guardId).join('+')}`);

/** The old reads: every notice, filtered in memory. */
function oldList(ctx: Context, scope: ListScope | null, status?: Notice['status']): Notice[] {
  const all = allNotices(ctx.db());
  if (scope === null) return all.filter((n) => n.status === 'draft').sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  return all.filter((n) => inScope(scope, n.at, n.status === 'draft') && (status === undefined || n.status === status));
}
const oldDrafts = (ctx: Context, now: number) => allNotices(ctx.db()).filter((n) => n.createdAt <= now && !effectiveAsOf(n, now) && (n.voidEnteredAt === null || n.voidEnteredAt > now));
const newDrafts = (ctx: Context, now: number) => draftsAsOf(ctx.db(), now).filter((n) => n.createdAt <= now && !effectiveAsOf(n, now) && (n.voidEnteredAt === null || n.voidEnteredAt > now));

describe('guard notices and guard check read index ranges', () => {
  it('the same notices as the whole-history filters, for every scope and moment', () => {
    const seen = { drafts: 0, laterEffective: 0, lists: 0 };
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 40 }), (ops) => {
        let now = START;
        let t: TestContext = testContext({ now: local(now) });
        const on = (fn: (ctx: Context) => unknown) => tolerate(() => fn(t.ctx));
        on((ctx) => addGuard(ctx, { name: '张伟', company: 'c', site: 's', basePay: '3000', hired: '2025-03-01' }));
        on((ctx) => addGuard(ctx, { name: '李强', company: 'c', site: 's', basePay: '3000', hired: '2025-03-01' }));
        const notices: string[] = [];
        const moments: number[] = [];
        for (const op of ops) {
          now += op.step * HOUR;
          t = t.later(local(now));
          const back = local(Math.max(START, now - op.back * HOUR));
          const id = notices[op.which % Math.max(1, notices.length)];
          if (op.kind === 'notice') on((ctx) => notices.push(deduct(ctx, { guards: op.which % 3 === 0 ? ['张伟', '李强'] : [op.which % 2 ? '张伟' : '李强'], rule: '1', at: back, inspector: 'x', reason: '补录' }).id));
          else if (id && op.kind === 'half') on((ctx) => sign(ctx, { id, side: 'company', by: '王建国', at: back, reason: '补录' }));
          else if (id && op.kind === 'sign') {
            on((ctx) => sign(ctx, { id, side: 'company', by: '王建国', at: back, reason: '补录' }));
            on((ctx) => sign(ctx, { id, side: 'property', by: '陈丽', at: back, reason: '补录' }));
          } else if (id && op.kind === 'void') on((ctx) => voidNotice(ctx, { id, reason: '撤销', at: back }));
          moments.push(now - HOUR, now);
        }
        const ctx = t.ctx;
        for (const m of moments) {
          const a = ids(newDrafts(ctx, m));
          expect(a).toEqual(ids(oldDrafts(ctx, m)));
          seen.drafts += a.length;
          seen.laterEffective += oldDrafts(ctx, m).filter((n) => n.status !== 'draft').length;
        }
        const scopes: Array<ListScope | null> = [
          null, { kind: 'all' },
          ...[3, 4, 5, 6].flatMap((m) => [{ kind: 'period' as const, period: monthPeriod(2026, m, TZ) }, { kind: 'open' as const, month: monthPeriod(2026, m, TZ) }]),
          { kind: 'period', period: yearPeriod(2026, TZ) },
        ];
        for (const scope of scopes) {
          for (const status of [undefined, 'draft', 'effective', 'void'] as const) {
            const a = ids(listNotices(ctx.db(), scope, status));
            expect(a).toEqual(ids(oldList(ctx, scope, status)));
            seen.lists += a.length;
          }
        }
      }),
      { numRuns: 15, seed: 14 },
    );
    // the cases that matter did occur: drafts, notices effective or void now but drafts earlier, lists
    expect(seen.drafts).toBeGreaterThan(0);
    expect(seen.laterEffective).toBeGreaterThan(0);
    expect(seen.lists).toBeGreaterThan(0);
  }, 120_000);
});
