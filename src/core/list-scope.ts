// What a list shows (CLI.md, second wave): without a period, what is still open from any time
// plus everything of the current month, so that on the 1st yesterday's open work is still on
// the list; `--all` every record; a period flag just that period. The title says which.
import type { Command } from 'commander';
import { d } from './cli.js';
import type { Context } from './context.js';
import { InputError } from './errors.js';
import { PERIOD_FLAGS, periodFrom, periodGiven, periodJson, type Period, type PeriodOptions } from './period.js';

export type ListScope =
  | { kind: 'period'; period: Period }
  | { kind: 'all' }
  /** open from any time, plus everything of `month` (the current month) */
  | { kind: 'open'; month: Period };

/** The period flags and --all of a list. */
export function listOptions(cmd: Command): Command {
  for (const [flags, key] of PERIOD_FLAGS) cmd.option(flags, d(key));
  return cmd.option('--all', d('list.opt.all'));
}

export function listScope(ctx: Context, o: PeriodOptions & { all?: boolean }): ListScope {
  if (o.all && periodGiven(o)) throw new InputError('list.all_and_period', { field: '--all' });
  if (o.all) return { kind: 'all' };
  const period = periodFrom(o, ctx.now, ctx.tz);
  return periodGiven(o) ? { kind: 'period', period } : { kind: 'open', month: period };
}

/** The instants a store query reads: records dated in [start, end), and (openSince) records
 *  dated before it that are still open; null when the scope has no such part. */
export function scopeRange(scope: ListScope): { start: number; end: number; openBefore: number | null } {
  if (scope.kind === 'all') return { start: Number.MIN_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER, openBefore: null };
  if (scope.kind === 'period') return { start: scope.period.start, end: scope.period.end, openBefore: null };
  return { start: scope.month.start, end: scope.month.end, openBefore: scope.month.start };
}

/** Whether a record dated `at`, open or not, belongs to the scope. */
export function inScope(scope: ListScope, at: number, open: boolean): boolean {
  const r = scopeRange(scope);
  return (at >= r.start && at < r.end) || (r.openBefore !== null && at < r.openBefore && open);
}

/** A month in words: 2026年11月, November 2026. */
export function monthWords(ctx: Context, p: Period): string {
  return ctx.t('list.month', { y: p.from.y, m: p.from.m, name: ctx.t(`list.month.${p.from.m}`) });
}

/** What the list shows, for its title: "open from earlier + November 2026", "2026Q3", "all". */
export function scopeLabel(ctx: Context, scope: ListScope): string {
  if (scope.kind === 'all') return ctx.t('list.scope.all');
  if (scope.kind === 'period') return scope.period.kind === 'month' ? monthWords(ctx, scope.period) : scope.period.label;
  return ctx.t('list.scope.open', { month: monthWords(ctx, scope.month) });
}

/** The scope in --json: `scope` (open_and_month | period | all) and `period` (null for all). */
export function scopeJson(scope: ListScope): { scope: 'open_and_month' | 'period' | 'all'; period: ReturnType<typeof periodJson> | null } {
  if (scope.kind === 'all') return { scope: 'all', period: null };
  return { scope: scope.kind === 'open' ? 'open_and_month' : 'period', period: periodJson(scope.kind === 'open' ? scope.month : scope.period) };
}
