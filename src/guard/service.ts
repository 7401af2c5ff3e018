// Guard use cases that change something: roster, notices, signatures, voids, rewards, dismissals.
// Each public function parses its input first (exit 2 before any rule check), then applies the
// rules and writes through the store inside ONE ctx.write, with an audit row per change.
// The apply* functions do the work inside an open transaction (the demo calls them directly).
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { InputError, NotFoundError, RuleError } from '../core/errors.js';
import { optionalText, parseChoice, parseInteger, requireText, textList } from '../core/input.js';
import { parseYuan } from '../core/money.js';
import { dateOf, formatDate, parseDate, parseMoment, parsePastMoment, startOfDate } from '../core/time.js';
import {
  afterSignature, checkCompensation, checkVoidable, findRule, fineFen, finePerPointFen, fundAfter, INSPECTION_KINDS,
  pointsFor, pointsPerGuard, SIDES, splitCompensation, type InspectionKind, type Side,
} from './rules.js';
import * as store from './store.js';
import type { Guard, Notice, Reward } from './store.js';

/** A guard named by id (GD001) or by a unique name; an ambiguous name is exit 2 listing the ids. */
export function resolveGuard(db: Db, text: string, field: string): Guard {
  const key = text.trim();
  const byId = store.guardById(db, key);
  if (byId) return byId;
  const named = store.guardsByName(db, key);
  if (named.length === 0) throw new NotFoundError('guard.not_found', { name: key });
  if (named.length > 1) throw new InputError('guard.ambiguous', { field, name: key, ids: named.map((g) => g.id).join(', ') });
  return named[0];
}

export function resolveNotice(db: Db, id: string): Notice {
  const n = store.noticeById(db, id.trim());
  if (!n) throw new NotFoundError('guard.notice_not_found', { id });
  return n;
}

// ---- roster ---------------------------------------------------------------------------------

export interface AddGuardInput { name: string; company: string; site: string; basePayFen: number; hired: string | null }

export function parseAddGuard(raw: { name?: string; company?: string; site?: string; basePay?: string; hired?: string }): AddGuardInput {
  return {
    name: requireText(raw.name, '--name'),
    company: requireText(raw.company, '--company'),
    site: requireText(raw.site, '--site'),
    basePayFen: parseYuan(requireText(raw.basePay, '--base-pay'), '--base-pay'),
    hired: raw.hired === undefined ? null : formatDate(parseDate(raw.hired, '--hired')),
  };
}

export function applyAddGuard(ctx: Context, db: Db, input: AddGuardInput, at: number): Guard {
  const g: Guard = { id: store.nextGuardId(db), ...input, status: 'active', dismissedAt: null, dismissReason: null, createdAt: at };
  store.insertGuard(db, g);
  ctx.audit(db, 'guard.add', g.id, { name: g.name, company: g.company, site: g.site, base_pay_fen: g.basePayFen, hired: g.hired }, at);
  return g;
}

export function addGuard(ctx: Context, raw: Parameters<typeof parseAddGuard>[0]): Guard {
  const input = parseAddGuard(raw);
  return ctx.write((db) => applyAddGuard(ctx, db, input, ctx.now));
}

export function dismiss(ctx: Context, raw: { guard?: string; reason?: string; at?: string }): Guard {
  const guard = requireText(raw.guard, 'NAME');
  const reason = requireText(raw.reason, '--reason', 'long');
  const at = parsePastMoment(raw.at, '--at', ctx.tz, ctx.now);
  return ctx.write((db) => applyDismiss(ctx, db, resolveGuard(db, guard, 'NAME'), reason, at));
}

export function applyDismiss(ctx: Context, db: Db, g: Guard, reason: string, at: number): Guard {
  if (g.status === 'dismissed') throw new RuleError('guard.dismissed', { guard: `${g.name} (${g.id})` });
  store.dismissGuard(db, g.id, at, reason);
  ctx.audit(db, 'guard.dismiss', g.id, { reason }, at);
  return { ...g, status: 'dismissed', dismissedAt: at, dismissReason: reason };
}

// ---- notices --------------------------------------------------------------------------------

export interface DeductInput {
  guards: string[];
  rule: number;
  points: number;
  at: number;
  inspector: string;
  kind: InspectionKind;
  compensationFen: number;
  note: string | null;
}

export function parseDeduct(
  ctx: Context,
  raw: { guards?: string[]; rule?: string; points?: string; at?: string; inspector?: string; kind?: string; compensation?: string; note?: string },
): DeductInput {
  const guards = textList(raw.guards, '--guard');
  if (guards.length === 0) throw new InputError('input.missing', { field: '--guard' });
  const dup = guards.find((g, i) => guards.indexOf(g) !== i);
  if (dup !== undefined) throw new InputError('guard.guard_twice', { field: '--guard', name: dup });
  const ruleNo = parseInteger(requireText(raw.rule, '--rule'), '--rule', 1, 999);
  const rule = findRule(ctx.rules.guard, ruleNo);
  if (!rule) throw new InputError('guard.rule_unknown', { field: '--rule', value: ruleNo, list: ctx.rules.guard.rules.map((r) => r.no).join(', ') });
  const given = raw.points === undefined ? undefined : parseInteger(raw.points, '--points', 0, 1000);
  const points = pointsFor(rule, given);
  const at = parsePastMoment(raw.at, '--at', ctx.tz, ctx.now, 'guard.future');
  const compensationFen = raw.compensation === undefined ? 0 : parseYuan(raw.compensation, '--compensation');
  checkCompensation(rule, compensationFen);
  return {
    guards, rule: ruleNo, points, at,
    inspector: requireText(raw.inspector, '--inspector'),
    kind: raw.kind === undefined ? 'spot' : parseChoice(raw.kind, '--kind', INSPECTION_KINDS),
    compensationFen,
    note: optionalText(raw.note, '--note', 'long'),
  };
}

export function applyDeduct(ctx: Context, db: Db, input: DeductInput, now: number): Notice {
  const guards = input.guards.map((name) => resolveGuard(db, name, '--guard'));
  const ids = guards.map((g) => g.id);
  if (new Set(ids).size !== ids.length) throw new InputError('guard.guard_twice', { field: '--guard', name: ids.find((id, i) => ids.indexOf(id) !== i) });
  for (const g of guards) {
    if (g.status === 'dismissed') throw new RuleError('guard.dismissed', { guard: `${g.name} (${g.id})` });
    if (g.hired !== null && input.at < startOfDate(ctx.tz, parseDate(g.hired, 'hired'))) {
      throw new RuleError('guard.before_hired', { guard: `${g.name} (${g.id})`, hired: g.hired });
    }
  }
  const fenPerPoint = finePerPointFen(ctx.rules.guard);
  const each = pointsPerGuard(input.points);
  const comp = splitCompensation(input.compensationFen, guards.length);
  const notice: Notice = {
    id: nextSerial(db, 'G', dateOf(input.at, ctx.tz).y),
    rule: input.rule, points: input.points, fenPerPoint, at: input.at, inspector: input.inspector, kind: input.kind,
    compensationFen: input.compensationFen, note: input.note, status: 'draft',
    companyBy: null, companySignedAt: null, propertyBy: null, propertySignedAt: null, effectiveAt: null, voidReason: null, voidedAt: null,
    createdAt: now, createdBy: ctx.actor,
    guards: guards.map((g, i) => ({ guardId: g.id, name: g.name, points: each, fineFen: fineFen(each, fenPerPoint), compensationFen: comp[i] })),
  };
  store.insertNotice(db, notice);
  ctx.audit(db, 'guard.deduct', notice.id, {
    rule: notice.rule, points: notice.points, fen_per_point: fenPerPoint, at: notice.at, inspector: notice.inspector, kind: notice.kind,
    compensation_fen: notice.compensationFen, note: notice.note, guards: ids,
  }, now);
  return notice;
}

export function deduct(ctx: Context, raw: Parameters<typeof parseDeduct>[1]): Notice {
  const input = parseDeduct(ctx, raw);
  return ctx.write((db) => applyDeduct(ctx, db, input, ctx.now));
}

export interface SignInput { id: string; side: Side; by: string; at: number }

export function parseSign(ctx: Context, raw: { id?: string; side?: string; by?: string; at?: string }): SignInput {
  return {
    id: requireText(raw.id, 'NOTICE'),
    side: parseChoice(requireText(raw.side, '--side'), '--side', SIDES),
    by: requireText(raw.by, '--by'),
    // a signature cannot be dated after the clock, as tickets and letters refuse it (exit 2 naming --at)
    at: parsePastMoment(raw.at, '--at', ctx.tz, ctx.now, 'guard.sign_future'),
  };
}

/** Records one side's signature at its claimed time `input.at`. The audit row is written at
 *  `auditAt` (when the change is recorded: ctx.now; the demo passes its simulated times), with
 *  the claimed time inside the change as `signed_at`. The notice counts only once BOTH sides have
 *  signed, so it becomes effective (and its fine enters the fund) at the LATER signature time. */
export function applySign(ctx: Context, db: Db, input: SignInput, auditAt: number = ctx.now): Notice {
  const n = resolveNotice(db, input.id);
  const status = afterSignature({ status: n.status, companyBy: n.companyBy, propertyBy: n.propertyBy }, input.side, input.by);
  if (input.at < n.at) throw new RuleError('guard.sign_before_violation', { id: n.id });
  store.signNotice(db, n.id, input.side, input.by, input.at);
  ctx.audit(db, 'guard.sign', n.id, { side: input.side, by: input.by, signed_at: input.at }, auditAt);
  if (status === 'effective') {
    const other = input.side === 'company' ? n.propertySignedAt : n.companySignedAt;
    const effectiveAt = Math.max(input.at, other ?? input.at);
    store.makeEffective(db, n.id, effectiveAt);
    const total = n.guards.reduce((s, g) => s + g.fineFen, 0);
    if (total > 0) store.nextFundMove(db, { at: effectiveAt, kind: 'fine', amountFen: total, noticeId: n.id });
    ctx.audit(db, 'guard.effective', n.id, { fine_fen: total, effective_at: effectiveAt }, auditAt);
  }
  return resolveNotice(db, n.id);
}

export function sign(ctx: Context, raw: Parameters<typeof parseSign>[1]): Notice {
  const input = parseSign(ctx, raw);
  return ctx.write((db) => applySign(ctx, db, input));
}

export function applyVoid(ctx: Context, db: Db, id: string, reason: string, at: number): Notice {
  const n = resolveNotice(db, id);
  checkVoidable(n.status);
  if (n.status === 'effective') {
    // the fine leaves the fund again; refused when rewards already spent it (fund never below zero)
    const total = n.guards.reduce((s, g) => s + g.fineFen, 0);
    fundAfter(store.fundTotals(db).balanceFen, -total);
    if (total > 0) store.nextFundMove(db, { at, kind: 'reversal', amountFen: -total, noticeId: n.id });
  }
  store.voidNotice(db, n.id, at, reason);
  ctx.audit(db, 'guard.void', n.id, { reason, was: n.status }, at);
  return resolveNotice(db, n.id);
}

export function voidNotice(ctx: Context, raw: { id?: string; reason?: string }): Notice {
  const id = requireText(raw.id, 'NOTICE');
  const reason = requireText(raw.reason, '--reason', 'long');
  return ctx.write((db) => applyVoid(ctx, db, id, reason, ctx.now));
}

// ---- the fine fund --------------------------------------------------------------------------

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

export function applyReward(ctx: Context, db: Db, input: RewardInput): Reward {
  const g = resolveGuard(db, input.guard, '--guard');
  if (g.status === 'dismissed') throw new RuleError('guard.dismissed', { guard: `${g.name} (${g.id})` });
  fundAfter(store.fundTotals(db).balanceFen, -input.amountFen);
  const r: Reward = { id: nextSerial(db, 'GR', dateOf(input.at, ctx.tz).y), guardId: g.id, name: g.name, amountFen: input.amountFen, reason: input.reason, by: input.by, at: input.at };
  store.insertReward(db, r);
  store.nextFundMove(db, { at: r.at, kind: 'reward', amountFen: -r.amountFen, rewardId: r.id });
  ctx.audit(db, 'guard.reward', r.id, { guard: g.id, amount_fen: r.amountFen, reason: r.reason, by: r.by }, r.at);
  return r;
}

export function reward(ctx: Context, raw: Parameters<typeof parseReward>[1]): Reward {
  const input = parseReward(ctx, raw);
  return ctx.write((db) => applyReward(ctx, db, input));
}
