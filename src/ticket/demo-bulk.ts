// The load-test demo (`kaohe demo --tickets N`, N above STEP_HISTORY_MAX): each ticket drawn,
// brought to its state at the demo's `now` and written once, in the order of reporting (ids in
// that order), in one transaction on a connection of its own. That connection does not note the
// rows for the log one by one: right after, the demo's write records them all as the log's
// baseline, with a note that their steps were not logged (demo.ts, fillTickets), so `audit
// verify` holds them to their images like any other row. Nothing but the demo's own new file is
// written this way.
import type { DemoOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { loadDriver, serialText, type Db } from '../core/db.js';
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
    db.pragma('journal_mode = MEMORY'); // the demo's file is out of WAL while it fills (demo/service.ts)
    store.prepareBulkLoad(db, opts.tickets);
    const iso = (ms: number) => isoInZone(ms, ctx.tz);
    return db.transaction(() => {
      // the indexes are built once after the load (a sort) rather than row by row
      const indexes = store.dropTicketIndexes(db);
      const drawn = drawTickets(ctx, opts);
      const serials = new TicketSerials(db);
      for (const k of drawn.byTime) {
        opts.progress.tick();
        const life = drawn.lifeAt(k);
        const t = newTicket(life.plan, serials.next(dateOf(life.plan.report.reportedAt, ctx.tz).y), ctx.actor);
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
      serials.save();
      store.createIndexes(db, indexes);
      return drawn.byTime.length;
    }).immediate();
  } finally {
    db.close();
  }
}

/** The tickets' human ids (T2026-0001) counted here rather than asked of the serials table per
 *  row (an upsert per ticket): this connection holds the only write transaction on the new file,
 *  so the counts it starts from cannot move under it. save() writes the years' last numbers in
 *  the order the years were first used, the rows nextSerial would have made (same rowids). */
class TicketSerials {
  private readonly last = new Map<number, number>();
  private readonly known = new Set<number>();

  constructor(private readonly db: Db) {
    for (const r of store.ticketSerials(db)) {
      this.last.set(r.year, r.last);
      this.known.add(r.year);
    }
  }

  next(year: number): string {
    const n = (this.last.get(year) ?? 0) + 1;
    this.last.set(year, n);
    return serialText('T', year, n);
  }

  save(): void {
    for (const [year, last] of this.last) store.saveTicketSerial(this.db, year, last, this.known.has(year));
  }
}
