// The review part of `kaohe demo`: a dozen managers, four quarters and the annual cycle of the
// demo's year as far as its "today" reaches, entered at their event times.
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/core/audit.js';
import { openDb, setMeta } from '../../src/core/db.js';
import { quarterPeriod, yearPeriod } from '../../src/core/period.js';
import { seededRandom } from '../../src/demo/service.js';
import { fillReviewDemo, printReviewDemo } from '../../src/review/demo.js';
import { reviewChecks, reviewInvariants, summary } from '../../src/review/report.js';
import { allCycles, allStaff, reviewsOf } from '../../src/review/store.js';
import { TZ, testContext } from '../helpers.js';

const fill = (now: string, lang: 'en' | 'zh' = 'en') => {
  const t = testContext({ now, lang });
  openDb(t.ctx.dbPath, 'init').close();
  const progress = { tick: () => undefined, stop: () => undefined };
  // as buildDemo does: the demo enters its history at the event times
  const demo = t.ctx.withDb(t.ctx.dbPath, { anchor: null, enterAtEventTime: true });
  demo.write((db) => {
    setMeta(db, 'demo', '1');
    fillReviewDemo(demo, db, { months: 12, tickets: 0, now: t.ctx.now, random: seededRandom(1), progress });
  });
  demo.close();
  return t;
};

describe('the review demo', () => {
  it('a dozen managers, Q1-Q4 and the year of 2026 as of late November', () => {
    const { ctx } = fill('2026-11-27 09:00');
    const db = ctx.db();
    const all = Number.MAX_SAFE_INTEGER;
    expect(allStaff(db, all)).toHaveLength(12);
    expect(allCycles(db).map((c) => [c.period, c.status])).toEqual([['2026', 'open'], ['2026Q1', 'closed'], ['2026Q2', 'closed'], ['2026Q3', 'open'], ['2026Q4', 'open']]);
    // the newcomer on probation to Dec 31: in Q3 and Q4, not in the year
    expect(reviewsOf(db, '2026', all).map((r) => r.name)).not.toContain('马超');
    expect(reviewsOf(db, '2026Q3', all).map((r) => r.name)).toContain('马超');
    expect(reviewsOf(db, '2026Q2', all).map((r) => r.name)).not.toContain('马超');
    // late self-reports, a missing final score, a missing plan
    const q3 = summary(ctx, db, quarterPeriod(2026, 3, TZ));
    expect(q3.missing.final).toEqual(['冯涛']);
    expect(q3.people.filter((p) => p.review.report!.at > p.review.due.self_report).length).toBeGreaterThanOrEqual(1);
    expect(summary(ctx, db, quarterPeriod(2026, 2, TZ)).missing.plan).toEqual(['何静']);
    // promoted in August: Q3 under the GM in the new department
    expect(q3.people.find((p) => p.review.name === '王磊')?.standing).toMatchObject({ dept: '市场部', leader: '王总' });
    expect(q3.people.find((p) => p.review.name === '王磊')?.review.initial?.by).toBe('王总');
    // the year: opened, nothing due yet; the quarters beside it
    const year = summary(ctx, db, yearPeriod(2026, TZ));
    expect(year.people).toHaveLength(11);
    expect(year.people.every((p) => p.quarters!.slice(0, 2).every((g) => g !== null))).toBe(true);
    expect(reviewChecks(ctx, db, 0).map((i) => [i.id, i.what])).toEqual([['2026Q3/冯涛', 'final']]);
    expect(reviewInvariants(ctx, db).every((i) => i.ok)).toBe(true);
    // entered at the event times: no late entries, times in order, nothing after "today"
    const rows = auditLog(db);
    expect(rows.every((r) => r.late === null && r.enteredAt === r.at && r.at <= ctx.now)).toBe(true);
    expect(rows.every((row, i) => i === 0 || row.at >= rows[i - 1].at)).toBe(true);
  });

  it('in January it finishes last year, and prints the latest quarter with its audit head', () => {
    const t = fill('2027-01-20 09:00', 'zh');
    const db = t.ctx.db();
    expect(summary(t.ctx, db, yearPeriod(2026, TZ)).reviewed).toBe(11);
    printReviewDemo(t.ctx);
    expect(t.out()).toContain('2026Q4 考核汇总');
    expect(t.out()).toMatch(/审计链 \d+:[0-9a-f]{12} · 演示数据/);
  });
});
