// `kaohe demo`: a year of realistic tickets. Every ticket's life is simulated as timed events
// (open, dispatch, respond, resolve, feedback, sign, approve, survey, complain, void, see
// demo-life.ts); the events run in time order, each with one audit row at its simulated time, and
// change the ticket in memory; each ticket is then written once, in its final state, through the
// store, so that 100 000 tickets load in well under a minute.
// Events after the demo's `now` do not happen yet, so the last days leave tickets in progress.
import type { DemoOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { monthPeriod, type Period } from '../core/period.js';
import { addDays, dateOf, isoInZone, localToInstant, MS } from '../core/time.js';
import { emitSla } from './command-report.js';
import { CUSTOMERS, MODELS } from './demo-data.js';
import { lifeOf, type Bus, type Life } from './demo-life.js';
import { factsJson, openChange } from './service.js';
import { expenseEvent, extrasOf, writeExtras, type Extras } from './demo-service.js';
import { slaReport } from './sla.js';
import * as store from './store.js';
import type { Ticket } from './types.js';

const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 9, 8, 6, 8, 9, 9, 8, 7, 5, 4, 3, 2, 1, 1];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

// the kinds of event, in the order they are queued for one ticket
const OPEN = 0, VOID = 1, DISPATCH = 2, RESPOND = 3, RESOLVE = 4, FEEDBACK = 5, SIGN = 6, APPROVE = 7, SURVEY = 8, COMPLAIN = 9, EXPENSE = 10, EXPENSE_APPROVE = 11;

/** The ticket just opened, every field spelled out (one object shape for all of them). */
function newTicket(plan: Life['plan'], id: string, actor: string): Ticket {
  const r = plan.report;
  return {
    id, status: 'open', customer: r.customer, phone: r.phone, contact: r.contact, address: r.address, vehicle: r.vehicle, model: r.model,
    fault: r.fault, distanceKm: r.distanceKm, supplier: r.supplier, channel: r.channel, description: r.description, reportedAt: r.reportedAt,
    letterId: null, responseKind: plan.rule.responseKind, deadline: plan.deadline, feedbackRequired: plan.rule.feedbackRequired,
    assignees: [], lead: null, loanFen: 0, dispatchedAt: null, respondedAt: null, responseNote: null, resolvedAt: null, cause: null,
    responsibility: null, warranty: null, warrantyReason: null, parts: [], major: false, feedbackAt: null, feedbackNote: null,
    signedBy: null, signedAt: null, approvedBy: null, approvedAt: null, surveyRating: null, surveyNote: null, surveyedAt: null,
    complaints: [], voidReason: null, voidedAt: null, createdBy: actor,
    // every step entered when it happened (insertFull): the demo's history has no late entries
    entered: { open: null, dispatch: null, respond: null, resolve: null, feedback: null, sign: null, approve: null, survey: null, void: null },
  };
}

export function fillTickets(ctx: Context, db: Db, opts: DemoOptions): void {
  const rnd = opts.random;
  const today = dateOf(opts.now, ctx.tz);
  // from the first day of the month `months - 1` before this one, up to now
  let first = { y: today.y, m: today.m - (opts.months - 1), d: 1 };
  while (first.m < 1) first = { y: first.y - 1, m: first.m + 12, d: 1 };
  const days = Math.max(1, Math.floor((opts.now - localToInstant(ctx.tz, first.y, first.m, 1)) / MS.day) + 1);
  const fleets: Bus[][] = CUSTOMERS.map((c, i) => Array.from({ length: Math.max(20, Math.ceil(opts.tickets / 400)) }, (_, k) => ({
    no: `${c.plate}·${String(10000 + ((i * 7919 + k * 104729) % 90000)).padStart(5, '0')}`,
    model: MODELS[(i + k) % MODELS.length],
  })));

  // events as three parallel typed arrays (time, ticket, kind): 700 000 closures would cost more
  // in garbage collection than the database writes
  const lives: Life[] = [];
  const extras: Extras[] = [];
  const settleDays = ctx.rules.sla.advance_settle_days;
  let leftOpen = false;
  const cap = opts.tickets * 12 + 16;
  const times = new Float64Array(cap);
  const who = new Int32Array(cap);
  const kinds = new Uint8Array(cap);
  let n = 0;
  const queue = (at: number | null | undefined, kind: number) => {
    if (at === null || at === undefined || at > opts.now) return; // not happened yet
    times[n] = at;
    who[n] = lives.length - 1;
    kinds[n++] = kind;
  };
  for (let i = 0; i < opts.tickets; i++) {
    opts.progress.tick();
    const day = addDays(first, Math.floor(rnd() * days));
    let h = rnd() * HOUR_TOTAL;
    let hour = 0;
    while (h > HOUR_WEIGHTS[hour]) h -= HOUR_WEIGHTS[hour++];
    const reportedAt = localToInstant(ctx.tz, day.y, day.m, day.d, hour, Math.floor(rnd() * 60));
    if (reportedAt > opts.now) continue;
    const customer = Math.floor(rnd() * CUSTOMERS.length);
    const fleet = fleets[customer];
    const life = lifeOf(ctx.rules.sla, rnd, reportedAt, customer, fleet[Math.floor(rnd() * fleet.length)]);
    lives.push(life);
    const x = extrasOf(life, i);
    extras.push(x);
    queue(reportedAt, OPEN);
    if (life.voidAt !== null) {
      queue(life.voidAt, VOID);
      continue;
    }
    queue(life.dispatch.at, DISPATCH);
    queue(life.respondedAt, RESPOND);
    queue(life.resolve.at, RESOLVE);
    queue(life.feedbackAt, FEEDBACK);
    queue(life.sign.at, SIGN);
    queue(life.approve.at, APPROVE);
    queue(life.survey?.at, SURVEY);
    queue(life.complaint?.at, COMPLAIN);
    // the trip's expense claim and its approval (3.4.3 D); the one settled last may stay open
    if (x.expense && x.expense.at <= opts.now) {
      // one advance of a trip well past the rule's days stays unsettled: its claim not approved
      const ago = (opts.now - life.dispatch.at) / MS.day;
      if (!leftOpen && ago > settleDays + 5 && ago < settleDays + 60) [x.expense.approve, leftOpen] = [null, true];
      queue(x.expense.at, EXPENSE);
      queue(x.expense.approve?.at, EXPENSE_APPROVE);
    }
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => times[a] - times[b] || a - b);

  // replay in time order: one audit row per change at its simulated time, the ticket in memory
  const tickets: Ticket[] = new Array(lives.length);
  const iso = (ms: number) => isoInZone(ms, ctx.tz);
  for (const e of order) {
    const life = lives[who[e]];
    const at = times[e];
    const kind = kinds[e];
    let t = tickets[who[e]];
    let change: Record<string, unknown>;
    let action: string;
    if (kind === OPEN) {
      const { plan } = life;
      const id = nextSerial(db, 'T', dateOf(at, ctx.tz).y);
      t = tickets[who[e]] = newTicket(plan, id, ctx.actor);
      ctx.audit(db, 'ticket.open', id, openChange(ctx, plan), at);
      continue;
    }
    switch (kind) {
      case VOID:
        t.status = 'void'; t.voidReason = '重复登记'; t.voidedAt = at;
        [action, change] = ['ticket.void', { reason: '重复登记', from_status: 'open' }];
        break;
      case DISPATCH: {
        const d = life.dispatch;
        t.status = 'dispatched'; t.assignees = d.team.map((name) => ({ name, lead: name === d.lead })); t.lead = d.lead; t.loanFen = d.loanFen; t.dispatchedAt = at;
        [action, change] = ['ticket.dispatch', { to: d.team, lead: d.lead, loan: d.loanFen / 100, at: iso(at) }];
        break;
      }
      case RESPOND:
        t.status = 'responded'; t.respondedAt = at;
        [action, change] = ['ticket.respond', { at: iso(at), note: null, response_kind: t.responseKind, sla: at <= t.deadline ? 'met' : 'missed' }];
        break;
      case RESOLVE: {
        const res = life.resolve;
        t.status = 'resolved'; t.resolvedAt = at; t.cause = res.cause; t.responsibility = res.responsibility;
        t.warranty = res.warranty; t.warrantyReason = res.warrantyReason; t.parts = res.parts; t.major = res.major; t.facts = extras[who[e]].facts;
        [action, change] = ['ticket.resolve', { at: iso(at), cause: res.cause, responsibility: res.responsibility, warranty: res.warranty, warranty_reason: res.warrantyReason, parts: res.parts, major: res.major, ...factsJson(t.facts) }];
        break;
      }
      case FEEDBACK:
        t.feedbackAt = at; t.feedbackNote = '已书面反馈处理结果';
        [action, change] = ['ticket.feedback', { at: iso(at), note: '已书面反馈处理结果' }];
        break;
      case SIGN:
        t.status = 'signed'; t.signedBy = life.sign.by; t.signedAt = at;
        [action, change] = ['ticket.sign', { by: life.sign.by, at: iso(at) }];
        break;
      case APPROVE:
        t.status = 'approved'; t.approvedBy = life.approve.by; t.approvedAt = at;
        [action, change] = ['ticket.approve', { by: life.approve.by, at: iso(at) }];
        break;
      case SURVEY:
        t.surveyRating = life.survey!.rating; t.surveyedAt = at;
        [action, change] = ['ticket.survey', { rating: life.survey!.rating, note: null, at: iso(at) }];
        break;
      case EXPENSE:
      case EXPENSE_APPROVE:
        [action, change] = expenseEvent(ctx, t, extras[who[e]], kind === EXPENSE, at);
        break;
      default: {
        const c = life.complaint!;
        t.complaints.push(c);
        [action, change] = ['ticket.complain', { service_fault: c.serviceFault, note: c.note, at: iso(at) }];
      }
    }
    ctx.audit(db, action, t.id, change, at);
  }
  // each ticket written once, in its final state (seven updates of a row cost seven index updates)
  // their after-images go into the log in batches (one audit row per 500 tickets), so no single
  // row of the log holds a whole year of tickets
  store.prepareBulkLoad(db, opts.tickets);
  let batch = 0;
  for (const t of tickets) {
    if (!t) continue;
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
