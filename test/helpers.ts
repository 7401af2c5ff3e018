// Shared test fixtures: a Context on a temp database with a fixed clock and captured streams,
// and a runner for the real bin/kaohe.js.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { Context, type Format } from '../src/core/context.js';
import { openDb } from '../src/core/db.js';
import { addMessages, type Lang } from '../src/core/i18n.js';
import { coreMessages } from '../src/core/messages.js';
import type { Prompter } from '../src/core/prompt.js';
import { defaultRulesPath } from '../src/core/rules.js';
import { parseMoment } from '../src/core/time.js';
import { loadModules } from '../src/modules.js';

export const TZ = 'Asia/Shanghai';
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'kaohe.js');

addMessages(coreMessages);
for (const m of await loadModules()) addMessages(m.messages);

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A fresh temp folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-test-'));
  dirs.push(dir);
  return dir;
}

/** Local Shanghai time as an instant: at('2026-10-01 09:00'). */
export function at(text: string): number {
  return parseMoment(text, 'test', TZ, 0);
}

export interface TestContext {
  ctx: Context;
  out: () => string;
  err: () => string;
  /** the same database with another clock (and optionally another actor) */
  later: (now: string, actor?: string) => TestContext;
}

export function testContext(
  opts: { now?: string; dbPath?: string; lang?: Lang; format?: Format; actor?: string; prompter?: Prompter; interactive?: boolean; init?: boolean } = {},
): TestContext {
  const dbPath = opts.dbPath ?? join(tempDir(), 'test.db');
  let out = '';
  let err = '';
  const ctx = new Context({
    env: {},
    io: {
      out: (s) => void (out += s),
      err: (s) => void (err += s),
      stdoutTTY: false,
      stderrTTY: opts.interactive ?? false,
      stdinTTY: opts.interactive ?? false,
    },
    lang: opts.lang ?? 'en',
    tz: TZ,
    now: at(opts.now ?? '2026-11-01 10:00'),
    actor: opts.actor ?? 'tester',
    dbPath,
    rulesPath: defaultRulesPath(),
    format: opts.format ?? 'table',
    excel: false,
    color: false,
    noInput: !(opts.interactive ?? false),
    prompter: opts.prompter,
  });
  // only `db init` makes a database (SPEC §0): a test's database is made the same way, unless
  // the test is about a missing one (init: false) or names a file that is already there
  if (opts.init ?? !existsSync(dbPath)) {
    ctx.initialise();
  }
  return {
    ctx,
    out: () => out,
    err: () => err,
    later: (now, actor) => {
      ctx.close();
      return testContext({ ...opts, now, dbPath, actor: actor ?? opts.actor, init: false });
    },
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any;
}

/** A new kaohe database at `file` (or in a fresh temp folder), made as `kaohe db init` makes it,
 *  in-process (no node start): end-to-end tests begin from an initialised file. */
export function initDbFile(file = join(tempDir(), 'kaohe.db')): string {
  openDb(file, 'init').close();
  return file;
}

/** Runs the real CLI (bin/kaohe.js, built by `npm run build`) with a fixed zone and clock. */
export function kaohe(args: string[], env: Record<string, string> = {}, input?: string): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', KAOHE_TZ: TZ, KAOHE_LANG: 'en', KAOHE_USER: 'tester', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}
