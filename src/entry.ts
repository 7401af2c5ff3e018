// What bin/kaohe.js loads first. It answers `--version` and the top-level `--help` (piped) by
// itself, without commander or any module, and hands every other command line to main.ts,
// which the build keeps in its own file (dist/main.cjs, compiled from V8's code cache: see
// loadBuiltMain below) loaded only then; from the sources (no main.cjs beside this file) it
// imports main.ts. Keep this file small:
// everything it imports is paid by every start (ISSUE 14, FIELD-NOTES "Start-up cost"). It
// imports no file of ours on purpose: the build makes it a CommonJS file of its own
// (dist/entry.cjs, required by the CommonJS bin/kaohe.js), so no command starts Node's
// ES-module loader (~20 % of a bare node start); anything shared with main.ts would be copied.
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { leadingWords } from './core/argv-words.js';
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
  const built = existsSync(new URL('./main.cjs', import.meta.url)) ? loadBuiltMain(env, undefined, cacheKey(argv)) : undefined;
  if (built && env.KAOHE_CODE_CACHE === 'report') io.err(`kaohe: code cache ${built.cache}\n`);
  const { main, withPager } = built?.exports ?? (await import('./main.js'));
  // long output on a terminal goes through less (core/pager.ts); --no-pager and pipes print plainly
  const pager = withPager(argv, env, io, rows);
  const code = await main(argv, env, pager.io);
  await pager.finish();
  return code;
}

// The main part as built (dist/main.cjs, one CommonJS file) is compiled here from V8's code cache
// that `npm run build` made (dist/main.cache, bin/build.mjs): Node 20 caches no compiled code
// between runs, and compiling the main part cost ~20 % of a command's start (ISSUE 14). The
// cache is only ever read here: the build writes it, a run never does (installs can be
// read-only, cron runs as another user). A cache for another build, another Node or another
// platform is not used; one V8 refuses (other flags) is dropped by V8 itself: either way the
// file compiles from its source, as fast as without a cache and with the same result.

type MainExports = typeof import('./main.js');
/** What became of the code cache: used, refused by V8, made for another build or Node (or
 *  damaged), none. */
export type CacheUse = 'accepted' | 'rejected' | 'foreign' | 'missing' | 'off';

/** The first line of dist/main.cache: what the cache is for, and the length of V8's data;
 *  padded to a multiple of 8 bytes, so that V8 reads the data where it is (aligned). */
function cacheHeader(buildId: string, length: number): string {
  const line = `kaohe-code-cache 2 ${process.version} ${process.arch} ${buildId} ${length}`;
  return `${line.padEnd(Math.ceil((line.length + 1) / 8) * 8 - 1)}\n`;
}

/** dist/main.cache as the build writes it: the header, then V8's data twice. V8 checks its
 *  data's version, flags, source length and size, but not its bytes (a release build checks
 *  no checksum, and crashes on damaged data): a damaged file has two copies that differ, found
 *  by one memcmp (a checksum costs more: node:crypto alone is ~10 % of a start). */
export function cacheFile(buildId: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(cacheHeader(buildId, data.length), 'latin1'), data, data]);
}

/** V8's data from dist/main.cache when the file is for this build of main.cjs on this Node and
 *  undamaged, else undefined. */
export function cacheData(file: Buffer, buildId: string): Buffer | undefined {
  const end = file.indexOf(10);
  const length = (file.length - end - 1) / 2;
  // a header is ASCII: its bytes are its characters
  if (buildId === '' || end < 0 || !Number.isInteger(length) || file.toString('latin1', 0, end + 1) !== cacheHeader(buildId, length)) return undefined;
  const data = file.subarray(end + 1, end + 1 + length);
  return data.equals(file.subarray(end + 1 + length)) ? data : undefined;
}

/** The build id the build appended to main.cjs (a digest of the rest of it), or ''. */
export function buildIdOf(source: string): string {
  const at = source.lastIndexOf('\n//# kaohe-build ');
  return at < 0 ? '' : source.slice(at + 17).trim();
}

/** The name of the code cache the build made for this command line: its command word and the
 *  word after it (`ticket.show`, `check`), global options skipped; '' when the words are not
 *  plain lower-case names (then main.cache serves). Each warmed command has its own cache
 *  (dist/cache/KEY.cache, made in a process that ran only that command: bin/build-warm.mjs),
 *  holding compiled just the functions that command runs, so that V8 deserializes less and
 *  compiles nothing lazily. */
export function cacheKey(argv: string[]): string {
  const words = leadingWords(argv, 2);
  return words.length > 0 && words.every((w) => /^[a-z]+$/.test(w)) ? words.join('.') : '';
}

/** dist/main.cjs as the build writes it: the bundle inside the CommonJS wrapper Node puts around
 *  a file (its opening on the bundle's first line: stack traces keep their lines), then the build
 *  id. The file is the script V8 compiles as it is: wrapping the 1.2 MB text at each start made V8
 *  flatten the joined string, a copy of all of it (~1.3M instructions, callgrind). */
export function wrappedMain(bundle: string, buildId: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${bundle}\n});\n//# kaohe-build ${buildId}\n`;
}

/** The command's own cache (dist/cache/KEY.cache) when the build made one, else main.cache. */
function readCache(dir: URL, key: string): Buffer {
  if (key !== '') {
    try {
      return readFileSync(new URL(`cache/${key}.cache`, dir));
    } catch {
      // not a warmed command: the general cache
    }
  }
  return readFileSync(new URL('main.cache', dir));
}

/** Compiles and runs dist/main.cjs (wrappedMain) as Node's require would, from the code cache when it fits.
 *  KAOHE_CODE_CACHE=off compiles without it; =report says on stderr what became of it. */
export function loadBuiltMain(env: NodeJS.ProcessEnv, dir = new URL('.', import.meta.url), key = ''): { exports: MainExports; script: Script; cache: CacheUse; source: string } {
  const file = fileURLToPath(new URL('main.cjs', dir));
  // ASCII only (the build escapes every other character): latin1 reads it without decoding
  const source = readFileSync(file, 'latin1');
  let cachedData: Buffer | undefined;
  let cache: CacheUse = env.KAOHE_CODE_CACHE === 'off' ? 'off' : 'missing';
  if (cache !== 'off') {
    try {
      cachedData = cacheData(readCache(dir, key), buildIdOf(source));
      if (cachedData === undefined) cache = 'foreign';
    } catch {
      // no cache (not built with one): compile plainly
    }
  }
  const script = new Script(source, { filename: file, cachedData });
  if (cachedData !== undefined) cache = script.cachedDataRejected === true ? 'rejected' : 'accepted';
  const module = { exports: {} as MainExports };
  // this file's own require: it resolves from dist/, as main.cjs's would (node:module's
  // createRequire would load parts of the ES-module loader)
  (script.runInThisContext() as (...a: unknown[]) => void).call(module.exports, module.exports, require, module, file, dirname(file));
  return { exports: module.exports, script, cache, source };
}
