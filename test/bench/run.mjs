#!/usr/bin/env node
// npm run bench — what kaohe's commands cost against their floors (ISSUE 14), as one table at
// the end. The entries, their fixtures, floors and goals are in entries.mjs; lib.mjs times them.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entries, fixtures, NOW } from './entries.mjs';
import { rounds, table, time } from './lib.mjs';

const USAGE = `usage: npm run bench -- [--help] [--quick] [--only NAME[,NAME...]] [--runs N] [--fresh] [--inherit-env] [--before BIN] [--list]

Runs each entry of test/bench/entries.mjs against its floor in paired, interleaved rounds and
prints one table: the command's median, the floor's median (\`node -e 0\` in the same clean
environment, or the sqlite3 shell running the same SQL on the same file), the median of the
paired ratios, and the goal (PASS / MISS; "—" where none is set). Peers (taskwarrior, hledger)
run where installed and are skipped otherwise. Everything is written under ${tmpdir()}.

  --quick        5 rounds, and no entry marked slow (big stock database, year reports, peers)
  --only NAMES   only the entries named NAMES (comma-separated); a NAME that is no entry's whole
                 name picks every entry whose name contains it
  --runs N       counted rounds (default 15; 5 with --quick), after one warm-up round
  --fresh        rebuild the cached fixtures (the 100,000-ticket demo database, ...)
  --inherit-env  keep this shell's environment instead of a clean one (env -i PATH HOME)
  --before BIN   also run every kaohe entry with another build's bin/kaohe.js (e.g. a copy of
                 the previous dist), in the same rounds: a before/after table from one run;
                 its database fixtures are its own, built by it (NAME.before.db), so that a
                 build of another schema version is timed on a file it can open
  --list         print the entries' names and exit
`;

const args = process.argv.slice(2);
// `npm run bench --quick` (without `--`) reaches us only as npm_config_quick; options with a
// value (and --help, which npm answers itself) need `npm run bench -- --only NAME`
const has = (flag) => args.includes(flag) || process.env[`npm_config_${flag.slice(2).replace(/-/g, '_')}`] === 'true';
const value = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const known = new Set(['--help', '-h', '--quick', '--only', '--runs', '--fresh', '--inherit-env', '--list', '--before']);
const unknown = args.filter((a, i) => a.startsWith('-') && !known.has(a) && !['--only', '--runs', '--before'].includes(args[i - 1]));
if (has('--help') || has('-h') || unknown.length > 0) {
  (unknown.length > 0 ? process.stderr : process.stdout).write((unknown.length > 0 ? `unknown option: ${unknown.join(' ')}\n` : '') + USAGE);
  process.exit(unknown.length > 0 ? 2 : 0);
}
if (has('--list')) {
  for (const e of entries) console.log(`${e.name}${e.slow ? '  (slow)' : ''}`);
  process.exit(0);
}
const quick = has('--quick');
const runs = Number(value('--runs') ?? (quick ? 5 : 15));
const only = value('--only')?.split(',').filter(Boolean);
// a NAME that is an entry's whole name picks that entry only (`check` is not `scale-db-check`)
const names = new Set(entries.map((e) => e.name));
const picks = (e, n) => (names.has(n) ? e.name === n : e.name.includes(n));
const selected = entries.filter((e) => (only ? only.some((n) => picks(e, n)) : !(quick && e.slow)));
if (selected.length === 0) {
  console.error(`no entry matches ${only?.join(',')}; --list names them`);
  process.exit(2);
}

const installed = (bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0;
// the clean environment of ISSUE 14: this machine's usual one adds ~46 ms to every node start
const base = has('--inherit-env') ? { ...process.env } : { PATH: process.env.PATH, HOME: process.env.HOME };
const kaoheEnv = { ...base, KAOHE_TZ: 'Asia/Shanghai', KAOHE_LANG: 'en', KAOHE_USER: 'bench', KAOHE_NOW: NOW };
const BIN = fileURLToPath(new URL('../../bin/kaohe.js', import.meta.url));
const BEFORE = value('--before');
const work = mkdtempSync(join(tmpdir(), 'kaohe-bench-'));

/** A fixture's file, built (or copied, for scratch ones) on first use. With `bin` (--before's
 *  kaohe) the fixture is its own, built by that kaohe next to ours (NAME.before...): a build of
 *  an older schema refuses a file a newer one has migrated, and a newer one would migrate its. */
const ready = new Map();
function fixture(name, bin) {
  const key = bin ? `${name}@before` : name;
  if (ready.has(key)) return ready.get(key);
  const f = fixtures[name];
  if (!f) throw new Error(`entries.mjs: no fixture named ${name}`);
  let file;
  if (f.from) {
    file = join(work, `${key.replace('@', '-')}-${basename(fixture(f.from, bin))}`);
    cpSync(fixture(f.from, bin), file, { recursive: true });
  } else {
    const own = f.scratch ? join(work, name) : f.file;
    file = bin && f.build ? own.replace(/(\.db)?$/, '.before$1') : own;
    if (has('--fresh') || !existsSync(file)) {
      rmSync(file, { recursive: true, force: true });
      const t0 = Date.now();
      process.stderr.write(`building fixture ${key} (${file}) ...`);
      f.build(file, kaoheEnv, ...(bin ? [bin] : []));
      process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  }
  ready.set(key, file);
  return file;
}
const envOf = (name, bin) => {
  const f = fixtures[name];
  return (f.from ? fixtures[f.from] : f).env?.(fixture(name, bin)) ?? {};
};

const skipped = [];
const cases = [];
for (const e of selected) {
  if (e.kind === 'peer' && !installed(e.bin)) {
    skipped.push(`${e.name}: ${e.bin} is not installed`);
    continue;
  }
  if (e.floor.kind === 'sqlite' && !installed('sqlite3')) {
    skipped.push(`${e.name}: the sqlite3 shell is not installed`);
    continue;
  }
  if (e.setup) await e.setup(fixture(e.fixture), has('--fresh'));
  const envFor = (bin) => ({ ...(e.kind === 'kaohe' ? kaoheEnv : base), ...(e.fixture ? envOf(e.fixture, bin) : {}) });
  const subject = (bin, before) => {
    const env = envFor(before ? bin : undefined);
    return (r) => {
      const extra = e.now ? { KAOHE_NOW: e.now(r) } : {};
      return e.kind === 'kaohe'
        ? time({ file: process.execPath, args: [bin, ...e.argv], env: { ...env, ...extra }, okCodes: e.okCodes })
        : time({ file: e.bin, args: e.args, env, okCodes: e.okCodes });
    };
  };
  const floorRun = e.floor.kind === 'node'
    ? { file: process.execPath, args: ['-e', '0'], env: base }
    : { file: 'sqlite3', args: [fixture(e.floor.fixture), e.floor.sql], env: base };
  if (BEFORE && e.kind === 'kaohe') cases.push({ entry: e, name: `${e.name} (before)`, floor: () => time(floorRun), subject: subject(BEFORE, true) });
  cases.push({ entry: e, name: e.name, floor: () => time(floorRun), subject: subject(BIN, false), runs: e.runs && Math.min(e.runs, runs) });
}

console.error(`${cases.length} entries, ${runs} paired rounds (+1 warm-up), interleaved; node ${process.version}`);
let results;
try {
  results = rounds(cases, runs, { onRound: (r, n) => process.stderr.write(`\rround ${r}/${n}`) });
} finally {
  process.stderr.write('\n');
  rmSync(work, { recursive: true, force: true });
}

const floorName = (f) => (f.kind === 'node' ? 'node -e 0' : 'sqlite3 shell');
const rows = cases.map((c, i) => {
  const r = results[i];
  const goal = c.entry.goal;
  const verdict = goal === null ? '—' : r.ratio <= goal ? 'PASS' : 'MISS';
  return [c.name, r.subject.toFixed(1), `${r.floor.toFixed(1)} (${floorName(c.entry.floor)})`, `${r.ratio.toFixed(2)}x`, goal === null ? '—' : `≤ ${goal}x`, verdict];
});
console.log(table(['entry', 'median ms', 'floor ms', 'ratio', 'goal', ''], rows, ['left', 'right', 'right', 'right', 'right', 'left']));
for (const s of skipped) console.log(`skipped ${s}`);
