// `kaohe demo`: the rest of each simulated service report — the facts the warranty verdict rests
// on (3.4.2 B/C) and, for a trip with an advance, its expense claim and approval (3.4.3 D). Drawn
// from a random source of their own (seeded from the ticket's report time), so the tickets'
// main stream, which other modules' demo data follows, stays as it was.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { fenToYuan } from '../core/money.js';
import { seededRandom } from '../core/random.js';
import { isoInZone, MS } from '../core/time.js';
import { LEADERS } from './demo-data.js';
import type { Life } from './demo-life.js';
import { expenseTotal, settlement } from './rules-service.js';
import { insertExpense, setFacts } from './store-service.js';
import type { Expense, ServiceFacts, Ticket } from './types.js';

export interface Extras {
  facts: ServiceFacts;
  /** the claim, when the trip had an advance; its approval may be null (not yet) */
  expense: { at: number; fen: Expense['fen']; vouchers: number; by: string; approve: { at: number; by: string } | null } | null;
}

export function extrasOf(life: Life, seed: number): Extras {
  // seeded by the report time: the same ticket gets the same facts and claim in every demo
  const rnd = seededRandom(Math.floor(life.plan.report.reportedAt / 1000) ^ seed);
  const between = (a: number, b: number) => a + rnd() * (b - a);
  const years = between(0.3, 8);
  const takenApart = rnd() < 0.08;
  const facts: ServiceFacts = {
    mileageKm: Math.round(years * between(40000, 90000)),
    runningHours: Math.round(years * between(1800, 3200)),
    takenApart,
    // a warranty "yes" on a part taken apart says why (3.4.2 C 检查存在问题部位是否被拆过)
    note: takenApart ? (life.resolve.warranty ? '服务站按三包拆检过, 铅封完好' : '用户自行拆修过') : null,
  };
  const d = life.dispatch;
  if (d.loanFen === 0) return { facts, expense: null };
  const at = life.resolve.at + Math.round(between(1, 10) * MS.day);
  const fen = {
    travel: Math.round(between(80, 900)) * 100,
    lodging: Math.round(between(0, 3) * d.team.length) * 18000,
    freight: rnd() < 0.2 ? Math.round(between(20, 150)) * 100 : 0,
    other: rnd() < 0.3 ? Math.round(between(10, 200)) * 100 : 0,
  };
  const vouchers = 1 + Math.floor(between(1, 8));
  const approve = { at: at + Math.round(between(0.5, 5) * MS.day), by: LEADERS[Math.floor(rnd() * LEADERS.length)] };
  return { facts, expense: { at, fen, vouchers, by: d.lead, approve } };
}

/** The claim (or its approval) applied to the ticket in memory; the audit row's action and change. */
export function expenseEvent(ctx: Context, t: Ticket, x: Extras, claim: boolean, at: number): [string, Record<string, unknown>] {
  const e = x.expense!;
  const iso = isoInZone(at, ctx.tz);
  const total = expenseTotal(e.fen);
  if (claim) {
    t.expense = {
      fen: e.fen, vouchers: e.vouchers, claimedBy: e.by, claimedAt: at, claimedEnteredAt: at, approvedBy: null, approvedAt: null, approvedEnteredAt: null, settlementFen: null,
    };
    return ['ticket.expense', {
      travel: fenToYuan(e.fen.travel), lodging: fenToYuan(e.fen.lodging), freight: fenToYuan(e.fen.freight), other: fenToYuan(e.fen.other),
      total: fenToYuan(total), vouchers: e.vouchers, by: e.by, advance: fenToYuan(t.loanFen), at: iso,
    }];
  }
  const s = settlement(t.loanFen, total);
  const by = e.approve!.by;
  t.expense = { ...t.expense!, approvedBy: by, approvedAt: at, approvedEnteredAt: at, settlementFen: s.fen };
  return ['ticket.expense_approve', { by, advance: fenToYuan(t.loanFen), total: fenToYuan(total), settlement: fenToYuan(s.fen), settles: s.kind, at: iso }];
}

/** The facts and the claim of a ticket written beside it (the demo's bulk load). */
export function writeExtras(db: Db, t: Ticket): void {
  if (t.facts) setFacts(db, t.id, t.facts);
  if (t.expense) insertExpense(db, t.id, t.expense);
}
