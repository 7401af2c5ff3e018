import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/core/audit.js';
import { monthPeriod } from '../../src/core/period.js';
import { seededRandom } from '../../src/demo/service.js';
import { fillGuardDemo, printGuardDemo } from '../../src/guard/demo.js';
import { fund, guardChecks, guardInvariants, guardReport, monthSheet } from '../../src/guard/report.js';
import { allGuards, allNotices, type Notice } from '../../src/guard/store.js';
import { TZ, testContext } from '../helpers.js';
import type { Db } from '../../src/core/db.js';

const noticesBetween = (db: Db, start: number, end: number): Notice[] => allNotices(db).filter((n) => n.at >= start && n.at < end);

describe('the guard demo', () => {
  const fill = (seed: number, lang: 'en' | 'zh' = 'en') => {
    const t = testContext({ now: '2026-11-27 09:00', lang });
    const progress = { tick: () => undefined, stop: () => undefined };
    t.ctx.write((db) => fillGuardDemo(t.ctx, db, { months: 12, tickets: 0, now: t.ctx.now, random: seededRandom(seed), progress }));
    return t;
  };

  it('one company, one site, a dozen guards and a year of notices', () => {
    const { ctx } = fill(1);
    const db = ctx.db();
    const guards = allGuards(db);
    expect(guards).toHaveLength(12);
    expect(new Set(guards.map((g) => g.company)).size).toBe(1);
    expect(guards.every((g) => g.basePayFen >= 300000 && g.basePayFen <= 360000)).toBe(true);
    const notices = noticesBetween(db, 0, ctx.now + 1);
    const by = (s: string) => notices.filter((n) => n.status === s).length;
    expect(by('effective')).toBeGreaterThan(30);
    expect(by('draft')).toBeGreaterThanOrEqual(2);
    expect(by('void')).toBe(1);
    const items = guardChecks(ctx, db, 0);
    expect(items.filter((i) => i.what === 'dismissal').map((i) => i.id)).toEqual(['GD011']); // 孙磊, 3rd absence
    expect(items.some((i) => i.what === 'signature' && i.overdue)).toBe(true);
    expect(fund(db).rewards.length).toBeGreaterThan(0);
    expect(fund(db).balanceFen).toBeGreaterThanOrEqual(0);
    expect(guardInvariants(ctx, db).every((i) => i.ok)).toBe(true);
    const year = guardReport(db, monthPeriod(2026, 10, TZ));
    expect(year.guards.length).toBeGreaterThan(0);
    const rows = auditLog(db);
    expect(rows.every((row, i) => i === 0 || row.at >= rows[i - 1].at)).toBe(true);
    expect(monthSheet(ctx, db, monthPeriod(2026, 10, TZ)).lines.find((l) => l.guard.name === '孙磊')?.triggers).toHaveLength(1);
  });

  it('the same seed gives the same notices', () => {
    const ids = (seed: number) => noticesBetween(fill(seed).ctx.db(), 0, Number.MAX_SAFE_INTEGER).map((n) => [n.id, n.rule, n.at, n.status]);
    expect(ids(7)).toEqual(ids(7));
  });

  it('a load test of the notices leaves the rows the services leave, logged as a baseline', () => {
    const progress = { tick: () => undefined, stop: () => undefined };
    const filled = (how: 'steps' | 'bulk') => {
      const t = testContext({ now: '2026-11-27 09:00' });
      t.ctx.write((db) => fillGuardDemo(t.ctx, db, { months: 12, tickets: 0, notices: 600, now: t.ctx.now, random: seededRandom(3), progress }, how));
      return t.ctx;
    };
    const steps = filled('steps');
    const bulk = filled('bulk');
    const rows = (ctx: typeof steps, table: string) => ctx.db().prepare(`SELECT * FROM ${table}`).raw().all();
    // the same rows; the fund's and the rewards' in the same order (the load test writes a notice at
    // its last step, the services at its first: the notices by their keys)
    for (const table of ['guards', 'guard_notices ORDER BY id', 'guard_notice_guards ORDER BY notice_id, rowid', 'guard_rewards ORDER BY rowid', 'guard_fund ORDER BY seq', 'serials ORDER BY rowid']) {
      expect(rows(bulk, table), table).toEqual(rows(steps, table));
    }
    // every state a notice can be in, a void taking its fine back out, rewards paid from the fund
    const notices = allNotices(bulk.db());
    expect(notices.length).toBeGreaterThan(500);
    expect(new Set(notices.map((n) => n.status))).toEqual(new Set(['draft', 'effective', 'void']));
    expect(rows(bulk, "guard_fund WHERE kind = 'reversal'").length).toBe(1);
    expect(fund(bulk.db()).rewards.length).toBeGreaterThan(0);
    expect(guardInvariants(bulk, bulk.db()).every((i) => i.ok)).toBe(true);
    // the roster's steps are logged; the notices, rewards and fund are one baseline row a page of 500
    const log = auditLog(bulk.db());
    expect(log.filter((r) => r.action === 'guard.add').length).toBe(12);
    expect(log.some((r) => r.action === 'guard.deduct' || r.action === 'guard.sign')).toBe(false);
    const baseline = log.filter((r) => r.action === 'audit.baseline');
    expect(baseline.map((r) => r.change.table)).toContain('guard_notices');
    expect(baseline.reduce((s, r) => s + (r.change.table === 'guard_notices' ? (r.change.rows as number) : 0), 0)).toBe(notices.length);
    expect(log.length).toBeLessThan(auditLog(steps.db()).length / 50);
  });

  it('prints last month\'s pay sheet and the fund', () => {
    const t = fill(1, 'zh');
    printGuardDemo(t.ctx);
    expect(t.out()).toContain('保安队员扣款表 2026-10');
    expect(t.out()).toContain('罚款资金');
  });
});
