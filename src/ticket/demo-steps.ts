// The pieces of a demo ticket's life shared by the step-by-step demo (demo.ts) and the load-test
// demo (demo-bulk.ts): when tickets are reported, each ticket's own random source, and its steps
// applied to the ticket in memory.
import type { DemoOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { seededRandom } from '../core/random.js';
import { addDays, dateOf, localToInstant, MS } from '../core/time.js';
import { CUSTOMERS, MODELS } from './demo-data.js';
import { lifeOf, type Bus, type Life } from './demo-life.js';
import type { Ticket } from './types.js';

const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 9, 8, 6, 8, 9, 9, 8, 7, 5, 4, 3, 2, 1, 1];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

// the kinds of event, in the order they are queued for one ticket
export const OPEN = 0, VOID = 1, DISPATCH = 2, RESPOND = 3, RESOLVE = 4, FEEDBACK = 5, SIGN = 6, APPROVE = 7, SURVEY = 8, COMPLAIN = 9;
/** the trip's expense claim and its approval (demo-service.ts), queued after the life's steps */
export const EXPENSE = 10, EXPENSE_APPROVE = 11;

/** Up to this many tickets the demo logs every step of every ticket at its simulated time; a
 *  bigger demo (a load test) writes each ticket once in its final state and records the rows as a
 *  baseline, saying so in the log: seven audit rows a ticket would take minutes at a million. */
export const STEP_HISTORY_MAX = 20_000;

export function isLoadTest(opts: Pick<DemoOptions, 'tickets'>): boolean {
  return opts.tickets > STEP_HISTORY_MAX;
}

/** The ticket just opened, every field spelled out (one object shape for all of them). */
export function newTicket(plan: Life['plan'], id: string, actor: string): Ticket {
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

/** A step of a ticket's life applied to the ticket in memory; returns its audit action and change. */
export function applyStep(t: Ticket, life: Life, kind: number, at: number, iso: (ms: number) => string): [string, Record<string, unknown>] {
  switch (kind) {
    case VOID:
      t.status = 'void'; t.voidReason = '重复登记'; t.voidedAt = at;
      return ['ticket.void', { reason: '重复登记', from_status: 'open' }];
    case DISPATCH: {
      const d = life.dispatch;
      t.status = 'dispatched'; t.assignees = d.team.map((name) => ({ name, lead: name === d.lead })); t.lead = d.lead; t.loanFen = d.loanFen; t.dispatchedAt = at;
      return ['ticket.dispatch', { to: d.team, lead: d.lead, loan: d.loanFen / 100, at: iso(at) }];
    }
    case RESPOND:
      t.status = 'responded'; t.respondedAt = at;
      return ['ticket.respond', { at: iso(at), note: null, response_kind: t.responseKind, sla: at <= t.deadline ? 'met' : 'missed' }];
    case RESOLVE: {
      const res = life.resolve;
      t.status = 'resolved'; t.resolvedAt = at; t.cause = res.cause; t.responsibility = res.responsibility;
      t.warranty = res.warranty; t.warrantyReason = res.warrantyReason; t.parts = res.parts; t.major = res.major;
      return ['ticket.resolve', { at: iso(at), cause: res.cause, responsibility: res.responsibility, warranty: res.warranty, warranty_reason: res.warrantyReason, parts: res.parts, major: res.major }];
    }
    case FEEDBACK:
      t.feedbackAt = at; t.feedbackNote = '已书面反馈处理结果';
      return ['ticket.feedback', { at: iso(at), note: '已书面反馈处理结果' }];
    case SIGN:
      t.status = 'signed'; t.signedBy = life.sign.by; t.signedAt = at;
      return ['ticket.sign', { by: life.sign.by, at: iso(at) }];
    case APPROVE:
      t.status = 'approved'; t.approvedBy = life.approve.by; t.approvedAt = at;
      return ['ticket.approve', { by: life.approve.by, at: iso(at) }];
    case SURVEY:
      t.surveyRating = life.survey!.rating; t.surveyedAt = at;
      return ['ticket.survey', { rating: life.survey!.rating, note: null, at: iso(at) }];
    default: {
      const c = life.complaint!;
      t.complaints.push(c);
      return ['ticket.complain', { service_fault: c.serviceFault, note: c.note, at: iso(at) }];
    }
  }
}

/** The times of a life's steps after the open, in the order they are queued (null: never). */
export function stepTimes(life: Life): Array<number | null> {
  if (life.voidAt !== null) return [life.voidAt];
  return [null, life.dispatch.at, life.respondedAt, life.resolve.at, life.feedbackAt, life.sign.at, life.approve.at, life.survey?.at ?? null, life.complaint?.at ?? null];
}

/** The demo's tickets drawn: their report times in order (two numbers a ticket, not a life object
 *  per ticket: a million of those would not fit in a small memory), and each one's life on demand. */
export interface Drawn {
  /** ticket numbers in the order they were reported */
  byTime: Uint32Array;
  lifeAt(k: number): Life;
}

export function drawTickets(ctx: Context, opts: DemoOptions): Drawn {
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
  const reported = new Float64Array(opts.tickets);
  const seeds = new Uint32Array(opts.tickets);
  let count = 0;
  for (let i = 0; i < opts.tickets; i++) {
    const day = addDays(first, Math.floor(rnd() * days));
    let h = rnd() * HOUR_TOTAL;
    let hour = 0;
    while (h > HOUR_WEIGHTS[hour]) h -= HOUR_WEIGHTS[hour++];
    const reportedAt = localToInstant(ctx.tz, day.y, day.m, day.d, hour, Math.floor(rnd() * 60));
    const seed = Math.floor(rnd() * 4294967296);
    if (reportedAt > opts.now) continue;
    reported[count] = reportedAt;
    seeds[count++] = seed;
  }
  const byTime = new Uint32Array(count);
  for (let i = 0; i < count; i++) byTime[i] = i;
  byTime.sort((a, b) => reported[a] - reported[b] || a - b);
  return {
    byTime,
    lifeAt(k) {
      const r = seededRandom(seeds[k]) // the ticket's own random source: its life drawn when needed;
      const customer = Math.floor(r() * CUSTOMERS.length);
      const fleet = fleets[customer];
      return lifeOf(ctx.rules.sla, r, reported[k], customer, fleet[Math.floor(r() * fleet.length)]);
    },
  };
}
