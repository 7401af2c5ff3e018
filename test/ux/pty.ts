// Drives the CLI on a real pseudo-terminal (util-linux `script`), as a clerk would: waits for each
// question on the screen, then types the keys of its answer.
import { spawn } from 'node:child_process';
import { BIN, TZ } from '../helpers.js';

export const KEY = { down: '\u001b[B', up: '\u001b[A', enter: '\r', space: ' ' };

/** [text to wait for, keys to type]; the text is looked for after the previous one. */
export type Step = [string, string[]];

const strip = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

export function drive(args: string[], env: Record<string, string>, steps: Step[], rows = 40, cols = 100): Promise<{ code: number | null; screen: string; pending: string[] }> {
  const cmd = `stty rows ${rows} cols ${cols}; ${[process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ')}`;
  return new Promise((done) => {
    const child = spawn('script', ['-qec', cmd, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', SHELL: '/bin/sh', TERM: 'xterm', HOME: '/nonexistent', KAOHE_TZ: TZ, KAOHE_USER: 'tester', KAOHE_PAGER: 'cat', ...env },
    });
    let screen = '';
    let mark = 0;
    let typing = false;
    const queue = [...steps];
    const timer = setTimeout(() => child.kill(), 45_000);
    const next = async () => {
      if (typing || queue.length === 0) return;
      const text = strip(screen);
      const at = text.indexOf(queue[0][0], mark);
      if (at < 0) return;
      typing = true;
      mark = at + queue[0][0].length;
      const keys = queue.shift()![1];
      for (const k of keys) {
        await new Promise((r) => setTimeout(r, 60));
        child.stdin.write(k);
      }
      typing = false;
      void next();
    };
    child.stdout.on('data', (d) => {
      screen += d;
      void next();
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, screen: strip(screen), pending: queue.map((s) => s[0]) });
    });
  });
}

/** Typed text, then Enter. */
export const type = (text: string): string[] => [text, KEY.enter];
