// 篇2 物业小区保安队员考核细则 as pure functions: points of a rule, fines, who gets how much on a
// shared notice, the two-sided signature, dismissal triggers and the fine fund's floor.
// No database, no clock, no printing: `now` and the rule values are parameters.
import { InputError, RuleError } from '../core/errors.js';
import { formatYuan } from '../core/money.js';
import type { GuardRule, Rules } from '../core/rules.js';
import { MS } from '../core/time.js';

export type GuardRules = Rules['guard'];
export type NoticeStatus = 'draft' | 'effective' | 'void';
export type Side = 'company' | 'property';
export type InspectionKind = 'periodic' | 'spot';
export const SIDES: Side[] = ['company', 'property'];
export const INSPECTION_KINDS: InspectionKind[] = ['periodic', 'spot'];
/** What a notice is when --kind is not given (CLI.md: `--kind periodic|spot`, spot by default). */
export const DEFAULT_KIND: InspectionKind = 'spot';

export function findRule(guard: GuardRules, no: number): GuardRule | undefined {
  return guard.rules.find((r) => r.no === no);
}

/** Rules 12 and 20 give a range (扣4-10分): the inspector chooses within it. */
export function isRange(rule: GuardRule): boolean {
  return rule.points === undefined;
}

/** "4" or "4–10" for tables. */
export function pointsText(rule: GuardRule): string {
  return isRange(rule) ? `${rule.min}–${rule.max}` : String(rule.points);
}

/**
 * The points of one notice. A range rule needs --points within [min, max]. A fixed rule takes
 * its own number: --points may repeat it, but a different number is refused (exit 2), because
 * the regulation leaves the inspector no choice there and a typo must not change a fine.
 */
export function pointsFor(rule: GuardRule, given: number | undefined): number {
  if (isRange(rule)) {
    const min = rule.min as number;
    const max = rule.max as number;
    if (given === undefined) throw new InputError('guard.points_required', { field: '--points', rule: rule.no, min, max });
    if (given < min || given > max) throw new InputError('guard.points_range', { field: '--points', rule: rule.no, min, max, value: given });
    return given;
  }
  const fixed = rule.points as number;
  if (given !== undefined && given !== fixed) throw new InputError('guard.points_fixed', { field: '--points', rule: rule.no, points: fixed, value: given });
  return fixed;
}

/**
 * Points per guard on a notice. Rules 3, 7, 9 and 14 say 每人各扣 (each guard involved); for the
 * other rules a notice naming several guards is read the same way — each guard named committed
 * the violation — so every guard on a notice gets the rule's points, never a share of them.
 */
export function pointsPerGuard(points: number): number {
  return points;
}

/** 一(三): each point costs yuan_per_point, from that month's pay. In fen, exact: a rate with more
 *  than two decimals would need a fine rounded per point (or twice), so it is refused (exit 2)
 *  and every fine is points × whole fen, never rounded at all. */
export function finePerPointFen(guard: GuardRules): number {
  const fen = Math.round(guard.yuan_per_point * 100);
  if (Math.abs(fen - guard.yuan_per_point * 100) > 1e-6) throw new InputError('guard.rate_fen', { field: 'guard.yuan_per_point', value: guard.yuan_per_point });
  return fen;
}

export function fineFen(points: number, fenPerPoint: number): number {
  return points * fenPerPoint;
}

/**
 * Rule 5: the damaged/lost item is paid for once. With several guards on the notice the amount is
 * split evenly, the odd fen going to the first guards named.
 */
export function splitCompensation(totalFen: number, guards: number): number[] {
  const base = Math.floor(totalFen / guards);
  const rest = totalFen - base * guards;
  return Array.from({ length: guards }, (_, i) => base + (i < rest ? 1 : 0));
}

/** Compensation is only for rules that name it (rule 5). */
export function checkCompensation(rule: GuardRule, fen: number): void {
  if (fen > 0 && !rule.compensation) throw new InputError('guard.compensation_rule', { field: '--compensation', rule: rule.no });
}

/** Same person, whatever the spacing or letter case. */
export function samePerson(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

export interface SignState {
  status: NoticeStatus;
  companyBy: string | null;
  propertyBy: string | null;
}

/**
 * 一(四): the notice counts when the company's and the property site's inspectors have both signed,
 * two different people. Each side signs once. Returns the status after this signature.
 */
export function afterSignature(n: SignState, side: Side, by: string): NoticeStatus {
  if (n.status === 'void') throw new RuleError('guard.sign_void');
  const mine = side === 'company' ? n.companyBy : n.propertyBy;
  const other = side === 'company' ? n.propertyBy : n.companyBy;
  if (mine !== null) throw new RuleError(`guard.side_signed.${side}`, { by: mine });
  if (other !== null && samePerson(other, by)) throw new RuleError('guard.same_signer', { by });
  return other !== null ? 'effective' : 'draft';
}

export function checkVoidable(status: NoticeStatus): void {
  if (status === 'void') throw new RuleError('guard.already_void');
}

export interface Occurrence {
  rule: number;
  at: number;
  notice: string;
}

export interface Trigger {
  rule: number;
  /** the number of times that triggers (dismiss_at) */
  times: number;
  /** how many times it happened (in the window that triggered, or in all) */
  count: number;
  /** when the triggering occurrence happened */
  at: number;
  notices: string[];
}

/**
 * 三次以上 予以辞退: the dismiss_at-th occurrence of a rule (以上 is inclusive, so the 3rd counts) is a
 * trigger. Counted over the whole service, or within `windowDays` when the rule file sets one.
 * Only effective notices should be passed in. Triggers whose triggering occurrence is at or before
 * `keptUntil` were settled by `guard keep` and are not returned.
 */
export function dismissalTriggers(rules: GuardRule[], occurrences: Occurrence[], windowDays: number | null, keptUntil = Number.NEGATIVE_INFINITY): Trigger[] {
  const out: Trigger[] = [];
  for (const rule of rules) {
    const k = rule.dismiss_at;
    if (k === undefined) continue;
    const occ = occurrences.filter((o) => o.rule === rule.no).sort((a, b) => a.at - b.at || a.notice.localeCompare(b.notice));
    if (windowDays === null) {
      // guard keep settled the triggers up to keptUntil: the next triggering occurrence after it flags again
      const i = occ.findIndex((o, j) => j >= k - 1 && o.at > keptUntil);
      if (i >= 0) out.push({ rule: rule.no, times: k, count: occ.length, at: occ[i].at, notices: occ.map((o) => o.notice) });
      continue;
    }
    const window = windowDays * MS.day;
    for (let i = k - 1; i < occ.length; i++) {
      const first = occ[i - (k - 1)];
      if (occ[i].at - first.at < window && occ[i].at > keptUntil) {
        const inWindow = occ.filter((o) => o.at >= first.at && o.at - first.at < window);
        out.push({ rule: rule.no, times: k, count: inWindow.length, at: occ[i].at, notices: inWindow.map((o) => o.notice) });
        break;
      }
    }
  }
  return out;
}

/** When a draft notice is flagged for waiting on its second signature. */
export function signatureDue(createdAt: number, waitDays: number): number {
  return createdAt + waitDays * MS.day;
}

export function netPayFen(basePayFen: number, fineFenTotal: number, compensationFen: number): number {
  return basePayFen - fineFenTotal - compensationFen;
}

/** 一(六): the fund pays rewards and never goes below zero. */
export function fundAfter(balanceFen: number, deltaFen: number): number {
  const next = balanceFen + deltaFen;
  if (next < 0) throw new RuleError('guard.fund_low', { balance: formatYuan(balanceFen), need: formatYuan(-deltaFen) });
  return next;
}
