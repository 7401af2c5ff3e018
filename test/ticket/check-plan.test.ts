// `kaohe check`'s unsettled advances (issue 14): every advance ever taken is a candidate, so the
// candidates come from indexes only (tickets_advance, the primary key) and only the few left
// are read. A plan that reads every advance ticket's row again fails here.
import { describe, expect, it } from 'vitest';
import { UNSETTLED_ADVANCES_SQL } from '../../src/ticket/store-service.js';
import { testContext } from '../helpers.js';

describe('unsettled advances: index-only candidates', () => {
  it('advances from tickets_advance, settled ones by probing the primary key, rows read by row id', () => {
    const db = testContext().ctx.db();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${UNSETTLED_ADVANCES_SQL}`).all({ until: 1, now: 2 }) as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan).toContain('SEARCH tickets USING INDEX tickets_advance (dispatched_at<?)');
    expect(plan).toContain('SEARCH s USING COVERING INDEX sqlite_autoindex_tickets_1 (id=?)');
    expect(plan).toContain('SEARCH t USING INTEGER PRIMARY KEY (rowid=?)');
    // the claims are the one pass (small rows); no ticket is scanned
    expect(plan.filter((d) => d.startsWith('SCAN'))).toEqual(['SCAN e']);
  });
});
