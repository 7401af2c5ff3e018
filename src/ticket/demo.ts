// `kaohe demo`: a year of realistic tickets. Every ticket's life is simulated as timed events
// (open, dispatch, respond, resolve, feedback, sign, approve, survey, complain, void, see
// demo-life.ts); the events run in time order, each with one audit row at its simulated time, and
// change the ticket in memory; each ticket is then written once, in its final state, through the
// store. A load test (more than STEP_HISTORY_MAX tickets) is written by demo-bulk.ts before this
// runs; here its rows only become the log's baseline.
// Events after the demo's `now` do not happen yet, so the last days leave tickets in progress.
import { writeBaselineSql } from '../core/audit-baseline.js';
import type { DemoOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { AUDITED_TABLES } from '../core/migrations/index.js';
import { monthPeriod, type Period } from '../core/period.js';
import { dateOf, isoInZone, MS } from '../core/time.js';
import { emitSla } from './command-report.js';
import { applyStep, drawTickets, EXPENSE, EXPENSE_APPROVE, isLoadTest, newTicket, OPEN, RESOLVE, stepTimes, VOID } from './demo-steps.js';
import type { Life } from './demo-life.js';
import { factsJson, openChange } from './service.js';
import { expenseEvent, extrasOf, writeExtras, type Extras } from './demo-service.js';
import { slaReport } from './sla.js';
import * as store from './store.js';
import type { Ticket } from './types.js';

/** The ticket module's tables in the log (the baseline of a load test). */
export function ticketTables() {
  return AUDITED_TABLES.filter((t) => t.table === 'tickets' || t.table.startsWith('ticket_'));
}

export function fillTickets(ctx: Context, db: Db, opts: DemoOptions): void {
  if (isLoadTest(opts)) {
    // the rows are in the file already (demo-bulk.ts): the log takes them as its baseline, and says so
    const n = store.countTickets(db);
    writeBaselineSql(db, ticketTables(), opts.now, `demo load test: ${n} tickets written in their final state; their steps are not logged one by one`);
    return;
  }
  const drawn = drawTickets(ctx, opts);
  replaySteps(ctx, db, opts, drawn.byTime, (k) => drawn.lifeAt(k), (ms) => isoInZone(ms, ctx.tz));
}

/** Every step of every ticket logged at its simulated time (in time order), each ticket then
 *  written once, in its final state (seven updates of a row cost seven index updates). */
function replaySteps(ctx: Context, db: Db, opts: DemoOptions, byTime: Uint32Array, lifeAt: (k: number) => Life, iso: (ms: number) => string): void {
  // events as three parallel typed arrays (time, ticket, kind)
  const lives: Life[] = [];
  const extras: Extras[] = [];
  const settleDays = ctx.rules.sla.advance_settle_days;
  let leftOpen = false;
  const cap = byTime.length * 12 + 16;
  const times = new Float64Array(cap);
  const who = new Int32Array(cap);
  const kinds = new Uint8Array(cap);
  let n = 0;
  for (const k of byTime) {
    opts.progress.tick();
    const life = lifeAt(k);
    lives.push(life);
    const queue = (at: number | null | undefined, kind: number) => {
      if (at === null || at === undefined || at > opts.now) return; // not happened yet
      times[n] = at;
      who[n] = lives.length - 1;
      kinds[n++] = kind;
    };
    const x = extrasOf(life, k);
    extras.push(x);
    queue(life.plan.report.reportedAt, OPEN);
    if (life.voidAt !== null) {
      queue(life.voidAt, VOID);
      continue;
    }
    stepTimes(life).forEach((at, i) => i > 0 && queue(at, i + 1));
    // the trip's expense claim and its approval (3.4.3 D); one advance of a trip well past the
    // rule's days stays unsettled: its claim not approved
    if (x.expense && x.expense.at <= opts.now) {
      const ago = (opts.now - life.dispatch.at) / MS.day;
      if (!leftOpen && ago > settleDays + 5 && ago < settleDays + 60) [x.expense.approve, leftOpen] = [null, true];
      queue(x.expense.at, EXPENSE);
      queue(x.expense.approve?.at, EXPENSE_APPROVE);
    }
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => times[a] - times[b] || a - b);

  const tickets: Ticket[] = new Array(lives.length);
  for (const e of order) {
    const life = lives[who[e]];
    const at = times[e];
    if (kinds[e] === OPEN) {
      const id = nextSerial(db, 'T', dateOf(at, ctx.tz).y);
      tickets[who[e]] = newTicket(life.plan, id, ctx.actor);
      ctx.audit(db, 'ticket.open', id, openChange(ctx, life.plan), at);
      continue;
    }
    const t = tickets[who[e]];
    const kind = kinds[e];
    const x = extras[who[e]];
    const [action, change] = kind === EXPENSE || kind === EXPENSE_APPROVE ? expenseEvent(ctx, t, x, kind === EXPENSE, at) : applyStep(t, life, kind, at, iso);
    // 3.4.2 B/C: the facts the warranty verdict rests on come with the resolution
    if (kind === RESOLVE) {
      t.facts = x.facts;
      Object.assign(change, factsJson(t.facts));
    }
    ctx.audit(db, action, t.id, change, at);
  }
  // their after-images go into the log in batches (one audit row per 500 tickets), so no single
  // row of the log holds a whole year of tickets
  store.prepareBulkLoad(db, tickets.length);
  let batch = 0;
  for (const t of tickets) {
    store.insertFull(db, t);
    writeExtras(db, t);
    if (++batch === 500) {
      ctx.audit(db, 'ticket.demo_rows', null, { tickets: batch }, opts.now);
      batch = 0;
    }
  }
  if (batch > 0) ctx.audit(db, 'ticket.demo_rows', null, { tickets: batch }, opts.now);
}

/** The SLA report for the last 12 months by month, then the current month. */
export function printTickets(ctx: Context): void {
  const today = dateOf(ctx.now, ctx.tz);
  let y = today.y;
  let m = today.m - 11;
  if (m < 1) { m += 12; y -= 1; }
  const a = monthPeriod(y, m, ctx.tz);
  const b = monthPeriod(today.y, today.m, ctx.tz);
  const year: Period = { kind: 'range', label: `${a.label}..${b.label}`, from: a.from, to: b.to, start: a.start, end: b.end };
  ctx.io.out('\n');
  emitSla(ctx, slaReport(ctx, year, 'month'));
  ctx.io.out('\n');
  emitSla(ctx, slaReport(ctx, b));
}
