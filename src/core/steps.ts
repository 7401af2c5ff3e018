// SPEC §0 "Two times on every step": when it happened (`--at`) and when it was entered (the
// clock). Every module checks a step's times here, so the rules read the same everywhere:
// - a step is never dated before the step it follows (exit 3);
// - a step entered more than the rule file's backdate.max_hours after it happened, or entered
//   after the deadline it is judged against while dated on or before it, is a late entry (补录):
//   it needs --reason (exit 2 naming the flag), and the reason goes into its audit row; so does a
//   step dated in a month closed for its module (core/closing.ts: the kind's prefix names the module);
// - a step is never dated after the clock (the parsers refuse a future --at).
// Entry times themselves never go backwards: Context.write refuses a clock behind the log.
import type { Context } from './context.js';
import { InputError, RuleError } from './errors.js';
import { CLOSING_MODULES, inClosedMonth } from './closing.js';
import { monthKey } from './period.js';
import { isoInZone } from './time.js';

export interface StepTiming {
  /** the rule file's key for the step (backdate.max_hours), e.g. 'ticket.respond' */
  kind: string;
  /** when it happened (--at, or the clock) */
  at: number;
  /** the step it follows: it may not be dated before that */
  after?: { at: number; what: string; id?: string } | null;
  /** the deadline the step is judged against (response, reply, score ...) */
  deadline?: number | null;
  /** --reason, given for a late entry */
  reason?: string | null;
  /** the flag the time came from, for messages (default --at) */
  field?: string;
}

export interface StepTimes {
  at: number;
  enteredAt: number;
  /** the reason for a late entry (补录), null for a timely one; pass it to ctx.audit as `late` */
  late: string | null;
}

/** The hours after which a step of this kind is a late entry. */
export function backdateHours(ctx: Context, kind: string): number {
  const hours = ctx.rules.backdate.max_hours;
  return hours[kind] ?? hours.default;
}

/** Is a step dated `at` and entered `enteredAt` a late entry (补录)? Pure: the rule of SPEC §0. */
export function isLateEntry(at: number, enteredAt: number, maxHours: number, deadline?: number | null): boolean {
  if (enteredAt - at > maxHours * 3_600_000) return true;
  return deadline !== undefined && deadline !== null && at <= deadline && enteredAt > deadline;
}

/** Checks a step's times; returns them with the late-entry reason to record. */
export function checkStep(ctx: Context, s: StepTiming): StepTimes {
  const field = s.field ?? '--at';
  if (s.after && s.at < s.after.at) {
    throw new RuleError('step.before_previous', {
      field, at: isoInZone(s.at, ctx.tz), what: s.after.what, before: isoInZone(s.after.at, ctx.tz), id: s.after.id ?? '',
    });
  }
  const maxHours = backdateHours(ctx, s.kind);
  // a step dated in a closed month (结账) is a late entry too, whatever the hours (SPEC §0)
  const module = s.kind.split('.')[0];
  const db = ctx.openedDb(); // open inside ctx.write, where every step is checked
  const closed = db !== undefined && (CLOSING_MODULES as readonly string[]).includes(module) && inClosedMonth(db, module, ctx.tz, s.at, ctx.now);
  const late = closed || isLateEntry(s.at, ctx.now, maxHours, s.deadline);
  const reason = s.reason === undefined || s.reason === null ? '' : s.reason.trim();
  if (closed && reason === '') {
    throw new InputError('step.reason_closed_month', { field: '--reason', at: isoInZone(s.at, ctx.tz), month: monthKey(s.at, ctx.tz) });
  }
  if (late && reason === '') {
    const pastDeadline = s.deadline !== undefined && s.deadline !== null && ctx.now > s.deadline && s.at <= s.deadline;
    throw new InputError(pastDeadline ? 'step.reason_after_deadline' : 'step.reason_needed', {
      field: '--reason', hours: maxHours, at: isoInZone(s.at, ctx.tz), deadline: s.deadline ? isoInZone(s.deadline, ctx.tz) : '',
    });
  }
  return { at: s.at, enteredAt: ctx.now, late: late ? reason : null };
}
