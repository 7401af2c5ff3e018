// `kaohe demo`: a year of realistic tickets. Every ticket's life is simulated as timed events
// (open, dispatch, respond, resolve, feedback, sign, approve, survey, complain, void); the events
// run in time order, each with one audit row at its simulated time, and change the ticket in
// memory; each ticket is then written once, in its final state, through the store (a row
// updated seven times costs seven index updates: 100 000 tickets must load in seconds).
// Events after the demo's `now` do not happen yet, so the last days leave tickets in progress.
import type { DemoOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { monthPeriod, type Period } from '../core/period.js';
import { dateOf, isoInZone, localToInstant, MS, addDays, daysInMonth } from '../core/time.js';
import { emitSla } from './command-report.js';
import { BODY_FAULTS, CAUSES, CHASSIS_FAULTS, CUSTOMERS, ENGINE_FAULTS, LEADERS, MODELS, OTHER_FAULTS, PARTS, SIGNERS, STAFF } from './demo-data.js';
import { responseDeadline, responseRule } from './rules.js';
import { openChange } from './service.js';
import { slaReport } from './sla.js';
import * as store from './store.js';
import type { FaultKind, Part, Responsibility, Ticket } from './types.js';

interface Event {
  at: number;
  order: number;
  run: () => void;
}

const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 9, 8, 6, 8, 9, 9, 8, 7, 5, 4, 3, 2, 1, 1];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

export function fillTickets(ctx: Context, db: Db, opts: DemoOptions): void {
  const rnd = opts.random;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const between = (a: number, b: number) => a + rnd() * (b - a);
  const today = dateOf(opts.now, ctx.tz);
  // from the first day of the month `months - 1` before this one, up to now
  let first = { y: today.y, m: today.m - (opts.months - 1), d: 1 };
  while (first.m < 1) first = { y: first.y - 1, m: first.m + 12, d: 1 };
  const firstDay = localToInstant(ctx.tz, first.y, first.m, 1);
  const days = Math.max(1, Math.floor((opts.now - firstDay) / MS.day) + 1);
  const fleets = CUSTOMERS.map((c, i) => Array.from({ length: Math.max(20, Math.ceil(opts.tickets / 400)) }, (_, k) => ({
    no: `${c.plate}·${String(10000 + ((i * 7919 + k * 104729) % 90000)).padStart(5, '0')}`,
    model: MODELS[(i + k) % MODELS.length],
  })));
  const events: Event[] = [];
  const opened: Ticket[] = [];
  let order = 0;
  const at = (t: number, run: () => void) => events.push({ at: t, order: order++, run });

  for (let n = 0; n < opts.tickets; n++) {
    opts.progress.tick();
    const day = addDays(first, Math.floor(rnd() * days));
    if (day.d > daysInMonth(day.y, day.m)) continue;
    let h = rnd() * HOUR_TOTAL;
    let hour = 0;
    while (h > HOUR_WEIGHTS[hour]) h -= HOUR_WEIGHTS[hour++];
    const reportedAt = localToInstant(ctx.tz, day.y, day.m, day.d, hour, Math.floor(rnd() * 60));
    if (reportedAt > opts.now) continue;
    const ci = Math.floor(rnd() * CUSTOMERS.length);
    const c = CUSTOMERS[ci];
    const bus = pick(fleets[ci]);
    const r = rnd();
    const fault: FaultKind = r < 0.45 ? 'body' : r < 0.7 ? 'chassis' : r < 0.9 ? 'engine' : 'other';
    const supplier = (fault === 'body' || fault === 'other') && rnd() < 0.12;
    const distanceKm = Math.round(between(c.km[0], c.km[1]));
    const desc = pick(fault === 'body' ? BODY_FAULTS : fault === 'chassis' ? CHASSIS_FAULTS : fault === 'engine' ? ENGINE_FAULTS : OTHER_FAULTS);
    const rule = responseRule(ctx.rules.sla, fault, distanceKm, supplier);
    const deadline = responseDeadline(reportedAt, rule);
    const plan = {
      report: { customer: c.name, phone: c.phone, contact: c.contact, address: c.address, vehicle: bus.no, model: bus.model, fault, distanceKm, supplier, channel: 'phone' as const, description: desc, reportedAt },
      letterId: null, rule, deadline,
    };
    const t: Ticket = {
      ...plan.report, id: '', status: 'open', letterId: null, responseKind: rule.responseKind, deadline, feedbackRequired: rule.feedbackRequired,
      assignees: [], lead: null, loanFen: 0, dispatchedAt: null, respondedAt: null, responseNote: null, resolvedAt: null, cause: null,
      responsibility: null, warranty: null, warrantyReason: null, parts: [], major: false, feedbackAt: null, feedbackNote: null,
      signedBy: null, signedAt: null, approvedBy: null, approvedAt: null, surveyRating: null, surveyNote: null, surveyedAt: null,
      complaints: [], voidReason: null, voidedAt: null, createdBy: ctx.actor,
    };
    // one audit row per change at its simulated time; the ticket's row is written once at the end
    const ev = (when: number, action: string, change: () => Record<string, unknown>, apply: () => void) =>
      at(when, () => {
        apply();
        ctx.audit(db, action, t.id, change(), when);
      });
    at(reportedAt, () => {
      t.id = nextSerial(db, 'T', dateOf(reportedAt, ctx.tz).y);
      opened.push(t);
      ctx.audit(db, 'ticket.open', t.id, openChange(ctx, plan), reportedAt);
    });
    if (rnd() < 0.01) {
      const v = reportedAt + Math.round(between(0.2, 3) * MS.hour);
      ev(v, 'ticket.void', () => ({ reason: '重复登记', from_status: 'open' }), () => Object.assign(t, { status: 'void', voidReason: '重复登记', voidedAt: v }));
      continue;
    }
    const hours = rule.hours;
    // most responses are on time; about one in fourteen is late (a stormy day, a far depot)
    const respondedAt = reportedAt + Math.round((rnd() < 0.93 ? between(0.15, 0.97) : between(1.02, 1.9)) * hours * MS.hour);
    const team = rnd() < 0.3 ? [pick(STAFF), pick(STAFF)].filter((x, i, a) => a.indexOf(x) === i) : [pick(STAFF)];
    const lead = team[0];
    const loanFen = rule.responseKind === 'onsite' && rnd() < 0.4 ? Math.round(between(5, 30)) * 10000 : 0;
    const dispatchedAt = Math.min(respondedAt, reportedAt + Math.round(between(0.1, 2) * MS.hour));
    ev(dispatchedAt, 'ticket.dispatch', () => ({ to: team, lead, loan: loanFen / 100, at: isoInZone(dispatchedAt, ctx.tz) }), () =>
      Object.assign(t, { status: 'dispatched', assignees: team.map((name) => ({ name, lead: name === lead })), lead, loanFen, dispatchedAt }),
    );
    ev(respondedAt, 'ticket.respond', () => ({ at: isoInZone(respondedAt, ctx.tz), note: null, response_kind: rule.responseKind, sla: respondedAt <= deadline ? 'met' : 'missed' }), () =>
      Object.assign(t, { status: 'responded', respondedAt }),
    );
    const resolvedAt = respondedAt + Math.round(between(1, 40) * MS.hour);
    const responsibility: Responsibility = pick(['product', 'product', 'product', 'supplier', 'customer', 'service', 'other'] as const);
    const warranty = responsibility !== 'customer';
    const parts: Part[] = rnd() < 0.5 ? [(([code, name]) => ({ code, qty: 1 + Math.floor(rnd() * 2), reason: `${name}损坏` }))(pick(PARTS[fault]))] : [];
    const res = { cause: pick(CAUSES[fault]), responsibility, warranty, warrantyReason: warranty ? null : '用户使用不当, 不属三包', parts, major: rnd() < 0.03 };
    ev(resolvedAt, 'ticket.resolve', () => ({ at: isoInZone(resolvedAt, ctx.tz), cause: res.cause, responsibility, warranty, warranty_reason: res.warrantyReason, parts, major: res.major }), () =>
      Object.assign(t, { status: 'resolved', resolvedAt, ...res }),
    );
    if (rule.feedbackRequired) {
      const fb = resolvedAt + Math.round(between(1, 20) * MS.hour);
      const note = '已书面反馈处理结果';
      ev(fb, 'ticket.feedback', () => ({ at: isoInZone(fb, ctx.tz), note }), () => Object.assign(t, { feedbackAt: fb, feedbackNote: note }));
    }
    const signedAt = resolvedAt + Math.round((rnd() < 0.85 ? between(0.1, 2) : between(24, 240)) * MS.hour);
    const signer = pick(SIGNERS);
    ev(signedAt, 'ticket.sign', () => ({ by: signer, at: isoInZone(signedAt, ctx.tz) }), () => Object.assign(t, { status: 'signed', signedBy: signer, signedAt }));
    const approvedAt = Math.max(signedAt, resolvedAt + 24 * MS.hour) + Math.round(between(24, 120) * MS.hour);
    const leader = pick(LEADERS);
    ev(approvedAt, 'ticket.approve', () => ({ by: leader, at: isoInZone(approvedAt, ctx.tz) }), () => Object.assign(t, { status: 'approved', approvedBy: leader, approvedAt }));
    if (rnd() < 0.6) {
      const sv = resolvedAt + Math.round(between(24, 240) * MS.hour);
      const x = rnd();
      const rating = x < 0.55 ? 5 : x < 0.88 ? 4 : x < 0.95 ? 3 : x < 0.98 ? 2 : 1;
      ev(sv, 'ticket.survey', () => ({ rating, note: null, at: isoInZone(sv, ctx.tz) }), () => Object.assign(t, { surveyRating: rating, surveyedAt: sv }));
    }
    if (rnd() < 0.025) {
      const ca = respondedAt + Math.round(between(2, 200) * MS.hour);
      const c2 = { serviceFault: rnd() < 0.6, note: pick(['服务人员到达不及时', '维修后故障复发', '服务态度不好']), at: ca };
      ev(ca, 'ticket.complain', () => ({ service_fault: c2.serviceFault, note: c2.note, at: isoInZone(ca, ctx.tz) }), () => t.complaints.push(c2));
    }
  }
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  store.prepareBulkLoad(db, opts.tickets);
  for (const e of events) if (e.at <= opts.now) e.run();
  for (const t of opened) store.insertFull(db, t);
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
