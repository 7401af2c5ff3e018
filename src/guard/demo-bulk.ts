// The load test of the guard notices (`kaohe demo --notices N`, N above NOTICE_HISTORY_MAX, issue
// 14): the demo's steps (demo.ts) in the same order and by the same rules as the services
// (draftNotice, afterSignature, effectiveMoment, checkVoidable, the fund's moment and floor), on
// the notice in memory from its deduction to its last step, when it is written once, as it then
// stands (or, if sooner, when its fine enters the fund, whose move refers to it; a void after that
// updates the row); no log row a step, no notice read back, no fund summed a step. The fund's
// moves and the rewards are written when they happen, as the services write them. The rows are not noted for
// after-images while they are written: after the last step they become the log's baseline, which
// says so, and `audit verify` holds them to their images like any other row.
import { withoutCapture } from '../core/audit-capture.js';
import { writeBaselineSql } from '../core/audit-baseline.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { AUDITED_TABLES } from '../core/migrations/index.js';
import type { GuardDemoWriter } from './demo.js';
import { checkFundFloor, checkRewardable, fundMomentIn, newReward } from './ledger.js';
import { afterSignature, checkVoidable } from './rules.js';
import { checkedGuards, draftNotice, effectiveMoment, noticeFineFen, onTime, resolveGuard } from './service.js';
import * as store from './store.js';
import type { Guard, Notice } from './store.js';

/** The guard tables the load test writes (the roster goes in through the services, logged). */
const BULK_TABLES = ['guard_notices', 'guard_notice_guards', 'guard_rewards', 'guard_fund'];

export function bulkWriter(ctx: Context, db: Db, now: number): GuardDemoWriter {
  // a guard by name, as resolveGuard finds one; a name that is not one guard's goes to resolveGuard for its error
  const byName = new Map<string, Guard | null>();
  for (const g of store.allGuards(db)) byName.set(g.name, byName.has(g.name) ? null : g);
  const guardNamed = (name: string): Guard => byName.get(name) ?? resolveGuard(db, name, '--guard');
  // the months issued (none in a new demo file): when each fund move counts
  const issues = store.allIssues(db);
  // the notices deducted whose steps are not all taken yet (a few days' worth), by plan number
  const open = new Map<number, Notice>();
  const noticeOf = (k: number): Notice => {
    const n = open.get(k);
    if (!n) throw new Error(`guard demo: notice ${k} is not open`);
    return n;
  };
  // notices written before their last step: a move of the fund refers to them (a void may follow)
  const inFile = new Set<number>();
  const writeOut = (k: number) => {
    if (inFile.has(k)) return;
    store.insertNotice(db, noticeOf(k));
    inFile.add(k);
  };
  let written = 0;
  // the fund's moves so far: their sum, and the latest moment one counts at. A move out at or after
  // that moment leaves the balance it sees at every later moment too, so checkFundFloor's lowest
  // balance from it on is this sum plus the move; only a refusal, or an earlier move (a month
  // issued), asks checkFundFloor itself, which reads every move into an object (100,000 of them)
  let balance = 0;
  // a file whose fund already moved (not a new demo file) has every move out checked by checkFundFloor
  let latest = store.fundMoves(db).length > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  const move = (m: Parameters<typeof store.nextFundMove>[1]) => {
    store.nextFundMove(db, m);
    balance += m.amountFen;
    latest = Math.max(latest, m.at);
  };
  const checkFloor = (out: { at: number; amountFen: number }) => {
    if (out.at >= latest && balance + out.amountFen >= 0) return;
    checkFundFloor(ctx, db, out);
  };

  return {
    deduct(k, input, created) {
      open.set(k, draftNotice(ctx, db, input, checkedGuards(ctx, input, guardNamed), onTime(created)));
    },

    sign(k, side, by, at) {
      const n = noticeOf(k);
      const status = afterSignature(n, side, by);
      const effectiveAt = effectiveMoment(n, side, at);
      if (side === 'company') [n.companyBy, n.companySignedAt, n.companyEnteredAt] = [by, at, at];
      else [n.propertyBy, n.propertySignedAt, n.propertyEnteredAt] = [by, at, at];
      if (status !== 'effective') return;
      [n.status, n.effectiveAt, n.effectiveEnteredAt] = ['effective', effectiveAt, at];
      const total = noticeFineFen(n);
      if (total === 0) return;
      writeOut(k);
      move({ at: fundMomentIn(ctx, issues, effectiveAt, at), enteredAt: at, kind: 'fine', amountFen: total, noticeId: n.id });
    },

    voidNotice(k, reason, at) {
      const n = noticeOf(k);
      checkVoidable(n.status);
      if (n.status === 'effective') {
        const total = noticeFineFen(n);
        const when = fundMomentIn(ctx, issues, at, at);
        checkFloor({ at: when, amountFen: -total });
        if (total > 0) move({ at: when, enteredAt: at, kind: 'reversal', amountFen: -total, noticeId: n.id });
      }
      [n.status, n.voidedAt, n.voidEnteredAt, n.voidReason] = ['void', at, at, reason];
      if (inFile.has(k)) store.voidNotice(db, n.id, at, at, reason);
    },

    reward(input) {
      const g = guardNamed(input.guard);
      checkRewardable(ctx, g, input.at);
      const at = fundMomentIn(ctx, issues, input.at, input.at);
      checkFloor({ at, amountFen: -input.amountFen });
      const r = newReward(ctx, db, g, input, onTime(input.at));
      store.insertReward(db, r);
      move({ at, enteredAt: input.at, kind: 'reward', amountFen: -input.amountFen, rewardId: r.id });
    },

    done(k) {
      writeOut(k);
      open.delete(k);
      inFile.delete(k);
      written += 1;
    },

    run(steps) {
      const tables = AUDITED_TABLES.filter((t) => BULK_TABLES.includes(t.table));
      withoutCapture(db, tables, steps);
      if (open.size > 0) throw new Error(`guard demo: ${open.size} notices left open`);
      writeBaselineSql(db, tables, now, `demo load test: ${written} guard notices written in their state at the end, their steps not logged one by one`);
    },
  };
}
