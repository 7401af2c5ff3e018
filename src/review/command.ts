// kaohe review ... and kaohe report review — thin: flags, prompts for missing values (the five
// dimensions one by one with their meaning from 篇3 五, then the total and grade before saving),
// one service call, rendering through view.ts.
import { withNote } from '../core/i18n.js';
import type { Command } from 'commander';
import { emitChecks, withinOf } from '../core/checks.js';
import { action, d, defineCommand, defineGroup } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { InputError } from '../core/errors.js';
import { emitRecord } from '../core/output.js';
import { ask, choose, confirm } from '../core/prompt.js';
import { formatDate, parseDate } from '../core/time.js';
import { bonus, periodOfText, reviewChecks, roster, summary, today } from './report.js';
import { DIMENSIONS, formatTenths, LEVELS, STAGES, type Scores } from './rules.js';
import { addStaff, closeCycle, openCycle, setStaff } from './service.js';
import { fileWithHr, parseScore, parseScoreInput, previewTotal, score, submit } from './service-steps.js';
import {
  cycleJson, gradeLabel, renderBonus, renderList, renderOpen, renderRoster, renderSummary, reviewJson, reviewLine, staffLine, versionJson,
} from './view.js';

const STAFF_FLAGS: Array<[string, string]> = [
  ['--level <level>', 'review.opt.level'],
  ['--dept <dept>', 'review.opt.dept'],
  ['--leader <name>', 'review.opt.leader'],
  ['--assessor <name>', 'review.opt.assessor'],
  ['--probation-until <date>', 'review.opt.probation'],
  ['--base-pay <yuan>', 'review.opt.base_pay'],
];

function staffOptions(cmd: Command): Command {
  for (const [flags, key] of STAFF_FLAGS) cmd.option(flags, d(key));
  return cmd;
}

const stepOptions = (cmd: Command, atKey: string) => cmd.option('--at <time>', d(atKey)).option('--reason <text>', d('review.opt.reason'));

/** Missing flags of `review score` asked at a terminal; the preview and "save?" before writing. */
async function gatherScore(ctx: Context, o: Record<string, any>) {
  const raw: Record<string, any> = { ...o };
  raw.who = await ask(ctx, o.who, '--who', 'review.prompt.who');
  raw.period = await ask(ctx, o.period, '--period', 'review.prompt.period');
  raw.stage = await choose(ctx, o.stage, '--stage', 'review.prompt.stage', STAGES.map((s) => ({ name: ctx.t(`review.stage.${s}`), value: s })));
  raw.by = await ask(ctx, o.by, '--by', 'review.prompt.by');
  if (o.confirm) return parseScoreInput(ctx, raw);
  const asked = DIMENSIONS.some((dim) => o[dim] === undefined) && ctx.interactive;
  for (const dim of DIMENSIONS) {
    if (raw[dim] !== undefined) continue;
    if (ctx.interactive) ctx.io.err(`\n${withNote(ctx.lang, ctx.t(`review.dim.${dim}`), `${ctx.rules.review.weights[dim]}%`)}\n${ctx.t(`review.dim.${dim}.meaning`)}\n`);
    raw[dim] = await ask(ctx, undefined, `--${dim}`, `review.prompt.${dim}`, { parse: (s) => parseScore(s, `--${dim}`) });
  }
  if (asked) {
    const scores = Object.fromEntries(DIMENSIONS.map((dim) => [dim, parseScore(raw[dim], `--${dim}`)])) as Scores;
    const p = previewTotal(ctx, scores);
    ctx.io.err(`${ctx.t('review.preview', { total: formatTenths(p.total), grade: gradeLabel(ctx, p.grade) })}\n`);
    if ((p.grade === 'A' || p.grade === 'E') && raw.note === undefined) raw.note = await ask(ctx, undefined, '--note', p.grade === 'A' ? 'review.prompt.note_a' : 'review.prompt.note_e');
    if (!(await confirm(ctx, 'prompt.confirm', {}, true))) throw new InputError('input.cancelled');
  }
  return parseScoreInput(ctx, raw);
}

export function registerReview(program: Command): void {
  const g = defineGroup(program, 'review', 'review.desc');
  const staff = defineGroup(g, 'staff', 'review.staff.desc');

  action(
    staffOptions(defineCommand(staff, 'add', 'review.staff.add.desc', [
      'kaohe review staff add --name 周明 --level dept-manager --dept 销售部 --leader 王总 --assessor 王总 --base-pay 8000',
      'kaohe review staff add --name 陈静 --level section-key --dept 财务部 --leader 周明 --assessor 王总 --probation-until 2026-12-26',
    ]).option('--name <name>', d('review.opt.name')).option('--from <date>', d('review.opt.from_add'))),
    async (ctx, o) => {
      const name = await ask(ctx, o.name, '--name', 'review.prompt.name');
      const level = await choose(ctx, o.level, '--level', 'review.prompt.level', LEVELS.map((l) => ({ name: ctx.t(`review.level.${l}`), value: l })));
      const dept = await ask(ctx, o.dept, '--dept', 'review.prompt.dept');
      const leader = await ask(ctx, o.leader, '--leader', 'review.prompt.leader');
      const assessor = await ask(ctx, o.assessor, '--assessor', 'review.prompt.assessor');
      const { staff: s, version } = addStaff(ctx, { ...o, name, level, dept, leader, assessor });
      emitRecord(ctx, { id: s.id, name: s.name, ...versionJson(version) }, staffLine(ctx, s.name, version));
    },
  );

  action(
    staffOptions(defineCommand(staff, 'set <name>', 'review.staff.set.desc', [
      'kaohe review staff set 陈静 --level deputy-dept-manager --leader 周明 --from 2026-08-01',
      'kaohe review staff set 周明 --base-pay 8500 --from 2027-01-01',
    ]).option('--from <date>', d('review.opt.from'))),
    async (ctx, o, [name]) => {
      const { staff: s, version } = setStaff(ctx, { ...o, name });
      emitRecord(ctx, { id: s.id, name: s.name, ...versionJson(version) }, staffLine(ctx, s.name, version));
    },
  );

  action(
    defineCommand(staff, 'list', 'review.staff.list.desc', ['kaohe review staff list', 'kaohe review staff list --on 2026-09-30 --json']).option('--on <date>', d('review.opt.on')),
    (ctx, o) => {
      const on = o.on === undefined ? today(ctx) : formatDate(parseDate(o.on, '--on'));
      renderRoster(ctx, roster(ctx, ctx.db(), on), on);
    },
  );

  action(
    defineCommand(g, 'open', 'review.open.desc', ['kaohe review open --period 2026Q3', 'kaohe review open --period 2026']).option('--period <P>', d('review.opt.period')),
    (ctx, o) => renderOpen(ctx, openCycle(ctx, o)),
  );

  action(
    stepOptions(defineCommand(g, 'submit', 'review.submit.desc', [
      'kaohe review submit --who 周明 --period 2026Q3 --file 述职报告-2026Q3.docx --plan 工作计划-2026Q4.docx',
      'kaohe review submit --who 陈静 --period 2026Q3 --plan 工作计划.docx --at "2026-09-28 17:00"',
    ]).option('--who <name>', d('review.opt.who')).option('--period <P>', d('review.opt.period'))
      .option('--file <path>', d('review.opt.file')).option('--plan <path>', d('review.opt.plan')), 'review.opt.at_submit'),
    async (ctx, o) => {
      const r = submit(ctx, { ...o, who: await ask(ctx, o.who, '--who', 'review.prompt.who'), period: await ask(ctx, o.period, '--period', 'review.prompt.period') });
      emitRecord(ctx, reviewJson(ctx, r), reviewLine(ctx, r, 'submit'));
    },
  );

  const scoreCmd = defineCommand(g, 'score', 'review.score.desc', [
    'kaohe review score --who 陈静 --period 2026Q3 --stage initial --by 周明 --duty 90 --ability 85 --character 88 --knowledge 80 --discipline 92',
    'kaohe review score --who 陈静 --period 2026Q3 --stage final --by 王总 --confirm',
    'kaohe review score --who 陈静 --period 2026Q3 --stage initial --by 周明',
  ]).option('--who <name>', d('review.opt.who')).option('--period <P>', d('review.opt.period')).option('--stage <stage>', d('review.opt.stage')).option('--by <name>', d('review.opt.by'));
  for (const dim of DIMENSIONS) scoreCmd.option(`--${dim} <n>`, d(`review.opt.${dim}`));
  stepOptions(scoreCmd.option('--note <text>', d('review.opt.note')).option('--confirm', d('review.opt.confirm')), 'review.opt.at_score');
  action(scoreCmd, async (ctx, o) => {
    const input = await gatherScore(ctx, o);
    const r = score(ctx, input);
    emitRecord(ctx, reviewJson(ctx, r), reviewLine(ctx, r, input.stage));
  });

  action(
    stepOptions(defineCommand(g, 'file', 'review.file.desc', 'kaohe review file --who 陈静 --period 2026Q3 --by 人资李娜')
      .option('--who <name>', d('review.opt.who')).option('--period <P>', d('review.opt.period')).option('--by <name>', d('review.opt.hr')), 'review.opt.at_file'),
    async (ctx, o) => {
      const r = fileWithHr(ctx, { ...o, by: await ask(ctx, o.by, '--by', 'review.prompt.hr') });
      emitRecord(ctx, reviewJson(ctx, r), reviewLine(ctx, r, 'file'));
    },
  );

  action(
    defineCommand(g, 'close', 'review.close.desc', 'kaohe review close --period 2026Q3').option('--period <P>', d('review.opt.period')),
    (ctx, o) => {
      const c = closeCycle(ctx, o, false);
      emitRecord(ctx, cycleJson(ctx, c), ctx.t('review.closed', { period: c.period }));
    },
  );

  action(
    defineCommand(g, 'reopen', 'review.reopen.desc', 'kaohe review reopen --period 2026Q3 --reason "补录王强的终评"').option('--period <P>', d('review.opt.period')).option('--reason <text>', d('review.opt.reopen_reason')),
    async (ctx, o) => {
      const c = closeCycle(ctx, { ...o, reason: await ask(ctx, o.reason, '--reason', 'review.prompt.reason') }, true);
      emitRecord(ctx, cycleJson(ctx, c), ctx.t('review.reopened', { period: c.period }));
    },
  );

  action(
    defineCommand(g, 'list', 'review.list.desc', ['kaohe review list --period 2026Q3', 'kaohe review list --period 2026 --json']).option('--period <P>', d('review.opt.period')),
    (ctx, o) => renderList(ctx, summary(ctx, ctx.db(), periodOfText(ctx, o.period))),
  );

  action(
    defineCommand(g, 'summary', 'review.summary.desc', ['kaohe review summary --period 2026Q3', 'kaohe review summary --period 2026 --excel > 2026年度考核.csv']).option('--period <P>', d('review.opt.period')),
    (ctx, o) => renderSummary(ctx, summary(ctx, ctx.db(), periodOfText(ctx, o.period))),
  );

  action(
    defineCommand(g, 'bonus', 'review.bonus.desc', ['kaohe review bonus --year 2026', 'kaohe review bonus --year 2026 --base 6000 --json'])
      .option('--year <YYYY>', d('review.opt.year')).option('--base <yuan>', d('review.opt.base')),
    (ctx, o) => renderBonus(ctx, bonus(ctx, ctx.db(), o.year, o.base)),
  );

  action(
    defineCommand(g, 'check', 'review.check.desc', ['kaohe review check', 'kaohe review check --within 3d --json']).option('--within <duration>', d('opt.within')),
    (ctx, o) => emitChecks(ctx, reviewChecks(ctx, ctx.db(), withinOf(o.within))),
  );
}

export function registerReviewReports(report: Command): void {
  action(
    defineCommand(report, 'review', 'review.report.desc', ['kaohe report review --period 2026Q3', 'kaohe report review --period 2026 --json']).option('--period <P>', d('review.opt.period')),
    (ctx, o) => renderSummary(ctx, summary(ctx, ctx.db(), periodOfText(ctx, o.period)), true),
  );
}
