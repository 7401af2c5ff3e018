// Long output on a terminal goes through a pager, as git does: `$KAOHE_PAGER`, else `$PAGER`,
// else `less -FRX` (LESS=FRX is set for a plain `less` unless LESS is set: quit when it fits one
// screen, keep colours, leave the text on the screen). Off with --no-pager, when stdout is not a
// terminal, and with KAOHE_PAGER= or KAOHE_PAGER=cat. stdout is held until the command ends and
// paged only when it is taller than the window; a pager that cannot start means plain output.
import { createRequire } from 'node:module';
import type { Io } from './context.js';

export const DEFAULT_PAGER = 'less -FRX';

/** The pager command to use, or null for none. */
export function pagerCommand(argv: string[], env: NodeJS.ProcessEnv, stdoutTTY: boolean): string[] | null {
  if (!stdoutTTY || argv.includes('--no-pager')) return null;
  // what follows `--` is an argument, not an option; --help and --version are short
  if (argv.includes('--help') || argv.includes('-h') || argv.includes('--version') || argv.includes('-V')) return null;
  const chosen = env.KAOHE_PAGER ?? env.PAGER ?? DEFAULT_PAGER;
  const words = chosen.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0 || words[0] === 'cat') return null;
  return words;
}

/** Runs `text` through the pager; false when it could not start (the caller prints it plainly). */
export async function runPager(words: string[], text: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  // the bundle stands a stub in for node:child_process (start-up cost, no-child-process.ts); the
  // pager is the one place that starts a program, so it loads the real module when it pages
  // (a require, not import(): the built main part is a CommonJS script that has no ES-module loader)
  const name = 'node:child_process';
  const { spawn } = createRequire(import.meta.url)(name) as typeof import('node:child_process');
  return new Promise((done) => {
    const pagerEnv = { ...env, LESS: env.LESS ?? 'FRX', LV: env.LV ?? '-c' };
    let started = false;
    // Ctrl-C in less is for less (as git does): kaohe waits for it instead of dying under it
    const ignore = () => undefined;
    process.on('SIGINT', ignore);
    const end = (ok: boolean) => {
      process.off('SIGINT', ignore);
      done(ok);
    };
    const child = spawn(words[0], words.slice(1), { stdio: ['pipe', 'inherit', 'inherit'], env: pagerEnv });
    child.on('spawn', () => {
      started = true;
      child.stdin.on('error', () => undefined); // the reader quit early (q): not an error
      child.stdin.end(text);
    });
    child.on('error', () => end(started));
    child.on('close', () => end(true));
  });
}

/** Wraps the streams: stdout is held while the command runs; `finish` pages or prints it. */
export function withPager(argv: string[], env: NodeJS.ProcessEnv, io: Io, rows: number | undefined): { io: Io; finish(): Promise<void> } {
  const words = pagerCommand(argv, env, io.stdoutTTY);
  if (words === null) return { io, finish: async () => undefined };
  let held = '';
  const paged: Io = { ...io, out: (s) => void (held += s) };
  return {
    io: paged,
    async finish() {
      if (held === '') return;
      const lines = held.split('\n').length - (held.endsWith('\n') ? 1 : 0);
      // one screen needs no pager (less -F would quit at once anyway; this saves starting it);
      // an unknown height is left to the pager
      if (rows !== undefined && rows > 0 && lines < rows) {
        io.out(held);
        return;
      }
      if (!(await runPager(words, held, env))) io.out(held);
    },
  };
}
