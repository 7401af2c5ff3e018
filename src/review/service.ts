// Review use cases on the roster and the cycles: staff add/set (changes over time), open (idempotent),
// close and reopen; and how a person and their review are found. Each public function parses its
// input first (exit 2 before any rule check), then writes inside ONE ctx.write with an audit row.
// The steps on one review (submit, score, file) are in service-steps.ts.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { InputError, NotFoundError, RuleError } from '../core/errors.js';
import { requireText } from '../core/input.js';
import { parseYuan } from '../core/money.js';
import { parseCycle, type Period } from '../core/period.js';
import { formatDate, parseDate } from '../core/time.js';
import { cycleKind, deadlinesFor, onProbation, type Level } from './rules.js';
import { parseLevel } from './parse.js';
import * as store from './store.js';
import type { Review, Staff, StaffVersion } from './store.js';

/** Since before any cycle: a roster entry added without --from. */
export const ALWAYS = '1900-01-01';
export const EVERYTHING = Number.MAX_SAFE_INTEGER;

export function resolveStaff(db: Db, name: string, field = '--who'): Staff {
  const s = store.staffByName(db, name.trim());
  if (!s) throw new NotFoundError('review.staff_not_found', { field, name });
  return s;
}

/** The person as they stand on the cycle's last day (SPEC §5: promoted in August → Q3 under the new leader). */
export function standingAtEnd(db: Db, staff: Staff, period: Period, asOf = EVERYTHING): StaffVersion | undefined {
  return store.versionOn(db, staff.id, formatDate(period.to), asOf);
}

// ---- roster ---------------------------------------------------------------------------------

export interface StaffInput {
  name: string;
  level?: Level;
  dept?: string;
  leader?: string;
  assessor?: string;
  probationUntil?: string | null;
  basePayFen?: number | null;
  from: string;
}

interface StaffRaw { name?: string; level?: string; dept?: string; leader?: string; assessor?: string; probationUntil?: string; basePay?: string; from?: string }

function optional<T>(v: string | undefined, parse: (s: string) => T): T | undefined {
  return v === undefined ? undefined : parse(v);
}

export function parseStaff(raw: StaffRaw, adding: boolean): StaffInput {
  const input: StaffInput = {
    name: requireText(raw.name, adding ? '--name' : 'NAME'),
    level: adding ? parseLevel(requireText(raw.level, '--level')) : optional(raw.level, parseLevel),
    dept: adding ? requireText(raw.dept, '--dept') : optional(raw.dept, (s) => requireText(s, '--dept')),
    leader: adding ? requireText(raw.leader, '--leader') : optional(raw.leader, (s) => requireText(s, '--leader')),
    assessor: adding ? requireText(raw.assessor, '--assessor') : optional(raw.assessor, (s) => requireText(s, '--assessor')),
    probationUntil: optional(raw.probationUntil, (s) => (s.trim() === '' || s.trim() === 'none' ? null : formatDate(parseDate(s, '--probation-until')))),
    basePayFen: optional(raw.basePay, (s) => parseYuan(s, '--base-pay')),
    from: raw.from === undefined ? (adding ? ALWAYS : requireText(raw.from, '--from')) : formatDate(parseDate(raw.from, '--from')),
  };
  if (!adding && [input.level, input.dept, input.leader, input.assessor, input.probationUntil, input.basePayFen].every((v) => v === undefined)) {
    throw new InputError('review.nothing_to_change', { field: '--level/--dept/--leader/--assessor/--probation-until/--base-pay' });
  }
  return input;
}

export function applyAddStaff(ctx: Context, db: Db, input: StaffInput, at: number, enteredAt = at): { staff: Staff; version: StaffVersion } {
  if (store.staffByName(db, input.name)) throw new RuleError('review.staff_exists', { name: input.name });
  const staff: Staff = { id: store.nextStaffId(db), name: input.name, createdAt: enteredAt };
  store.insertStaff(db, staff);
  const version: StaffVersion = {
    staffId: staff.id, validFrom: input.from, level: input.level!, dept: input.dept!, leader: input.leader!, assessor: input.assessor!,
    probationUntil: input.probationUntil ?? null, basePayFen: input.basePayFen ?? null, at, enteredAt,
  };
  store.insertVersion(db, version);
  ctx.audit(db, 'review.staff.add', staff.id, { name: staff.name, ...versionChange(version) }, at);
  return { staff, version };
}

function versionChange(v: StaffVersion) {
  return { valid_from: v.validFrom, level: v.level, dept: v.dept, leader: v.leader, assessor: v.assessor, probation_until: v.probationUntil, base_pay_fen: v.basePayFen };
}

export function addStaff(ctx: Context, raw: StaffRaw): { staff: Staff; version: StaffVersion } {
  const input = parseStaff(raw, true);
  return ctx.write((db) => applyAddStaff(ctx, db, input, ctx.now));
}

/** A change from a date on: the other fields carry over from the version in force then. */
export function applySetStaff(ctx: Context, db: Db, input: StaffInput, at: number, enteredAt = at): { staff: Staff; version: StaffVersion } {
  const staff = resolveStaff(db, input.name, 'NAME');
  if (store.versionExists(db, staff.id, input.from)) throw new RuleError('review.version_exists', { name: staff.name, from: input.from });
  const base = store.versionOn(db, staff.id, input.from, EVERYTHING) ?? store.versionsOf(db, staff.id, EVERYTHING)[0];
  const version: StaffVersion = {
    staffId: staff.id, validFrom: input.from, level: input.level ?? base.level, dept: input.dept ?? base.dept, leader: input.leader ?? base.leader,
    assessor: input.assessor ?? base.assessor, probationUntil: input.probationUntil === undefined ? base.probationUntil : input.probationUntil,
    basePayFen: input.basePayFen === undefined ? base.basePayFen : input.basePayFen, at, enteredAt,
  };
  store.insertVersion(db, version);
  ctx.audit(db, 'review.staff.set', staff.id, versionChange(version), at);
  return { staff, version };
}

export function setStaff(ctx: Context, raw: StaffRaw): { staff: Staff; version: StaffVersion } {
  const input = parseStaff(raw, false);
  return ctx.write((db) => applySetStaff(ctx, db, input, ctx.now));
}

// ---- cycles ---------------------------------------------------------------------------------

export function parsePeriod(ctx: Context, text: string | undefined): Period {
  return parseCycle(requireText(text, '--period'), '--period', ctx.tz);
}

export interface OpenResult { period: string; added: string[]; already: number; probation: string[]; notYet: string[] }

/** Idempotent: reviews for everyone eligible who has none yet; run again it adds newcomers. */
export function applyOpen(ctx: Context, db: Db, period: Period, at: number): OpenResult {
  let cycle = store.cycleOf(db, period.label);
  if (cycle?.status === 'closed') throw new RuleError('review.cycle_closed', { period: period.label });
  if (!cycle) {
    cycle = { period: period.label, kind: cycleKind(period), openedAt: at, status: 'open', closedAt: null, reopenedAt: null, reopenReason: null };
    store.insertCycle(db, cycle);
  }
  const due = deadlinesFor(ctx.rules.review, period, ctx.tz);
  const out: OpenResult = { period: period.label, added: [], already: 0, probation: [], notYet: [] };
  for (const s of store.allStaff(db, EVERYTHING)) {
    const v = standingAtEnd(db, s, period);
    if (!v) out.notYet.push(s.name);
    else if (store.reviewExists(db, period.label, s.id)) out.already += 1;
    else if (onProbation(ctx.rules.review, period, v.probationUntil)) out.probation.push(s.name);
    else {
      store.insertReview(db, { period: period.label, staffId: s.id, due, createdAt: at });
      out.added.push(s.name);
    }
  }
  ctx.audit(db, 'review.open', period.label, { added: out.added, probation: out.probation, due }, at);
  return out;
}

export function openCycle(ctx: Context, raw: { period?: string }): OpenResult {
  const period = parsePeriod(ctx, raw.period);
  return ctx.write((db) => applyOpen(ctx, db, period, ctx.now));
}

export function closeCycle(ctx: Context, raw: { period?: string; reason?: string }, reopen: boolean): store.Cycle {
  const period = parsePeriod(ctx, raw.period);
  const reason = reopen ? requireText(raw.reason, '--reason') : null;
  return ctx.write((db) => {
    const c = store.cycleOf(db, period.label);
    if (!c) throw new NotFoundError('review.cycle_not_found', { period: period.label });
    if (c.status === (reopen ? 'open' : 'closed')) throw new RuleError(reopen ? 'review.cycle_not_closed' : 'review.cycle_closed', { period: period.label });
    store.setCycleStatus(db, period.label, reopen ? 'open' : 'closed', ctx.now, reason);
    ctx.audit(db, reopen ? 'review.reopen' : 'review.close', period.label, reopen ? { reason } : {}, ctx.now);
    return store.cycleOf(db, period.label)!;
  });
}

/** The review of a person in an open cycle (a closed cycle takes no more steps: exit 3). */
export function openReview(db: Db, who: string, period: Period): Review {
  const staff = resolveStaff(db, who);
  const cycle = store.cycleOf(db, period.label);
  if (!cycle) throw new NotFoundError('review.cycle_not_found', { period: period.label });
  if (cycle.status === 'closed') throw new RuleError('review.cycle_closed', { period: period.label });
  const r = store.reviewsOf(db, period.label, EVERYTHING, staff.id)[0];
  if (!r) throw new NotFoundError('review.not_in_cycle', { name: staff.name, period: period.label });
  return r;
}

export const recordId = (r: { period: string; staffId: string }) => `${r.period}/${r.staffId}`;
