// A clerk at work on one database: every write at its own moment, the clock only moving forward
// (SPEC §0), and reads of the pay sheet (as JSON, the CLI.md shape) as of any moment.
import type { Context } from '../../src/core/context.js';
import { monthPeriod } from '../../src/core/period.js';
import { monthSheet } from '../../src/guard/report.js';
import { renderMonth } from '../../src/guard/view.js';
import { TZ, testContext, type TestContext } from '../helpers.js';

export interface Clerk {
  /** runs a write (or a read) at `now` and keeps that clock */
  at<T>(now: string, fn: (ctx: Context) => T): T;
  /** a read at `now` (any moment, also an earlier one), on its own context */
  read<T>(now: string, fn: (ctx: Context) => T): T;
  /** `guard month --month M --json` as of `now` */
  sheet(now: string, month: string): any;
  ctx(): Context;
}

export function clerk(start: string): Clerk {
  let t: TestContext = testContext({ now: start, format: 'json' });
  const base = t;
  return {
    at(now, fn) {
      t = t.later(now);
      return fn(t.ctx);
    },
    read(now, fn) {
      const r = base.later(now);
      try {
        return fn(r.ctx);
      } finally {
        r.ctx.close();
      }
    },
    sheet(now, month) {
      const r = base.later(now);
      const [y, m] = month.split('-').map(Number);
      renderMonth(r.ctx, monthSheet(r.ctx, r.ctx.db(), monthPeriod(y, m, TZ)));
      r.ctx.close();
      return JSON.parse(r.out());
    },
    ctx: () => t.ctx,
  };
}
