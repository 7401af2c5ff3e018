// kaohe demo [--out FILE] [--months N] [--seed N] [--tickets N]
import type { Command } from 'commander';
import { action, d, defineCommand, registeredModules } from '../core/cli.js';
import { parseInteger } from '../core/input.js';
import { dateOf } from '../core/time.js';
import { isLoadTest } from '../ticket/demo-steps.js';
import { buildDemo } from './service.js';

export function registerDemo(program: Command): void {
  action(
    defineCommand(program, 'demo', 'demo.desc', ['kaohe demo', 'kaohe demo --out /tmp/big.db --tickets 100000 --seed 7'])
      .option('--out <file>', d('demo.opt.out'))
      .option('--months <n>', d('demo.opt.months'))
      .option('--seed <n>', d('demo.opt.seed'))
      .option('--tickets <n>', d('demo.opt.tickets'))
      .option('--notices <n>', d('demo.opt.notices')),
    async (ctx, o, _args) => {
      const months = o.months === undefined ? 12 : parseInteger(o.months, '--months', 1, 120);
      const seed = o.seed === undefined ? 1 : parseInteger(o.seed, '--seed', 0, 2 ** 31);
      const tickets = o.tickets === undefined ? 300 : parseInteger(o.tickets, '--tickets', 0, 5_000_000);
      const notices = o.notices === undefined ? undefined : parseInteger(o.notices, '--notices', 0, 1_000_000);
      // the real database is the one named by --db or KAOHE_DB, or the default path
      const { result, demoCtx } = buildDemo(ctx, registeredModules(), { out: o.out, months, seed, tickets, notices, realDb: ctx.dbPath });
      if (isLoadTest({ tickets })) ctx.io.err(`${ctx.t('demo.load_test', { tickets })}\n`);
      try {
        if (ctx.format === 'json') {
          ctx.io.out(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        if (ctx.format === 'table') {
          const printers = registeredModules().filter((m) => m.demo);
          for (const [i, m] of printers.entries()) {
            if (i > 0) ctx.io.out('\n'); // one blank line between the modules' reports
            await m.demo!.print(demoCtx);
          }
        }
      } finally {
        demoCtx.close();
      }
      ctx.io.err(`${ctx.t('demo.done', { file: result.file, records: result.records, year: dateOf(ctx.now, ctx.tz).y })}\n`);
    },
  );
}
