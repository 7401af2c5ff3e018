// `kaohe check`'s unsigned notices (issue 14): read by index (drafts today, and notices signed or
// voided after the as-of moment), not by reading every notice ever made; the same notices as the
// rule applied to all of them, at every moment of a history with signatures and voids.
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/core/context.js';
import { effectiveAsOf } from '../../src/guard/facts.js';
import { guardChecks } from '../../src/guard/report.js';
import { addGuard, deduct, sign, voidNotice } from '../../src/guard/service.js';
import { allNotices } from '../../src/guard/store.js';
import { draftsAsOf, RANGE_SQL } from '../../src/guard/store-range.js';
import { clerk } from './clerk.js';

const CO = { company: '齐铁保安服务公司', site: '龙华物业小区' };

/** The drafts as of `now` by the rule over every notice (what check read before). */
function draftsFromAll(ctx: Context, now: number): string[] {
  return allNotices(ctx.db())
    .filter((n) => n.createdAt <= now && !effectiveAsOf(n, now) && (n.voidEnteredAt === null || n.voidEnteredAt > now))
    .filter((n) => n.effectiveEnteredAt === null || n.effectiveEnteredAt > now)
    .map((n) => n.id)
    .sort();
}

describe('check: notices waiting for a signature', () => {
  it('are the drafts the rule finds among all notices, as of every moment (today and earlier)', () => {
    const c = clerk('2026-10-01 09:00');
    c.at('2026-10-01 09:00', (ctx) => addGuard(ctx, { name: '张伟', ...CO, basePay: '3200', hired: '2025-03-01' }));
    c.at('2026-10-01 09:05', (ctx) => addGuard(ctx, { name: '李强', ...CO, basePay: '3000', hired: '2025-03-01' }));
    const n = (at: string, guards: string[]) => c.at(at, (ctx) => deduct(ctx, { guards, rule: '21', at, inspector: '王建国' })).id;
    const a = n('2026-10-02 10:00', ['张伟']);
    const b = n('2026-10-03 10:00', ['张伟', '李强']);
    const d = n('2026-10-04 10:00', ['李强']);
    n('2026-10-05 10:00', ['张伟']); // stays a draft
    c.at('2026-10-06 10:00', (ctx) => sign(ctx, { id: a, side: 'company', by: '王建国' }));
    c.at('2026-10-07 10:00', (ctx) => sign(ctx, { id: a, side: 'property', by: '陈丽' })); // a: effective from Oct 7
    c.at('2026-10-08 10:00', (ctx) => voidNotice(ctx, { id: b, reason: '录错' })); // b: void from Oct 8
    c.at('2026-10-09 10:00', (ctx) => sign(ctx, { id: d, side: 'company', by: '王建国' }));
    c.at('2026-10-10 10:00', (ctx) => sign(ctx, { id: d, side: 'property', by: '陈丽' }));
    c.at('2026-10-11 10:00', (ctx) => voidNotice(ctx, { id: d, reason: '重复' })); // d: effective, then void
    const seen: string[][] = [];
    for (const now of ['2026-10-02 09:00', '2026-10-03 12:00', '2026-10-06 12:00', '2026-10-07 12:00', '2026-10-09 12:00', '2026-10-10 12:00', '2026-10-30 12:00']) {
      c.read(now, (ctx) => {
        const expected = draftsFromAll(ctx, ctx.now);
        expect(draftsAsOf(ctx.db(), ctx.now).map((x) => x.id).filter((id) => expected.includes(id)).sort(), now).toEqual(expected);
        // what check lists (a window long enough for every draft)
        const listed = guardChecks(ctx, ctx.db(), 365 * 86_400_000).filter((i) => i.what === 'signature').map((i) => i.id).sort();
        expect(listed, now).toEqual(expected);
        seen.push(expected);
      });
    }
    // the history passes through every case: a, b and d drafts, then effective or void
    expect(seen[2]).toEqual([a, b, d, seen[6][0]].sort());
    expect(seen[6]).toHaveLength(1);
    expect(seen.some((s) => s.includes(d) && !s.includes(a))).toBe(true);
  });

  it('reads by index, never every notice', () => {
    const c = clerk('2026-10-01 09:00');
    c.read('2026-10-01 09:00', (ctx) => {
      for (const sql of [RANGE_SQL.draftsAsOf, RANGE_SQL.linesDraftsAsOf]) {
        const plan = (ctx.db().prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ now: 0 }) as Array<{ detail: string }>).map((r) => r.detail);
        expect(plan.filter((d) => /^SCAN guard_notices\b/.test(d)), plan.join('\n')).toEqual([]);
        for (const index of ['guard_notices_status', 'guard_notices_effective_entered', 'guard_notices_void_entered']) {
          expect(plan.some((d) => d.includes(`USING INDEX ${index}`) || d.includes(`USING COVERING INDEX ${index}`)), `${index}\n${plan.join('\n')}`).toBe(true);
        }
      }
    });
  });
});
