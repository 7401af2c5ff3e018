// kaohe guard ... and kaohe report guard — thin: flags, prompts for missing values, one service
// call, rendering through view.ts.
import type { Command } from 'commander';
import { auditHead } from '../core/audit.js';
import { emitChecks, withinOf } from '../core/checks.js';
import { action, collect, d, defineCommand, defineGroup, periodOf, periodOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { forLongRead } from '../core/db.js';
import { StorageError } from '../core/errors.js';
import { historyJson, historyView } from '../core/history.js';
import { allowSameName, sameNameHint } from '../core/duplicate.js';
import { parseEnum } from '../core/enum.js';
import { listOptions, listScope, scopeLabel } from '../core/list-scope.js';
import { parseInteger } from '../core/input.js';
import { emit, emitRecord } from '../core/output.js';
import { periodFrom, periodGiven } from '../core/period.js';
import { formatYuan, parseYuan } from '../core/money.js';
import { humanTime } from '../core/time.js';
import { ask, choose, chooseOrType } from '../core/prompt.js';
import { fund, guardChecks, guardReport, listGuards, listNotices, monthSheet, noticeDetail } from './report.js';
import { findRule, isRange, SIDES, pointsText } from './rules.js';
import { issueMonth, rewardVoid } from './ledger.js';
import { deductCommand } from './command-deduct.js';
import { addGuard, guardIdsNamed, dismiss, keep, reward, sign, voidNotice } from './service.js';
import type { Guard } from './store.js';
import {
  guardJson, noticeJson, noticeLine, renderFund, renderGuards, renderMonth, renderNotices, renderReport, renderRules, rewardJson,
} from './view.js';
import { previousSheetHint } from './month-view.js';

/** The roster for prompt choices; none yet when the database does not exist. */
function knownGuards(ctx: Context): Guard[] {
  if (!ctx.interactive) return [];
  try {
    return listGuards(ctx.db());
  } catch (e) {
    if (e instanceof StorageError) return [];
    throw e;
  }
}

async function pickGuards(ctx: Context, given: string[] | undefined): Promise<string[]> {
  if (given !== undefined && given.length > 0) return given;
  const active = listGuards(ctx.db(), 'active');
  const picked = await choose(ctx, undefined, '--guard', 'guard.prompt.guard', active.map((g) => ({ name: ctx.lang === 'zh' ? `${g.name}（${g.id}）` : `${g.name} (${g.id})`, value: g.id })));
  return [picked];
}

function showNotice(ctx: Context, id: string): void {
  const { notice: n, history } = noticeDetail(ctx.db(), id);
  const j = noticeJson(ctx, n);
  emit(ctx, {
    json: { ...j, history: historyJson(ctx, history) },
    tables: [
      {
        title: noticeLine(ctx, n),
        columns: [{ key: 'k', label: ctx.t('guard.col.item') }, { key: 'v', label: ctx.t('guard.col.value') }],
        rows: [
          ['rule', `${n.rule}. ${j.rule_label}`], ['at', humanTime(n.at, ctx.tz)], ['inspector', n.inspector], ['kind', ctx.t(`guard.kind.${n.kind}`)],
          ['compensation', formatYuan(n.compensationFen)], ['note', n.note ?? ''],
          ['company', n.companyBy ? `${n.companyBy} ${humanTime(n.companySignedAt, ctx.tz)}` : ''],
          ['property', n.propertyBy ? `${n.propertyBy} ${humanTime(n.propertySignedAt, ctx.tz)}` : ''],
          ['void_reason', n.voidReason ?? ''],
        ].map(([k, v]) => ({ k: ctx.t(`guard.field.${k}`), v })),
      },
      historyView(ctx, history),
    ],
  });
}

export function registerGuard(program: Command): void {
  const g = defineGroup(program, 'guard', 'guard.desc');

  action(
    defineCommand(g, 'add', 'guard.add.desc', 'kaohe guard add --name 张伟 --company 齐铁保安服务公司 --site 龙华物业小区 --base-pay 3200 --hired 2025-03-01')
      .option('--name <name>', d('guard.opt.name')).option('--company <co>', d('guard.opt.company')).option('--site <site>', d('guard.opt.site'))
      .option('--base-pay <yuan>', d('guard.opt.base_pay')).option('--hired <date>', d('guard.opt.hired'))
      .option('--at <time>', d('guard.opt.at_add')).option('--reason <text>', d('guard.opt.late_reason'))
      .option('--yes', d('guard.opt.yes_same_name')),
    async (ctx, o) => {
      const name = await ask(ctx, o.name, '--name', 'guard.prompt.name');
      const namesakes = guardIdsNamed(ctx, name);
      const sameName = await allowSameName(ctx, name.trim(), namesakes, Boolean(o.yes), '--guard');
      const known = o.company === undefined || o.site === undefined ? knownGuards(ctx) : [];
      const company = await chooseOrType(ctx, o.company, '--company', 'guard.prompt.company', [...new Set(known.map((x) => x.company))]);
      const site = await chooseOrType(ctx, o.site, '--site', 'guard.prompt.site', [...new Set(known.map((x) => x.site))]);
      const basePay = await ask(ctx, o.basePay, '--base-pay', 'guard.prompt.base_pay', { parse: (s) => parseYuan(s, '--base-pay') });
      const guard = addGuard(ctx, { name, company, site, basePay, hired: o.hired, at: o.at, reason: o.reason, sameName });
      emitRecord(ctx, guardJson(ctx, guard), ctx.t('guard.added', { id: guard.id, name: guard.name }));
      if (sameName) ctx.io.err(`${sameNameHint(ctx, guard.name, [...namesakes, guard.id], '--guard')}
`);
    },
  );

  action(
    defineCommand(g, 'list', 'guard.list.desc', ['kaohe guard list', 'kaohe guard list --status active --json']).option('--status <s>', d('guard.opt.status')),
    (ctx, o) => {
      const status = o.status === undefined ? undefined : parseEnum(o.status, '--status', ['active', 'dismissed'] as const, 'guard.status.');
      renderGuards(ctx, listGuards(ctx.db(), status));
    },
  );

  action(defineCommand(g, 'rules', 'guard.rules.desc', ['kaohe guard rules', 'kaohe guard rules --lang en --json']), (ctx) => renderRules(ctx));

  action(
    defineCommand(g, 'deduct', 'guard.deduct.desc', [
      'kaohe guard deduct --guard 张伟 --rule 1 --at "2026-10-08 08:20" --inspector 王建国 --kind spot',
      'kaohe guard deduct --guard 张伟 --guard 李强 --rule 9 --inspector 陈丽 --kind periodic',
      'kaohe guard deduct --guard GD003 --rule 12 --points 6 --inspector 王建国',
      'kaohe guard deduct --guard 李强 --rule 5 --compensation 45.50 --inspector 陈丽 --note "警棒丢失"',
    ])
      .option('--guard <name>', d('guard.opt.guard'), collect).option('--rule <n>', d('guard.opt.rule')).option('--points <n>', d('guard.opt.points'))
      .option('--at <time>', d('guard.opt.at')).option('--inspector <name>', d('guard.opt.inspector')).option('--kind <kind>', d('guard.opt.kind'))
      .option('--compensation <yuan>', d('guard.opt.compensation')).option('--compensation-from <name>', d('guard.opt.compensation_from'), collect)
      .option('--note <text>', d('guard.opt.note')).option('--reason <text>', d('guard.opt.late_reason')),
    (ctx, o) => deductCommand(ctx, o),
  );

  action(
    defineCommand(g, 'sign <notice>', 'guard.sign.desc', ['kaohe guard sign G2026-0001 --side company --by 王建国', 'kaohe guard sign G2026-0001 --side property --by 陈丽'])
      .option('--side <side>', d('guard.opt.side')).option('--by <name>', d('guard.opt.by')).option('--at <time>', d('guard.opt.sign_at'))
      .option('--reason <text>', d('guard.opt.late_reason')),
    async (ctx, o, [id]) => {
      const side = await choose(ctx, o.side, '--side', 'guard.prompt.side', SIDES.map((s) => ({ name: ctx.t(`guard.side.${s}`), value: s })));
      const by = await ask(ctx, o.by, '--by', 'guard.prompt.by');
      const n = sign(ctx, { id, side, by, at: o.at, reason: o.reason });
      emitRecord(ctx, noticeJson(ctx, n), noticeLine(ctx, n));
    },
  );

  action(
    defineCommand(g, 'void <notice>', 'guard.void.desc', 'kaohe guard void G2026-0003 --reason "记错队员"').option('--reason <text>', d('guard.opt.reason'))
      .option('--at <time>', d('guard.opt.at_void')),
    async (ctx, o, [id]) => {
      const reason = await ask(ctx, o.reason, '--reason', 'guard.prompt.reason');
      const n = voidNotice(ctx, { id, reason, at: o.at });
      emitRecord(ctx, noticeJson(ctx, n), noticeLine(ctx, n));
    },
  );

  action(defineCommand(g, 'show <notice>', 'guard.show.desc', 'kaohe guard show G2026-0001'), (ctx, _o, [id]) => showNotice(ctx, id));

  action(
    listOptions(defineCommand(g, 'notices', 'guard.notices.desc', ['kaohe guard notices', 'kaohe guard notices --month 2026-10', 'kaohe guard notices --status draft --year 2026', 'kaohe guard notices --all']))
      .option('--status <s>', d('guard.opt.notice_status')),
    (ctx, o) => {
      const status = o.status === undefined ? undefined : parseEnum(o.status, '--status', ['draft', 'effective', 'void'] as const, 'guard.status.');
      // `--status draft` alone: every draft, whenever written (listNotices); no period: the
      // drafts from earlier plus every notice of this month
      const scope = status === 'draft' && !periodGiven(o) && !o.all ? null : listScope(ctx, o);
      renderNotices(ctx, listNotices(ctx.db(), scope, status), scope === null ? undefined : ctx.t('guard.notices.title', { scope: scopeLabel(ctx, scope) }));
    },
  );

  action(
    defineCommand(g, 'month', 'guard.month.desc', ['kaohe guard month --month 2026-10', 'kaohe guard month --month 2026-10 --excel > 2026-10.csv', 'kaohe guard month --month 2026-10 --issue'])
      .option('--month <YYYY-MM>', d('period.month')).option('--issue', d('guard.opt.issue')),
    (ctx, o) => {
      const period = periodFrom({ month: o.month }, ctx.now, ctx.tz);
      if (o.issue) {
        const done = issueMonth(ctx, period);
        if (done.pending.length > 0) ctx.io.err(`${ctx.t('guard.issue_pending', { month: done.month, ids: done.pending })}\n`);
        if (ctx.format === 'table') ctx.io.err(`${ctx.t('guard.issued', { month: done.month })}\n`);
      }
      const hint = o.month === undefined && !o.issue && ctx.format === 'table' ? previousSheetHint(ctx, ctx.db(), period) : null;
      // the month's notices and every earlier month's sums: one long read (core/db.ts forLongRead)
      renderMonth(ctx, monthSheet(ctx, forLongRead(ctx.db()), period));
      if (hint) ctx.io.err(`${hint}\n`);
    },
  );

  action(defineCommand(g, 'fund', 'guard.fund.desc', ['kaohe guard fund', 'kaohe guard fund --json']), (ctx) => renderFund(ctx, fund(ctx.db(), undefined, ctx.now), auditHead(ctx.db(), ctx.now)));

  action(
    defineCommand(g, 'reward', 'guard.reward.desc', 'kaohe guard reward --guard 张伟 --amount 50 --reason "抓获盗窃嫌疑人" --by 王建国')
      .option('--guard <name>', d('guard.opt.guard')).option('--amount <yuan>', d('guard.opt.amount')).option('--reason <text>', d('guard.opt.reason'))
      .option('--by <name>', d('guard.opt.by')).option('--at <time>', d('guard.opt.at_reward')),
    async (ctx, o) => {
      const guard = (await pickGuards(ctx, o.guard === undefined ? undefined : [o.guard]))[0];
      const amount = await ask(ctx, o.amount, '--amount', 'guard.prompt.amount', { parse: (s) => parseYuan(s, '--amount') });
      const reason = await ask(ctx, o.reason, '--reason', 'guard.prompt.reason');
      const by = await ask(ctx, o.by, '--by', 'guard.prompt.by');
      const r = reward(ctx, { guard, amount, reason, by, at: o.at });
      emitRecord(ctx, rewardJson(ctx, r), ctx.t('guard.rewarded', { id: r.id, name: r.name, amount: formatYuan(r.amountFen) }));
    },
  );

  action(
    defineCommand(g, 'dismiss <name>', 'guard.dismiss.desc', 'kaohe guard dismiss 孙磊 --reason "累计三次无故旷工"').option('--reason <text>', d('guard.opt.reason')).option('--at <time>', d('guard.opt.at_dismiss')),
    async (ctx, o, [name]) => {
      const reason = await ask(ctx, o.reason, '--reason', 'guard.prompt.reason');
      const guard = dismiss(ctx, { guard: name, reason, at: o.at });
      emitRecord(ctx, guardJson(ctx, guard), ctx.t('guard.dismissed_done', { id: guard.id, name: guard.name }));
    },
  );

  action(
    defineCommand(g, 'keep <name>', 'guard.keep.desc', 'kaohe guard keep 孙磊 --reason "公司研究决定留用,书面警告"')
      .option('--reason <text>', d('guard.opt.reason')).option('--at <time>', d('guard.opt.at_keep')),
    async (ctx, o, [name]) => {
      const reason = await ask(ctx, o.reason, '--reason', 'guard.prompt.reason');
      const kept = keep(ctx, { guard: name, reason, at: o.at });
      emitRecord(ctx, { ...guardJson(ctx, kept.guard), kept: true, rules: kept.rules }, ctx.t('guard.kept', { id: kept.guard.id, name: kept.guard.name, rules: kept.rules.map(String) }));
    },
  );

  action(
    defineCommand(g, 'reward-void <rid>', 'guard.reward_void.desc', 'kaohe guard reward-void GR2026-0001 --reason "重复发放"')
      .option('--reason <text>', d('guard.opt.reason')).option('--at <time>', d('guard.opt.at_void')),
    async (ctx, o, [id]) => {
      const reason = await ask(ctx, o.reason, '--reason', 'guard.prompt.reason');
      const r = rewardVoid(ctx, { id, reason, at: o.at });
      emitRecord(ctx, rewardJson(ctx, r), ctx.t('guard.reward_voided', { id: r.id, name: r.name, amount: formatYuan(r.amountFen) }));
    },
  );

  action(
    defineCommand(g, 'check', 'guard.check.desc', ['kaohe guard check', 'kaohe guard check --within 1d --json']).option('--within <duration>', d('opt.within')),
    (ctx, o) => {
      return emitChecks(ctx, guardChecks(ctx, ctx.db(), withinOf(o.within)));
    },
  );
}

export function registerGuardReports(report: Command): void {
  action(
    periodOptions(defineCommand(report, 'guard', 'guard.report.desc', ['kaohe report guard --month 2026-10', 'kaohe report guard --year 2026 --json'])),
    (ctx, o) => renderReport(ctx, guardReport(forLongRead(ctx.db()), periodOf(ctx, o), ctx.now, ctx.tz), auditHead(ctx.db(), ctx.now)),
  );
}
