// Builds the commander program from every module, makes the Context for the command that runs,
// and maps errors to exit codes (SPEC §6). Messages go to stderr, data to stdout.
import { Command, CommanderError, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { leadingWords } from './core/argv-words.js';
import { buildOnly, d, defineGroup, setRuntime, type KaoheModule, type Runtime } from './core/cli.js';
import { offerValues } from './core/completion.js';
import { Context, osUser, type Io } from './core/context.js';
import { defaultDbPath } from './core/db.js';
import { InputError, KaoheError } from './core/errors.js';
import { addMessages, hasMessage, langFrom, t, type Lang } from './core/i18n.js';
import { helpWords } from './core/help-words.js';
import { cleanText } from './core/input.js';
import { coreMessages } from './core/messages.js';
import { defaultRulesPath } from './core/rules.js';
import { peekFileZone } from './core/file-zone.js';
import { clockFrom, processIsUtc, zoneFrom } from './core/time.js';
import { loadModules } from './modules.js';

export { withPager } from './core/pager.js'; // for bin/kaohe.js

function earlyLang(argv: string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--lang' && argv[i + 1] !== undefined) return langFrom(argv[i + 1], env);
    if (argv[i].startsWith('--lang=')) return langFrom(argv[i].slice(7), env);
  }
  return langFrom(undefined, env);
}

function buildProgram(lang: Lang, io: Io, modules: KaoheModule[]): Command {
  const program = new Command('kaohe')
    .description(d('app.desc'))
    .version(pkg.version, '-V, --version', d('opt.version'))
    .option('--db <path>', d('opt.db'))
    .option('--as <name>', d('opt.as'))
    .option('--json', d('opt.json'))
    .option('--csv', d('opt.csv'))
    .option('--excel', d('opt.excel'))
    .option('--xlsx <file>', d('opt.xlsx'))
    .addOption(new Option('--lang <lang>', d('opt.lang')))
    .option('--no-color', d('opt.no_color'))
    .option('--no-input', d('opt.no_input'))
    .option('--no-pager', d('opt.no_pager')) // read by bin/kaohe.js (core/pager.ts)
    .option('--now <time>', d('opt.now'))
    .option('--rules <file>', d('opt.rules'))
    .helpOption('-h, --help', d('opt.help'))
    .helpCommand('help [command]', d('opt.help_command'))
    // commander's own headings, in the user's language (subcommands inherit this)
    .configureHelp(helpWords(d))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: () => undefined, // printed in main(), translated
    });
  void lang;
  for (const m of modules) m.register(program);
  offerValues(program, '--lang', ['zh', 'en']);
  const report = program.commands.find((c) => c.name() === 'report') ?? defineGroup(program, 'report', 'report.desc');
  for (const m of modules) m.registerReports?.(report);
  return program;
}

function makeContext(command: Command, env: NodeJS.ProcessEnv, io: Io): Context {
  const o = command.optsWithGlobals() as Record<string, string | boolean | undefined>;
  if (o.lang !== undefined && o.lang !== 'zh' && o.lang !== 'en') throw new InputError('input.lang', { value: String(o.lang) });
  const formats = ['json', 'csv', 'excel', 'xlsx'].filter((f) => o[f] !== undefined && o[f] !== false);
  if (formats.length > 1) throw new InputError('output.formats_conflict', { field: formats.map((f) => `--${f}`) });
  if (o.xlsx !== undefined && !String(o.xlsx).trim()) throw new InputError('output.xlsx_file', { field: '--xlsx' });
  const lang = langFrom(o.lang as string | undefined, env);
  const dbPath = (o.db as string | undefined) || env.KAOHE_DB || defaultDbPath(env);
  // no zone configured: the database's own (db init stored it), else the process's (SPEC §0)
  const fileTz = env.KAOHE_TZ || env.TZ ? undefined : peekFileZone(dbPath);
  const tz = zoneFrom(fileTz ? { ...env, KAOHE_TZ: fileTz } : env, { adopt: true });
  // a completion script is sourced by every new shell: no warning there, nor for `db path`
  const timeless = command.name() === 'completion' || (command.name() === 'path' && command.parent?.name() === 'db');
  if (!env.KAOHE_TZ && !env.TZ && !fileTz && processIsUtc() && !timeless) io.err(`${t(lang, 'db.tz.utc_warning')}\n`);
  const now = clockFrom(o.now as string | undefined, env, tz);
  return new Context({
    env,
    io,
    lang,
    tz,
    now,
    // the actor goes into every audit row: no control characters there either
    actor: o.as || env.KAOHE_USER
      ? cleanText((o.as as string | undefined) || env.KAOHE_USER!, o.as ? '--as' : 'KAOHE_USER')
      : () => cleanText(osUser(), 'user'),
    dbPath,
    rulesPath: (o.rules as string | undefined) || env.KAOHE_RULES || defaultRulesPath(),
    rulesField: o.rules ? '--rules' : env.KAOHE_RULES ? 'KAOHE_RULES' : 'data/rules.json',
    format: o.json ? 'json' : o.csv || o.excel ? 'csv' : 'table',
    excel: Boolean(o.excel),
    xlsx: (o.xlsx as string | undefined) ?? null,
    color: o.color !== false && !env.NO_COLOR && io.stdoutTTY,
    noInput: o.input === false,
  });
}

const USAGE_KEYS: Record<string, string> = {
  'commander.unknownCommand': 'usage.unknown_command',
  'commander.unknownOption': 'usage.unknown_option',
  'commander.missingArgument': 'usage.missing_argument',
  'commander.optionMissingArgument': 'usage.option_missing_argument',
  'commander.missingMandatoryOptionValue': 'usage.missing_option',
};

/** Commander's own usage errors, in the user's language where we know them. */
function usageMessage(lang: Lang, e: CommanderError): string {
  const text = e.message.replace(/^error: /, '');
  const key = USAGE_KEYS[e.code];
  const name = text.match(/'([^']+)'/)?.[1];
  if (key && name !== undefined) {
    const hint = text.match(/\(Did you mean (?:one of )?(.+)\?\)/)?.[1];
    return t(lang, key, { name }) + (hint ? `\n${t(lang, 'usage.did_you_mean', { hint })}` : '');
  }
  return lang === 'zh' ? `用法错误:${text}` : text;
}

/** The whole commander program in a language, from loaded modules, without running it.
 *  `registering`: the modules whose commands are built (default: all of `modules`). */
export function programWith(lang: Lang, env: NodeJS.ProcessEnv, io: Io, modules: KaoheModule[], registering = modules): { program: Command; runtime: Runtime } {
  addMessages(coreMessages);
  for (const m of modules) addMessages(m.messages);
  const runtime: Runtime = { lang, modules, exitCode: 0, makeContext: (c) => makeContext(c, env, io) };
  setRuntime(runtime);
  return { program: buildProgram(lang, io, registering), runtime };
}

/** Command words that need every module's hooks (checks) but no other module's commands: the
 *  program then builds only the commands of the module named here, not all of every module's
 *  (ISSUE 14: most of what building the program costs). */
const HOOKS_ONLY: Record<string, string> = { check: 'report' };

/** `command` (the first word of the command line) and `sub` (the next, for `report X`) pick
 *  the modules to load (modules.ts); none means all. */
export async function createProgram(lang: Lang, env: NodeJS.ProcessEnv, io: Io, command?: string | null, sub?: string): Promise<{ program: Command; runtime: Runtime }> {
  const modules = await loadModules(command, sub);
  const owner = command ? modules.find((m) => m.name === HOOKS_ONLY[command]) : undefined;
  // one module's group and a word after it: only that subcommand is built, unless the group has
  // none of that name (a typo, `help`, an argument): then all of it, for commander's answer
  if (modules.length === 1 && command && sub !== undefined) {
    buildOnly({ group: command, sub });
    try {
      const built = programWith(lang, env, io, modules);
      const group = built.program.commands.find((c) => c.name() === command);
      if (group?.commands.some((c) => c.name() === sub)) return built;
    } finally {
      buildOnly(undefined);
    }
  }
  return programWith(lang, env, io, modules, owner ? [owner] : modules);
}

/** The top-level `kaohe --help` as commander prints it when stdout is not a terminal (width
 *  80): the build stores it in dist/help.json for entry.ts (bin/build.mjs). */
export async function topHelp(lang: Lang): Promise<string> {
  let text = '';
  const io: Io = { out: (s) => void (text += s), err: () => undefined, stdoutTTY: false, stderrTTY: false, stdinTTY: false };
  const { program } = await createProgram(lang, {}, io);
  program.configureOutput({ getOutHelpWidth: () => 80, getErrHelpWidth: () => 80 });
  program.outputHelp();
  return text;
}

/** The command word (ticket, guard, ...), skipping global options and their values; null for a
 *  bare --version, which needs no module at all. */
export function commandWord(argv: string[]): string | null | undefined {
  const [word] = leadingWords(argv, 1);
  if (word !== undefined) return word;
  return argv.includes('--version') || argv.includes('-V') ? null : undefined;
}

/** The word after the command word (`sla` in `kaohe report sla`), if any. */
export function subWord(argv: string[]): string | undefined {
  return leadingWords(argv, 2)[1];
}

/** An error of one module may be raised while another runs (ticket open --letter): its text
 *  is then in a catalog not loaded yet. */
async function translate(lang: Lang, e: KaoheError): Promise<string> {
  if (!hasMessage(e.key, lang)) for (const m of await loadModules()) addMessages(m.messages);
  return t(lang, e.key, e.params);
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const lang = earlyLang(argv, env);
  const { program, runtime } = await createProgram(lang, env, io, commandWord(argv), subWord(argv));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return runtime.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      if (e.code === 'commander.help') return 2; // help shown because a group was called bare
      io.err(`kaohe: ${usageMessage(lang, e)}\n`);
      return 2;
    }
    if (e instanceof KaoheError) {
      io.err(`kaohe: ${await translate(lang, e)}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    io.err(`kaohe: ${t(lang, 'error.internal', { message: err?.message ?? String(e) })}\n`);
    if (env.KAOHE_DEBUG) io.err(`${err?.stack ?? ''}\n`);
    return 70;
  }
}
