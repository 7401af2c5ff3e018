// kaohe close / reopen / closed (SPEC §0 "Closed months"): the core's closing API (core/closing.ts)
// in one write each, with the warnings of what is still pending in the month being closed.
import type { KaoheModule } from '../core/cli.js';
import { closeMonths, closings, parseModules, reopenMonth, type Closing } from '../core/closing.js';
import type { Context } from '../core/context.js';
import { requireText } from '../core/input.js';
import { monthPeriod, parseMonth } from '../core/period.js';

export interface CloseResult {
  month: string;
  /** the months newly closed, per module */
  closed: Record<string, string[]>;
  /** the audit head stored with the closing */
  head: string;
  pending: Array<{ module: string; what: string }>;
}

export function closeService(ctx: Context, i: { month?: string; only?: string }, modules: KaoheModule[]): CloseResult {
  const monthText = requireText(i.month, '--month');
  parseMonth(monthText); // exit 2 before anything
  const names = parseModules(i.only);
  return ctx.write((db) => {
    const r = closeMonths(ctx, db, monthText, names);
    const pending: CloseResult['pending'] = [];
    for (const [module, months] of Object.entries(r.closed)) {
      const m = modules.find((x) => x.name === module);
      if (!m?.pendingAtClose) continue;
      for (const month of months) {
        const { y, m: mm } = parseMonth(month);
        for (const what of m.pendingAtClose(ctx, db, monthPeriod(y, mm, ctx.tz))) pending.push({ module: `${module} ${month}`, what });
      }
    }
    return { ...r, pending };
  });
}

export function reopenService(ctx: Context, i: { month?: string; reason?: string; only?: string }): { month: string; modules: string[] } {
  const monthText = requireText(i.month, '--month');
  parseMonth(monthText);
  const reason = requireText(i.reason, '--reason');
  const names = parseModules(i.only);
  return ctx.write((db) => reopenMonth(ctx, db, monthText, names, reason));
}

export function closedList(ctx: Context): Closing[] {
  return closings(ctx.db());
}
