// kaohe letter log | list | show | note | reply | archive | check, and `kaohe report letters`.
// Thin: flags in (asking for missing ones on a terminal), one service call, rendering out.
import type { Command } from 'commander';
import { auditHead } from '../core/audit.js';
import { action, d, defineCommand, defineGroup, periodOf, periodOptions } from '../core/cli.js';
import { emitChecks, withinOf } from '../core/checks.js';
import type { Context } from '../core/context.js';
import { historyJson } from '../core/history.js';
import { emit, emitRecord } from '../core/output.js';
import { periodGiven, periodJson, type Period, type PeriodOptions } from '../core/period.js';
import { parseChoice } from '../core/input.js';
import { listOptions, listScope, scopeJson, scopeLabel, type ListScope } from '../core/list-scope.js';
import { ask, choose } from '../core/prompt.js';
import { CHANNELS } from '../core/rules.js';
import { humanTime } from '../core/time.js';
import {
  LETTER_BREAKDOWNS, archiveLetter, letterChecks, letterReport, listLetters, logLetter, noteLetter, parseChannel, replyLetter, showLetter, voidLetterById,
} from './service.js';
import { replyState } from './rules.js';
import { channelLabel, letterJson, listView, noteJson, reportJson, reportViews, showViews, statusLabel, who } from './view.js';

const periodRange = (p: Period) => ({ from: periodJson(p).from, to: periodJson(p).to });

export function registerLetter(program: Command): void {
  const g = defineGroup(program, 'letter', 'letter.desc');

  action(
    defineCommand(g, 'log', 'letter.log.desc', [
      'kaohe letter log --channel phone --from 王建国 --org 哈尔滨公交公司 --contact 13804510000 --subject 空调不制冷',
      'kaohe letter log --channel letter --from 李红 --org 长春客运公司 --subject 配件询价 --received-at "2026-11-26 15:20" --json',
    ])
      .option('--channel <channel>', d('letter.opt.channel'))
      .option('--from <name>', d('letter.opt.from'))
      .option('--org <org>', d('letter.opt.org'))
      .option('--contact <tel>', d('letter.opt.contact'))
      .option('--subject <text>', d('letter.opt.subject'))
      .option('--content <text>', d('letter.opt.content'))
      .option('--received-at <time>', d('letter.opt.received_at'))
      .option('--reason <text>', d('letter.opt.late_reason')),
    async (ctx, o) => {
      const channel = await choose(ctx, o.channel, '--channel', 'letter.prompt.channel', CHANNELS.map((c) => ({ name: `${c} ${channelLabel(ctx, c)}`, value: c })));
      const from = await ask(ctx, o.from, '--from', 'letter.prompt.from');
      const subject = await ask(ctx, o.subject, '--subject', 'letter.prompt.subject');
      const l = logLetter(ctx, { channel, from, org: o.org, contact: o.contact, subject, content: o.content, receivedAt: o.receivedAt, reason: o.reason });
      emitRecord(ctx, letterJson(ctx, l), ctx.t('letter.logged', { id: l.id, channel: channelLabel(ctx, l.channel), from: who(l, ctx.lang), subject: l.subject, deadline: humanTime(l.deadline, ctx.tz) }));
    },
  );

  action(
    listOptions(
      defineCommand(g, 'list', 'letter.list.desc', ['kaohe letter list', 'kaohe letter list --month 2026-10', 'kaohe letter list --pending', 'kaohe letter list --customer 道里区 --all', 'kaohe letter list --year 2026 --csv']),
    ).option('--pending', d('letter.opt.pending')).option('--customer <name>', d('letter.opt.list_customer')),
    (ctx, o) => {
      const pending = Boolean(o.pending);
      // --pending without a period: every unanswered letter, however old
      const scope: ListScope | undefined = pending && !periodGiven(o) && !o.all ? undefined : listScope(ctx, o);
      const period = scope === undefined || scope.kind === 'all' ? null : scope.kind === 'open' ? scope.month : scope.period;
      const letters = listLetters(ctx, { period, pending, scope, customer: o.customer });
      const { table, csv } = listView(ctx, letters);
      if (scope !== undefined) table.title = ctx.t('letter.list.title', { scope: scopeLabel(ctx, scope) });
      emit(ctx, {
        json: { period: period ? periodRange(period) : null, scope: scope ? scopeJson(scope).scope : 'pending', pending, letters: letters.map((l) => letterJson(ctx, l)) },
        tables: [table],
        csv,
      });
    },
  );

  action(defineCommand(g, 'show <id>', 'letter.show.desc', ['kaohe letter show L2026-0007', 'kaohe letter show L2026-0007 --json']), (ctx, _o, [id]) => {
    const { letter, notes, history } = showLetter(ctx, id);
    emit(ctx, {
      json: { ...letterJson(ctx, letter), notes: notes.map((n) => noteJson(ctx, n)), history: historyJson(ctx, history) },
      tables: showViews(ctx, letter, notes, history),
    });
  });

  action(
    defineCommand(g, 'note <id>', 'letter.note.desc', 'kaohe letter note L2026-0007 --text "已联系服务站, 车辆在修理厂, 明日上门查看"')
      .option('--text <text>', d('letter.opt.note_text'))
      .option('--at <time>', d('letter.opt.at'))
      .option('--reason <text>', d('letter.opt.late_reason')),
    async (ctx, o, [id]) => {
      const text = await ask(ctx, o.text, '--text', 'letter.prompt.note');
      const { letter, note } = noteLetter(ctx, id, { text, at: o.at, reason: o.reason });
      emitRecord(ctx, { ...letterJson(ctx, letter), note: noteJson(ctx, note) }, ctx.t('letter.noted', { id: letter.id, status: statusLabel(ctx, letter.status) }));
    },
  );

  action(
    defineCommand(g, 'reply <id>', 'letter.reply.desc', [
      'kaohe letter reply L2026-0007 --text "已安排服务站更换压缩机" --by 张明',
      'kaohe letter reply L2026-0008 --text "报价已传真" --by 刘芳 --channel fax --at "2026-11-27 10:00"',
    ])
      .option('--text <text>', d('letter.opt.reply_text'))
      .option('--by <name>', d('letter.opt.reply_by'))
      .option('--at <time>', d('letter.opt.at'))
      .option('--reason <text>', d('letter.opt.late_reason'))
      .option('--channel <channel>', d('letter.opt.reply_channel')),
    async (ctx, o, [id]) => {
      if (o.channel !== undefined) parseChannel(o.channel, '--channel'); // a bad flag is exit 2 before any prompt
      const text = await ask(ctx, o.text, '--text', 'letter.prompt.reply_text');
      const by = await ask(ctx, o.by, '--by', 'letter.prompt.reply_by');
      const l = replyLetter(ctx, id, { text, by, at: o.at, channel: o.channel, reason: o.reason });
      emitRecord(ctx, letterJson(ctx, l), ctx.t('letter.replied', { id: l.id, state: ctx.t(`letter.state.${replyState(l, ctx.now)}`) }));
    },
  );

  action(
    defineCommand(g, 'archive <id>', 'letter.archive.desc', 'kaohe letter archive L2026-0007').option('--at <time>', d('letter.opt.at')).option('--reason <text>', d('letter.opt.late_reason')),
    (ctx, o, [id]) => {
      const l = archiveLetter(ctx, id, { at: o.at, reason: o.reason });
      emitRecord(ctx, letterJson(ctx, l), ctx.t('letter.archived', { id: l.id }));
    },
  );

  action(
    defineCommand(g, 'void <id>', 'letter.void.desc', ['kaohe letter void L2026-0007 --reason "重复登记"', 'kaohe letter void L2026-0007 --reason "打错电话" --at "2026-11-02 10:00"'])
      .option('--reason <text>', d('letter.opt.void_reason'))
      .option('--at <time>', d('letter.opt.void_at')),
    async (ctx, o, [id]) => {
      const reason = await ask(ctx, o.reason, '--reason', 'letter.prompt.void_reason');
      const l = voidLetterById(ctx, id, { reason, at: o.at });
      emitRecord(ctx, letterJson(ctx, l), ctx.t('letter.void.done', { id: l.id }));
    },
  );

  action(
    defineCommand(g, 'check', 'letter.check.desc', ['kaohe letter check', 'kaohe letter check --within 4h --json']).option('--within <duration>', d('opt.within')),
    (ctx, o) => printLetterCheck(ctx, o.within),
  );
}

/** `letter check`: prints the items, returns the exit code (1 when a reply is overdue). */
export function printLetterCheck(ctx: Context, within: string | undefined): number {
  return emitChecks(ctx, letterChecks(ctx, ctx.db(), withinOf(within)));
}

export function printLetterReport(ctx: Context, opts: PeriodOptions & { by?: string }): void {
  const by = opts.by === undefined ? null : parseChoice(opts.by, '--by', LETTER_BREAKDOWNS);
  const r = letterReport(ctx, periodOf(ctx, opts), undefined, by);
  const { tables, csv } = reportViews(ctx, r);
  emit(ctx, { json: reportJson(r), tables, csv, footer: auditHead(ctx.db(), ctx.now) });
}

export function registerLetterReports(report: Command): void {
  action(
    periodOptions(
      defineCommand(report, 'letters', 'report.letters.desc', [
        'kaohe report letters --month 2026-10',
        'kaohe report letters --year 2026 --by month --json',
        'kaohe report letters --quarter 2026Q4 --by channel --csv',
      ]),
    ).option('--by <what>', d('report.letters.opt.by')),
    (ctx, o) => printLetterReport(ctx, o),
  );
}
