// Issue 14: a month's notices reach the pay sheet as one JSON array (store-sheet.ts monthFacts)
// instead of one row per guard line. The array must hold exactly what the row-per-line read gave:
// the same lines, the same values (nulls of drafts and voids kept), in the same order (the notice's
// time, then its id, then the order its lines were written), for every month of a history with
// notices of two guards, notices at the same moment, drafts, voids and a notice from before.
import { describe, expect, it } from 'vitest';
import { monthPeriod } from '../../src/core/period.js';
import { addGuard, deduct, sign, voidNotice } from '../../src/guard/service.js';
import { monthFacts } from '../../src/guard/store-sheet.js';
import { TZ, testContext } from '../helpers.js';

/** The read monthFacts replaced: one object per guard line, ordered in SQL. */
const ROWS_SQL = `SELECT n.id, n.fen_per_point, n.effective_entered_at, n.void_entered_at, ng.guard_id, ng.points, ng.fine_fen, ng.compensation_fen
  FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id JOIN guards g ON g.id = ng.guard_id
  WHERE n.at >= ? AND n.at < ? ORDER BY n.at, n.id, ng.rowid`;

describe('monthFacts: the JSON array of a month equals its rows read one by one', () => {
  it('holds for every month, with multi-guard notices, ties in time, drafts and voids', () => {
    const t = testContext({ now: '2026-12-20 10:00' });
    const ctx = t.ctx;
    for (const [name, basePay] of [['张伟', '3000'], ['李强', '3200'], ['王磊', '2800']]) addGuard(ctx, { name, company: 'c', site: 's', basePay, hired: '2026-01-01' });
    const made: string[] = [];
    const notice = (guards: string[], rule: string, at: string, signs: boolean) => {
      const n = deduct(ctx, { guards, rule, at, inspector: 'x', reason: '补录' });
      if (signs) {
        sign(ctx, { id: n.id, side: 'company', by: '王建国', at, reason: '补录' });
        sign(ctx, { id: n.id, side: 'property', by: '陈丽', at, reason: '补录' });
      }
      made.push(n.id);
      return n.id;
    };
    // lines written in an order that is not the guards' ids (王磊, then 张伟), three at one moment
    notice(['王磊', '张伟'], '1', '2026-09-03 08:00', true);
    notice(['李强'], '6', '2026-09-03 08:00', true);
    notice(['张伟', '李强', '王磊'], '21', '2026-09-03 08:00', false);
    notice(['李强'], '1', '2026-09-30 23:59', true);
    notice(['张伟'], '1', '2026-10-01 00:00', true);
    const voided = notice(['王磊', '李强'], '6', '2026-10-15 12:00', true);
    voidNotice(ctx, { id: voided, reason: '复核撤销', at: '2026-10-16 09:00' });
    notice(['张伟'], '21', '2026-11-02 10:00', false);
    const db = ctx.db();
    const old = db.prepare(ROWS_SQL).raw(true);
    let lines = 0;
    let withNulls = 0;
    for (const [y, m] of [[2026, 8], [2026, 9], [2026, 10], [2026, 11], [2026, 12]]) {
      const p = monthPeriod(y, m, TZ);
      const want = old.all(p.start, p.end) as unknown[][];
      expect(monthFacts(db, p.start, p.end)).toEqual(want);
      lines += want.length;
      withNulls += want.filter((r) => r[2] === null || r[3] !== null).length;
    }
    // the months held what the case is about: every line, and drafts' and voids' nulls and times
    expect(lines).toBe(11);
    expect(withNulls).toBeGreaterThanOrEqual(5);
    expect(made.length).toBe(7);
    t.ctx.close();
  });
});
