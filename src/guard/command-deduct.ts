// `guard deduct` at a terminal: the violation time first (it decides the sheet the fine lands on),
// the guards (several for a notice naming several people), the rule, points, the inspector (those
// of earlier notices offered, a new name allowed), the inspection (spot check or periodic, the
// cursor on spot, the --kind default), then the notice as it will be saved — guards, points, fine,
// date, sheet month, inspection — and a confirmation; declining writes nothing (exit 2).
import { effectiveMonth } from '../core/closing.js';
import type { Context } from '../core/context.js';
import { InputError } from '../core/errors.js';
import { parseInteger } from '../core/input.js';
import { formatYuan, parseYuan } from '../core/money.js';
import { enumChoices } from '../core/enum.js';
import { listJoin } from '../core/i18n.js';
import { emitRecord } from '../core/output.js';
import { ask, choose, chooseMany, chooseOrType, confirm } from '../core/prompt.js';
import { humanTime, parsePastMoment } from '../core/time.js';
import { listGuards } from './report.js';
import { DEFAULT_KIND, fineFen, finePerPointFen, findRule, INSPECTION_KINDS, isRange, pointsText } from './rules.js';
import { deduct, parseDeduct } from './service.js';
import { knownInspectors } from './store.js';
import { noticeJson, noticeLine } from './view.js';

/** The guards, inspectors and sheet month need the database; without one there is nothing to offer. */
function database(ctx: Context) {
  try {
    return ctx.db();
  } catch {
    return undefined;
  }
}

export async function deductCommand(ctx: Context, o: Record<string, any>): Promise<void> {
  const given = o.guard as string[] | undefined;
  const prompting = ctx.interactive && (given === undefined || given.length === 0 || o.rule === undefined || o.inspector === undefined || o.kind === undefined);
  const db = prompting ? database(ctx) : undefined;
  const at = o.at === undefined && prompting
    ? await ask(ctx, undefined, '--at', 'guard.prompt.at', { parse: (s) => parsePastMoment(s, '--at', ctx.tz, ctx.now, 'guard.future'), default: humanTime(ctx.now, ctx.tz) })
    : (o.at as string | undefined);
  const active = db ? listGuards(db, 'active') : [];
  const guards = await chooseMany(ctx, given, '--guard', 'guard.prompt.guards', active.map((g) => ({ name: ctx.lang === 'zh' ? `${g.name}（${g.id}）` : `${g.name} (${g.id})`, value: g.id })));
  const ruleText = await choose(ctx, o.rule, '--rule', 'guard.prompt.rule',
    ctx.rules.guard.rules.map((r) => ({ name: ctx.lang === 'zh' ? `${r.no}. ${r.zh}（${pointsText(r)} 分）` : `${r.no}. ${r.en} (${pointsText(r)})`, value: String(r.no) })));
  const rule = findRule(ctx.rules.guard, parseInteger(ruleText, '--rule', 1, 999));
  let points = o.points as string | undefined;
  if (rule && isRange(rule) && points === undefined && ctx.interactive) {
    points = await ask(ctx, undefined, '--points', 'guard.prompt.points', { parse: (s) => parseInteger(s, '--points', rule.min ?? 0, rule.max ?? 1000) });
  }
  const inspectors = o.inspector === undefined && db ? knownInspectors(db, 20) : [];
  const inspector = await chooseOrType(ctx, o.inspector, '--inspector', 'guard.prompt.inspector', inspectors);
  // without a person the flag's default (spot) stands, as before; at a terminal it is asked
  const kind = prompting ? await choose(ctx, o.kind, '--kind', 'guard.prompt.kind', enumChoices(ctx.lang, INSPECTION_KINDS, 'guard.kind.'), DEFAULT_KIND) : o.kind;
  let compensation = o.compensation as string | undefined;
  if (rule?.compensation && compensation === undefined && ctx.interactive) {
    compensation = await ask(ctx, undefined, '--compensation', 'guard.prompt.compensation', { parse: (s) => parseYuan(s, '--compensation'), default: '0' });
  }
  const raw = {
    guards, rule: ruleText, points, at, inspector, kind, compensation, compensationFrom: o.compensationFrom, note: o.note, reason: o.reason,
  };
  if (prompting) await confirmNotice(ctx, raw, active);
  const n = await withLateReason(ctx, prompting, raw.reason, (reason) => deduct(ctx, { ...raw, reason }));
  emitRecord(ctx, noticeJson(ctx, n), noticeLine(ctx, n));
}

/** Shows the notice as it will be saved and asks; no is exit 2 with nothing written. */
async function confirmNotice(ctx: Context, raw: Parameters<typeof deduct>[1], active: Array<{ id: string; name: string }>): Promise<void> {
  const input = parseDeduct(ctx, raw);
  const names = input.guards.map((g) => active.find((a) => a.id === g || a.name === g)?.name ?? g);
  const fine = fineFen(input.points, finePerPointFen(ctx.rules.guard));
  const db = database(ctx);
  const month = db ? effectiveMonth(db, 'guard', ctx.tz, input.at, ctx.now) : humanTime(input.at, ctx.tz).slice(0, 7);
  ctx.io.err(`${ctx.t('guard.deduct.preview', {
    guards: listJoin(ctx.lang, names), kind: ctx.t(`guard.kind.${input.kind}`), n: names.length, rule: input.rule, points: input.points, fine: formatYuan(fine),
    total: formatYuan(fine * names.length), at: humanTime(input.at, ctx.tz), month, inspector: input.inspector,
  })}\n`);
  if (input.compensationFen > 0) ctx.io.err(`${ctx.t('guard.deduct.preview_compensation', { amount: formatYuan(input.compensationFen) })}\n`);
  if (!(await confirm(ctx, 'prompt.confirm', {}, true))) throw new InputError('input.cancelled');
}

/** A late entry (补录: dated long ago, or in a closed month) needs --reason: on a terminal the
 *  refusal is shown and the reason asked, then the same notice is saved (the refused attempt wrote
 *  nothing: it was thrown inside the write). */
async function withLateReason<T>(ctx: Context, prompting: boolean, reason: string | undefined, save: (reason: string | undefined) => T): Promise<T> {
  try {
    return save(reason);
  } catch (e) {
    if (!prompting || reason !== undefined || !(e instanceof InputError) || e.params.field !== '--reason') throw e;
    ctx.io.err(`${ctx.t(e.key, e.params)}\n`);
    const given = await ask(ctx, undefined, '--reason', 'guard.prompt.late_reason');
    return save(given);
  }
}
