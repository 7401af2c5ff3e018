// Guard use cases on the roster: adding a guard (hired on the day added unless --hired says
// otherwise), recording a dismissal, and keeping a guard a dismissal trigger flagged.
import { withNote } from '../core/i18n.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { InputError, RuleError } from '../core/errors.js';
import { optionalText, requireText } from '../core/input.js';
import { parseYuan } from '../core/money.js';
import { checkStep, type StepTimes } from '../core/steps.js';
import { dateOf, formatDate, isoInZone, parseDate, parsePastMoment } from '../core/time.js';
import { pendingTriggers } from './month.js';
import { laterNoticeOf } from './store-range.js';
import { resolveGuard } from './service.js';
import * as store from './store.js';
import type { Guard } from './store.js';

const label = (ctx: Context, g: Guard) => withNote(ctx.lang, g.name, g.id);
const optional = (s: string | undefined) => optionalText(s, '--reason', 'long');

// ---- roster ---------------------------------------------------------------------------------

export interface AddGuardInput { name: string; company: string; site: string; basePayFen: number; hired: string | null }

type AddRaw = { name?: string; company?: string; site?: string; basePay?: string; hired?: string; at?: string; reason?: string; sameName?: boolean };

export function parseAddGuard(raw: AddRaw): AddGuardInput {
  return {
    name: requireText(raw.name, '--name'),
    company: requireText(raw.company, '--company'),
    site: requireText(raw.site, '--site'),
    basePayFen: parseYuan(requireText(raw.basePay, '--base-pay'), '--base-pay'),
    hired: raw.hired === undefined ? null : formatDate(parseDate(raw.hired, '--hired')),
  };
}

/** Adds a guard; without --hired the guard is hired on the day added (SPEC §4). */
export function applyAddGuard(ctx: Context, db: Db, input: AddGuardInput, times: StepTimes): Guard {
  const hired = input.hired ?? formatDate(dateOf(times.at, ctx.tz));
  const g: Guard = {
    id: store.nextGuardId(db), ...input, hired, status: 'active', dismissedAt: null, dismissReason: null,
    createdAt: times.at, enteredAt: times.enteredAt, dismissEnteredAt: null,
  };
  store.insertGuard(db, g);
  ctx.audit(db, 'guard.add', g.id, { name: g.name, company: g.company, site: g.site, base_pay_fen: g.basePayFen, hired: g.hired }, times.at, { enteredAt: times.enteredAt, late: times.late });
  return g;
}

export function addGuard(ctx: Context, raw: AddRaw): Guard {
  const input = parseAddGuard(raw);
  const at = parsePastMoment(raw.at, '--at', ctx.tz, ctx.now);
  const reason = optional(raw.reason);
  return ctx.write((db) => {
    // a namesake only when asked for (core/duplicate.ts: a warning and a confirmation, or --yes)
    const same = store.guardsByName(db, input.name);
    if (same.length > 0 && !raw.sameName) throw new InputError('dup.name', { name: input.name, ids: same.map((g) => g.id), flag: '--guard', field: '--yes' });
    return applyAddGuard(ctx, db, input, checkStep(ctx, { kind: 'guard.add', at, reason }));
  });
}

/** The ids of the guards with this name (for the warning before adding a namesake). */
export function guardIdsNamed(ctx: Context, name: string): string[] {
  return store.guardsByName(ctx.db(), name.trim()).map((g) => g.id);
}

export function dismiss(ctx: Context, raw: { guard?: string; reason?: string; at?: string }): Guard {
  const guard = requireText(raw.guard, 'NAME');
  const reason = requireText(raw.reason, '--reason', 'long');
  const at = parsePastMoment(raw.at, '--at', ctx.tz, ctx.now);
  return ctx.write((db) => {
    const g = resolveGuard(db, guard, 'NAME');
    const times = checkStep(ctx, { kind: 'guard.dismiss', at, reason, after: { at: g.createdAt, what: ctx.t('guard.step.added'), id: g.id } });
    return applyDismiss(ctx, db, g, reason, times);
  });
}

export function applyDismiss(ctx: Context, db: Db, g: Guard, reason: string, times: StepTimes): Guard {
  if (g.status === 'dismissed') throw new RuleError('guard.dismissed', { guard: label(ctx, g), at: isoInZone(g.dismissedAt ?? times.at, ctx.tz) });
  // violations after the dismissal cannot be recorded, so a dismissal cannot be dated before one
  const after = laterNoticeOf(db, g.id, times.at);
  if (after) throw new RuleError('guard.dismiss_before_notice', { guard: label(ctx, g), id: after.id, at: isoInZone(after.at, ctx.tz) });
  store.dismissGuard(db, g.id, times.at, times.enteredAt, reason);
  ctx.audit(db, 'guard.dismiss', g.id, { reason, dismissed_at: times.at }, times.at, { enteredAt: times.enteredAt, late: times.late });
  return { ...g, status: 'dismissed', dismissedAt: times.at, dismissEnteredAt: times.enteredAt, dismissReason: reason };
}

/** `guard keep NAME --reason`: the company keeps a guard a dismissal trigger flagged; the flag
 *  stays off until the next trigger (a triggering violation after the keep's time). */
export function keep(ctx: Context, raw: { guard?: string; reason?: string; at?: string }): { guard: Guard; rules: number[] } {
  const guard = requireText(raw.guard, 'NAME');
  const reason = requireText(raw.reason, '--reason', 'long');
  const at = parsePastMoment(raw.at, '--at', ctx.tz, ctx.now);
  return ctx.write((db) => {
    const g = resolveGuard(db, guard, 'NAME');
    if (g.status === 'dismissed') throw new RuleError('guard.dismissed', { guard: label(ctx, g), at: isoInZone(g.dismissedAt ?? at, ctx.tz) });
    const flags = pendingTriggers(ctx, db, [g], Number.MAX_SAFE_INTEGER, ctx.now).get(g.id) ?? [];
    if (flags.length === 0) throw new RuleError('guard.no_flag', { guard: label(ctx, g) });
    const last = flags.reduce((a, b) => (b.at > a.at ? b : a));
    const times = checkStep(ctx, { kind: 'guard.keep', at, reason, after: { at: last.at, what: ctx.t('guard.step.trigger'), id: last.notices[last.notices.length - 1] } });
    store.insertKeep(db, { guardId: g.id, at: times.at, enteredAt: times.enteredAt, reason, by: ctx.actor });
    ctx.audit(db, 'guard.keep', g.id, { reason, rules: flags.map((f) => f.rule), kept_at: times.at }, times.at, { enteredAt: times.enteredAt, late: times.late });
    return { guard: g, rules: flags.map((f) => f.rule) };
  });
}

