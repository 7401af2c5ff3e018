// The load-test demo (`kaohe demo --tickets N`, N above STEP_HISTORY_MAX): each ticket drawn,
// brought to its state at the demo's `now` and written once, in the order of reporting (ids in
// that order), in one transaction on a connection of its own. That connection does not note the
// rows for the log one by one: right after, the demo's write records them all as the log's
// baseline, with a note that their steps were not logged (demo.ts, fillTickets), so `audit
// verify` holds them to their images like any other row. Nothing but the demo's own new file is
// written this way.
import type { DemoOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { loadDriver, nextSerial } from '../core/db.js';
import { dateOf, isoInZone } from '../core/time.js';
import { applyStep, drawTickets, newTicket, stepTimes, VOID } from './demo-steps.js';
import { expenseEvent, extrasOf, writeExtras } from './demo-service.js';
import * as store from './store.js';

export function loadTicketRows(ctx: Context, file: string, opts: DemoOptions): number {
  const Database = loadDriver();
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('foreign_keys = ON');
    // a new demo file: a crash while loading leaves a demo to build again, nothing to keep
    db.pragma('synchronous = OFF');
    store.prepareBulkLoad(db, opts.tickets);
    const iso = (ms: number) => isoInZone(ms, ctx.tz);
    return db.transaction(() => {
      // the indexes are built once after the load (a sort) rather than row by row
      const indexes = store.dropTicketIndexes(db);
      const drawn = drawTickets(ctx, opts);
      for (const k of drawn.byTime) {
        opts.progress.tick();
        const life = drawn.lifeAt(k);
        const t = newTicket(life.plan, nextSerial(db, 'T', dateOf(life.plan.report.reportedAt, ctx.tz).y), ctx.actor);
        const times = stepTimes(life);
        for (let s = 0; s < times.length; s++) {
          const at = times[s];
          if (at !== null && at <= opts.now) applyStep(t, life, life.voidAt !== null ? VOID : s + 1, at, iso);
        }
        // the resolution's facts and the trip's expense claim, as far as they had happened by now
        const x = extrasOf(life, k);
        if (t.status !== 'void') {
          if (t.resolvedAt !== null) t.facts = x.facts;
          if (x.expense && t.dispatchedAt !== null && x.expense.at <= opts.now) {
            expenseEvent(ctx, t, x, true, x.expense.at);
            if (x.expense.approve && x.expense.approve.at <= opts.now) expenseEvent(ctx, t, x, false, x.expense.approve.at);
          }
        }
        store.insertFull(db, t);
        writeExtras(db, t);
      }
      store.createIndexes(db, indexes);
      return drawn.byTime.length;
    }).immediate();
  } finally {
    db.close();
  }
}
