// The load test of the guard notices (`kaohe demo --notices N`, N above NOTICE_HISTORY_MAX, issue
// 14): the demo's events (demo.ts) taken in the same order, by the same rules as the services
// (draftNotice, afterSignature, effectiveMoment, checkVoidable, the fund's floor), on notices kept
// in memory; at the end each notice is written once in its final state, and the fund's moves and
// the rewards in the order they happened (so the rows are the ones the services would have left).
// Their steps are not logged one by one: the rows become the log's baseline, which says so, and
// `audit verify` holds them to their images like any other row. A hundred thousand notices through
// the services took an audit row, a notice read back and a fund sum per step (issue 14).
import { withoutCapture } from '../core/audit-images.js';
import { writeBaselineSql } from '../core/audit-baseline.js';
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { InputError, NotFoundError, RuleError } from '../core/errors.js';
import { withNote } from '../core/i18n.js';
import { AUDITED_TABLES } from '../core/migrations/index.js';
import { dateOf, isoInZone } from '../core/time.js';
import type { GuardDemoWriter } from './demo.js';
import { checkFundFloorOf, fundMomentIn } from './ledger.js';
import { afterSignature, checkVoidable } from './rules.js';
import { checkOnNotice, draftNotice, effectiveMoment, noticeFineFen, onTime, resolveGuard } from './service.js';
import * as store from './store.js';
import type { FundKind, FundMove, Guard, Notice, Reward } from './store.js';

/** The guard tables the load test fills (the roster goes through the services, with its log rows). */
const BULK_TABLES = ['guard_notices', 'guard_notice_guards', 'guard_rewards', 'guard_fund'];

export function bulkWriter(ctx: Context, db: Db, now: number): GuardDemoWriter {
  // a guard by name, as resolveGuard finds one; a name that is not one guard's goes to resolveGuard for its error
  const byName = new Map<string, Guard | null>();
  for (const g of store.allGuards(db)) byName.set(g.name, byName.has(g.name) ? null : g);
  const guardNamed = (name: string): Guard => byName.get(name) ?? resolveGuard(db, name, '--guard');
  // the months issued (none in a new demo file): when each fund move counts
  const issues = store.allIssues(db);
  const notices = new Map<string, Notice>();
  const rewards: Reward[] = [];
  const moves: FundMove[] = [];
  let balance = 0;
  const move = (m: { at: number; enteredAt: number; kind: FundKind; amountFen: number; noticeId?: string; rewardId?: string }) => {
    moves.push({ at: m.at, enteredAt: m.enteredAt, kind: m.kind, amountFen: m.amountFen, noticeId: m.noticeId ?? null, rewardId: m.rewardId ?? null });
    balance += m.amountFen;
  };
  const noticeOf = (id: string): Notice => {
    const n = notices.get(id);
    if (!n) throw new NotFoundError('guard.notice_not_found', { id });
    return n;
  };

  return {
    deduct(input, created) {
      const guards = input.guards.map(guardNamed);
      const ids = guards.map((g) => g.id);
      if (new Set(ids).size !== ids.length) throw new InputError('guard.guard_twice', { field: '--guard', name: ids.find((id, i) => ids.indexOf(id) !== i) });
      for (const g of guards) checkOnNotice(ctx, g, input.at);
      const n = draftNotice(ctx, db, input, guards, onTime(created));
      notices.set(n.id, n);
      return n.id;
    },

    sign(input) {
      const n = noticeOf(input.id);
      const status = afterSignature(n, input.side, input.by);
      const effectiveAt = effectiveMoment(n, input.side, input.at);
      if (input.side === 'company') [n.companyBy, n.companySignedAt, n.companyEnteredAt] = [input.by, input.at, input.at];
      else [n.propertyBy, n.propertySignedAt, n.propertyEnteredAt] = [input.by, input.at, input.at];
      if (status !== 'effective') return;
      [n.status, n.effectiveAt, n.effectiveEnteredAt] = ['effective', effectiveAt, input.at];
      const total = noticeFineFen(n);
      if (total > 0) move({ at: fundMomentIn(ctx, issues, effectiveAt, input.at), enteredAt: input.at, kind: 'fine', amountFen: total, noticeId: n.id });
    },

    voidNotice(id, reason, at) {
      const n = noticeOf(id);
      checkVoidable(n.status);
      if (n.status === 'effective') {
        const total = noticeFineFen(n);
        const when = fundMomentIn(ctx, issues, at, at);
        checkFundFloorOf(ctx, moves, { at: when, amountFen: -total });
        if (total > 0) move({ at: when, enteredAt: at, kind: 'reversal', amountFen: -total, noticeId: n.id });
      }
      [n.status, n.voidedAt, n.voidEnteredAt, n.voidReason] = ['void', at, at, reason];
    },

    reward(input) {
      const g = guardNamed(input.guard);
      if (g.dismissedAt !== null && input.at >= g.dismissedAt) throw new RuleError('guard.dismissed', { guard: withNote(ctx.lang, g.name, g.id), at: isoInZone(g.dismissedAt, ctx.tz) });
      const at = fundMomentIn(ctx, issues, input.at, input.at);
      checkFundFloorOf(ctx, moves, { at, amountFen: -input.amountFen });
      const r: Reward = {
        id: nextSerial(db, 'GR', dateOf(input.at, ctx.tz).y), guardId: g.id, name: g.name, amountFen: input.amountFen, reason: input.reason, by: input.by,
        at: input.at, enteredAt: input.at, voidedAt: null, voidEnteredAt: null, voidReason: null,
      };
      rewards.push(r);
      move({ at, enteredAt: input.at, kind: 'reward', amountFen: -r.amountFen, rewardId: r.id });
    },

    balanceFen: () => balance,

    finish() {
      const tables = AUDITED_TABLES.filter((t) => BULK_TABLES.includes(t.table));
      // the notices in the order they were made (their ids' order), as the services insert them
      withoutCapture(db, tables, () => {
        for (const n of notices.values()) store.insertFinalNotice(db, n);
        for (const r of rewards) store.insertReward(db, r);
        for (const m of moves) store.nextFundMove(db, { at: m.at, enteredAt: m.enteredAt, kind: m.kind, amountFen: m.amountFen, noticeId: m.noticeId ?? undefined, rewardId: m.rewardId ?? undefined });
      });
      writeBaselineSql(db, tables, now, `demo load test: ${notices.size} guard notices written in their final state; their steps are not logged one by one`);
    },
  };
}
