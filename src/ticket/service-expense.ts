// The trip's expense claim (报销, 篇1 3.4.3 D) and its approval, which settles the advance (借款,
// 3.4.1) taken at dispatch. Each is a step (SPEC §0): dated (--at), never before the step it
// follows (the claim not before the dispatch, the approval not before the claim), a late entry
// needs --reason; one write transaction with its audit row.
import type { Context } from '../core/context.js';
import { InputError, RuleError } from '../core/errors.js';
import { parseInteger } from '../core/input.js';
import { fenToYuan, parseYuan } from '../core/money.js';
import { checkStep } from '../core/steps.js';
import { isoInZone } from '../core/time.js';
import { parsePastMoment, parseTicketId, requireText } from './parse.js';
import { expenseApprovalRefusal, expenseRefusal, expenseTotal, settlement } from './rules-service.js';
import type { Refusal } from './rules.js';
import { loadTicket } from './service-open.js';
import * as more from './store-service.js';
import type { Expense, ExpenseKind, Ticket } from './types.js';

export interface ExpenseInput {
  travel?: string; lodging?: string; freight?: string; other?: string; vouchers?: string; by?: string; at?: string; reason?: string;
}

function refuse(ctx: Context, r: Refusal | null, t: Ticket): void {
  if (r) throw new RuleError(r.key, { ...r.params, status: ctx.t(`ticket.status.${t.status}`) });
}

/** The amounts of a claim in fen: travel and lodging required (0 allowed), freight and other optional. */
export function parseClaim(i: ExpenseInput): { fen: Record<ExpenseKind, number>; vouchers: number; by: string } {
  const need = (v: string | undefined, field: string) => {
    if (v === undefined) throw new InputError('input.missing', { field });
    return parseYuan(v, field);
  };
  const fen = {
    travel: need(i.travel, '--travel'),
    lodging: need(i.lodging, '--lodging'),
    freight: i.freight === undefined ? 0 : parseYuan(i.freight, '--freight'),
    other: i.other === undefined ? 0 : parseYuan(i.other, '--other'),
  };
  if (i.vouchers === undefined) throw new InputError('input.missing', { field: '--vouchers' });
  const vouchers = parseInteger(i.vouchers, '--vouchers', 0, 10000);
  // money claimed must be backed by vouchers (3.4.3 D 报销表格、凭证)
  if (expenseTotal(fen) > 0 && vouchers === 0) throw new InputError('ticket.input.vouchers_none', { field: '--vouchers' });
  return { fen, vouchers, by: requireText(i.by, '--by') };
}

export function claimExpense(ctx: Context, idText: string, i: ExpenseInput): Ticket {
  const id = parseTicketId(idText);
  const claim = parseClaim(i);
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return ctx.write((db) => {
    const t = loadTicket(db, id);
    refuse(ctx, expenseRefusal(t, claim.by), t);
    const times = checkStep(ctx, {
      kind: 'ticket.expense', at, reason: i.reason, after: { at: t.dispatchedAt ?? t.reportedAt, what: ctx.t('ticket.when.dispatched_at'), id },
    });
    const e: Expense = {
      fen: claim.fen, vouchers: claim.vouchers, claimedBy: claim.by, claimedAt: at, claimedEnteredAt: times.enteredAt,
      approvedBy: null, approvedAt: null, approvedEnteredAt: null, settlementFen: null,
    };
    more.insertExpense(db, id, e);
    ctx.audit(db, 'ticket.expense', id, {
      travel: fenToYuan(e.fen.travel), lodging: fenToYuan(e.fen.lodging), freight: fenToYuan(e.fen.freight), other: fenToYuan(e.fen.other),
      total: fenToYuan(expenseTotal(e.fen)), vouchers: e.vouchers, by: e.claimedBy, advance: fenToYuan(t.loanFen), at: isoInZone(at, ctx.tz),
    }, times.at, { late: times.late });
    return loadTicket(db, id);
  });
}

/** The approval settles the advance: advance − total, returned (> 0) or paid out (< 0). */
export function approveExpense(ctx: Context, idText: string, i: { by?: string; at?: string; reason?: string }): Ticket {
  const id = parseTicketId(idText);
  const by = requireText(i.by, '--by');
  const at = parsePastMoment(i.at, '--at', ctx.tz, ctx.now);
  return ctx.write((db) => {
    const t = loadTicket(db, id);
    refuse(ctx, expenseApprovalRefusal(t, by), t);
    const claim = t.expense as Expense;
    const times = checkStep(ctx, { kind: 'ticket.expense_approve', at, reason: i.reason, after: { at: claim.claimedAt, what: ctx.t('ticket.when.expense'), id } });
    const s = settlement(t.loanFen, expenseTotal(claim.fen));
    more.approveExpense(db, id, { by, at, enteredAt: times.enteredAt, settlementFen: s.fen });
    ctx.audit(db, 'ticket.expense_approve', id, {
      by, advance: fenToYuan(t.loanFen), total: fenToYuan(expenseTotal(claim.fen)), settlement: fenToYuan(s.fen), settles: s.kind, at: isoInZone(at, ctx.tz),
    }, times.at, { late: times.late });
    return loadTicket(db, id);
  });
}
