// Guard use cases that only read: the monthly pay sheet for finance, the fine fund, the period
// report, the deadline checks, the invariants for `db check`, and the lists and the notice that
// `guard list | notices | show` print. Plain data out; view.ts renders.
import { auditLog, type AuditEntry } from '../core/audit.js';
import type { CheckItem, Invariant } from '../core/cli.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { fenToYuan, formatYuan } from '../core/money.js';
import type { Period } from '../core/period.js';
import { formatDate } from '../core/time.js';
import { dismissalTriggers, netPayFen, signatureDue, type NoticeStatus, type Trigger } from './rules.js';
import { resolveNotice } from './service.js';
import * as store from './store.js';
import type { Guard, Notice } from './store.js';

/** `guard list`: the roster, or only its active or dismissed guards. */
export function listGuards(db: Db, status?: Guard['status']): Guard[] {
  return store.allGuards(db).filter((g) => status === undefined || g.status === status);
}

/** `guard notices`: the period's notices. Without a period (null), every draft whenever it was
 *  written: a draft waiting for a signature is wanted until someone signs or voids it. */
export function listNotices(db: Db, period: Period | null, status?: NoticeStatus): Notice[] {
  return period === null ? store.draftNotices(db) : store.noticesBetween(db, period.start, period.end, status);
}

/** `guard show`: the notice and its history from the audit log. */
export function noticeDetail(db: Db, id: string): { notice: Notice; history: AuditEntry[] } {
  const notice = resolveNotice(db, id);
  return { notice, history: auditLog(db, { recordId: notice.id }) };
}

export interface SheetLine {
  guard: Guard;
  points: number;
  fineFen: number;
  compensationFen: number;
  netPayFen: number;
  notices: string[];
  triggers: Trigger[];
}

export interface Sheet {
  period: Period;
  /** the rate the month's fines were computed with; see monthRate */
  yuanPerPoint: number;
  /** true when the month's notices were fined at different rates (the rule changed mid-month) */
  yuanPerPointMixed: boolean;
  lines: SheetLine[];
  totalPoints: number;
  totalFineFen: number;
  totalCompensationFen: number;
  totalBaseFen: number;
  totalNetFen: number;
}

/** Dismissal triggers per guard from violations before `before` in notices effective as of ctx.now,
 *  for guards not dismissed by then. */
export function pendingTriggers(ctx: Context, db: Db, guards: Guard[], before: number): Map<string, Trigger[]> {
  const g = ctx.rules.guard;
  const rules = g.rules.filter((r) => r.dismiss_at !== undefined);
  const occ = store.occurrencesByGuard(db, rules.map((r) => r.no), before, ctx.now);
  const out = new Map<string, Trigger[]>();
  for (const guard of guards) {
    if (guard.dismissedAt !== null && guard.dismissedAt < before) continue;
    const t = dismissalTriggers(rules, occ.get(guard.id) ?? [], g.repeat_window_days);
    if (t.length > 0) out.set(guard.id, t);
  }
  return out;
}

/** The month's yuan per point, from the rates its effective notices were fined with (each notice
 *  keeps its fenPerPoint): one shared rate is shown as it is; with no notices, the current rule's;
 *  with different rates (the rule changed mid-month), the current rule's and mixed = true, so the
 *  reader knows one number does not explain every fine (each notice shows its own rate). */
export function monthRate(currentYuan: number, fenPerPoint: number[]): { yuan: number; mixed: boolean } {
  const rates = new Set(fenPerPoint);
  if (rates.size === 1) return { yuan: fenToYuan([...rates][0]), mixed: false };
  return { yuan: currentYuan, mixed: rates.size > 1 };
}

/** 一(三)(四): per guard, the month's points, fines and compensation, by the month of the violation;
 *  only notices effective as of ctx.now, so `--now` reproduces the sheet as it was then. */
export function monthSheet(ctx: Context, db: Db, period: Period): Sheet {
  const lines = store.effectiveLines(db, period.start, period.end, ctx.now);
  const guards = store.allGuards(db).filter((g) => {
    const hiredBefore = g.hired === null || g.hired <= formatDate(period.to);
    const stillThere = g.dismissedAt === null || g.dismissedAt >= period.start;
    return (hiredBefore && stillThere) || lines.some((l) => l.guardId === g.id);
  });
  const triggers = pendingTriggers(ctx, db, guards, period.end);
  const out: SheetLine[] = guards.map((g) => {
    const mine = lines.filter((l) => l.guardId === g.id);
    const points = mine.reduce((s, l) => s + l.points, 0);
    const fine = mine.reduce((s, l) => s + l.fineFen, 0);
    const comp = mine.reduce((s, l) => s + l.compensationFen, 0);
    return { guard: g, points, fineFen: fine, compensationFen: comp, netPayFen: netPayFen(g.basePayFen, fine, comp), notices: mine.map((l) => l.noticeId), triggers: triggers.get(g.id) ?? [] };
  });
  const sum = (f: (l: SheetLine) => number) => out.reduce((s, l) => s + f(l), 0);
  const rate = monthRate(ctx.rules.guard.yuan_per_point, lines.map((l) => l.fenPerPoint));
  return {
    period, yuanPerPoint: rate.yuan, yuanPerPointMixed: rate.mixed, lines: out,
    totalPoints: sum((l) => l.points), totalFineFen: sum((l) => l.fineFen), totalCompensationFen: sum((l) => l.compensationFen),
    totalBaseFen: sum((l) => l.guard.basePayFen), totalNetFen: sum((l) => l.netPayFen),
  };
}

export interface FundView { balanceFen: number; finesInFen: number; rewardsOutFen: number; rewards: store.Reward[] }

/** 一(六): fines in (net of voided notices), rewards out, balance: the moves made at or before
 *  `asOf` (commands pass ctx.now, so `--now` shows the fund as it was then). */
export function fund(db: Db, period?: Period, asOf = Number.MAX_SAFE_INTEGER): FundView {
  const all = store.fundTotals(db, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, asOf);
  const rewards = store.rewardsBetween(db, period?.start ?? Number.MIN_SAFE_INTEGER, period?.end ?? Number.MAX_SAFE_INTEGER, asOf);
  return { balanceFen: all.balanceFen, finesInFen: all.finesFen - all.reversalsFen, rewardsOutFen: all.rewardsFen, rewards };
}

export interface GuardReport {
  period: Period;
  guards: Array<{ id: string; name: string; notices: number; points: number; fineFen: number; compensationFen: number }>;
  rules: Array<{ rule: number; notices: number; guards: number; points: number; fineFen: number }>;
  drafts: number;
  voids: number;
  periodFinesFen: number;
  periodRewardsFen: number;
  fund: FundView;
}

/** `report guard`: notices effective as of `asOf` (commands pass ctx.now) whose violation happened
 *  in the period, by guard and by rule; fund moves made at or before `asOf`. */
export function guardReport(db: Db, period: Period, asOf = Number.MAX_SAFE_INTEGER): GuardReport {
  const lines = store.effectiveLines(db, period.start, period.end, asOf);
  const all = store.noticesBetween(db, period.start, period.end);
  const byGuard = new Map<string, GuardReport['guards'][number]>();
  const names = new Map(store.allGuards(db).map((g) => [g.id, g.name]));
  const byRule = new Map<number, GuardReport['rules'][number] & { ids: Set<string> }>();
  for (const l of lines) {
    const g = byGuard.get(l.guardId) ?? { id: l.guardId, name: names.get(l.guardId) ?? l.guardId, notices: 0, points: 0, fineFen: 0, compensationFen: 0 };
    g.notices += 1;
    g.points += l.points;
    g.fineFen += l.fineFen;
    g.compensationFen += l.compensationFen;
    byGuard.set(l.guardId, g);
    const r = byRule.get(l.rule) ?? { rule: l.rule, notices: 0, guards: 0, points: 0, fineFen: 0, ids: new Set<string>() };
    r.ids.add(l.noticeId);
    r.notices = r.ids.size;
    r.guards += 1;
    r.points += l.points;
    r.fineFen += l.fineFen;
    byRule.set(l.rule, r);
  }
  const moves = store.fundTotals(db, period.start, period.end, asOf);
  return {
    period,
    guards: [...byGuard.values()].sort((a, b) => b.points - a.points || a.id.localeCompare(b.id)),
    rules: [...byRule.values()].sort((a, b) => a.rule - b.rule).map(({ ids: _ids, ...r }) => r),
    // as of asOf: a draft was written and neither effective nor voided yet; a void was voided by then
    drafts: all.filter((n) => (n.effectiveAt === null || n.effectiveAt > asOf) && (n.voidedAt === null || n.voidedAt > asOf)).length,
    voids: all.filter((n) => n.voidedAt !== null && n.voidedAt <= asOf).length,
    // fines by the month of the violation, as the pay sheets take them; rewards by when they were paid
    periodFinesFen: lines.reduce((sum, l) => sum + l.fineFen, 0),
    periodRewardsFen: moves.rewardsFen,
    fund: fund(db, undefined, asOf),
  };
}

/** For cron: pending dismissal triggers (overdue: a decision is due) and notices waiting for a signature. */
export function guardChecks(ctx: Context, db: Db, within: number): CheckItem[] {
  const items: CheckItem[] = [];
  const active = store.allGuards(db).filter((g) => g.status === 'active');
  const triggers = pendingTriggers(ctx, db, active, Number.MAX_SAFE_INTEGER);
  for (const g of active) {
    for (const t of triggers.get(g.id) ?? []) {
      items.push({ kind: 'guard', id: g.id, what: 'dismissal', due: t.at, overdue: true, detail: ctx.t('guard.reason', { name: g.name, rule: t.rule, label: ruleLabel(ctx, t.rule), count: t.count }) });
    }
  }
  for (const n of store.draftNotices(db)) {
    const due = signatureDue(n.createdAt, ctx.rules.guard.sign_wait_days);
    if (due > ctx.now + within) continue;
    const missing = [n.companyBy === null ? ctx.t('guard.side.company') : null, n.propertyBy === null ? ctx.t('guard.side.property') : null].filter((s) => s !== null);
    // "waiting MORE than sign_wait_days": exactly at the deadline is not yet overdue (as ticket and letter checks)
    items.push({ kind: 'guard', id: n.id, what: 'signature', due, overdue: due < ctx.now, detail: missing.join(', ') });
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
  return [
    {
      name: 'guard.fund_balance',
      ok: ledger.balanceFen === expected,
      detail: ctx.t('guard.inv.fund_detail', { balance: formatYuan(ledger.balanceFen), fines: formatYuan(re.finesFen), rewards: formatYuan(re.rewardsFen) }),
    },
    { name: 'guard.fund_not_negative', ok: ledger.balanceFen >= 0, detail: formatYuan(ledger.balanceFen) },
    { name: 'guard.two_signers', ok: bad.length === 0, detail: bad.join(', ') || undefined },
  ];
}
