// The monthly pay sheet for finance (SPEC §4, §0 "Closed months"): who is on it, their fines and
// 补扣, the carry (结转), 末次工资, what former guards owe, and the dismissal flags, as of ctx.now
// or as of the month's issuing. The arithmetic is in sheet.ts; this file gathers the facts.
import { auditHead } from '../core/audit.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { fenToYuan } from '../core/money.js';
import { monthKey, type Period } from '../core/period.js';
import { occurrencesByGuard } from './facts.js';
import { dismissalTriggers, type Trigger } from './rules.js';
import { hiredDate } from './service.js';
import { closedFrom, closingIssue, cutoffOf, factsByGuard, payChain, type GuardFacts, type Issue, type PayLine, type SheetEntry } from './sheet.js';
import * as store from './store.js';
import { noticesOfRules } from './store-range.js';
import { sheetNotices } from './month-history.js';
import type { Guard } from './store.js';

export interface SheetLine {
  guard: Guard;
  points: number;
  fineFen: number;
  compensationFen: number;
  netPayFen: number;
  /** the month's own notices */
  notices: string[];
  /** 补扣: notices of closed months counted here (negative for a void of one already paid) */
  adjustments: SheetEntry[];
  carriedInFen: number;
  carriedOutFen: number;
  /** 末次工资: the guard was dismissed in this month */
  finalPay: boolean;
  /** the dismissal, on the sheet of the dismissal month (as of the sheet's cut-off) */
  dismissedAt: number | null;
  dismissReason: string | null;
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
  /** issued to finance (closed for guards): the sheet is the one as of `asOf`, its issuing */
  closed: boolean;
  asOf: number;
  auditHead: { seq: number; hash: string; demo?: boolean } | null;
  /** what former guards still owe: it can no longer be deducted from their pay */
  owed: Array<{ guard: Guard; amountFen: number }>;
}

/** The audit head a sheet prints: the one stored when its month was issued, else the head as of
 *  the sheet's moment (a demo database says so in the footer). */
function sheetHead(db: Db, issue: Issue | null, cutoff: number): Sheet['auditHead'] {
  const asOf = auditHead(db, cutoff);
  return issue ? { seq: issue.headSeq, hash: issue.headHash, ...(asOf.demo ? { demo: true } : {}) } : asOf;
}

/** Is the guard dismissed as of `asOf` (the dismissal entered by then)? */
export const dismissedAsOf = (g: Guard, asOf: number) => g.dismissedAt !== null && g.dismissEnteredAt !== null && g.dismissEnteredAt <= asOf;

/** Dismissal triggers per guard from violations before `before` in notices effective as of `asOf`
 *  (default ctx.now), for guards not dismissed before `before` as of then; a trigger settled by
 *  `guard keep` (entered by then) no longer flags. */
export function pendingTriggers(ctx: Context, db: Db, guards: Guard[], before: number, asOf = ctx.now, notices?: store.Notice[]): Map<string, Trigger[]> {
  const g = ctx.rules.guard;
  const rules = g.rules.filter((r) => r.dismiss_at !== undefined);
  // the notices of the rules that can dismiss, by a range of guard_notices_rule (issue 14)
  const occ = occurrencesByGuard(notices ?? noticesOfRules(db, rules.map((r) => r.no), before), rules.map((r) => r.no), before, asOf);
  const keeps = store.allKeeps(db).filter((k) => k.enteredAt <= asOf && k.at < before);
  const out = new Map<string, Trigger[]>();
  for (const guard of guards) {
    if (dismissedAsOf(guard, asOf) && (guard.dismissedAt as number) < before) continue;
    const kept = keeps.filter((k) => k.guardId === guard.id).reduce((m, k) => Math.max(m, k.at), Number.NEGATIVE_INFINITY);
    const t = dismissalTriggers(rules, occ.get(guard.id) ?? [], g.repeat_window_days, kept);
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

export function guardFacts(g: Guard, tz: string): GuardFacts {
  return {
    id: g.id, basePayFen: g.basePayFen, hiredMonth: hiredDate(g, tz).slice(0, 7), enteredAt: g.enteredAt,
    dismissMonth: g.dismissedAt === null ? null : monthKey(g.dismissedAt, tz), dismissEnteredAt: g.dismissEnteredAt,
  };
}

/** 一(三)(四): the month's pay sheet, by the month of the violation, as of ctx.now — or, once the
 *  month was issued to finance, as of its issuing: a notice that became effective later counts on
 *  the first open month's sheet as 补扣. Net pay never below zero: the rest is carried (结转). */
export function monthSheet(ctx: Context, db: Db, period: Period): Sheet {
  const month = monthKey(period.start, ctx.tz);
  const issues = store.allIssues(db);
  const cutoff = cutoffOf(issues, month, ctx.now);
  const closed = closedFrom(issues, month) <= ctx.now;
  const all = store.allGuards(db);
  // the month's notices, and earlier months as the sums their carry is made of (month-history.ts)
  const { facts, rates: rateOf } = sheetNotices(ctx, db, issues, period, ctx.now);
  const byGuard = factsByGuard(facts);
  const triggers = pendingTriggers(ctx, db, all, period.end, cutoff);
  const out: SheetLine[] = [];
  const owed: Sheet['owed'] = [];
  const rates: number[] = [];
  for (const g of all) {
    const gf = guardFacts(g, ctx.tz);
    const line: PayLine | undefined = payChain(gf, byGuard.get(g.id) ?? [], issues, month, ctx.now).at(-1);
    if (line === undefined || line.month !== month) continue;
    const dismissed = dismissedAsOf(g, cutoff);
    if (dismissed && gf.dismissMonth !== null && gf.dismissMonth <= month && line.carriedOutFen > 0) owed.push({ guard: g, amountFen: line.carriedOutFen });
    if (!line.onSheet) continue;
    for (const e of line.entries) rates.push(rateOf.get(e.notice) ?? 0);
    out.push({
      guard: g, points: line.points, fineFen: line.fineFen, compensationFen: line.compensationFen, netPayFen: line.netFen,
      notices: line.entries.filter((e) => !e.adjustment).map((e) => e.notice), adjustments: line.entries.filter((e) => e.adjustment),
      carriedInFen: line.carriedInFen, carriedOutFen: line.carriedOutFen, finalPay: line.finalPay,
      dismissedAt: line.finalPay ? g.dismissedAt : null, dismissReason: line.finalPay ? g.dismissReason : null, triggers: triggers.get(g.id) ?? [],
    });
  }
  const sum = (f: (l: SheetLine) => number) => out.reduce((s, l) => s + f(l), 0);
  const rate = monthRate(ctx.rules.guard.yuan_per_point, rates);
  const issue = closed ? closingIssue(issues, month) : null;
  return {
    period, yuanPerPoint: rate.yuan, yuanPerPointMixed: rate.mixed, lines: out,
    totalPoints: sum((l) => l.points), totalFineFen: sum((l) => l.fineFen), totalCompensationFen: sum((l) => l.compensationFen),
    totalBaseFen: sum((l) => l.guard.basePayFen), totalNetFen: sum((l) => l.netPayFen),
    closed, asOf: cutoff, auditHead: sheetHead(db, issue, cutoff), owed,
  };
}

