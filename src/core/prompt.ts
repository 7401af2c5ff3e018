// Asking for missing values. Only a person at a terminal is asked (stdin and stderr are TTYs and
// no --no-input); everyone else gets exit 2 naming the flag. inquirer is imported on the first
// real prompt, so commands that do not ask never pay its ~75 ms start-up.
import type { Context } from './context.js';
import { InputError, Interrupted, KaoheError, type Params } from './errors.js';
import { listJoin } from './i18n.js';
import { parseYesNo } from './input.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  text(o: { message: string; default?: string; validate?: (s: string) => true | string }): Promise<string>;
  select<T>(o: { message: string; choices: Array<Choice<T>>; default?: T }): Promise<T>;
  confirm(o: { message: string; default?: boolean }): Promise<boolean>;
  /** several of a list (space to tick, enter to finish); at least one */
  checkbox?<T>(o: { message: string; choices: Array<Choice<T>> }): Promise<T[]>;
}

/** inquirer's own words (the "↑↓ navigate • ⏎ select" tip, "Yes"/"No") in the user's language,
 *  and its marks: a default shown as （是） and the ticked names joined as 张伟、李强 in Chinese. */
export function promptWords(ctx: Pick<Context, 't'> & { lang?: Context['lang'] }) {
  const word = (key: string, fallback: string) => {
    const text = ctx.t(key);
    return text === key ? fallback : text;
  };
  return {
    keysHelpTip: (keys: Array<[string, string]>) => keys.map(([k, action]) => `${word(`prompt.keyname.${k}`, k)} ${word(`prompt.key.${action}`, action)}`).join(' • '),
    yesNo: (v: boolean) => ctx.t(v ? 'common.yes' : 'common.no'),
    paren: (text: string) => (ctx.lang === 'zh' ? `（${text}）` : `(${text})`),
    list: (items: string[]) => listJoin(ctx.lang ?? 'en', items),
  };
}

/** inquirer's dim default, in the language's brackets. */
const dim = (text: string) => `\u001b[2m${text}\u001b[22m`;

export async function inquirerPrompter(
  ctx: Pick<Context, 't'> & { lang?: Context['lang'] },
  // prompts go to stderr so that stdout stays clean for --json and pipes
  io: { input?: NodeJS.ReadableStream; output: NodeJS.WritableStream } = { output: process.stderr },
): Promise<Prompter> {
  const p = await import('@inquirer/prompts');
  const words = promptWords(ctx);
  const cancelled = (e: unknown): never => {
    // Ctrl-C at a prompt: exit 130 as a shell reports an interrupt, before anything is written
    if (e instanceof Error && e.name === 'ExitPromptError') throw new Interrupted();
    throw e;
  };
  return {
    text: (o) => p.input({ message: o.message, default: o.default, validate: o.validate, theme: { style: { defaultAnswer: (t: string) => dim(words.paren(t)) } } }, io as never).catch(cancelled),
    select: <T>(o: { message: string; choices: Array<Choice<T>>; default?: T }) =>
      p.select<T>({ message: o.message, choices: o.choices, default: o.default, pageSize: 12, theme: { style: { keysHelpTip: words.keysHelpTip } } }, io as never).catch(cancelled),
    // yes/no typed as a word, so that 是/否 (and y/n, yes/no) are answers in either language
    confirm: (o) =>
      p.input({
        message: `${o.message}${ctx.lang === 'zh' ? '' : ' '}${words.paren(`${words.yesNo(true)}/${words.yesNo(false)}`)}`, default: words.yesNo(o.default ?? true),
        validate: (s) => (yesNoOf(s) === undefined ? ctx.t('prompt.yes_no') : true), theme: { style: { defaultAnswer: (t: string) => dim(words.paren(t)) } },
      }, io as never)
        .then((s) => yesNoOf(s) ?? o.default ?? true)
        .catch(cancelled),
    checkbox: <T>(o: { message: string; choices: Array<Choice<T>> }) =>
      p.checkbox<T>({
        message: o.message, choices: o.choices, pageSize: 12,
        validate: (items: readonly unknown[]) => items.length > 0 || ctx.t('prompt.pick_one'),
        theme: { style: { keysHelpTip: words.keysHelpTip, renderSelectedChoices: (picked: ReadonlyArray<{ short: string }>) => words.list(picked.map((c) => c.short)) } },
      }, io as never).catch(cancelled),
  };
}

function yesNoOf(s: string): boolean | undefined {
  try {
    return parseYesNo(s, '');
  } catch {
    return undefined;
  }
}

async function prompter(ctx: Context, flag: string): Promise<Prompter> {
  if (!ctx.interactive) throw new InputError('input.missing', { field: flag });
  ctx.prompter ??= await inquirerPrompter(ctx);
  return ctx.prompter;
}

/** Validation for a prompt from the same parser the flag uses: its message, translated. */
export function validator(ctx: Pick<Context, 't'>, parse: (s: string) => unknown): (s: string) => true | string {
  return (s: string) => {
    try {
      parse(s);
      return true;
    } catch (e) {
      if (e instanceof KaoheError) return ctx.t(e.key, e.params);
      throw e;
    }
  };
}

/** The flag's value if given, else ask for it (with the parser as validation), else exit 2. */
export async function ask(
  ctx: Context,
  given: string | undefined,
  flag: string,
  messageKey: string,
  opts: { parse?: (s: string) => unknown; default?: string } = {},
): Promise<string> {
  if (given !== undefined) return given;
  const p = await prompter(ctx, flag);
  const validate = opts.parse ? validator(ctx, opts.parse) : (s: string) => (s.trim() === '' ? ctx.t('input.required') : true);
  return (await p.text({ message: ctx.t(messageKey), default: opts.default, validate })).trim();
}

/** The flag's value if given, else a choice from a list (the cursor on `dflt` when given, so that
 *  Enter takes the value the flag would default to), else exit 2. */
export async function choose<T extends string>(
  ctx: Context,
  given: string | undefined,
  flag: string,
  messageKey: string,
  choices: Array<Choice<T>>,
  dflt?: T,
): Promise<string> {
  if (given !== undefined) return given;
  if (!ctx.interactive) throw missingChoice(ctx, flag, choices);
  const p = await prompter(ctx, flag);
  return p.select<T>({ message: ctx.t(messageKey), choices, ...(dflt === undefined ? {} : { default: dflt }) });
}

/** Without a person to ask, a missing choice is exit 2 listing what it may be (CLI.md: allowed
 *  values listed when a required enum flag is missing): the code with its name, 抽查（spot）. A
 *  long list (the rules, the guards of a big site) only names the flag. */
function missingChoice<T>(ctx: Context, flag: string, choices: Array<Choice<T>>): InputError {
  if (choices.length === 0 || choices.length > 12) return new InputError('input.missing', { field: flag });
  const listed = choices.map((c) => {
    const code = String(c.value);
    if (c.name === code || c.name.startsWith(`${code} `)) return c.name;
    return ctx.lang === 'zh' ? `${c.name}（${code}）` : `${code} (${c.name})`;
  });
  return new InputError('input.enum_missing_plain', { field: flag, choices: listed.join(' | ') });
}

/** Asks yes/no; without a person the default stands. */
export async function confirm(ctx: Context, messageKey: string, params: Params = {}, dflt = true): Promise<boolean> {
  if (!ctx.interactive) return dflt;
  ctx.prompter ??= await inquirerPrompter(ctx);
  return ctx.prompter.confirm({ message: ctx.t(messageKey, params), default: dflt });
}

/** Offers known values (customers, vehicles) as a list, with "type a new one" at the end. */
export async function chooseOrType(
  ctx: Context,
  given: string | undefined,
  flag: string,
  messageKey: string,
  known: string[],
  parse?: (s: string) => unknown,
): Promise<string> {
  if (given !== undefined) return given;
  if (known.length === 0) return ask(ctx, given, flag, messageKey, { parse });
  const p = await prompter(ctx, flag);
  const NEW = '\u0000new';
  const picked = await p.select<string>({
    message: ctx.t(messageKey),
    choices: [...known.map((k) => ({ name: k, value: k })), { name: ctx.t('prompt.type_new'), value: NEW }],
  });
  if (picked !== NEW) return picked;
  return ask(ctx, undefined, flag, messageKey, { parse });
}

/** The flag's values if given, else several picked from a list (a notice naming several people),
 *  else exit 2. A prompter without a multi-select asks for one. */
export async function chooseMany<T extends string>(
  ctx: Context,
  given: string[] | undefined,
  flag: string,
  messageKey: string,
  choices: Array<Choice<T>>,
): Promise<string[]> {
  if (given !== undefined && given.length > 0) return given;
  const p = await prompter(ctx, flag);
  if (!p.checkbox) return [await p.select<T>({ message: ctx.t(messageKey), choices })];
  return p.checkbox<T>({ message: ctx.t(messageKey), choices });
}
