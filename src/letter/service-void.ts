// letter void: a letter logged by mistake (a duplicate, a wrong number) is voided with a reason.
// From the moment the void was entered it leaves the overdue lists, the checks and the figures;
// an as-of read before that moment (--now) still sees it, so a report printed then reprints the
// same. The letter, its notes and its history stay, and `letter show` says it is void.
import type { Context } from '../core/context.js';
import { RuleError } from '../core/errors.js';
import { requireText } from '../core/input.js';
import { checkStep } from '../core/steps.js';
import { isoInZone, parsePastMoment } from '../core/time.js';
import * as store from './store.js';
import type { Letter } from './store.js';

/** Was the void entered by `now`? (then the letter no longer counts anywhere) */
export function voidAsOf(l: Pick<Letter, 'voidedAt' | 'voidedEnteredAt'>, now: number): boolean {
  return l.voidedAt !== null && l.voidedAt !== undefined && (l.voidedEnteredAt ?? l.voidedAt) <= now;
}

/** The letters that still count as of `now`. */
export function notVoid<L extends Pick<Letter, 'voidedAt' | 'voidedEnteredAt'>>(letters: L[], now: number): L[] {
  return letters.filter((l) => !voidAsOf(l, now));
}

/** A step on a voided letter is refused (exit 3). */
export function assertNotVoid(l: Letter): void {
  if (l.voidedAt !== null && l.voidedAt !== undefined) throw new RuleError('letter.refused.void', { id: l.id });
}

export function voidLetter(ctx: Context, load: (db: ReturnType<Context['db']>, id: string) => Letter, id: string, input: { reason?: string; at?: string }): Letter {
  const reason = requireText(input.reason, '--reason', 'long');
  const at = parsePastMoment(input.at, '--at', ctx.tz, ctx.now, 'letter.input.future');
  return ctx.write((db) => {
    const l = load(db, id);
    assertNotVoid(l);
    // a letter that became a ticket is voided with its ticket, not alone
    if (l.ticketId !== null) throw new RuleError('letter.refused.void_linked', { id: l.id, ticket: l.ticketId });
    // the reason of the void also explains a late entry (as `ticket void` does)
    const times = checkStep(ctx, { kind: 'letter.void', at, reason, after: { at: l.receivedAt, what: ctx.t('letter.when.received', { id: l.id }), id: l.id } });
    store.saveVoid(db, l.id, { at: times.at, enteredAt: times.enteredAt, by: ctx.actor, reason });
    ctx.audit(db, 'letter.void', l.id, { reason, was: l.status, voided_at: isoInZone(times.at, ctx.tz) }, times.at, { late: times.late });
    return load(db, l.id);
  });
}
