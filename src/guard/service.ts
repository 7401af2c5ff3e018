// Guard use cases that change something: roster, notices, signatures, voids, dismissals, keeps.
// (Rewards, their voids and issuing a month to finance are in ledger.ts.)
// Each public function parses its input first (exit 2 before any rule check), then checks the
// step's two times (core/steps: never before the step it follows, --reason for a late entry) and
// writes through the store inside ONE ctx.write, with an audit row per change.
// The apply* functions do the work inside an open transaction with the step's times given (the
// demo calls them directly, entering its history at the event times).
import { withNote } from '../core/i18n.js';
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { InputError, NotFoundError, RuleError } from '../core/errors.js';
import { parseEnum, requireEnum } from '../core/enum.js';
import { optionalText, parseInteger, requireText, textList } from '../core/input.js';
import { parseYuan } from '../core/money.js';
import { checkStep, type StepTimes } from '../core/steps.js';
import { dateOf, formatDate, isoInZone, parseDate, parsePastMoment, startOfDate } from '../core/time.js';
import { checkFundFloor, fundMoment } from './ledger.js';
import {
  afterSignature, checkCompensation, checkVoidable, DEFAULT_KIND, findRule, fineFen, finePerPointFen, INSPECTION_KINDS,
  pointsFor, pointsPerGuard, SIDES, splitCompensation, type InspectionKind, type Side,
} from './rules.js';
import * as store from './store.js';
import type { Guard, Notice } from './store.js';

export { applyReward, reward, rewardVoid } from './ledger.js';
export { addGuard, applyAddGuard, applyDismiss, dismiss, guardIdsNamed, keep, parseAddGuard, type AddGuardInput } from './roster.js';

/** A guard named by id (GD001) or by a unique name; an ambiguous name is exit 2 listing the ids. */
export function resolveGuard(db: Db, text: string, field: string): Guard {
  const key = text.trim();
  const byId = store.guardById(db, key);
  if (byId) return byId;
  const named = store.guardsByName(db, key);
  if (named.length === 0) throw new NotFoundError('guard.not_found', { name: key });
  if (named.length > 1) throw new InputError('guard.ambiguous', { field, name: key, ids: named.map((g) => g.id) });
  return named[0];
}

export function resolveNotice(db: Db, id: string): Notice {
  const n = store.noticeById(db, id.trim());
  if (!n) throw new NotFoundError('guard.notice_not_found', { id });
  return n;
}

/** The guard's hire date: --hired, else the day the guard was added (rows from before it was stored). */
export function hiredDate(g: Guard, tz: string): string {
  return g.hired ?? formatDate(dateOf(g.createdAt, tz));
}

const label = (ctx: Context, g: Guard) => withNote(ctx.lang, g.name, g.id);
/** --reason for a late entry (补录), when given */
const optional = (s: string | undefined) => optionalText(s, '--reason', 'long');
/** Times for the demo and for callers that already checked them: entered when it happened. */
export const onTime = (at: number): StepTimes => ({ at, enteredAt: at, late: null });

// ---- notices --------------------------------------------------------------------------------

export interface DeductInput {
  guards: string[];
  rule: number;
  points: number;
  at: number;
  inspector: string;
  kind: InspectionKind;
  compensationFen: number;
  /** the guards who pay the compensation (default: all on the notice) */
  compensationFrom?: string[];
  note: string | null;
}

type DeductRaw = {
  guards?: string[]; rule?: string; points?: string; at?: string; inspector?: string; kind?: string; compensation?: string;
  compensationFrom?: string[]; note?: string; reason?: string;
};

export function parseDeduct(ctx: Context, raw: DeductRaw): DeductInput {
  const guards = textList(raw.guards, '--guard');
  if (guards.length === 0) throw new InputError('input.missing', { field: '--guard' });
  const dup = guards.find((g, i) => guards.indexOf(g) !== i);
  if (dup !== undefined) throw new InputError('guard.guard_twice', { field: '--guard', name: dup });
  const ruleNo = parseInteger(requireText(raw.rule, '--rule'), '--rule', 1, 999);
  const rule = findRule(ctx.rules.guard, ruleNo);
  if (!rule) throw new InputError('guard.rule_unknown', { field: '--rule', value: ruleNo, list: ctx.rules.guard.rules.map((r) => String(r.no)) });
  const given = raw.points === undefined ? undefined : parseInteger(raw.points, '--points', 0, 1000);
  const points = pointsFor(rule, given);
  const at = parsePastMoment(raw.at, '--at', ctx.tz, ctx.now, 'guard.future');
  const compensationFen = raw.compensation === undefined ? 0 : parseYuan(raw.compensation, '--compensation');
  checkCompensation(rule, compensationFen);
  const from = textList(raw.compensationFrom, '--compensation-from');
  if (from.length > 0 && compensationFen === 0) throw new InputError('guard.compensation_from_alone', { field: '--compensation-from' });
  for (const name of from) if (!guards.includes(name)) throw new InputError('guard.compensation_from', { field: '--compensation-from', name });
  return {
    guards, rule: ruleNo, points, at,
    inspector: requireText(raw.inspector, '--inspector'),
    kind: raw.kind === undefined ? DEFAULT_KIND : parseEnum(raw.kind, '--kind', INSPECTION_KINDS, 'guard.kind.'),
    compensationFen, compensationFrom: from.length > 0 ? from : undefined,
    note: optionalText(raw.note, '--note', 'long'),
  };
}

/** Rule 5: the compensation split evenly among the guards who pay it, 0 for the others. */
function compensationShares(input: DeductInput, count: number): number[] {
  const payers = input.compensationFrom === undefined ? input.guards.map((_, i) => i) : input.compensationFrom.map((n) => input.guards.indexOf(n));
  const shares = splitCompensation(input.compensationFen, payers.length);
  const out = Array.from({ length: count }, () => 0);
  payers.forEach((i, k) => (out[i] = shares[k]));
  return out;
}

/** A guard may be named on a notice of a violation at `at`: hired by then, and not dismissed
 *  before it (exit 3). */
function checkOnNotice(ctx: Context, g: Guard, at: number): void {
  if (g.dismissedAt !== null && at >= g.dismissedAt) throw new RuleError('guard.dismissed', { guard: label(ctx, g), at: isoInZone(g.dismissedAt, ctx.tz) });
  const hired = hiredDate(g, ctx.tz);
  if (at < startOfDate(ctx.tz, parseDate(hired, 'hired'))) throw new RuleError('guard.before_hired', { guard: label(ctx, g), hired });
}

/** The guards on a notice, each found by `named`: no one twice (exit 2), each hired by the
 *  violation and not dismissed before it (exit 3). `named` is resolveGuard for a command; the
 *  demo's load test finds its guards in memory (demo-bulk.ts). */
export function checkedGuards(ctx: Context, input: DeductInput, named: (name: string) => Guard): Guard[] {
  const guards = input.guards.map(named);
  const ids = guards.map((g) => g.id);
  if (new Set(ids).size !== ids.length) throw new InputError('guard.guard_twice', { field: '--guard', name: ids.find((id, i) => ids.indexOf(id) !== i) });
  for (const g of guards) checkOnNotice(ctx, g, input.at);
  return guards;
}

function guardsFor(ctx: Context, db: Db, input: DeductInput): Guard[] {
  return checkedGuards(ctx, input, (name) => resolveGuard(db, name, '--guard'));
}

/** The draft a deduction makes of checked guards: the year's next id, each guard's points, fine
 *  and share of the compensation by the rules, the rate in force. applyDeduct writes it; the demo's
 *  load test keeps it in memory until it is final (demo-bulk.ts). */
export function draftNotice(ctx: Context, db: Db, input: DeductInput, guards: Guard[], times: StepTimes): Notice {
  const fenPerPoint = finePerPointFen(ctx.rules.guard);
  const each = pointsPerGuard(input.points);
  const comp = compensationShares(input, guards.length);
  return {
    id: nextSerial(db, 'G', dateOf(input.at, ctx.tz).y),
    rule: input.rule, points: input.points, fenPerPoint, at: input.at, inspector: input.inspector, kind: input.kind,
    compensationFen: input.compensationFen, note: input.note, status: 'draft',
    companyBy: null, companySignedAt: null, propertyBy: null, propertySignedAt: null, effectiveAt: null, voidReason: null, voidedAt: null,
    createdAt: times.enteredAt, createdBy: ctx.actor,
    guards: guards.map((g, i) => ({ guardId: g.id, name: g.name, points: each, fineFen: fineFen(each, fenPerPoint), compensationFen: comp[i] })),
    companyEnteredAt: null, propertyEnteredAt: null, effectiveEnteredAt: null, voidEnteredAt: null,
  };
}

export function applyDeduct(ctx: Context, db: Db, input: DeductInput, times: StepTimes): Notice {
  const guards = guardsFor(ctx, db, input);
  const notice = draftNotice(ctx, db, input, guards, times);
  const fenPerPoint = notice.fenPerPoint;
  store.insertNotice(db, notice);
  ctx.audit(db, 'guard.deduct', notice.id, {
    rule: notice.rule, points: notice.points, fen_per_point: fenPerPoint, at: notice.at, inspector: notice.inspector, kind: notice.kind,
    compensation_fen: notice.compensationFen, note: notice.note, guards: guards.map((g) => g.id),
    compensation_from: notice.guards.filter((g) => g.compensationFen > 0).map((g) => g.guardId),
  }, times.enteredAt, { enteredAt: times.enteredAt, late: times.late });
  return notice;
}

export function deduct(ctx: Context, raw: DeductRaw): Notice {
  const input = parseDeduct(ctx, raw);
  const reason = optional(raw.reason);
  // checked inside the write: a step dated in a closed month is a late entry too (core/steps)
  return ctx.write((db) => applyDeduct(ctx, db, input, checkStep(ctx, { kind: 'guard.deduct', at: input.at, reason })));
}

export interface SignInput { id: string; side: Side; by: string; at: number }

export function parseSign(ctx: Context, raw: { id?: string; side?: string; by?: string; at?: string }): SignInput {
  return {
    id: requireText(raw.id, 'NOTICE'),
    side: requireEnum(raw.side, '--side', SIDES, 'guard.side.'),
    by: requireText(raw.by, '--by'),
    // a signature cannot be dated after the clock, as tickets and letters refuse it (exit 2 naming --at)
    at: parsePastMoment(raw.at, '--at', ctx.tz, ctx.now, 'guard.sign_future'),
  };
}

/** When a notice signed by `side` at `at`, the other side having signed already, becomes
 *  effective: at the later of the two signature times. */
export function effectiveMoment(n: Pick<Notice, 'companySignedAt' | 'propertySignedAt'>, side: Side, at: number): number {
  const other = side === 'company' ? n.propertySignedAt : n.companySignedAt;
  return Math.max(at, other ?? at);
}

/** The fine of a notice: its guards' fines together (what enters the fund, and leaves it on a void). */
export function noticeFineFen(n: Pick<Notice, 'guards'>): number {
  return n.guards.reduce((s, g) => s + g.fineFen, 0);
}

/** Records one side's signature at its time `times.at`, entered at `times.enteredAt` (the audit
 *  row's time, with the claimed time inside the change as `signed_at`). The notice counts only once
 *  BOTH sides have signed, so it becomes effective (and its fine enters the fund) at the LATER
 *  signature time, and counts on the sheets from the moment the second signature was entered. */
export function applySign(ctx: Context, db: Db, input: SignInput, times: StepTimes): Notice {
  const n = resolveNotice(db, input.id);
  const status = afterSignature({ status: n.status, companyBy: n.companyBy, propertyBy: n.propertyBy }, input.side, input.by);
  store.signNotice(db, n.id, input.side, input.by, times.at, times.enteredAt);
  const opts = { enteredAt: times.enteredAt, late: times.late };
  ctx.audit(db, 'guard.sign', n.id, { side: input.side, by: input.by, signed_at: times.at }, times.enteredAt, opts);
  if (status === 'effective') {
    const effectiveAt = effectiveMoment(n, input.side, times.at);
    store.makeEffective(db, n.id, effectiveAt, times.enteredAt);
    const total = noticeFineFen(n);
    if (total > 0) store.nextFundMove(db, { at: fundMoment(ctx, db, effectiveAt, times.enteredAt), enteredAt: times.enteredAt, kind: 'fine', amountFen: total, noticeId: n.id });
    ctx.audit(db, 'guard.effective', n.id, { fine_fen: total, effective_at: effectiveAt }, times.enteredAt, opts);
  }
  return resolveNotice(db, n.id);
}

export function sign(ctx: Context, raw: Parameters<typeof parseSign>[1] & { reason?: string }): Notice {
  const input = parseSign(ctx, raw);
  return ctx.write((db) => {
    const n = resolveNotice(db, input.id);
    const times = checkStep(ctx, { kind: 'guard.sign', at: input.at, reason: optional(raw.reason), after: { at: n.at, what: ctx.t('guard.step.violation'), id: n.id } });
    return applySign(ctx, db, input, times);
  });
}

/** Voids a notice. An effective one's fine leaves the fund at the void's time: refused when the
 *  fund would be below zero then or at any later moment (rewards already spent it). */
export function applyVoid(ctx: Context, db: Db, id: string, reason: string, times: StepTimes): Notice {
  const n = resolveNotice(db, id);
  checkVoidable(n.status);
  if (n.status === 'effective') {
    const total = noticeFineFen(n);
    const at = fundMoment(ctx, db, times.at, times.enteredAt);
    checkFundFloor(ctx, db, { at, amountFen: -total });
    if (total > 0) store.nextFundMove(db, { at, enteredAt: times.enteredAt, kind: 'reversal', amountFen: -total, noticeId: n.id });
  }
  store.voidNotice(db, n.id, times.at, times.enteredAt, reason);
  ctx.audit(db, 'guard.void', n.id, { reason, was: n.status, voided_at: times.at }, times.at, { enteredAt: times.enteredAt, late: times.late });
  return resolveNotice(db, n.id);
}

export function voidNotice(ctx: Context, raw: { id?: string; reason?: string; at?: string }): Notice {
  const id = requireText(raw.id, 'NOTICE');
  const reason = requireText(raw.reason, '--reason', 'long');
  const at = parsePastMoment(raw.at, '--at', ctx.tz, ctx.now);
  return ctx.write((db) => {
    const n = resolveNotice(db, id);
    const after = n.effectiveAt !== null && n.status === 'effective'
      ? { at: n.effectiveAt, what: ctx.t('guard.step.effective'), id: n.id }
      : { at: n.at, what: ctx.t('guard.step.violation'), id: n.id };
    return applyVoid(ctx, db, id, reason, checkStep(ctx, { kind: 'guard.void', at, reason, after }));
  });
}
