// What the stock module reads: balances (now, or as entered by an as-of moment), one part's
// ledger with its running balance, `report stock`, the deadline checks and the db invariants.
// Plain data out; view.ts renders.
import { auditHead, lastEnteredAt, shortHead } from '../core/audit.js';
import type { CheckItem, Invariant } from '../core/cli.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { closingHead, type Closing } from '../core/closing.js';
import { monthKey, monthPeriod, parseMonth, type Period } from '../core/period.js';
import { fromEarlier, monthAsOf, statusAt, type FromEarlier } from './closed.js';
import { MS } from '../core/time.js';
import { disposeDue } from './rules.js';
import { asRead } from './writeoff.js';
import * as store from './store.js';
import * as rs from './store-report.js';
import type { Claim, Requisition, Slip } from './store.js';

export interface BalanceLine { part: string; loc: string; qty: number; ok: number; pending: number; rejected: number }

/** Balances per part and location; as of ctx.now when entries were made after it (SPEC §0). */
export function balances(ctx: Context, db: Db, filter: { loc?: string | null; part?: string | null } = {}): BalanceLine[] {
  // the book balances are current unless something was entered after ctx.now (an as-of read)
  const rows = ctx.now >= (lastEnteredAt(db) ?? 0) ? rs.balancesNow(db) : rs.balancesEnteredBy(db, ctx.now);
  return balanceLines(rows, filter);
}

/** Balance rows (one per quality) as lines per part and location. */
export function balanceLines(rows: rs.BalanceRow[], filter: { loc?: string | null; part?: string | null } = {}): BalanceLine[] {
  const map = new Map<string, BalanceLine>();
  for (const r of rows) {
    if (filter.loc && r.loc !== filter.loc) continue;
    if (filter.part && r.part !== filter.part) continue;
    const key = `${r.loc}\u0000${r.part}`;
    const line = map.get(key) ?? { part: r.part, loc: r.loc, qty: 0, ok: 0, pending: 0, rejected: 0 };
    line.qty += r.qty;
    line[r.quality] += r.qty;
    map.set(key, line);
  }
  return [...map.values()];
}

export interface LedgerLine {
  slip: string; kind: string; loc: string; quality: string; at: number; qty: number; balance: number; person: string | null; requisition: string | null;
  /** the slip's own time when it differs from `at` (a late entry into a closed month, counted from the first open month) */
  dated?: number;
}
export interface Ledger { part: string; loc: string | null; period: Period; opening: number; closing: number; lines: LedgerLine[] }

/** One part's movements in a period with the running balance of their location after each: one
 *  ordered scan of an index range, the balance carried per location. */
export function ledger(ctx: Context, db: Db, part: string, loc: string | null, period: Period): Ledger {
  const running = new Map<string, number>();
  for (const o of rs.openingByLoc(db, part, loc, period.start, ctx.now)) running.set(o.loc, o.qty);
  let total = 0;
  for (const q of running.values()) total += q;
  const opening = total;
  const lines: LedgerLine[] = [];
  for (const [slip, kind, l, quality, at, qty, person, requisition, dated] of rs.ledgerRows(db, part, loc, period.start, period.end, ctx.now)) {
    const balance = (running.get(l) ?? 0) + qty;
    running.set(l, balance);
    total += qty;
    const line: LedgerLine = { slip, kind, loc: l, quality, at, qty, balance, person, requisition };
    if (dated !== at) line.dated = dated;
    lines.push(line);
  }
  return { part, loc, period, opening, closing: total, lines };
}

export interface OldMonth { month: string; qty: number; slips: string[]; due: number }

/** Old parts back and not yet disposed of, by the month they came back. */
export function oldPending(ctx: Context, db: Db): OldMonth[] {
  const months = new Map<string, Slip[]>();
  for (const s of store.undisposedOld(db, 0, ctx.now + 1)) {
    const k = monthKey(s.at, ctx.tz);
    months.set(k, [...(months.get(k) ?? []), s]);
  }
  return [...months.entries()].map(([month, slips]) => {
    const [y, m] = month.split('-').map(Number);
    const due = disposeDue({ y, m });
    return { month, qty: slips.reduce((n, s) => n + s.qty, 0), slips: slips.map((s) => s.id), due: monthPeriod(due.y, due.m, ctx.tz).start };
  });
}

export interface ClaimTotals { claims: number; open: number; claimed_fen: number; recovered_fen: number; outstanding_fen: number }

export function claimTotals(claims: Claim[]): ClaimTotals {
  const live = claims.filter((c) => c.status === 'open' || c.status === 'submitted' || c.status === 'accepted');
  return {
    claims: claims.length,
    open: live.length,
    claimed_fen: claims.reduce((s, c) => s + c.claimedFen, 0),
    recovered_fen: claims.reduce((s, c) => s + (c.recoveredFen ?? 0), 0),
    outstanding_fen: live.reduce((s, c) => s + c.claimedFen, 0),
  };
}

export interface StockReport {
  balances: BalanceLine[]; open: Requisition[]; old: OldMonth[]; claims: ClaimTotals; lateEntries: number; head: string;
  /** the month the report speaks for (the month of ctx.now without --month) and the moment it is read as of */
  month: string; asOf: number;
  /** a closed month: as of its closing, with the audit head stored then */
  closing: Closing | null;
  /** what the month counts from earlier (closed) months, SPEC §0 */
  earlier: FromEarlier | null;
}

/** The requisitions open as of ctx.now (entered by then, not written off by then): a write-off
 *  completed by a ticket step counts as soon as that step is entered (writeoff.ts asRead). */
export function openRequisitions(ctx: Context, db: Db): Requisition[] {
  // the recorded write-offs matter only to an as-of read (something entered after ctx.now)
  const asOf = ctx.now < (lastEnteredAt(db) ?? 0);
  return store.requisitionsIn(db, asOf ? ['pending', 'approved', 'issued', 'written_off'] : ['pending', 'approved', 'issued']).flatMap((stored) => {
    const r = asRead(db, stored);
    if (r.requestedEntered > ctx.now) return [];
    if (r.status === 'written_off' && (r.writtenOffEntered ?? 0) <= ctx.now) return [];
    return [r.status === 'written_off' ? { ...stored, status: 'issued' as const } : r];
  });
}

function byMonth(ctx: Context, slips: Array<{ id: string; qty: number; at: number }>): OldMonth[] {
  const months = new Map<string, Array<{ id: string; qty: number }>>();
  for (const s of slips) {
    const k = monthKey(s.at, ctx.tz);
    months.set(k, [...(months.get(k) ?? []), s]);
  }
  return [...months.entries()].map(([month, list]) => {
    const [y, m] = month.split('-').map(Number);
    const due = disposeDue({ y, m });
    return { month, qty: list.reduce((n, s) => n + s.qty, 0), slips: list.map((s) => s.id), due: monthPeriod(due.y, due.m, ctx.tz).start };
  });
}

/** `report stock`: now (the month of ctx.now), or at the end of a past month — a closed one as of
 *  its closing (SPEC §0), forever. */
export function stockReport(ctx: Context, db: Db, month?: Period): StockReport {
  const current = month === undefined || month.end > ctx.now;
  const period = month ?? (() => { const { y, m } = parseMonth(monthKey(ctx.now, ctx.tz)); return monthPeriod(y, m, ctx.tz); })();
  if (current) {
    return {
      balances: balances(ctx, db),
      open: openRequisitions(ctx, db),
      old: oldPending(ctx, db),
      claims: claimTotals(store.listClaims(db, false).filter((c) => c.openedEntered <= ctx.now)),
      lateEntries: rs.lateSlips(db, ctx.now),
      head: shortHead(auditHead(db)),
      month: period.label, asOf: ctx.now, closing: null, earlier: fromEarlier(db, period, ctx.now),
    };
  }
  const { now, closing } = monthAsOf(ctx, db, period);
  const reqs = store.requisitionsIn(db, ['pending', 'approved', 'issued', 'written_off']).map((r) => asRead(db, r));
  return {
    balances: balanceLines(rs.balancesBefore(db, period.end, now)),
    open: reqs.flatMap((r) => { const status = statusAt(r, period.end, now); return status ? [{ ...r, status }] : []; }),
    old: byMonth(ctx, rs.oldUndisposedAsOf(db, period.end, now)),
    claims: claimTotals(store.listClaims(db, false).filter((c) => c.openedAt < period.end && c.openedEntered <= now)),
    lateEntries: rs.lateSlips(db, now),
    head: closing ? closingHead(closing) : shortHead(auditHead(db)),
    month: period.label, asOf: now, closing, earlier: fromEarlier(db, period, now),
  };
}

/** Issued parts whose old part is not back within the rule's days; old parts of a month not
 *  disposed of by the end of the next month. */
export function stockChecks(ctx: Context, db: Db, within: number): CheckItem[] {
  const items: CheckItem[] = [];
  for (const r of store.requisitionsIn(db, ['issued']).map((x) => asRead(db, x))) {
    if (r.status !== 'issued' || r.oldBack + r.returned >= r.issued || r.issuedAt === null || r.shipSlip !== null) continue;
    const due = r.issuedAt + (r.oldPartDays ?? ctx.rules.stock.old_part_return_days) * MS.day;
    if (due - ctx.now <= within) items.push({ kind: 'stock', id: r.id, what: 'old_part', due, overdue: ctx.now > due, detail: `${r.part} ×${r.issued - r.oldBack - r.returned}` });
  }
  for (const m of oldPending(ctx, db)) {
    if (m.due - ctx.now <= within) items.push({ kind: 'stock', id: m.month, what: 'dispose', due: m.due, overdue: ctx.now >= m.due, detail: `×${m.qty}` });
  }
  return items;
}

export function stockInvariants(ctx: Context, db: Db): Invariant[] {
  const bad = rs.bookMismatches(db);
  const neg = rs.negativeRuns(db);
  return [
    { name: 'stock.book_balance', ok: bad.length === 0, detail: bad.slice(0, 5).map((b) => `${b.part}@${b.loc}/${b.quality}: ${b.book}≠${b.sum}`).join(', ') || undefined },
    { name: 'stock.never_negative', ok: neg.length === 0, detail: neg.slice(0, 5).map((n) => `${n.part}@${n.loc}: ${n.running}`).join(', ') || undefined },
  ];
}
