// kaohe ticket ... — thin: flags in, missing values asked for on a terminal, one service call,
// rendering out. No rules and no SQL here.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { auditHead } from '../core/audit.js';
import { action, collect, d, defineCommand, defineGroup } from '../core/cli.js';
import { emitChecks, withinOf } from '../core/checks.js';
import type { Context } from '../core/context.js';
import { InputError, type Params } from '../core/errors.js';
import { parseChoice } from '../core/input.js';
import { emitRecord } from '../core/output.js';
import { ask, choose } from '../core/prompt.js';
import { humanTime } from '../core/time.js';
import { gatherOpen } from './command-open.js';
import { registerExpense } from './command-expense.js';
import { registerTicketViews } from './command-view.js';
import { REPORT_FORMATS, renderServiceReport } from './document.js';
import { parseRating, parseResponsibility, parseYesNo } from './parse.js';
import { slaState } from './rules.js';
import * as svc from './service.js';
import { RESPONSIBILITIES, type Ticket } from './types.js';
import { showTicket, ticketChecks, ticketJson } from './views.js';

/** A changed ticket: the record for --json, one line for people. */
function done(ctx: Context, t: Ticket, key: string, params: Params = {}): void {
  emitRecord(ctx, ticketJson(ctx, t), ctx.t(key, { id: t.id, status: ctx.t(`ticket.status.${t.status}`), ...params }));
}

const AT = ['--at <time>', 'ticket.opt.at'] as const;
const REASON = ['--reason <text>', 'ticket.opt.late_reason'] as const;

/** The fields of the fault report, which `open` records and `edit` corrects; `unset` adds
 *  --no-supplier, so an edit can take back a supplier fault. */
function faultReportOptions(cmd: Command, opts: { unset?: boolean } = {}): Command {
  cmd
    .option('--customer <name>', d('ticket.opt.customer'))
    .option('--phone <tel>', d('ticket.opt.phone'))
    .option('--contact <name>', d('ticket.opt.contact'))
    .option('--address <text>', d('ticket.opt.address'))
    .option('--vehicle <no>', d('ticket.opt.vehicle'))
    .option('--model <model>', d('ticket.opt.model'))
    .option('--fault <kind>', d('ticket.opt.fault'))
    .option('--distance <km>', d('ticket.opt.distance'))
    .option('--supplier', d('ticket.opt.supplier'));
  if (opts.unset) cmd.option('--no-supplier', d('ticket.opt.no_supplier'));
  return cmd
    .option('--reported-at <time>', d('ticket.opt.reported_at'))
    .option('--desc <text>', d('ticket.opt.desc'))
    .option('--channel <channel>', d('ticket.opt.channel'));
}

export function registerTicket(program: Command): void {
  const g = defineGroup(program, 'ticket', 'ticket.desc');

  action(
    faultReportOptions(defineCommand(g, 'open', 'ticket.open.desc', [
      'kaohe ticket open --customer 哈尔滨公交公司 --phone 0451-86661234 --vehicle 黑A-12345 --model XML6125 --fault body --distance 35',
      `kaohe ticket open   # ${d('ticket.open.example_asks')}`,
    ]))
      .option('--letter <LID>', d('ticket.opt.letter'))
      .option(REASON[0], d(REASON[1])),
    async (ctx, o) => {
      const input = await gatherOpen(ctx, { ...o, supplier: o.supplier as boolean | undefined });
      const t = svc.openTicket(ctx, input);
      done(ctx, t, 'ticket.open.done', { kind: ctx.t(`ticket.kind.${t.responseKind}`), deadline: humanTime(t.deadline, ctx.tz) });
    },
  );

  registerTicketViews(g);

  action(
    faultReportOptions(defineCommand(g, 'edit <ID>', 'ticket.edit.desc', ['kaohe ticket edit T2026-0001 --distance 120', 'kaohe ticket edit T2026-0001 --fault chassis --no-supplier']), { unset: true })
      .option('--at <time>', d('ticket.opt.edit_at'))
      .option(REASON[0], d(REASON[1])),
    (ctx, o, [id]) => {
      const t = svc.editTicket(ctx, id, { ...o, supplier: o.supplier as boolean | undefined });
      done(ctx, t, 'ticket.edit.done', { kind: ctx.t(`ticket.kind.${t.responseKind}`), deadline: humanTime(t.deadline, ctx.tz) });
    },
  );

  action(
    defineCommand(g, 'dispatch <ID>', 'ticket.dispatch.desc', ['kaohe ticket dispatch T2026-0001 --to 王强', 'kaohe ticket dispatch T2026-0001 --to 王强 --to 李明 --lead 王强 --loan 2000'])
      .option('--to <name>', d('ticket.opt.to'), collect)
      .option('--lead <name>', d('ticket.opt.lead'))
      .option('--loan <yuan>', d('ticket.opt.loan'))
      .option(AT[0], d(AT[1]))
      .option(REASON[0], d(REASON[1])),
    async (ctx, o, [id]) => {
      const to: string[] = o.to ?? [(await ask(ctx, undefined, '--to', 'ticket.prompt.to'))];
      const names = [...new Set(to.map((n) => n.trim()))];
      const lead = names.length > 1 ? await choose(ctx, o.lead, '--lead', 'ticket.prompt.lead', names.map((n) => ({ name: n, value: n }))) : o.lead;
      const t = svc.dispatchTicket(ctx, id, { to, lead, loan: o.loan, at: o.at, reason: o.reason });
      done(ctx, t, 'ticket.dispatch.done', { to: t.assignees.map((a) => a.name), lead: t.lead ?? '—' });
    },
  );

  action(
    defineCommand(g, 'respond <ID>', 'ticket.respond.desc', ['kaohe ticket respond T2026-0001', 'kaohe ticket respond T2026-0001 --at "2026-10-02 08:30" --note 已到现场'])
      .option(AT[0], d(AT[1]))
      .option(REASON[0], d(REASON[1]))
      .option('--note <text>', d('ticket.opt.note')),
    (ctx, o, [id]) => {
      const t = svc.respondTicket(ctx, id, o);
      done(ctx, t, 'ticket.respond.done', { at: humanTime(t.respondedAt, ctx.tz), sla: ctx.t(`ticket.sla.${slaState(t, ctx.now)}`) });
    },
  );

  action(
    defineCommand(g, 'resolve <ID>', 'ticket.resolve.desc', [
      'kaohe ticket resolve T2026-0001 --cause 车门气泵漏气 --responsibility product --warranty yes --part P-001:1:气泵损坏',
      'kaohe ticket resolve T2026-0001 --cause 用户操作不当 --responsibility customer --warranty no --warranty-reason 人为损坏',
    ])
      .option('--cause <text>', d('ticket.opt.cause'))
      .option('--responsibility <who>', d('ticket.opt.responsibility'))
      .option('--warranty <yes|no>', d('ticket.opt.warranty'))
      .option('--warranty-reason <text>', d('ticket.opt.warranty_reason'))
      .option('--part <CODE:QTY[:REASON]>', d('ticket.opt.part'), collect)
      .option('--major', d('ticket.opt.major'))
      .option('--mileage <km>', d('ticket.opt.mileage'))
      .option('--running-hours <h>', d('ticket.opt.running_hours'))
      .option('--taken-apart', d('ticket.opt.taken_apart'))
      .option('--note <text>', d('ticket.opt.resolve_note'))
      .option(AT[0], d(AT[1]))
      .option(REASON[0], d(REASON[1])),
    async (ctx, o, [id]) => {
      const cause = await ask(ctx, o.cause, '--cause', 'ticket.prompt.cause');
      const responsibility = await choose(ctx, o.responsibility, '--responsibility', 'ticket.prompt.responsibility', RESPONSIBILITIES.map((r) => ({ name: ctx.t(`ticket.resp.${r}`), value: r })));
      parseResponsibility(responsibility);
      const warranty = await choose(ctx, o.warranty, '--warranty', 'ticket.prompt.warranty', [{ name: ctx.t('common.yes'), value: 'yes' }, { name: ctx.t('common.no'), value: 'no' }]);
      const reason = o.warrantyReason ?? (warranty === 'no' && ctx.interactive ? await ask(ctx, undefined, '--warranty-reason', 'ticket.prompt.warranty_reason') : undefined);
      const t = svc.resolveTicket(ctx, id, { cause, responsibility, warranty, warrantyReason: reason, part: o.part, major: o.major, at: o.at, reason: o.reason,
        mileage: o.mileage, runningHours: o.runningHours, takenApart: o.takenApart, note: o.note });
      done(ctx, t, 'ticket.resolve.done', { at: humanTime(t.resolvedAt, ctx.tz) });
    },
  );

  // asks: the required values a clerk at a terminal is asked for when the flag is left out
  // (option name, flag, prompt key); without a terminal the service's exit 2 still names the flag
  const simple = (name: string, examples: string[], flags: Array<[string, string]>, run: (ctx: Context, id: string, o: Record<string, any>) => Ticket, key: string, asks: Array<[string, string, string, ((s: string) => unknown)?]> = []) => {
    const cmd = defineCommand(g, `${name} <ID>`, `ticket.${name}.desc`, examples);
    for (const [f, k] of flags) cmd.option(f, d(k));
    action(cmd, async (ctx, o, [id]) => {
      for (const [opt, flag, promptKey, parse] of asks) if (ctx.interactive) o[opt] = await ask(ctx, o[opt], flag, promptKey, { parse });
      const t = run(ctx, id, o);
      done(ctx, t, key);
    });
  };
  simple('feedback', ['kaohe ticket feedback T2026-0002 --note "已书面答复: 更换喷油嘴"'], [['--note <text>', 'ticket.opt.note'], [...AT], [...REASON]], (ctx, id, o) => svc.feedbackTicket(ctx, id, o), 'ticket.feedback.done', [['note', '--note', 'ticket.prompt.feedback']]);
  simple('sign', ['kaohe ticket sign T2026-0001 --by 张建国'], [['--by <name>', 'ticket.opt.signer'], [...AT], [...REASON]], (ctx, id, o) => svc.signTicket(ctx, id, o), 'ticket.sign.done', [['by', '--by', 'ticket.prompt.signer']]);
  simple('approve', ['kaohe ticket approve T2026-0001 --by 刘经理'], [['--by <name>', 'ticket.opt.approver'], [...AT], [...REASON]], (ctx, id, o) => svc.approveTicket(ctx, id, o), 'ticket.approve.done', [['by', '--by', 'ticket.prompt.approver']]);
  simple('survey', ['kaohe ticket survey T2026-0001 --rating 5 --note 很满意'], [['--rating <1..5>', 'ticket.opt.rating'], ['--note <text>', 'ticket.opt.note'], [...AT], [...REASON]], (ctx, id, o) => svc.surveyTicket(ctx, id, o), 'ticket.survey.done', [['rating', '--rating', 'ticket.prompt.rating', parseRating]]);
  simple('complain', ['kaohe ticket complain T2026-0001 --service-fault yes --note 服务人员迟到'], [['--service-fault <yes|no>', 'ticket.opt.service_fault'], ['--note <text>', 'ticket.opt.note'], [...AT], [...REASON]], (ctx, id, o) => svc.complainTicket(ctx, id, o), 'ticket.complain.done', [['serviceFault', '--service-fault', 'ticket.prompt.service_fault', (v) => parseYesNo(v, '--service-fault')], ['note', '--note', 'ticket.prompt.complaint']]);
  simple('void', ['kaohe ticket void T2026-0001 --reason 重复登记'], [['--reason <text>', 'ticket.opt.reason'], ['--at <time>', 'ticket.opt.void_at']], (ctx, id, o) => svc.voidTicket(ctx, id, o), 'ticket.void.done', [['reason', '--reason', 'ticket.prompt.void_reason']]);

  registerExpense(g, done);

  action(
    defineCommand(g, 'report <ID>', 'ticket.report.desc', ['kaohe ticket report T2026-0001', 'kaohe ticket report T2026-0001 --format html --out T2026-0001.html'])
      .option('--format <format>', d('opt.format'))
      .option('--out <file>', d('opt.out')),
    (ctx, o, [id]) => {
      const format = o.format === undefined ? 'text' : parseChoice(String(o.format).toLowerCase(), '--format', REPORT_FORMATS);
      const { ticket } = showTicket(ctx, id);
      const text = renderServiceReport(ctx, ticket, format, auditHead(ctx.db(), ctx.now));
      if (o.out === undefined) ctx.io.out(text.endsWith('\n') ? text : `${text}\n`);
      else {
        try {
          writeFileSync(o.out, text);
        } catch (e) {
          // a missing folder or a directory given as --out is the user's mistake, not a bug (exit 70)
          throw new InputError('ticket.report.cannot_write', { field: '--out', file: o.out, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
        }
        ctx.io.err(`${ctx.t('ticket.report.written', { file: o.out })}\n`);
      }
    },
  );

  action(
    defineCommand(g, 'check', 'ticket.check.desc', ['kaohe ticket check', 'kaohe ticket check --within 2h --json']).option('--within <duration>', d('opt.within')),
    (ctx, o) => emitChecks(ctx, ticketChecks(ctx, ctx.db(), withinOf(o.within))),
  );
}
