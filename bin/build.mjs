// `npm run build` (and so `npm install`, through `prepare`): makes dist/ from src/, offline.
//   dist/entry.cjs   what bin/kaohe.js requires: answers --version and a piped --help alone
//   dist/main.cjs    everything else, one CommonJS file inside Node's wrapper (our modules inside it are evaluated
//                    only when a command needs them: esbuild turns their import() into lazy inits)
//   dist/vendor/*.cjs  exceljs, echarts and @inquirer/prompts, each bundled on its own and
//                    required only by the output or the prompt that uses it
//   dist/help.json   the top-level help, for entry.cjs
//   dist/main.cache  V8's code cache of main.cjs, made after running a few ordinary commands on a
//                    demo database here (so the functions they run are in it, compiled), read by
//                    entry.cjs (ISSUE 14: compiling the main part was ~20 % of a command's start)
//   dist/cache/KEY.cache  the same for each warmed command (ticket.show, check, ...), each made in
//                    a process that ran only that command (bin/build-cache.mjs): it holds just the
//                    functions that command runs; entry.cjs picks it from the command line
// A cache that cannot be made (no demo database: the build still succeeds) only costs speed.
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandsByKey, warmCommands } from './build-warm.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', absWorkingDir: root };
// import.meta.url in a CommonJS file: the file's own URL (paths to data/ and package.json are relative to it)
const url = { define: { 'import.meta.url': '__kaoheUrl' }, banner: { js: "const __kaoheUrl=require('node:url').pathToFileURL(__filename).href;" } };

/** The libraries too big to compile for every command: each in its own file under dist/vendor/. */
const VENDOR = { exceljs: 'exceljs', echarts: 'echarts', '@inquirer/prompts': 'prompts' };

/** main.cjs gets a stub for each vendor library that requires its file on first use (so an
 *  import() of one stays lazy, and needs no ES-module loader). */
const vendorStubs = {
  name: 'vendor',
  setup(b) {
    const names = new RegExp(`^(${Object.keys(VENDOR).map((n) => n.replace(/[/@]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter: names }, (a) => ({ path: a.path, namespace: 'vendor' }));
    b.onLoad({ filter: /.*/, namespace: 'vendor' }, (a) => ({ contents: `module.exports = require('./vendor/${VENDOR[a.path]}.cjs');`, loader: 'js' }));
    b.onResolve({ filter: /^\.\/vendor\//, namespace: 'vendor' }, (a) => ({ path: a.path, external: true }));
  },
};

await Promise.all([
  build({ ...common, ...url, entryPoints: ['src/entry.ts'], outfile: 'dist/entry.cjs', external: ['./main.js'] }),
  build({
    ...common,
    ...url,
    entryPoints: ['src/main.ts'],
    outfile: 'dist/main.cjs',
    // commander requires child_process only for executable subcommands, which kaohe never uses;
    // our createRequire(import.meta.url) calls get the file's own require (core/cjs-module.ts);
    // worker_threads is required when audit verify makes a worker (core/lazy-worker-threads.ts)
    alias: {
      'node:child_process': './src/core/no-child-process.ts',
      'node:module': './src/core/cjs-module.ts',
      'node:worker_threads': './src/core/lazy-worker-threads.ts',
    },
    plugins: [vendorStubs],
  }),
  ...Object.entries(VENDOR).map(([pkg, file]) =>
    build({ ...common, stdin: { contents: `module.exports = require('${pkg}');`, resolveDir: root }, outfile: `dist/vendor/${file}.cjs` }),
  ),
]);

// the build id: a digest of main.cjs, appended to it; the cache names it (entry.ts loadBuiltMain)
// main.cjs in ASCII only, read as latin1 by entry.ts: decoding 1 MB of UTF-8 with a few Chinese
// characters in it (esbuild escapes them in strings, not in regular expressions and comments)
// cost ~25M instructions, a tenth of a command's start. \uXXXX means the same character in a
// regular expression (a pair of them, one astral character, with the u flag too), a string and
// a comment.
const mainFile = join(dist, 'main.cjs');
const main = readFileSync(mainFile, 'utf8').replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
if (/\bimport\(/.test(main)) throw new Error('dist/main.cjs holds an import(): it runs without the ES-module loader');
const id = createHash('sha256').update(main).digest('hex').slice(0, 16);
const require = createRequire(import.meta.url);
const { loadBuiltMain, cacheFile, cacheKey, wrappedMain } = require('../dist/entry.cjs');
// in Node's CommonJS wrapper already: entry.cjs compiles the file as it is (never required)
writeFileSync(mainFile, wrappedMain(main, id));

const built = loadBuiltMain({ KAOHE_CODE_CACHE: 'off' });

/** dist/cache/KEY.cache for each warmed command, two processes at a time (each on its own copy
 *  of the demo database: the writes stay apart); one that fails leaves its command to main.cache. */
async function commandCaches(temp, db, env) {
  mkdirSync(join(dist, 'cache'));
  const keys = [...commandsByKey(cacheKey).keys()];
  const one = (key) =>
    new Promise((done) => {
      const copy = join(temp, `${key}.db`);
      copyFileSync(db, copy);
      const child = spawn(process.execPath, [join(root, 'bin', 'build-cache.mjs'), key, join(dist, 'cache', `${key}.cache`)], { env: { ...env, KAOHE_DB: copy }, stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('close', (code) => {
        if (code !== 0) process.stderr.write(`build: no code cache for ${key} (exit ${code})\n`);
        done();
      });
    });
  const next = async () => {
    for (let key = keys.shift(); key !== undefined; key = keys.shift()) await one(key);
  };
  await Promise.all([next(), next()]);
}

/** dist/main.cache, made after running ordinary commands on a demo database; false when it
 *  could not be made (the build goes on: the CLI then compiles main.cjs from its source). */
async function makeCache() {
  let temp;
  try {
    temp = mkdtempSync(join(tmpdir(), 'kaohe-build-'));
    const db = join(temp, 'demo.db');
    const env = { PATH: process.env.PATH ?? '', HOME: temp, KAOHE_TZ: 'Asia/Shanghai', KAOHE_NOW: '2026-11-27 10:00', KAOHE_USER: 'build', KAOHE_LANG: 'en' };
    // the demo database comes from another process: demo's own code stays out of the cache
    const demo = spawnSync(process.execPath, [join(root, 'bin', 'kaohe.js'), 'demo', '--out', db, '--months', '3', '--tickets', '100', '--json'], { env, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`the demo database failed: ${demo.stderr || demo.error}`);
    await commandCaches(temp, db, env);
    const failed = await warmCommands(built.exports, { ...env, KAOHE_DB: db });
    // a command that failed here still compiled some code: the cache is made, and the build says so
    for (const f of failed) process.stderr.write(`build: warming the code cache, ${f}\n`);
    writeFileSync(join(dist, 'main.cache'), cacheFile(id, built.script.createCachedData()));
    return true;
  } catch (e) {
    process.stderr.write(`build: no code cache (${e?.message ?? e}); kaohe works without it, starting slower\n`);
    return false;
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}
await makeCache();

// the top-level help, as commander prints it to a pipe, in both languages; after the cache, so
// that building every module's commands (which no ordinary command does) is not in it
const texts = { en: await built.exports.topHelp('en'), zh: await built.exports.topHelp('zh') };
writeFileSync(join(dist, 'help.json'), `${JSON.stringify(texts)}\n`);
