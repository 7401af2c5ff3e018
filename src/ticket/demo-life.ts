// One simulated ticket life for `kaohe demo`: when each step happens and with what values. Pure:
// the random source and the rules come in, plain data goes out (demo.ts replays it in time order).
import type { Rules } from '../core/rules.js';
import { MS } from '../core/time.js';
import { BODY_FAULTS, CAUSES, CHASSIS_FAULTS, CUSTOMERS, ENGINE_FAULTS, LEADERS, OTHER_FAULTS, PARTS, SIGNERS, STAFF } from './demo-data.js';
import { responseDeadline, responseRule } from './rules.js';
import type { OpenPlan } from './service.js';
import type { Complaint, FaultKind, Part, Responsibility } from './types.js';

export interface Life {
  plan: OpenPlan;
  voidAt: number | null;
  dispatch: { at: number; team: string[]; lead: string; loanFen: number };
  respondedAt: number;
  resolve: { at: number; cause: string; responsibility: Responsibility; warranty: boolean; warrantyReason: string | null; parts: Part[]; major: boolean };
  feedbackAt: number | null;
  sign: { at: number; by: string };
  approve: { at: number; by: string };
  survey: { at: number; rating: number } | null;
  complaint: Complaint | null;
}

export type Bus = { no: string; model: string };

export function lifeOf(sla: Rules['sla'], rnd: () => number, reportedAt: number, customer: number, bus: Bus): Life {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const between = (a: number, b: number) => a + rnd() * (b - a);
  const hours = (a: number, b: number) => Math.round(between(a, b) * MS.hour);
  const c = CUSTOMERS[customer];
  const r = rnd();
  const fault: FaultKind = r < 0.45 ? 'body' : r < 0.7 ? 'chassis' : r < 0.9 ? 'engine' : 'other';
  const supplier = (fault === 'body' || fault === 'other') && rnd() < 0.12;
  const distanceKm = Math.round(between(c.km[0], c.km[1]));
  const description = pick(fault === 'body' ? BODY_FAULTS : fault === 'chassis' ? CHASSIS_FAULTS : fault === 'engine' ? ENGINE_FAULTS : OTHER_FAULTS);
  const rule = responseRule(sla, fault, distanceKm, supplier);
  const plan: OpenPlan = {
    report: { customer: c.name, phone: c.phone, contact: c.contact, address: c.address, vehicle: bus.no, model: bus.model, fault, distanceKm, supplier, channel: 'phone', description, reportedAt },
    letterId: null, rule, deadline: responseDeadline(reportedAt, rule),
  };
  const voidAt = rnd() < 0.01 ? reportedAt + hours(0.2, 3) : null; // entered twice by mistake
  // most responses are on time; about one in fourteen is late (a stormy day, a far depot)
  const respondedAt = reportedAt + Math.round((rnd() < 0.93 ? between(0.15, 0.97) : between(1.02, 1.9)) * rule.hours * MS.hour);
  const team = rnd() < 0.3 ? [pick(STAFF), pick(STAFF)].filter((x, i, a) => a.indexOf(x) === i) : [pick(STAFF)];
  const loanFen = rule.responseKind === 'onsite' && rnd() < 0.4 ? Math.round(between(5, 30)) * 10000 : 0;
  const dispatch = { at: Math.min(respondedAt, reportedAt + hours(0.1, 2)), team, lead: team[0], loanFen };
  const resolvedAt = respondedAt + hours(1, 40);
  const responsibility: Responsibility = pick(['product', 'product', 'product', 'supplier', 'customer', 'service', 'other'] as const);
  const warranty = responsibility !== 'customer';
  const parts: Part[] = rnd() < 0.5 ? [(([code, name]) => ({ code, qty: 1 + Math.floor(rnd() * 2), reason: `${name}损坏` }))(pick(PARTS[fault]))] : [];
  const resolve = { at: resolvedAt, cause: pick(CAUSES[fault]), responsibility, warranty, warrantyReason: warranty ? null : '用户使用不当, 不属三包', parts, major: rnd() < 0.03 };
  const feedbackAt = rule.feedbackRequired ? resolvedAt + hours(1, 20) : null;
  const signedAt = resolvedAt + (rnd() < 0.85 ? hours(0.1, 2) : hours(24, 240));
  const sign = { at: signedAt, by: pick(SIGNERS) };
  const approve = { at: Math.max(signedAt, resolvedAt + 24 * MS.hour) + hours(24, 120), by: pick(LEADERS) };
  let survey: Life['survey'] = null;
  if (rnd() < 0.6) {
    const x = rnd();
    survey = { at: resolvedAt + hours(24, 240), rating: x < 0.55 ? 5 : x < 0.88 ? 4 : x < 0.95 ? 3 : x < 0.98 ? 2 : 1 };
  }
  const complaint = rnd() < 0.025 ? { serviceFault: rnd() < 0.6, note: pick(['服务人员到达不及时', '维修后故障复发', '服务态度不好']), at: respondedAt + hours(2, 200) } : null;
  return { plan, voidAt, dispatch, respondedAt, resolve, feedbackAt, sign, approve, survey, complaint };
}
