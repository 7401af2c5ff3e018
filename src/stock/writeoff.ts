// 销帐 (3.6.2 / 3.7.4 / 3.6.3): a requisition is written off by itself when its last condition is
// met — on its service report (signed and approved, every issued part accounted for, old parts as
// on the report), on the shipping slip's two signatures and the signed report, or on a receipt.
// The last condition is often a ticket step (`ticket approve`), which the ticket module takes
// without knowing the stock module. So the write-off is a fact derived from the conditions:
// `asRead` gives every reader (show, reports, checks, the monthly section) the requisition as it
// stands now, written off from the moment its last condition was entered; every stock write ends
// with a sweep that records it (status, audit row), with the same times. Why not a hook run by
// the ticket's approval: the ticket module must not know stock, and a core hook would load every
// module's code for every write (start-up cost, issue 14) to serve one of them.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { checkStep, type StepTimes, type StepTiming } from '../core/steps.js';
import { shipBlocker, writeOffBlocker } from './rules.js';
import * as store from './store.js';
import type { Requisition } from './store.js';
import { factsFor, ticketOf } from './ticket-link.js';

export interface WriteOff { id: string; basis: 'report' | 'shipping' | 'paid'; at: number; warning: string | null }

/** Why a requisition is not written off yet (a message key), or null when it can be now. */
export function blockerOf(db: Db, r: Requisition): string | null {
  if (r.status !== 'issued') return 'stock.wo.not_issued';
  const facts = factsFor(ticketOf(db, r.ticket), r.part);
  return r.shipSlip ? shipBlocker(facts) : writeOffBlocker(r, facts);
}

interface Plan { basis: 'report' | 'shipping'; at: number; entered: number }

const latest = (xs: Array<number | null | undefined>) => Math.max(...xs.filter((x): x is number => typeof x === 'number'));

/** When an issued requisition's write-off happened and was entered, if every condition holds now:
 *  it happened at its last condition's time, and was known from the last one's entry. */
function plan(db: Db, r: Requisition): Plan | null {
  if (r.status !== 'issued' || r.receipt !== null) return null;
  const t = ticketOf(db, r.ticket);
  const facts = factsFor(t, r.part);
  const shipped = r.shipSlip !== null;
  if ((shipped ? shipBlocker(facts) : writeOffBlocker(r, facts)) !== null) return null;
  const slips = store.slipsOf(db, r.id).filter((s) => s.voidedAt === null && s.kind !== 'receive');
  return {
    basis: shipped ? 'shipping' : 'report',
    at: latest([r.issuedAt, r.oldBackAt, r.returnedAt, ...slips.map((s) => s.at), t.signedAt, shipped ? null : t.approvedAt]),
    entered: latest([r.issuedEntered, ...slips.map((s) => s.enteredAt), t.signedEntered, shipped ? null : t.approvedEntered]),
  };
}

/** The requisition as it stands now: written off when its conditions hold, recorded or not yet
 *  (a read right after `ticket approve` shows it written off). */
export function asRead(db: Db, r: Requisition): Requisition {
  const p = plan(db, r);
  return p === null ? r : { ...r, status: 'written_off', writtenOffAt: p.at, writtenOffEntered: p.entered, writeOffBasis: p.basis };
}

/** Records a requisition's write-off if every condition now holds; returns what was done. The
 *  stored times are those `asRead` showed before (`enteredAt`: when the sweep ran, for the log). */
export function settle(ctx: Context, db: Db, r: Requisition, enteredAt: number): WriteOff | null {
  const p = plan(db, r);
  if (p === null) return null;
  const { at, basis } = p;
  store.updateRequisition(db, { ...r, status: 'written_off', writtenOffAt: at, writtenOffEntered: Math.min(p.entered, enteredAt), writeOffBasis: basis });
  const warning = basis === 'shipping' && r.oldBack + r.returned < r.issued ? 'stock.wo.ship_old_missing' : null;
  ctx.audit(db, 'stock.write_off', r.id, { basis, at, ...(warning ? { warning: 'old part missing' } : {}) }, at);
  return { id: r.id, basis, at, warning };
}

/** Every issued requisition whose conditions now hold is written off. */
export function sweep(ctx: Context, db: Db, enteredAt: number): WriteOff[] {
  const done: WriteOff[] = [];
  for (const r of store.requisitionsIn(db, ['issued'])) {
    const w = settle(ctx, db, r, enteredAt);
    if (w) done.push(w);
  }
  return done;
}

/** The demo enters a year of history inside its own open transaction, each step at its event
 *  time: while it replays, stock writes run on its database directly and are not late entries. */
let replay: { db: Db } | null = null;

export function replaying<T>(db: Db, fn: () => T): T {
  replay = { db };
  try {
    return fn();
  } finally {
    replay = null;
  }
}

/** A step's two times (core/steps.ts); during the demo's replay it is entered when it happened. */
export function stepTimes(ctx: Context, s: StepTiming): StepTimes {
  if (replay === null) return checkStep(ctx, s);
  checkStep(ctx, { ...s, reason: 'demo' }); // the order of the steps still holds
  return { at: s.at, enteredAt: s.at, late: null };
}

/** One stock write: `fn` inside ctx.write, then the sweep; the write-offs it made come back too.
 *  (The demo's replay sweeps once at its end.) */
export function stockWrite<T>(ctx: Context, fn: (db: Db) => T): { result: T; writtenOff: WriteOff[] } {
  if (replay !== null) return { result: fn(replay.db), writtenOff: [] };
  return ctx.write((db) => {
    const result = fn(db);
    return { result, writtenOff: sweep(ctx, db, ctx.now) };
  });
}
