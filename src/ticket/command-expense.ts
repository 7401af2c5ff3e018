// kaohe ticket expense | expense-approve — the trip's expense claim (报销) and its approval, which
// settles the advance (借款). Thin: flags in, one service call, the changed ticket out.
import type { Command } from 'commander';
import { action, d, defineCommand } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { formatYuan } from '../core/money.js';
import { expenseTotal, settlement } from './rules-service.js';
import * as svc from './service.js';
import type { Ticket } from './types.js';

type Done = (ctx: Context, t: Ticket, key: string, params?: Record<string, string | number>) => void;

export function registerExpense(g: Command, done: Done): void {
  action(
    defineCommand(g, 'expense <ID>', 'ticket.expense.desc', [
      'kaohe ticket expense T2026-0001 --travel 320 --lodging 240 --vouchers 5 --by 王强',
      'kaohe ticket expense T2026-0001 --travel 320 --lodging 0 --freight 85.5 --other 30 --vouchers 6 --by 王强 --at "2026-10-06 09:00"',
    ])
      .option('--travel <yuan>', d('ticket.opt.travel'))
      .option('--lodging <yuan>', d('ticket.opt.lodging'))
      .option('--freight <yuan>', d('ticket.opt.freight'))
      .option('--other <yuan>', d('ticket.opt.other'))
      .option('--vouchers <n>', d('ticket.opt.vouchers'))
      .option('--by <name>', d('ticket.opt.claimant'))
      .option('--at <time>', d('ticket.opt.at'))
      .option('--reason <text>', d('ticket.opt.late_reason')),
    (ctx, o, [id]) => {
      const t = svc.claimExpense(ctx, id, o);
      const total = t.expense ? expenseTotal(t.expense.fen) : 0;
      done(ctx, t, 'ticket.expense.done', { total: formatYuan(total), advance: formatYuan(t.loanFen) });
    },
  );

  action(
    defineCommand(g, 'expense-approve <ID>', 'ticket.expense_approve.desc', ['kaohe ticket expense-approve T2026-0001 --by 刘经理'])
      .option('--by <name>', d('ticket.opt.expense_approver'))
      .option('--at <time>', d('ticket.opt.at'))
      .option('--reason <text>', d('ticket.opt.late_reason')),
    (ctx, o, [id]) => {
      const t = svc.approveExpense(ctx, id, o);
      const s = settlement(t.loanFen, t.expense ? expenseTotal(t.expense.fen) : 0);
      done(ctx, t, 'ticket.expense_approve.done', { settles: ctx.t(`ticket.expense.settles.${s.kind}`, { amount: formatYuan(Math.abs(s.fen)), advance: formatYuan(t.loanFen) }) });
    },
  );
}
