// Guard use cases on money and months: rewards out of the fine fund and their voids, the fund's
// floor AT EVERY MOMENT (SPEC §4 一(六)), and issuing a month's pay sheet to finance, which closes
// the month for guards (SPEC §0 "Closed months"; the guard side of it, in guard_issued_months).
import { withNote } from '../core/i18n.js';
import { closeMonths } from '../core/closing.js';
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { NotFoundError, RuleError } from '../core/errors.js';
import { requireText } from '../core/input.js';
import { formatYuan, parseYuan } from '../core/money.js';
import { monthKey, monthPeriod, parseMonth, type Period } from '../core/period.js';
import { checkStep, type StepTimes } from '../core/steps.js';
import { dateOf, isoInZone, parsePastMoment } from '../core/time.js';
import { listNotices } from './report.js';
import { resolveGuard } from './service.js';
import { closedFrom, countsIn, lowestFrom, type Issue } from './sheet.js';
import * as store from './store.js';
import type { Guard, Reward } from './store.js';

/** When a fund move dated `at` and entered at `enteredAt` counts: at its time, or, when its month
 *  was already issued (closed) by then, at the start of the first open month. */
export function fundMoment(ctx: Context, db: Db, at: number, enteredAt: number): number {
  return fundMomentIn(ctx, store.allIssues(db), at, enteredAt);
}

/** fundMoment with the months issued given (the demo's load test reads them once). */
export function fundMomentIn(ctx: Context, issues: Issue[], at: number, enteredAt: number): number {
  const own = monthKey(at, ctx.tz);
  const month = countsIn(issues, own, enteredAt);
  if (month === own) return at;
  const { y, m } = parseMonth(month);
  return monthPeriod(y, m, ctx.tz).start;
}

/** A move out of the fund dated `move.at`: refused (exit 3) when the balance would be below zero
 *  at that moment or at any later one, naming the moment and the shortfall. */
export function checkFundFloor(ctx: Context, db: Db, move: { at: number; amountFen: number }): void {
  if (move.amountFen >= 0) return;
  const low = lowestFrom([...store.fundMoves(db), move], move.at);
  if (low.balanceFen >= 0) return;
  throw new RuleError('guard.fund_low', {
    at: isoInZone(low.at, ctx.tz), balance: formatYuan(low.balanceFen - move.amountFen), need: formatYuan(-move.amountFen), short: formatYuan(-low.balanceFen),
  });
}

// ---- rewards --------------------------------------------------------------------------------

export interface RewardInput { guard: string; amountFen: number; reason: string; by: string; at: number }

export function parseReward(ctx: Context, raw: { guard?: string; amount?: string; reason?: string; by?: string; at?: string }): RewardInput {
  return {
    guard: requireText(raw.guard, '--guard'),
    amountFen: parseYuan(requireText(raw.amount, '--amount'), '--amount', { allowZero: false }),
    reason: requireText(raw.reason, '--reason', 'long'),
    by: requireText(raw.by, '--by'),
    at: parsePastMoment(raw.at, '--at', ctx.tz, ctx.now),
  };
}

/** A reward may go to a guard not dismissed before it (exit 3). */
export function checkRewardable(ctx: Context, g: Guard, at: number): void {
  if (g.dismissedAt !== null && at >= g.dismissedAt) throw new RuleError('guard.dismissed', { guard: withNote(ctx.lang, g.name, g.id), at: isoInZone(g.dismissedAt, ctx.tz) });
}

/** The reward as written: the year's next id (applyReward; the demo's load test, demo-bulk.ts). */
export function newReward(ctx: Context, db: Db, g: Guard, input: RewardInput, times: StepTimes): Reward {
  return {
    id: nextSerial(db, 'GR', dateOf(times.at, ctx.tz).y), guardId: g.id, name: g.name, amountFen: input.amountFen, reason: input.reason, by: input.by,
    at: times.at, enteredAt: times.enteredAt, voidedAt: null, voidEnteredAt: null, voidReason: null,
  };
}

export function applyReward(ctx: Context, db: Db, input: RewardInput, times: StepTimes): Reward {
  const g = resolveGuard(db, input.guard, '--guard');
  checkRewardable(ctx, g, times.at);
  const at = fundMoment(ctx, db, times.at, times.enteredAt);
  checkFundFloor(ctx, db, { at, amountFen: -input.amountFen });
  const r = newReward(ctx, db, g, input, times);
  store.insertReward(db, r);
  store.nextFundMove(db, { at, enteredAt: times.enteredAt, kind: 'reward', amountFen: -r.amountFen, rewardId: r.id });
  ctx.audit(db, 'guard.reward', r.id, { guard: g.id, amount_fen: r.amountFen, reason: r.reason, by: r.by }, r.at, { enteredAt: times.enteredAt, late: times.late });
  return r;
}

export function reward(ctx: Context, raw: Parameters<typeof parseReward>[1]): Reward {
  const input = parseReward(ctx, raw);
  // the reward's reason (what it is for) is also the reason a late entry needs
  return ctx.write((db) => applyReward(ctx, db, input, checkStep(ctx, { kind: 'guard.reward', at: input.at, reason: input.reason })));
}

/** `guard reward-void RID --reason`: the money goes back into the fund at the void's time. */
export function rewardVoid(ctx: Context, raw: { id?: string; reason?: string; at?: string }): Reward {
  const id = requireText(raw.id, 'RID');
  const reason = requireText(raw.reason, '--reason', 'long');
  const at = parsePastMoment(raw.at, '--at', ctx.tz, ctx.now);
  return ctx.write((db) => {
    const r = store.rewardById(db, id.trim());
    if (!r) throw new NotFoundError('guard.reward_not_found', { id });
    if (r.voidedAt !== null) throw new RuleError('guard.reward_void_twice', { id: r.id });
    const times = checkStep(ctx, { kind: 'guard.reward_void', at, reason, after: { at: r.at, what: ctx.t('guard.step.reward'), id: r.id } });
    store.voidReward(db, r.id, times.at, times.enteredAt, reason);
    store.nextFundMove(db, { at: fundMoment(ctx, db, times.at, times.enteredAt), enteredAt: times.enteredAt, kind: 'reversal', amountFen: r.amountFen, rewardId: r.id });
    ctx.audit(db, 'guard.reward_void', r.id, { reason, voided_at: times.at }, times.at, { enteredAt: times.enteredAt, late: times.late });
    return store.rewardById(db, r.id) as Reward;
  });
}

// ---- issuing a month to finance -------------------------------------------------------------

export interface IssueResult { month: string; pending: string[] }

/** `guard month --month M --issue`: the sheet goes to finance and the month (with every earlier
 *  one) is closed for guards from now on; its sheet stays the one as of now, with the audit head
 *  of now. A month is issued once, in order, and only once it has begun (exit 3). */
export function issueMonth(ctx: Context, period: Period): IssueResult {
  const month = monthKey(period.start, ctx.tz);
  return ctx.write((db) => {
    const closed = closedFrom(store.allIssues(db), month);
    if (closed !== Number.POSITIVE_INFINITY) throw new RuleError('guard.month_issued', { month, at: isoInZone(closed, ctx.tz) });
    // the core's closed months (kaohe close --only guard): only a month that has ended, in order
    closeMonths(ctx, db, month, ['guard']);
    return { month, pending: listNotices(db, null).filter((n) => n.at < period.end).map((n) => n.id) };
  });
}
