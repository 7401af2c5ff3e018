// The stock module and closed months (SPEC §0 "Closed months"). A closed month's figures are those
// as of its closing, forever; what is entered later but dated in it — a movement, a void, a
// write-off whose last condition came in late — counts from the first month open when it was
// entered, as a line "from earlier months" (往月补录) in that month's report and monthly section.
// The movements themselves already count from there (moves.ts: their rows carry that moment).
import { listJoin } from '../core/i18n.js';
import { closingOf, type Closing } from '../core/closing.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import type { Period } from '../core/period.js';
import type { ReqStatus } from './rules.js';
import * as rs from './store-report.js';
import * as store from './store.js';
import type { Requisition } from './store.js';
import { asRead } from './writeoff.js';

export interface MonthAsOf {
  /** the moment the month is read as of: its closing, or ctx.now */
  now: number;
  closing: Closing | null;
}

/** A month is read as of its closing when it is closed (as of ctx.now), else as of ctx.now. */
export function monthAsOf(ctx: Context, db: Db, month: Period): MonthAsOf {
  const closing = closingOf(db, 'stock', month.label, ctx.now);
  return { now: closing ? Math.min(ctx.now, closing.closedAt) : ctx.now, closing };
}

export interface FromEarlier {
  /** slips dated in closed months, entered while this month was the first open one */
  slips: rs.EarlierSlipRow[];
  /** voids entered then of slips that counted in their own (closed) months */
  voids: rs.EarlierSlipRow[];
  /** requisitions whose write-off, dated in a closed month, became known then */
  writtenOff: Requisition[];
}

function previousMonth(label: string): string {
  const [y, m] = label.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** What `month` counts from earlier months, as of `now`: entered after the previous month's
 *  closing and before this month's own (null when nothing, or when the previous month is open). */
export function fromEarlier(db: Db, month: Period, now: number): FromEarlier | null {
  const before = closingOf(db, 'stock', previousMonth(month.label), now);
  if (before === null) return null;
  const own = closingOf(db, 'stock', month.label, now);
  const q = { before: month.start, from: before.closedAt, to: own ? own.closedAt : Number.MAX_SAFE_INTEGER, now };
  const writtenOff = store.requisitionsIn(db, ['issued', 'written_off']).map((r) => asRead(db, r)).filter((r) =>
    r.status === 'written_off' && r.writtenOffAt! < q.before && r.writtenOffEntered! >= q.from && r.writtenOffEntered! < q.to && r.writtenOffEntered! <= now);
  const e = { slips: rs.slipsEnteredLate(db, q), voids: rs.voidsEnteredLate(db, q), writtenOff };
  return e.slips.length + e.voids.length + e.writtenOff.length === 0 ? null : e;
}

/** A requisition's status as it stood at a moment (null: not requested yet, or closed by then). */
export function statusAt(r: Requisition, end: number, now: number): ReqStatus | null {
  if (r.requestedAt >= end || r.requestedEntered > now || r.status === 'void') return null;
  const by = (at: number | null, entered: number | null) => at !== null && at < end && entered !== null && entered <= now;
  if (by(r.writtenOffAt, r.writtenOffEntered)) return null;
  if (by(r.issuedAt, r.issuedEntered)) return 'issued';
  if (by(r.approvedAt, r.approvedEntered)) return 'approved';
  return 'pending';
}


/** What `kaohe close` warns about for a month (SPEC §0: closing warns about what is still
 *  pending): its requisitions not written off, its receipts waiting for inspection, its old parts
 *  not disposed of. Their later steps count in the month in which they fall. */
export function stockPendingAtClose(ctx: Context, db: Db, month: Period): string[] {
  const inMonth = (t: number) => t >= month.start && t < month.end;
  const reqs = store.requisitionsIn(db, ['pending', 'approved', 'issued']).map((r) => asRead(db, r))
    .filter((r) => r.status !== 'written_off' && inMonth(r.requestedAt)).map((r) => r.id);
  const waiting = rs.pendingReceipts(db, month.start, month.end);
  const old = store.undisposedOld(db, month.start, month.end).reduce((n, s) => n + s.qty, 0);
  const ids = (xs: string[]) => listJoin(ctx.lang, xs.slice(0, 10)) + (xs.length > 10 ? ' …' : '');
  return [
    ...(reqs.length ? [ctx.t('stock.close.pending', { n: reqs.length, ids: ids(reqs) })] : []),
    ...(waiting.length ? [ctx.t('stock.close.pending_quality', { n: waiting.length, ids: ids(waiting) })] : []),
    ...(old > 0 ? [ctx.t('stock.close.old_pending', { n: old })] : []),
  ];
}
