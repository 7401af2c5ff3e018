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

  it('prints last month\'s pay sheet and the fund', () => {
    const t = fill(1, 'zh');
    printGuardDemo(t.ctx);
    expect(t.out()).toContain('保安队员扣款表 2026-10');
    expect(t.out()).toContain('罚款资金');
  });
});
