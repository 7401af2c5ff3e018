// The glue between commander and the rest: how a module declares its commands (with a
// description and an example each, in the user's language), how an action gets its Context,
// and the shape of a module (commands, reports, checks, invariants, demo data).
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { Context } from './context.js';
import type { Db } from './db.js';
import { t, type Catalog, type Lang } from './i18n.js';
import { PERIOD_FLAGS, periodFrom, type Period, type PeriodOptions } from './period.js';
import type { Progress } from './progress.js';
import { asStorageError, sqliteCode } from './storage-errors.js';
import type { MonthlySection } from './monthly.js';
import { loadColour } from './output.js';

/** One deadline item for `kaohe check` and the modules' own `check` commands. */
export interface CheckItem {
  kind: string; // ticket | letter | guard | stock | review
  id: string;
  what: string; // response | feedback | signature | reply | dismissal | ...
  due: number | null; // instant; null when the item has no single due time
  overdue: boolean;
  detail?: string;
}

export interface Invariant {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface DemoOptions {
  months: number;
  tickets: number;
  /** the demo's "today": data is spread over the `months` before it */
  now: number;
  random: () => number;
  progress: Progress;
}

export interface KaoheModule {
  name: string;
  messages: Catalog;
  /** adds the module's commands to the program */
  register(program: Command): void;
  /** adds subcommands of `kaohe report` */
  registerReports?(report: Command): void;
  /** deadline items as of ctx.now; `within` ms is the due-soon window */
  checks?(ctx: Context, db: Db, within: number): CheckItem[];
  /** invariants for `kaohe db check` */
  invariants?(ctx: Context, db: Db): Invariant[];
  /** what is still pending in a month being closed (`kaohe close` warns about each), in words */
  pendingAtClose?(ctx: Context, db: Db, month: Period): string[];
  /** the module's section of `kaohe report monthly` for a month (core/monthly.ts); null when it
   *  has no data that month */
  monthly?(ctx: Context, db: Db, period: Period): MonthlySection | null;
  demo?: {
    /** fills the demo database (called inside one transaction, in module order) */
    fill(ctx: Context, db: Db, opts: DemoOptions): void;
    /** prints the module's reports for the demo */
    print(ctx: Context): Promise<void> | void;
  };
}

export interface Runtime {
  lang: Lang;
  modules: KaoheModule[];
  makeContext(command: Command): Context;
  exitCode: number;
}

let runtime: Runtime | undefined;

export function setRuntime(r: Runtime): void {
  runtime = r;
}

function rt(): Runtime {
  if (!runtime) throw new Error('kaohe runtime not set');
  return runtime;
}

/** Every module of the program (for db check, kaohe check, demo). */
export function registeredModules(): KaoheModule[] {
  return rt().modules;
}

/** A translated text for command and option descriptions. */
export function d(key: string): string {
  return t(rt().lang, key);
}

const examples = new WeakMap<Command, string[]>();

/** When a command line names one subcommand of a group (`ticket show`), the only subcommand of
 *  that group built (main.ts createProgram); the others get SKIPPED, which takes every call and
 *  builds nothing (ISSUE 14: building the options and help texts of a whole group cost more
 *  than running a small command). */
let onlySub: { group: string; sub: string } | undefined;

export function buildOnly(only: { group: string; sub: string } | undefined): void {
  onlySub = only;
}

const SKIPPED: Command = new Proxy(function skipped() {}, { get: () => () => SKIPPED }) as unknown as Command;

/** Is `name` a subcommand the program does not build this time? */
function skipped(parent: Command, name: string): boolean {
  return onlySub !== undefined && name.split(' ')[0] !== onlySub.sub && parent.parent?.parent === null && parent.name() === onlySub.group;
}

/** Declares a command with its one-line description and at least one example for --help. */
export function defineCommand(parent: Command, nameAndArgs: string, descKey: string, example: string | string[]): Command {
  if (skipped(parent, nameAndArgs)) return SKIPPED;
  const cmd = parent.command(nameAndArgs).description(d(descKey));
  const list = Array.isArray(example) ? example : [example];
  examples.set(cmd, list);
  cmd.addHelpText('after', `\n${d('help.examples')}\n${list.map((e) => `  $ ${e}`).join('\n')}\n`);
  return cmd;
}

export function examplesOf(cmd: Command): string[] {
  return examples.get(cmd) ?? [];
}

/** A group command (ticket, guard, ...) with subcommands. */
export function defineGroup(parent: Command, name: string, descKey: string): Command {
  if (skipped(parent, name)) return SKIPPED;
  return parent.command(name).description(d(descKey));
}

/** The period flags every report and list takes. */
export function periodOptions(cmd: Command): Command {
  for (const [flags, key] of PERIOD_FLAGS) cmd.option(flags, d(key));
  return cmd;
}

export function periodOf(ctx: Context, opts: PeriodOptions): Period {
  return periodFrom(opts, ctx.now, ctx.tz);
}

/** Collects a repeatable option (--to A --to B) into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

type Handler = (ctx: Context, opts: Record<string, any>, args: string[]) => Promise<number | void> | number | void;

/** Wires a handler: builds the Context from the global options, runs, records the exit code. */
export function action(cmd: Command, handler: Handler): Command {
  cmd.action(async (...all: unknown[]) => {
    const command = all[all.length - 1] as Command;
    const args = all.slice(0, command.registeredArguments.length).map((a) => (Array.isArray(a) ? a.join(' ') : (a as string)));
    const ctx = rt().makeContext(command);
    try {
      if (ctx.color) await loadColour(); // chalk only when colour is on
      const code = await handler(ctx, command.opts(), args);
      await ctx.settle();
      rt().exitCode = typeof code === 'number' ? code : 0;
    } catch (e) {
      // SQLite failing under a read (a damaged page met half-way through a report) is the
      // file's problem, exit 5 naming it — never "a bug in kaohe"
      throw sqliteCode(e) ? asStorageError(e, resolve(ctx.dbPath)) : e;
    } finally {
      ctx.close();
    }
  });
  return cmd;
}
