// The built CLI compiles dist/main.cjs from the code cache the build made (ISSUE 14), and a cache
// that does not fit (damaged, cut short, for another build or Node, refused by V8 under other
// flags, missing) is simply not used: the command runs and prints the same. Each case runs a
// copy of the built layout (bin/, dist/, data/, package.json) whose dist/main.cache is spoiled.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Script } from 'node:vm';
import { buildIdOf, cacheKey, wrappedMain } from '../../src/entry.js';
import { initDbFile, ROOT } from '../helpers.js';

const dist = join(ROOT, 'dist');
// kept for the whole file (tempDir's folders go after each test)
const copies: string[] = [];
const folder = () => {
  copies.push(mkdtempSync(join(tmpdir(), 'kaohe-cache-test-')));
  return copies[copies.length - 1];
};
afterAll(() => {
  for (const c of copies) rmSync(c, { recursive: true, force: true });
});
const db = initDbFile(join(folder(), 'k.db'));

/** A copy of the built layout; `spoil` changes its main.cache (or main.cjs) first. */
function layout(spoil: (file: string) => void = () => undefined): string {
  const root = folder();
  cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(ROOT, 'data'), join(root, 'data'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  mkdirSync(join(root, 'dist'));
  for (const f of ['entry.cjs', 'main.cjs', 'main.cache', 'help.json']) copyFileSync(join(dist, f), join(root, 'dist', f));
  symlinkSync(join(dist, 'vendor'), join(root, 'dist', 'vendor'));
  spoil(join(root, 'dist', 'main.cache'));
  return root;
}

/** Two command lines through the layout's bin: one that prints (commander's help), one that
 *  fails (exit 4, a message on stderr); what became of the cache, and what they printed. */
function run(root: string, nodeFlags: string[] = []): { cache: string[]; printed: string } {
  const lines = [['ticket', '--help'], ['ticket', 'show', 'T2026-0001']];
  const cache: string[] = [];
  let printed = '';
  for (const args of lines) {
    const r = spawnSync(process.execPath, [...nodeFlags, join(root, 'bin', 'kaohe.js'), ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: root, KAOHE_TZ: 'Asia/Shanghai', KAOHE_LANG: 'zh', KAOHE_DB: db, KAOHE_CODE_CACHE: 'report' },
    });
    const said = r.stderr.split('\n').filter((l) => l.startsWith('kaohe: code cache '));
    cache.push(...said.map((l) => l.slice('kaohe: code cache '.length)));
    printed += `${r.status}\n${r.stdout}\n${r.stderr.split('\n').filter((l) => !said.includes(l)).join('\n')}`;
  }
  return { cache, printed };
}

describe('the code cache of the built CLI', () => {
  const fine = run(ROOT);

  it('is made by the build and used', () => {
    expect(existsSync(join(dist, 'main.cache'))).toBe(true);
    expect(fine.cache).toEqual(['accepted', 'accepted']);
    expect(fine.printed).toContain('kaohe ticket');
    expect(fine.printed).toContain('4\n'); // the unknown ticket
    // a copy of the installation uses it too (nothing in it names the folder it was made in)
    expect(run(layout()).cache).toEqual(['accepted', 'accepted']);
  });

  it('each warmed command has its own cache, named from its command line', () => {
    expect(cacheKey(['ticket', 'show', 'T2026-0001', '--json'])).toBe('ticket.show');
    expect(cacheKey(['--db', 'x.db', '--lang', 'zh', 'report', 'sla', '--month', '2026-10'])).toBe('report.sla');
    expect(cacheKey(['check'])).toBe('check');
    expect(cacheKey(['ticket', 'T2026-0001'])).toBe('');
    expect(cacheKey(['../x', 'show'])).toBe('');
    for (const key of ['ticket.show', 'ticket.open', 'guard.deduct', 'report.sla', 'rules.show', 'check']) expect(existsSync(join(dist, 'cache', `${key}.cache`))).toBe(true);
  });

  it('off: compiled from the source, same output', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'kaohe.js'), 'ticket', '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', KAOHE_LANG: 'zh', KAOHE_CODE_CACHE: 'off' } });
    expect(r.status).toBe(0);
    expect(fine.printed).toContain(r.stdout);
  });

  const cases: Array<[string, (file: string) => void, string]> = [
    [
      'damaged: bytes of its data changed (V8 itself would crash on it)',
      (file) => {
        const bytes = readFileSync(file);
        for (let i = 1; i <= 40; i++) bytes[Math.floor((bytes.length * i) / 41)] ^= 0x5a;
        writeFileSync(file, bytes);
      },
      'foreign',
    ],
    ['cut short', (file) => writeFileSync(file, readFileSync(file).subarray(0, 300_000)), 'foreign'],
    ['empty', (file) => writeFileSync(file, ''), 'foreign'],
    ['not a cache at all', (file) => writeFileSync(file, 'kaohe-code-cache\n\u0000\u0001garbage'), 'foreign'],
    ['made by another Node', (file) => writeFileSync(file, Buffer.from(readFileSync(file, 'latin1').replace(process.version, 'v20.0.0'), 'latin1')), 'foreign'],
    [
      'made for another build of main.cjs',
      (file) => {
        const main = file.replace(/main\.cache$/, 'main.cjs');
        writeFileSync(main, readFileSync(main, 'latin1').replace(/(\n\/\/# kaohe-build )(\w+)/, (_m, a: string, id: string) => `${a}${id.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`));
      },
      'foreign',
    ],
    ['missing', (file) => rmSync(file), 'missing'],
  ];
  it.each(cases)('%s: not used, same output', (_name, spoil, said) => {
    const r = run(layout(spoil));
    expect(r.cache).toEqual([said, said]);
    expect(r.printed).toBe(fine.printed);
  });

  it('under other V8 flags: refused by V8, same output', () => {
    const r = run(layout(), ['--max-semi-space-size=2']);
    expect(r.cache).toEqual(['rejected', 'rejected']);
    expect(r.printed).toBe(fine.printed);
  });
});

describe('dist/main.cjs as written: the script V8 compiles, as it is', () => {
  it('Node\'s CommonJS wrapper around the bundle (first line kept), then the build id', () => {
    const text = wrappedMain('exports.a = __filename + (1 + 1);\nexports.b = new Error().stack;', 'abc123');
    expect(buildIdOf(text)).toBe('abc123');
    const module = { exports: {} as { a?: string; b?: string } };
    (new Script(text, { filename: '/x/main.cjs' }).runInThisContext() as (...a: unknown[]) => void).call(module.exports, module.exports, require, module, '/x/main.cjs', '/x');
    expect(module.exports.a).toBe('/x/main.cjs2');
    expect(module.exports.b).toMatch(/main\.cjs:2:/); // the bundle's second line is the file's
  });

  it('the built file is in that form', () => {
    const text = readFileSync(join(dist, 'main.cjs'), 'latin1');
    expect(text.startsWith('(function (exports, require, module, __filename, __dirname) { ')).toBe(true);
    expect(text).toMatch(/\n\}\);\n\/\/# kaohe-build \w{16}\n$/);
  });
});
