// Old parts leave the store once a month (每月处理旧件, 3.7.5), scrapped or sent to the supplier,
// never scrapping one that is the evidence of a live secondary claim; secondary claims (二次索赔,
// 3.8) on warranty tickets move open → submitted → accepted | rejected → paid.
import type { Context } from '../core/context.js';
import { nextSerial } from '../core/db.js';
import { InputError, NotFoundError, RuleError } from '../core/errors.js';
import { requireEnum } from '../core/enum.js';
import { requireText } from '../core/input.js';
import { parseYuan } from '../core/money.js';
import { monthPeriod, parseMonth } from '../core/period.js';
import { dateOf } from '../core/time.js';
import { writeSlip } from './moves.js';
import { CLAIM_STATUSES, checkClaimStep, checkClaimTicket, checkRecovered, DISPOSE_HOW, type ClaimStatus } from './rules.js';
import { optional, partOf, stepAt, type Done } from './service.js';
import * as store from './store.js';
import type { Claim, Slip } from './store.js';
import { parseTicketRef, ticketOf } from './ticket-link.js';
import { stockWrite, stepTimes } from './writeoff.js';

export function dispose(ctx: Context, raw: { month?: string; how?: string; supplier?: string; by?: string; at?: string; reason?: string }): Done<Slip[]> {
  const month = parseMonth(requireText(raw.month, '--month'));
  const how = requireEnum(raw.how, '--how', DISPOSE_HOW, 'stock.how.');
  const supplier = optional(raw.supplier);
  if (how === 'supplier' && supplier === null) throw new InputError('input.missing', { field: '--supplier' });
  const at = stepAt(ctx, raw.at);
  const period = monthPeriod(month.y, month.m, ctx.tz);
  return stockWrite(ctx, (db) => {
    const olds = store.undisposedOld(db, period.start, period.end);
    if (olds.length === 0) throw new RuleError('stock.rule.nothing_to_dispose', { month: period.label });
    if (how === 'scrap') {
      const live = store.liveClaimsOn(db, olds.map((s) => s.id));
      if (live.length > 0) throw new RuleError('stock.rule.claim_evidence', { claim: live[0].id, slip: live[0].oldpartSlip, status: live[0].status });
    }
    const last = olds.reduce((a, b) => (b.at > a.at ? b : a));
    const times = stepTimes(ctx, { kind: 'stock.dispose', at, after: { at: last.at, what: ctx.t('stock.step.old_back'), id: last.id }, reason: raw.reason });
    const byPart = new Map<string, Slip[]>();
    for (const s of olds) byPart.set(s.part, [...(byPart.get(s.part) ?? []), s]);
    const slips: Slip[] = [];
    for (const [part, list] of byPart) {
      const qty = list.reduce((n, s) => n + s.qty, 0);
      const slip = writeSlip(ctx, db, { kind: 'dispose', part, qty, at, fromLoc: 'old', quality: 'rejected', how, source: supplier, month: period.label, person: optional(raw.by), late: times.late },
        [{ part, loc: 'old', quality: 'rejected', qty: -qty }], times.enteredAt);
      for (const s of list) store.insertDisposed(db, s.id, slip.id);
      ctx.audit(db, 'stock.dispose', slip.id, { month: period.label, how, supplier, part, qty, old_parts: list.map((s) => s.id) }, at, { late: times.late });
      slips.push(slip);
    }
    return slips;
  });
}

export function claimOf(id: string, claim: Claim | undefined): Claim {
  if (!claim) throw new NotFoundError('stock.claim_not_found', { id });
  return claim;
}

export function openClaim(ctx: Context, raw: { supplier?: string; ticket?: string; part?: string; amount?: string; at?: string; reason?: string }): Done<Claim> {
  const supplier = requireText(raw.supplier, '--supplier');
  const ticket = parseTicketRef(raw.ticket, '--ticket');
  const code = requireText(raw.part, '--part');
  const amount = parseYuan(requireText(raw.amount, '--amount'), '--amount', { allowZero: false });
  const at = stepAt(ctx, raw.at);
  return stockWrite(ctx, (db) => {
    const part = partOf(db, code);
    const t = ticketOf(db, ticket);
    checkClaimTicket(t.warranty, t.responsibility, t.id);
    const old = store.oldPartFor(db, t.id, part.code);
    if (!old) throw new RuleError('stock.rule.claim_no_oldpart', { ticket: t.id, part: part.code });
    const times = stepTimes(ctx, { kind: 'stock.claim', at, after: { at: old.at, what: ctx.t('stock.step.old_back'), id: old.id }, reason: raw.reason });
    const c: Claim = {
      id: nextSerial(db, 'C', dateOf(at, ctx.tz).y), ticket: t.id, part: part.code, supplier, oldpartSlip: old.id, claimedFen: amount, recoveredFen: null,
      status: 'open', openedAt: at, openedEntered: times.enteredAt, submittedAt: null, decidedAt: null, paidAt: null, changedEntered: null,
    };
    store.insertClaim(db, c);
    ctx.audit(db, 'stock.claim_open', c.id, { ticket: t.id, part: part.code, supplier, old_part: old.id, claimed_fen: amount }, at, { late: times.late });
    return c;
  });
}

export function setClaim(ctx: Context, raw: { id?: string; status?: string; recovered?: string; at?: string; reason?: string }): Done<Claim> {
  const id = requireText(raw.id, 'CID').toUpperCase();
  const to = requireEnum(raw.status, '--status', CLAIM_STATUSES, 'stock.claim.status.');
  const recovered = raw.recovered === undefined ? null : parseYuan(raw.recovered, '--recovered');
  if (to === 'paid' && recovered === null) throw new InputError('input.missing', { field: '--recovered' });
  if (to !== 'paid' && recovered !== null) throw new InputError('stock.input.recovered_only_paid', { field: '--recovered' });
  const at = stepAt(ctx, raw.at);
  return stockWrite(ctx, (db) => {
    const c = claimOf(id, store.getClaim(db, id));
    checkClaimStep(c.status, to, c.id);
    if (recovered !== null) checkRecovered(recovered, c.claimedFen, c.id);
    const prev = Math.max(c.openedAt, c.submittedAt ?? 0, c.decidedAt ?? 0);
    const times = stepTimes(ctx, { kind: 'stock.claim', at, after: { at: prev, what: ctx.t(`stock.claim.status.${c.status}`), id: c.id }, reason: raw.reason });
    const next: Claim = {
      ...c, status: to, changedEntered: times.enteredAt,
      submittedAt: to === 'submitted' ? at : c.submittedAt,
      decidedAt: to === 'accepted' || to === 'rejected' ? at : c.decidedAt,
      paidAt: to === 'paid' ? at : c.paidAt,
      recoveredFen: to === 'paid' ? recovered : c.recoveredFen,
    };
    store.updateClaim(db, next);
    ctx.audit(db, 'stock.claim_set', c.id, { from: c.status, to, ...(recovered !== null ? { recovered_fen: recovered } : {}) }, at, { late: times.late });
    return next;
  });
}
