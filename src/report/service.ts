// Composes the modules' report values and checks.
import type { CheckItem, KaoheModule } from '../core/cli.js';
import type { Context } from '../core/context.js';

export function collectChecks(ctx: Context, modules: KaoheModule[], within: number): CheckItem[] {
  const db = ctx.db();
  return modules.flatMap((m) => (m.checks ? m.checks(ctx, db, within) : []));
}
