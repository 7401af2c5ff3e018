// What bin/kaohe.js loads first. It answers `--version` and the top-level `--help` (piped) by
// itself, without commander or any module, and hands every other command line to main.ts,
// which esbuild keeps in its own file (dist/main.js) loaded only then. Keep this file small:
// everything it imports is paid by every start (ISSUE 14, FIELD-NOTES "Start-up cost"). It
// imports no file of ours on purpose: the build makes it a CommonJS file of its own
// (dist/entry.cjs, required by the CommonJS bin/kaohe.js), so `--version` never starts Node's
// ES-module loader (~20 % of a bare node start); anything shared with main.ts would be copied.
import { readFileSync } from 'node:fs';
import type { Io } from './core/context.js';
import type { Lang } from './core/i18n.js';

/** The language of an early answer: --lang, else the environment, as i18n's langFrom decides
 *  (a copy: see above; test/core/startup.test.ts checks that they agree). */
export function earlyLang(argv: string[], env: NodeJS.ProcessEnv): Lang {
  let pick: string | undefined;
  for (let i = 0; i < argv.length && pick === undefined; i++) {
    if (argv[i] === '--lang' && argv[i + 1] !== undefined) pick = argv[i + 1];
    else if (argv[i].startsWith('--lang=')) pick = argv[i].slice(7);
  }
  pick ??= env.KAOHE_LANG;
  if (pick === undefined || pick === '') pick = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return pick.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The command line without `--lang X` / `--lang=X` (which only picks the language here). */
function withoutLang(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--lang' && argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) i += 1;
    else if (!argv[i].startsWith('--lang=')) out.push(argv[i]);
  }
  return out;
}

export type Early = { kind: 'version' } | { kind: 'help'; lang: Lang } | null;

/** The command lines answered without commander: exactly `--version`/`-V`, and `--help`/`-h`
 *  when stdout is not a terminal (a terminal gets commander's help, wrapped to its width). */
export function earlyAnswer(argv: string[], env: NodeJS.ProcessEnv, io: Io): Early {
  const rest = withoutLang(argv);
  if (rest.length !== 1) return null;
  if (rest[0] === '--version' || rest[0] === '-V') return { kind: 'version' };
  const lang = earlyLang(argv, env);
  if ((rest[0] === '--help' || rest[0] === '-h') && !io.stdoutTTY) return { kind: 'help', lang };
  return null;
}

/** The top-level help the build wrote (dist/help.json, from commander itself at width 80). */
function builtHelp(lang: Lang): string | undefined {
  try {
    const texts = JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8')) as Record<string, string>;
    return texts[lang];
  } catch {
    return undefined; // not built (tests run the sources): commander answers
  }
}

export async function run(argv: string[], env: NodeJS.ProcessEnv, io: Io, rows?: number): Promise<number> {
  const early = earlyAnswer(argv, env, io);
  if (early?.kind === 'version') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    io.out(`${pkg.version}\n`);
    return 0;
  }
  if (early?.kind === 'help') {
    const text = builtHelp(early.lang);
    if (text !== undefined) {
      io.out(text);
      return 0;
    }
  }
  const { main, withPager } = await import('./main.js');
  // long output on a terminal goes through less (core/pager.ts); --no-pager and pipes print plainly
  const pager = withPager(argv, env, io, rows);
  const code = await main(argv, env, pager.io);
  await pager.finish();
  return code;
}
