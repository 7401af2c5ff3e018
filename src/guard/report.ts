// Guard use cases that only read: the monthly pay sheet for finance, the fine fund, the period
// report, the deadline checks, the invariants for `db check`, and the lists and the notice that
// `guard list | notices | show` print. Plain data out; view.ts renders. Every read is as of
// ctx.now (or `asOf`): it counts only what had been ENTERED by then (SPEC §0).
import { listJoin } from '../core/i18n.js';
import { inScope, scopeRange, type ListScope } from '../core/list-scope.js';
import { lateCount } from '../core/late.js';
import { auditLog, type AuditEntry } from '../core/audit.js';
import type { CheckItem, Invariant } from '../core/cli.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { formatYuan } from '../core/money.js';
import type { Period } from '../core/period.js';
import { effectiveAsOf } from './facts.js';
import { signatureDue, type NoticeStatus } from './rules.js';
import { resolveNotice } from './service.js';
import { dismissedAsOf, pendingTriggers } from './month.js';
import { cutoffOf } from './sheet.js';
import { byMonths, type GuardTotals } from './report-months.js';
import { fileZone } from '../core/file-zone.js';
import * as store from './store.js';
import * as totals from './store-report.js';
import * as range from './store-range.js';
import type { Guard, Notice } from './store.js';

export { monthRate, monthSheet, pendingTriggers, type Sheet, type SheetLine } from './month.js';

/** `guard list`: the roster, or only its active or dismissed guards. */
export function listGuards(db: Db, status?: Guard['status']): Guard[] {
  return store.allGuards(db).filter((g) => status === undefined || g.status === status);
}

/** `guard notices`: the period's notices. Without a period (null), every draft whenever it was
 *  written: a draft waiting for a signature is wanted until someone signs or voids it. */
export function listNotices(db: Db, scope: ListScope | null, status?: NoticeStatus): Notice[] {
  if (scope === null) return range.draftNotices(db).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  // the scope of core/list-scope.ts; open = a draft still waiting for its signatures: read by
  // index range (the period's notices, the drafts from before it), not every notice ever
  const { start, end, openBefore } = scopeRange(scope);
  const read = scope.kind === 'all'
    ? store.allNotices(db)
    : [...(openBefore === null ? [] : range.draftNotices(db, Math.min(openBefore, start))), ...range.noticesBetween(db, start, end)];
  return read.filter((n) => inScope(scope, n.at, n.status === 'draft') && (status === undefined || n.status === status));
}

/** `guard show`: the notice and its history from the audit log. */
export function noticeDetail(db: Db, id: string): { notice: Notice; history: AuditEntry[] } {
  const notice = resolveNotice(db, id);
  return { notice, history: auditLog(db, { recordId: notice.id }) };
}

export interface FundView { balanceFen: number; finesInFen: number; rewardsOutFen: number; rewards: store.Reward[] }

/** 一(六): fines in (net of voided notices), rewards out, balance: the moves made at or before
 *  `asOf` (commands pass ctx.now, so `--now` shows the fund as it was then). */
export function fund(db: Db, period?: Period, asOf = Number.MAX_SAFE_INTEGER): FundView {
  const all = store.fundTotals(db, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, asOf);
  const rewards = store.rewardsBetween(db, period?.start ?? Number.MIN_SAFE_INTEGER, period?.end ?? Number.MAX_SAFE_INTEGER, asOf);
  return { balanceFen: all.balanceFen, finesInFen: all.finesFen - all.reversalsFen, rewardsOutFen: all.rewardsFen, rewards };
}

export interface GuardReport extends GuardTotals {
  period: Period;
  fund: FundView;
}

/** `report guard`: the period as its pay sheets take it (report-months.ts): each closed month as of
 *  its closing, open months as of `asOf` (commands pass ctx.now), a notice that became effective or
 *  was voided after its month was closed in the month whose sheet carries it (fromEarlier, 补扣);
 *  the fund as of `asOf`. `tz` (default: the file's zone) places the months. */
export function guardReport(db: Db, period: Period, asOf = Number.MAX_SAFE_INTEGER, tz?: string): GuardReport {
  const zone = tz ?? fileZone(db) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  // a closed month: the fund too as it stood at its closing
  const fundAt = period.kind === 'month' ? cutoffOf(store.allIssues(db), period.label, asOf) : asOf;
  return { ...byMonths(db, period, asOf, zone, spanReport), period, fund: fund(db, undefined, fundAt) };
}

/** The notices effective as of `asOf` whose violation happened in the span, by guard and by rule;
 *  fund moves made at or before `asOf`. (The fund's balance is guardReport's, read once.) */
function spanReport(db: Db, period: Period, asOf: number): Omit<GuardReport, 'fund'> {
  // one aggregate per section over the period's index range (store-report.ts): linear in the
  // period's notices, never in the whole history
  const q = { start: period.start, end: period.end, asOf };
  const guards = totals.guardTotals(db, q);
  const states = totals.noticeStates(db, q);
  const moves = store.fundTotals(db, period.start, period.end, asOf);
  return {
    period,
    guards: guards.sort((a, b) => b.points - a.points || a.id.localeCompare(b.id)),
    rules: totals.ruleTotals(db, q).sort((a, b) => a.rule - b.rule),
    // as of asOf: a draft was written and neither effective nor voided yet; a void was voided by then
    drafts: states.drafts,
    voids: states.voids,
    // fines by the month of the violation, as the pay sheets take them; rewards by when they were paid
    periodFinesFen: guards.reduce((sum, g) => sum + g.fineFen, 0),
    periodRewardsFen: moves.rewardsFen,
    lateEntries: lateCount(db, { start: period.start, end: period.end, now: asOf, prefix: 'guard.' }),
  };
}

/** For cron: pending dismissal triggers (overdue: a decision is due) and notices waiting for a signature. */
export function guardChecks(ctx: Context, db: Db, within: number): CheckItem[] {
  const items: CheckItem[] = [];
  const active = store.allGuards(db).filter((g) => g.enteredAt <= ctx.now && !dismissedAsOf(g, ctx.now));
  const triggers = pendingTriggers(ctx, db, active, Number.MAX_SAFE_INTEGER);
  for (const g of active) {
    for (const t of triggers.get(g.id) ?? []) {
      items.push({ kind: 'guard', id: g.id, what: 'dismissal', due: t.at, overdue: true, detail: ctx.t('guard.reason', { name: g.name, rule: t.rule, label: ruleLabel(ctx, t.rule), count: t.count }) });
    }
  }
  // drafts as of now: entered, and neither the second signature nor a void entered yet
  const drafts = range.draftsAsOf(db, ctx.now).filter((n) => n.createdAt <= ctx.now && !effectiveAsOf(n, ctx.now) && (n.voidEnteredAt === null || n.voidEnteredAt > ctx.now));
  for (const n of drafts.filter((x) => x.effectiveEnteredAt === null || x.effectiveEnteredAt > ctx.now).sort((a, b) => a.createdAt - b.createdAt)) {
    const due = signatureDue(n.createdAt, ctx.rules.guard.sign_wait_days);
    if (due > ctx.now + within) continue;
    const missing = [n.companyBy === null ? ctx.t('guard.side.company') : null, n.propertyBy === null ? ctx.t('guard.side.property') : null].filter((s) => s !== null);
    // "waiting MORE than sign_wait_days": exactly at the deadline is not yet overdue (as ticket and letter checks)
    items.push({ kind: 'guard', id: n.id, what: 'signature', due, overdue: due < ctx.now, detail: listJoin(ctx.lang, missing) });
  }
  return items;
}

export function ruleLabel(ctx: Context, no: number): string {
  const r = ctx.rules.guard.rules.find((x) => x.no === no);
  return r ? (ctx.lang === 'zh' ? r.zh : r.en) : String(no);
}

export function guardInvariants(ctx: Context, db: Db): Invariant[] {
  const ledger = store.fundTotals(db);
  const re = store.recomputedFund(db);
  const expected = re.finesFen - re.rewardsFen;
  const bad = store.badlySignedEffective(db);
  const low = store.lowestFundBalance(db);
  return [
    {
      name: 'guard.fund_balance',
      ok: ledger.balanceFen === expected,
      detail: ctx.t('guard.inv.fund_detail', { balance: formatYuan(ledger.balanceFen), fines: formatYuan(re.finesFen), rewards: formatYuan(re.rewardsFen) }),
    },
    // at every moment, not only today (SPEC §4 一(六))
    { name: 'guard.fund_not_negative', ok: low >= 0, detail: formatYuan(low) },
    { name: 'guard.two_signers', ok: bad.length === 0, detail: bad.join(', ') || undefined },
  ];
}
