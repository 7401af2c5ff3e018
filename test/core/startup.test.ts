// Start-up (ISSUE 14): the static command index says which module each command word and each
// report needs, and it matches what the modules register; the early answers (--version, piped
// --help) say what commander would; the libraries a command does not need stay out of its path.
import type { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KaoheModule } from '../../src/core/cli.js';
import { langFrom } from '../../src/core/i18n.js';
import { cliTable, plainTable } from '../../src/core/output.js';
import { earlyAnswer, earlyLang } from '../../src/entry.js';
import { createProgram, programWith, topHelp } from '../../src/main.js';
import { COMMAND_INDEX, loadModules } from '../../src/modules.js';
import { kaohe, ROOT, tempDir } from '../helpers.js';

const io = { out: () => undefined, err: () => undefined, stdoutTTY: false, stderrTTY: false, stdinTTY: false };
const all = await loadModules();
const names = (cmd: Command | undefined) => (cmd?.commands ?? []).map((c) => c.name()).filter((n) => n !== 'help');
/** What one module registers on its own: top-level words and `report X` subcommands. */
function registers(m: KaoheModule): { words: string[]; reports: string[] } {
  const { program } = programWith('en', {}, io, [m]);
  const report = program.commands.find((c) => c.name() === 'report');
  // main adds an empty `report` group for modules that hang reports on it
  const words = names(program).filter((w) => w !== 'report' || m.name === 'report');
  return { words, reports: names(report).filter((r) => !(m.name === 'report' && r === 'monthly')) };
}
// words that span modules: they load every module
// completion prints the whole command tree, so it loads every module too
const SPANNING = ['db', 'demo', 'check', 'report', 'completion', 'close', 'reopen', 'closed'];

describe('the command index (src/modules.ts)', () => {
  it('names every command word and report of each module, and only those', () => {
    expect(COMMAND_INDEX.map((e) => e.name)).toEqual(all.map((m) => m.name));
    for (const m of all) {
      const entry = COMMAND_INDEX.find((e) => e.name === m.name)!;
      const { words, reports } = registers(m);
      expect(words.filter((w) => !SPANNING.includes(w)).sort(), m.name).toEqual([...entry.commands].sort());
      expect(reports.sort(), m.name).toEqual([...entry.reports].sort());
    }
  });

  it('loads only the module of the command word or the report, and everything for the rest', async () => {
    const loaded = async (word: string | null | undefined, sub?: string) => (await loadModules(word, sub)).map((m) => m.name);
    expect(await loaded('ticket')).toEqual(['ticket']);
    expect(await loaded('rules')).toEqual(['admin']);
    expect(await loaded('report', 'sla')).toEqual(['ticket']);
    expect(await loaded('report', 'letters')).toEqual(['letter']);
    expect(await loaded(null)).toEqual([]);
    for (const spanning of [['report', 'monthly'], ['report', undefined], ['check'], ['db'], ['demo'], ['tikcet'], [undefined]] as const) {
      expect(await loaded(spanning[0], spanning[1])).toEqual(all.map((m) => m.name));
    }
  });
});

describe('early answers (src/entry.ts)', () => {
  it('takes --version and a piped --help only', () => {
    const piped = { ...io };
    const tty = { ...io, stdoutTTY: true };
    expect(earlyAnswer(['--version'], {}, piped)).toEqual({ kind: 'version' });
    expect(earlyAnswer(['-V'], {}, tty)).toEqual({ kind: 'version' });
    expect(earlyAnswer(['--help'], {}, piped)).toEqual({ kind: 'help', lang: 'en' });
    expect(earlyAnswer(['--lang', 'zh', '-h'], {}, piped)).toEqual({ kind: 'help', lang: 'zh' });
    expect(earlyAnswer(['--help'], {}, tty)).toBeNull(); // wrapped to the terminal by commander
    expect(earlyAnswer(['ticket', '--help'], {}, piped)).toBeNull();
    expect(earlyAnswer(['--version', '--json'], {}, piped)).toBeNull();
    expect(earlyAnswer([], {}, piped)).toBeNull();
  });

  it('picks the language as i18n does', () => {
    const cases: Array<[string[], NodeJS.ProcessEnv]> = [
      [[], {}],
      [[], { LANG: 'zh_CN.UTF-8' }],
      [[], { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }],
      [[], { KAOHE_LANG: 'zh', LANG: 'en_US' }],
      [[], { KAOHE_LANG: '', LANG: 'zh_TW' }],
      [['--lang', 'zh'], { KAOHE_LANG: 'en' }],
      [['--lang=en'], { LANG: 'zh_CN' }],
      [['--lang', 'ZH-cn'], {}],
    ];
    for (const [argv, env] of cases) {
      const flag = argv[0] === '--lang' ? argv[1] : argv[0]?.slice(7);
      expect(earlyLang(argv, env), JSON.stringify([argv, env])).toBe(langFrom(flag, env));
    }
  });

  it('the built help is what commander prints, in both languages', async () => {
    const file = join(ROOT, 'dist', 'help.json');
    expect(existsSync(file)).toBe(true); // npm test builds first
    const built = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(built.en).toBe(await topHelp('en'));
    expect(built.zh).toBe(await topHelp('zh'));
    expect(built.zh).not.toBe(built.en);
    // the real CLI: the early answer, and commander's own (--no-color takes the slow path)
    for (const lang of ['en', 'zh']) {
      const fast = kaohe(['--help'], { KAOHE_LANG: lang });
      const slow = kaohe(['--no-color', '--help'], { KAOHE_LANG: lang });
      expect(fast.code).toBe(0);
      expect(slow.code).toBe(0);
      expect(fast.stdout).toBe(slow.stdout);
      expect(fast.stdout).toContain('ticket');
    }
    const version = kaohe(['--version']);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });
});

describe('what a command loads (dist/, as built)', () => {
  const dist = join(ROOT, 'dist');
  const text = (file: string) => readFileSync(join(dist, file), 'utf8');
  const bundles = (file: string, pkg: string) => text(file).includes(`node_modules/${pkg}/`);
  /** The name esbuild gives the lazy init of the bundled file whose path ends with `path`
   *  (a `var init_x = __esm({ "path"() {...` or `var require_x = __commonJS({ "path"(...) {...`). */
  function lazyInit(main: string, path: string): string {
    const at = main.indexOf(`${path}"(`);
    expect(at, path).toBeGreaterThan(0);
    const name = /var (\w+) = __(?:esm|commonJS)\(\{\s*$/.exec(main.slice(main.lastIndexOf('\nvar ', at) + 1, main.lastIndexOf('"', at)))?.[1];
    expect(name, path).toBeDefined();
    return name!;
  }
  /** Every call of a lazy init is an import() made lazy (`Promise.resolve().then(() => ...init()`). */
  function onlyOnDemand(main: string, name: string): void {
    const calls = main.split('\n').filter((line) => line.includes(`${name}()`));
    expect(calls.length, name).toBeGreaterThan(0);
    for (const line of calls) expect(line, name).toMatch(new RegExp(`Promise\\.resolve\\(\\)\\.then\\(\\(\\) => (?:__toESM\\()?\\(?${name}\\(\\)`));
  }

  it('--version and --help reach no commander and no other file of ours', () => {
    expect(bundles('entry.cjs', 'commander')).toBe(false);
    expect(text('entry.cjs')).not.toMatch(/node_modules\//);
    // main.cjs is compiled by entry.cjs itself (from the code cache), never required or imported
    expect(text('entry.cjs')).not.toMatch(/require\("\.\/main/);
  });

  it('no command loads the table, CSV, colour, progress, prompt, Excel or chart libraries before it needs them', () => {
    const main = text('main.cjs');
    expect(bundles('main.cjs', 'commander')).toBe(true); // the checks below can see a package
    // required from node_modules on their path (core/output.ts, core/progress.ts)
    for (const pkg of ['cli-table3', 'csv-stringify', 'cli-progress']) expect(bundles('main.cjs', pkg), pkg).toBe(false);
    // each in dist/vendor/, required through a stub when its import() runs
    for (const [pkg, file] of [['@inquirer/prompts', 'prompts'], ['exceljs', 'exceljs'], ['echarts', 'echarts']]) {
      expect(bundles('main.cjs', pkg), pkg).toBe(false);
      expect(existsSync(join(dist, 'vendor', `${file}.cjs`)), file).toBe(true);
      const stub = new RegExp(`var (\\w+) = __commonJS\\(\\{\\s*"[^"]*"\\(\\w+, \\w+\\) \\{\\s*\\w+\\.exports = require\\("\\./vendor/${file}\\.cjs"\\)`).exec(main);
      expect(stub, file).not.toBeNull();
      onlyOnDemand(main, stub![1]);
    }
    // chalk (ESM only) is bundled, and evaluated only when colour is on (core/output.ts loadColour)
    onlyOnDemand(main, lazyInit(main, 'node_modules/chalk/source/index.js'));
    // no ES-module loader: the file runs as a script
    expect(main).not.toMatch(/\bimport\(/);
  });
});

describe('what a command starts of Node (the built CLI, piped)', () => {
  it("neither the ES-module loader, nor node:module, nor the stream modules of process.stdout/stderr", () => {
    const dir = tempDir();
    const preload = join(dir, 'loaded.cjs');
    // written with writeSync at exit: process.stderr would load the streams itself
    writeFileSync(preload, "process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_TO, process.moduleLoadList.join('\\n')));\n");
    const loaded = (args: string[]) => {
      const to = join(dir, `${args.join('-')}.txt`);
      const r = spawnSync(process.execPath, ['-r', preload, join(ROOT, 'bin', 'kaohe.js'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', KAOHE_LANG: 'en', KAOHE_TZ: 'Asia/Shanghai', LOADED_TO: to } });
      expect(r.stdout + r.stderr).not.toBe('');
      return readFileSync(to, 'utf8').split('\n');
    };
    // a table on stdout and a refusal on stderr (exit 2), both through the main part (commander's
    // own help asks process.stdout for its width, and may load them)
    for (const args of [['rules', 'show'], ['ticket', 'show', 'nope']]) {
      const list = loaded(args);
      expect(list, args.join(' ')).toContain('NativeModule vm'); // the list is the one asked for
      for (const m of ['NativeModule internal/modules/esm/loader', 'NativeModule module', 'NativeModule stream', 'NativeModule net', 'NativeModule tty']) {
        expect(list, `${args.join(' ')}: ${m}`).not.toContain(m);
      }
    }
  });

  // a cron job's `kaohe ... >/dev/null 2>&1`: a character device, but never a terminal (Linux)
  it.runIf(process.platform === 'linux')('nor node:tty and its streams when stdout and stderr are /dev/null', () => {
    const dir = tempDir();
    const preload = join(dir, 'loaded.cjs');
    const to = join(dir, 'loaded.txt');
    writeFileSync(preload, "process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_TO, process.moduleLoadList.join('\\n')));\n");
    const devNull = openSync('/dev/null', 'w');
    try {
      const r = spawnSync(process.execPath, ['-r', preload, join(ROOT, 'bin', 'kaohe.js'), 'rules', 'show'], { stdio: ['ignore', devNull, devNull], env: { PATH: process.env.PATH ?? '', KAOHE_LANG: 'en', KAOHE_TZ: 'Asia/Shanghai', LOADED_TO: to } });
      expect(r.status).toBe(0);
    } finally {
      closeSync(devNull);
    }
    const list = readFileSync(to, 'utf8').split('\n');
    expect(list).toContain('NativeModule vm'); // the list is the one asked for
    for (const m of ['NativeModule tty', 'NativeModule net', 'NativeModule stream']) expect(list, m).not.toContain(m);
  });
});

describe('a piped table and a terminal table look the same', () => {
  const cases: Array<{ head: string[]; rows: string[][]; aligns: Array<'left' | 'right' | 'center' | undefined> }> = [
    { head: ['姓名', 'site 站点', 'points'], rows: [['张伟', '哈尔滨服务站', '9'], ['ＡＢＣ全角', 'ﾊﾝｶｸ half-width', '0'], ['Wang', '—', '100']], aligns: ['left', 'left', 'right'] },
    { head: ['a', '备注'], rows: [['1', '两行\nsecond line'], ['22', '中']], aligns: [undefined, 'center'] },
    { head: ['figure', 'value'], rows: [], aligns: ['left', 'right'] },
    { head: ['队员', '原因', '扣分'], rows: [['欧阳小明', '上岗时间看书报、听收音机', '2'], ['合计', '', '12']], aligns: ['left', 'left', 'right'] },
  ];
  it.each(cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    expect(plainTable(c.head, c.rows, c.aligns)).toBe(cliTable(c.head, c.rows, c.aligns));
  });
});

describe('a command line naming one subcommand of a group', () => {
  const group = async (command: string, sub: string) => {
    const { program } = await createProgram('en', {}, io, command, sub);
    return names(program.commands.find((c) => c.name() === command)).sort();
  };
  it('builds that subcommand only', async () => {
    expect(await group('ticket', 'show')).toEqual(['show']);
    expect(await group('guard', 'deduct')).toEqual(['deduct']);
    expect(await group('report', 'sla')).toEqual(['sla']);
  });
  it('builds the whole group when no subcommand has that name (for commander: suggestions, help)', async () => {
    const whole = names(programWith('en', {}, io, [(await loadModules('ticket'))[0]]).program.commands.find((c) => c.name() === 'ticket')).sort();
    expect(whole.length).toBeGreaterThan(5);
    expect(await group('ticket', 'shw')).toEqual(whole);
    expect(await group('ticket', 'help')).toEqual(whole);
  });
});
