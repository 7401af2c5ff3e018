// Part of `npm run build` (bin/build.mjs): runs ordinary commands of several modules in the
// build's own process, on a demo database, before V8's code cache of dist/main.cjs is made, so
// that the functions a command runs are in the cache already compiled (V8 compiles a function
// the first time it runs; a cache made before running would hold the file's top level only).
// Reads, single writes, a refusal, the JSON and zh paths; no terminal (a pipe's plain table).

/** The command lines, in both languages; the most common run last (V8 may drop the compiled
 *  code of functions that have not run for a while, at a full garbage collection). */
const COMMANDS = [
  ['ticket', '--help'],
  ['guard', 'deduct', '--guard', 'GD001', '--rule', '1', '--inspector', '王建国', '--kind', 'spot'],
  ['ticket', 'open', '--customer', '齐齐哈尔公交公司', '--phone', '0452-2412345', '--vehicle', '黑B-12345', '--fault', 'body', '--distance', '80'],
  ['ticket', 'show', 'T2026-9999'],
  ['ticket', 'show', 'T2026-0001', '--json'],
  ['ticket', 'list', '--month', '2026-10'],
  ['guard', 'month', '--month', '2026-10'],
  ['letter', 'list'],
  ['report', 'sla', '--month', '2026-10'],
  ['report', 'guard', '--month', '2026-10'],
  ['check'],
  ['rules', 'show'],
  ['ticket', 'show', 'T2026-0001'],
];

/** The command lines above, by the name of their own code cache (entry.ts cacheKey). */
export function commandsByKey(cacheKey) {
  const keys = new Map();
  for (const argv of COMMANDS) {
    const key = cacheKey(argv);
    if (key !== '') keys.set(key, [...(keys.get(key) ?? []), argv]);
  }
  return keys;
}

/** Run again as at a terminal (colour, the terminal's table; no pager). */
const AT_TERMINAL = [
  ['ticket', 'list', '--month', '2026-10'],
  ['rules', 'show'],
  ['ticket', 'show', 'T2026-0001'],
];

/** Runs each command as bin/kaohe.js would (through the pager wrapper), output dropped; the
 *  command lines that did not end as expected (exit 0; 4 for the unknown ticket; 0 or 1 for
 *  check, which exits 1 when something is overdue). */
export async function warmCommands(main, env, only = () => true) {
  const io = { out: () => true, outWait: () => undefined, err: () => true, stdoutTTY: false, stderrTTY: false, stdinTTY: false };
  const failed = [];
  for (const lang of ['zh', 'en']) {
    for (const argv of COMMANDS.filter(only)) {
      const all = [...argv, '--no-input'];
      const pager = main.withPager(all, env, io, 40);
      const code = await main.main(all, { ...env, KAOHE_LANG: lang }, pager.io);
      await pager.finish();
      const ok = argv.includes('T2026-9999') ? [4] : argv[0] === 'check' ? [0, 1] : [0];
      if (!ok.includes(code)) failed.push(`${argv.join(' ')} (exit ${code})`);
    }
    for (const argv of AT_TERMINAL.filter(only)) {
      const code = await main.main([...argv, '--no-input'], { ...env, KAOHE_LANG: lang }, { ...io, stdoutTTY: true, stderrTTY: true });
      if (code !== 0) failed.push(`${argv.join(' ')} at a terminal (exit ${code})`);
    }
  }
  return failed;
}
