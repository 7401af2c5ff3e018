// A progress bar for long work (a big demo, imports): on stderr when it is a terminal, and
// nothing at all otherwise, so cron mail and pipes stay clean.
// cli-progress (and the readline it pulls in) is loaded only when a bar is really shown.
import type CliProgress from 'cli-progress';
import { createRequire } from 'node:module';
import type { Context } from './context.js';

export interface Progress {
  tick(n?: number): void;
  stop(): void;
}

const SILENT: Progress = { tick: () => undefined, stop: () => undefined };

export function startProgress(ctx: Context, total: number, label: string): Progress {
  if (!ctx.io.stderrTTY || total < 2000) return SILENT;
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total}`, stream: process.stderr, hideCursor: true, clearOnComplete: true, barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let done = 0;
  return {
    tick(n = 1) {
      done += n;
      if (done % 500 < n || done >= total) bar.update(done);
    },
    stop() {
      bar.update(total);
      bar.stop();
    },
  };
}
