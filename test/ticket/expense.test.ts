import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/core/audit.js';
import { InputError, RuleError } from '../../src/core/errors.js';
import { MS } from '../../src/core/time.js';
import { expenseApprovalRefusal, expenseRefusal, expenseTotal, settlement } from '../../src/ticket/rules-service.js';
import * as svc from '../../src/ticket/service.js';
import { showTicket, ticketChecks, ticketInvariants, ticketJson } from '../../src/ticket/views.js';
import { at, testContext } from '../helpers.js';
import { LATE, OPEN } from './fixtures.js';

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as { key?: string }).key ?? String(e);
  }
  return 'ok';
};

/** A ticket dispatched to 王强 and 李明 (lead 王强) on 2026-10-01 09:30 with an advance. */
function dispatched(now = '2026-10-03 09:00', loan = '2000') {
  const a = testContext({ now });
  const t = svc.openTicket(a.ctx, OPEN);
  svc.dispatchTicket(a.ctx, t.id, { to: ['王强', '李明'], lead: '王强', loan, at: '2026-10-01 09:30', reason: LATE });
  return { a, id: t.id };
}

describe('expense claim rules (3.4.3 D)', () => {
  const team = [{ name: '王强', lead: true }, { name: '李明', lead: false }];
  const base = { id: 'T2026-0001', status: 'responded' as const, assignees: team, dispatchedAt: at('2026-10-01 09:30'), voidReason: null };
  const claim = { fen: { travel: 1, lodging: 0, freight: 0, other: 0 }, vouchers: 1, claimedBy: '王强', claimedAt: 0, claimedEnteredAt: 0, approvedBy: null, approvedAt: null, approvedEnteredAt: null, settlementFen: null };
  it.each([
    ['claim before dispatch', () => expenseRefusal({ ...base, status: 'open', dispatchedAt: null, assignees: [] }, '王强'), 'ticket.rule.expense_before_dispatch'],
    ['claim by someone not sent', () => expenseRefusal(base, '赵六'), 'ticket.rule.expense_not_traveller'],
    ['second claim', () => expenseRefusal({ ...base, expense: claim }, '王强'), 'ticket.rule.expense_exists'],
    ['claim on a void ticket', () => expenseRefusal({ ...base, status: 'void', voidReason: 'x' }, '王强'), 'ticket.rule.void'],
    ['claim after the report was approved', () => expenseRefusal({ ...base, status: 'approved' }, '李明'), null],
    ['approval without claim', () => expenseApprovalRefusal(base, '刘经理'), 'ticket.rule.expense_missing'],
    ['approval by the lead who travelled', () => expenseApprovalRefusal({ ...base, expense: claim }, '王强'), 'ticket.rule.expense_approver_travelled'],
    ['approval by the other who travelled', () => expenseApprovalRefusal({ ...base, expense: claim }, '李明'), 'ticket.rule.expense_approver_travelled'],
    ['second approval', () => expenseApprovalRefusal({ ...base, expense: { ...claim, approvedAt: 1, approvedBy: '刘经理', settlementFen: 0 } }, '刘经理'), 'ticket.rule.expense_approved'],
    ['approval by a leader who stayed', () => expenseApprovalRefusal({ ...base, expense: claim }, '刘经理'), null],
  ])('%s', (_name, f, key) => {
    expect(f()?.key ?? null).toBe(key);
  });

  it.each([
    // advance, claimed amounts (fen) → settlement (advance − total) and its sign
    [200000, { travel: 32000, lodging: 24000, freight: 0, other: 0 }, 144000, 'return'],
    [50000, { travel: 32000, lodging: 24000, freight: 8550, other: 3000 }, -17550, 'pay'],
    [67550, { travel: 32000, lodging: 24000, freight: 8550, other: 3000 }, 0, 'even'],
    [0, { travel: 1, lodging: 0, freight: 0, other: 0 }, -1, 'pay'],
  ])('advance %i fen against %o settles %i (%s)', (advance, fen, fenOut, kind) => {
    expect(settlement(advance, expenseTotal(fen))).toEqual({ fen: fenOut, kind });
  });
});

describe('ticket expense / expense-approve (services)', () => {
  it('claims, approves and settles: the advance returned; JSON and history carry it', () => {
    const { a, id } = dispatched();
    const b = a.later('2026-10-05 09:00');
    svc.claimExpense(b.ctx, id, { travel: '320', lodging: '240.5', freight: '85.50', vouchers: '5', by: '李明', at: '2026-10-05 08:00' });
    const c = b.later('2026-10-06 09:00');
    const t = svc.approveExpense(c.ctx, id, { by: '刘经理' });
    expect(ticketJson(c.ctx, t).expense).toMatchObject({
      travel: 320, lodging: 240.5, freight: 85.5, other: 0, total: 646, vouchers: 5, by: '李明', advance: 2000,
      approved_by: '刘经理', approved_at: '2026-10-06T09:00:00+08:00', settlement: 1354, settles: 'return',
    });
    const actions = auditLog(c.ctx.db(), { recordId: id }).map((e) => e.action);
    expect(actions).toEqual(['ticket.open', 'ticket.dispatch', 'ticket.expense', 'ticket.expense_approve']);
    // as of before the approval was entered, the claim shows unapproved; before the claim, none
    expect(ticketJson(c.ctx, showTicket(c.later('2026-10-05 12:00').ctx, id).ticket).expense).toMatchObject({ approved_by: null, settlement: null });
    expect(showTicket(c.later('2026-10-05 12:00').ctx, id).ticket.expense?.approvedAt).toBeNull();
  });

  it('a claim beyond the advance is paid out', () => {
    const { a, id } = dispatched('2026-10-03 09:00', '500');
    svc.claimExpense(a.ctx, id, { travel: '320', lodging: '240', vouchers: '3', by: '王强' });
    const t = svc.approveExpense(a.later('2026-10-03 10:00').ctx, id, { by: '刘经理' });
    expect(t.expense?.settlementFen).toBe(-6000);
  });

  it.each([
    ['no --travel', { lodging: '1', vouchers: '1', by: '王强' }, InputError, 'input.missing'],
    ['negative lodging', { travel: '1', lodging: '-1', vouchers: '1', by: '王强' }, InputError, 'input.yuan_negative'],
    ['three decimals', { travel: '1.005', lodging: '1', vouchers: '1', by: '王强' }, InputError, 'input.yuan'],
    ['money without vouchers', { travel: '10', lodging: '0', vouchers: '0', by: '王强' }, InputError, 'ticket.input.vouchers_none'],
    ['no --vouchers', { travel: '10', lodging: '0', by: '王强' }, InputError, 'input.missing'],
    ['claimant who did not travel', { travel: '10', lodging: '0', vouchers: '1', by: '赵六' }, RuleError, 'ticket.rule.expense_not_traveller'],
    ['dated before the dispatch', { travel: '10', lodging: '0', vouchers: '1', by: '王强', at: '2026-10-01 09:00' }, RuleError, 'step.before_previous'],
  ])('claim refused: %s', (_n, input, cls, key) => {
    const { a, id } = dispatched();
    let err: unknown;
    try {
      svc.claimExpense(a.ctx, id, input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(cls);
    expect((err as { key: string }).key).toBe(key);
    expect(showTicket(a.ctx, id).ticket.expense).toBeNull();
  });

  it('a claim before dispatch is refused (exit 3), an approver who travelled too, a late claim needs --reason', () => {
    const a = testContext({ now: '2026-10-03 09:00' });
    const t = svc.openTicket(a.ctx, OPEN);
    expect(codeOf(() => svc.claimExpense(a.ctx, t.id, { travel: '1', lodging: '0', vouchers: '1', by: '王强' }))).toBe('ticket.rule.expense_before_dispatch');
    svc.dispatchTicket(a.ctx, t.id, { to: ['王强', '李明'], lead: '王强', loan: '100', at: '2026-10-01 09:30', reason: LATE });
    // dated 2026-10-01 10:00, entered on 10-03 09:00: beyond 72 h? no (47 h); 10 days later it is
    const late = a.later('2026-10-12 09:00');
    expect(codeOf(() => svc.claimExpense(late.ctx, t.id, { travel: '1', lodging: '0', vouchers: '1', by: '王强', at: '2026-10-02 10:00' }))).toBe('step.reason_needed');
    svc.claimExpense(late.ctx, t.id, { travel: '1', lodging: '0', vouchers: '1', by: '王强', at: '2026-10-02 10:00', reason: LATE });
    expect(codeOf(() => svc.approveExpense(late.ctx, t.id, { by: '李明' }))).toBe('ticket.rule.expense_approver_travelled');
    expect(codeOf(() => svc.approveExpense(late.ctx, t.id, { by: '刘经理', at: '2026-10-02 09:00', reason: LATE }))).toBe('step.before_previous');
    expect(codeOf(() => svc.dispatchTicket(late.ctx, t.id, { to: ['赵六'], loan: '900' }))).toBe('ticket.rule.dispatch_after_expense');
    svc.approveExpense(late.ctx, t.id, { by: '刘经理' });
    expect(codeOf(() => svc.approveExpense(late.later('2026-10-12 10:00').ctx, t.id, { by: '刘经理' }))).toBe('ticket.rule.expense_approved');
  });
});

describe('ticket check: an advance not settled within advance_settle_days (30)', () => {
  const dispatchAt = at('2026-10-01 09:30');
  it.each([
    // clock, --within, listed?, overdue?
    ['2026-10-31 09:29', 0, false, false],
    ['2026-10-31 09:30', 0, true, false], // exactly 30 days: due now, not yet past
    ['2026-10-31 09:31', 0, true, true],
    ['2026-10-30 09:30', MS.day, true, false], // due within the window
  ])('at %s (within %i ms): listed %s, overdue %s', (now, within, listed, overdue) => {
    const { a, id } = dispatched('2026-10-03 09:00');
    const c = a.later(now);
    const items = ticketChecks(c.ctx, c.ctx.db(), within).filter((i) => i.what === 'advance');
    expect(items.length === 1).toBe(listed);
    if (listed) expect(items[0]).toMatchObject({ id, due: dispatchAt + 30 * MS.day, overdue });
  });

  it('settled by an approved claim it is no longer listed; as of before the approval it still is; no advance, no item', () => {
    const { a, id } = dispatched('2026-10-03 09:00');
    svc.claimExpense(a.ctx, id, { travel: '1', lodging: '0', vouchers: '1', by: '王强' });
    const late = a.later('2026-11-05 09:00');
    expect(ticketChecks(late.ctx, late.ctx.db(), 0).filter((i) => i.what === 'advance')).toHaveLength(1); // claimed, not approved
    svc.approveExpense(late.ctx, id, { by: '刘经理' });
    const after = late.later('2026-11-05 10:00');
    expect(ticketChecks(after.ctx, after.ctx.db(), 0).filter((i) => i.what === 'advance')).toEqual([]);
    const asOf = after.later('2026-11-05 08:00'); // --now before the approval was entered
    expect(ticketChecks(asOf.ctx, asOf.ctx.db(), 0).filter((i) => i.what === 'advance')).toMatchObject([{ id, overdue: true }]);
    const b = testContext({ now: '2026-12-03 09:00' });
    const t = svc.openTicket(b.ctx, OPEN);
    svc.dispatchTicket(b.ctx, t.id, { to: ['王强'], at: '2026-10-01 09:30', reason: LATE });
    expect(ticketChecks(b.ctx, b.ctx.db(), 0).filter((i) => i.what === 'advance')).toEqual([]);
  });
});

describe('db check: an approved claim settles advance − total', () => {
  it('holds for claims made through the services, and names a tampered settlement', () => {
    const { a, id } = dispatched('2026-10-03 09:00', '500');
    svc.claimExpense(a.ctx, id, { travel: '320', lodging: '240', vouchers: '3', by: '王强' });
    svc.approveExpense(a.later('2026-10-03 10:00').ctx, id, { by: '刘经理' });
    const inv = () => ticketInvariants(a.ctx.db()).find((i) => i.name === 'ticket.expense_settles_advance');
    expect(inv()).toMatchObject({ ok: true });
    a.ctx.db().prepare('UPDATE ticket_expenses SET settlement_fen = 0 WHERE ticket_id = ?').run(id);
    expect(inv()).toMatchObject({ ok: false, detail: `1: ${id}` });
  });
});
