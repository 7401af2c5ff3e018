// The one way a quantity moves: every movement goes through applyMove, which keeps SPEC §3's two
// promises before writing anything — no balance below zero at any moment (a back-dated movement
// is checked against every later one), and no movement dated before a stocktake of its part and
// location (盘点 is a hard line, SPEC §0).
import { effectiveMoment } from '../core/closing.js';
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { RuleError } from '../core/errors.js';
import { dateOf, isoInZone } from '../core/time.js';
import { firstShortfall, type Quality } from './rules.js';
import * as store from './store.js';
import type { Slip, SlipKind } from './store.js';

export interface MoveSpec { part: string; loc: string; quality: Quality; qty: number }

/** Refuses a movement dated before the latest stocktake of its part and location. */
export function checkCountLine(ctx: Context, db: Db, part: string, loc: string, at: number): void {
  const count = store.latestCount(db, part, loc);
  if (count && at < count.at) {
    throw new RuleError('stock.rule.before_count', { part, loc, count: count.id, count_at: isoInZone(count.at, ctx.tz), at: isoInZone(at, ctx.tz) });
  }
}

/** Writes one movement dated `dated` after checking the count line (at its date) and the running
 *  balance (at the moment it counts from). A movement dated in a month closed when it is entered
 *  counts from the first open month (SPEC §0 closed months: the closed month's figures stay as
 *  printed; its balances never showed the parts): its row carries that moment, and the "never
 *  below zero" check is made there and at every later moment. */
export function applyMove(ctx: Context, db: Db, slip: string, m: MoveSpec, dated: number, enteredAt: number): void {
  checkCountLine(ctx, db, m.part, m.loc, dated);
  const at = effectiveMoment(db, 'stock', ctx.tz, dated, enteredAt);
  if (m.qty < 0) {
    const before = store.bookBalance(db, m.part, m.loc, m.quality) - store.sumAfter(db, m.part, m.loc, m.quality, at);
    const short = firstShortfall(before, m.qty, at, store.movesAfter(db, m.part, m.loc, m.quality, at));
    if (short) {
      throw new RuleError(m.quality === 'ok' ? 'stock.rule.negative' : 'stock.rule.negative_quality', {
        part: m.part, loc: m.loc, quality: ctx.t(`stock.quality.${m.quality}`), date: isoInZone(short.at, ctx.tz), short: short.short,
      });
    }
  }
  store.insertMove(db, { slip, part: m.part, loc: m.loc, quality: m.quality, at, enteredAt, qty: m.qty });
}

export type NewSlip = Omit<Slip, 'id' | 'enteredAt' | 'createdBy' | 'person' | 'approver' | 'source' | 'doc' | 'requisition' | 'refSlip' | 'how' |
  'month' | 'counted' | 'book' | 'costFen' | 'reason' | 'note' | 'fromLoc' | 'toLoc' | 'quality' | 'late' | 'voidedAt' | 'voidReason'> & Partial<Slip> & { kind: SlipKind };

/** Numbers and writes a slip (per-year serial from its event time) with its movements. */
export function writeSlip(ctx: Context, db: Db, s: NewSlip, moves: MoveSpec[], enteredAt: number): Slip {
  const slip: Slip = {
    id: nextSerial(db, 'S', dateOf(s.at, ctx.tz).y), fromLoc: null, toLoc: null, quality: null, person: null, approver: null, source: null,
    doc: null, requisition: null, refSlip: null, how: null, month: null, counted: null, book: null, costFen: null, reason: null, note: null,
    late: null, voidedAt: null, voidReason: null, ...s, enteredAt, createdBy: ctx.actor,
  };
  store.insertSlip(db, slip);
  for (const m of moves) applyMove(ctx, db, slip.id, m, slip.at, enteredAt);
  return slip;
}
