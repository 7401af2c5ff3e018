// kaohe check (every module's deadline checks, for cron) and the `report` group that the
// modules hang their reports on.
import type { Command } from 'commander';
import { action, d, defineCommand, defineGroup, registeredModules } from '../core/cli.js';
import { emitChecks, withinOf } from '../core/checks.js';
import { registerMonthly } from './command-monthly.js';
import { collectChecks } from './service.js';

export function registerReportGroup(program: Command): void {
  registerMonthly(defineGroup(program, 'report', 'report.desc'));
  action(
    defineCommand(program, 'check', 'check.desc', ['kaohe check', 'kaohe check --within 2h --json']).option('--within <duration>', d('opt.within')),
    (ctx, o) => {
      return emitChecks(ctx, collectChecks(ctx, registeredModules(), withinOf(o.within)));
    },
  );
}
