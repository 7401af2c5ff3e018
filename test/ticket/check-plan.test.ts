// `kaohe check`'s unsettled advances (issue 14): every advance ever taken is a candidate, so the
// candidates come from indexes only and only the few left are read. A plan that reads every
// advance ticket's row again (or every claim's row, at the present) fails here.
import { describe, expect, it } from 'vitest';
import * as svc from '../../src/ticket/service.js';
import { UNSETTLED_ADVANCES_NOW_SQL, UNSETTLED_ADVANCES_SQL, unsettledAdvances, unsettledAdvancesNow } from '../../src/ticket/store-service.js';
import { at, testContext } from '../helpers.js';
import { LATE, OPEN } from './fixtures.js';

const planOf = (sql: string) => {
  const db = testContext().ctx.db();
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ until: 1, now: 2 }) as Array<{ detail: string }>).map((r) => r.detail);
};

describe('unsettled advances: index-only candidates', () => {
  it('as of an earlier moment: advances from tickets_advance, settled ones by probing the primary key, rows read by row id', () => {
    const plan = planOf(UNSETTLED_ADVANCES_SQL);
    expect(plan).toContain('SEARCH tickets USING INDEX tickets_advance (dispatched_at<?)');
    expect(plan).toContain('SEARCH s USING COVERING INDEX sqlite_autoindex_tickets_1 (id=?)');
    expect(plan).toContain('SEARCH t USING INTEGER PRIMARY KEY (rowid=?)');
    // the claims are the one pass (small rows); no ticket is scanned
    expect(plan.filter((d) => d.startsWith('SCAN'))).toEqual(['SCAN e']);
  });

  it('at the present: advances without a claim by one merge of two covering indexes, unapproved claims from their partial index', () => {
    const plan = planOf(UNSETTLED_ADVANCES_NOW_SQL);
    expect(plan).toContain('MERGE (EXCEPT)');
    expect(plan).not.toContain('EXCEPT USING TEMP B-TREE');
    expect(plan.filter((d) => d.startsWith('SCAN'))).toEqual([
      'SCAN tickets USING COVERING INDEX tickets_loans',
      'SCAN ticket_expenses USING COVERING INDEX sqlite_autoindex_ticket_expenses_1',
      'SCAN unclaimed',
      'SCAN ticket_expenses USING INDEX ticket_expenses_unapproved',
    ]);
  });

  it('at the present both queries list the same advances, in the same order', () => {
    const a = testContext({ now: '2026-10-20 09:00' });
    const dispatch = (loan: string | undefined, at: string) => {
      const t = svc.openTicket(a.ctx, OPEN);
      svc.dispatchTicket(a.ctx, t.id, { to: ['王强', '李明'], lead: '王强', loan, at, reason: LATE });
      return t.id;
    };
    const unclaimed = dispatch('2000', '2026-10-01 09:30');
    const claimed = dispatch('800', '2026-10-01 09:10');
    svc.claimExpense(a.ctx, claimed, { travel: '1', lodging: '0', vouchers: '1', by: '王强' });
    const approved = dispatch('500', '2026-10-02 09:30');
    svc.claimExpense(a.ctx, approved, { travel: '1', lodging: '0', vouchers: '1', by: '王强' });
    svc.approveExpense(a.ctx, approved, { by: '刘经理' });
    dispatch(undefined, '2026-10-02 10:00'); // no advance
    const voided = dispatch('300', '2026-10-02 11:00');
    svc.voidTicket(a.ctx, voided, { reason: '重复登记' });
    const recent = dispatch('100', '2026-10-19 09:00'); // dispatched after `until` below
    const db = a.ctx.db();
    const now = at('2026-10-20 09:00');
    for (const until of [now, at('2026-10-10 00:00'), at('2026-10-01 09:20'), at('2026-10-01 09:00')]) {
      expect(unsettledAdvancesNow(db, until, now)).toEqual(unsettledAdvances(db, until, now));
    }
    expect(unsettledAdvancesNow(db, now, now).map((r) => r.id)).toEqual([claimed, unclaimed, recent]);
    expect(unsettledAdvancesNow(db, at('2026-10-10 00:00'), now).map((r) => r.id)).toEqual([claimed, unclaimed]);
  });
});
