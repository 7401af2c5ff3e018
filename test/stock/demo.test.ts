// The stock demo: a year of parts traffic linked to the demo's tickets, entered at the event times.
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/core/audit.js';
import { seededRandom } from '../../src/demo/service.js';
import { fillStockDemo } from '../../src/stock/demo.js';
import { stockChecks, stockInvariants, stockReport } from '../../src/stock/report.js';
import * as st from '../../src/stock/store.js';
import { fillTickets } from '../../src/ticket/demo.js';
import { testContext } from '../helpers.js';

describe('the stock demo', () => {
  it('links requisitions to the tickets and leaves something for every report and check', () => {
    const base = testContext({ now: '2026-11-27 09:00' });
    const ctx = base.ctx.withDb(base.ctx.dbPath, { anchor: null, enterAtEventTime: true });
    const opts = { months: 12, tickets: 300, now: ctx.now, random: seededRandom(1), progress: { tick: () => undefined, stop: () => undefined } };
    ctx.write((db) => {
      fillTickets(ctx, db, opts);
      fillStockDemo(ctx, db, opts);
    });
    const db = ctx.db();
    const reqs = st.requisitionsIn(db, ['pending', 'approved', 'issued', 'written_off']);
    expect(reqs.length).toBeGreaterThan(50);
    expect(reqs.every((r) => r.ticket.startsWith('T'))).toBe(true);
    const basis = (b: string) => reqs.filter((r) => r.writeOffBasis === b).length;
    expect(basis('report')).toBeGreaterThan(30);
    expect(basis('shipping')).toBe(1);
    expect(basis('paid')).toBeGreaterThan(0);
    const claims = st.listClaims(db, false);
    expect(new Set(claims.map((c) => c.status))).toEqual(new Set(['open', 'submitted', 'accepted', 'rejected', 'paid']));
    const items = stockChecks(ctx, db, 0);
    expect(items.filter((i) => i.what === 'old_part' && i.overdue).length).toBeGreaterThanOrEqual(3); // old parts never back
    expect(items.filter((i) => i.what === 'dispose' && i.overdue).map((i) => i.id)).toHaveLength(1); // one month left undisposed
    expect(stockInvariants(ctx, db).every((i) => i.ok)).toBe(true);
    const report = stockReport(ctx, db);
    expect(report.claims.recovered_fen).toBeGreaterThan(0);
    expect(report.balances.some((b) => b.loc === 'station:哈尔滨服务站')).toBe(true);
    // entered at the event times, in order: the stock rows of the log never go back in time
    const rows = auditLog(db, { limit: 1_000_000 }).filter((r) => r.action.startsWith('stock.'));
    expect(rows.every((row, i) => i === 0 || row.at >= rows[i - 1].at)).toBe(true);
    expect(rows.every((row) => row.late === null)).toBe(true);
  }, 60_000);
});
