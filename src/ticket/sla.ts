// `kaohe report sla`: the figures of 3.2.1 (SPEC §1.3) for a period, as of ctx.now, optionally
// broken down by fault, service person or month. Each period is aggregated by an index range on
// reported_at, with bounds computed in the configured zone (never GROUP BY a UTC strftime).
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { parseChoice } from '../core/input.js';
import { closingOf } from '../core/closing.js';
import { monthsIn, periodJson, type Period } from '../core/period.js';
import { lateCount } from '../core/late.js';
import { isoInZone } from '../core/time.js';
import { FAULTS } from '../core/rules.js';
import { slaFigures, missesATarget, type SlaFigures } from './rules.js';
import * as queries from './store-report.js';
import { correctCounts, correctGroups } from './sla-revised.js';
import type { SlaCounts } from './types.js';

export const SLA_BREAKDOWNS = ['fault', 'assignee', 'month'] as const;
export type SlaBreakdown = (typeof SLA_BREAKDOWNS)[number];

export interface SlaGroup extends SlaFigures {
  key: string;
}

export interface SlaReport extends SlaFigures {
  period: { label: string; from: string; to: string };
  as_of: string;
  targets: { on_time_rate: number; satisfaction_rate: number; complaint_rate: number };
  by?: SlaBreakdown;
  groups?: SlaGroup[];
  /** steps of the period's tickets entered late (补录, SPEC §0), by the step's time */
  late_entries: number;
  /** a closed month: its figures are as of the closing, with the audit head stored then */
  closed?: { closed_at: string; head: string };
  /** late records of closed months counted in this month (included in the figures above), and
   *  voids of tickets of closed months entered in it (SPEC §0 closed months) */
  from_earlier?: SlaCounts & { voided: string[] };
}

export function parseBreakdown(text: string | undefined): SlaBreakdown | undefined {
  return text === undefined ? undefined : parseChoice(text.trim().toLowerCase(), '--by', SLA_BREAKDOWNS);
}

const EMPTY: SlaCounts = { tickets: 0, met: 0, missed: 0, pending: 0, surveyed: 0, satisfied: 0, complaints: 0 };

export function slaReport(ctx: Context, period: Period, by?: SlaBreakdown, db: Db = ctx.db()): SlaReport {
  const targets = ctx.rules.targets;
  // a closed month is reported as of its closing, forever (SPEC §0 closed months)
  const closing = period.kind === 'month' ? closingOf(db, 'ticket', period.label, ctx.now) : null;
  const now = closing ? Math.min(ctx.now, closing.closedAt) : ctx.now;
  const q = (p: Period) => ({ start: p.start, end: p.end, now, satisfied: targets.satisfied_min_rating });
  const earlier = period.kind === 'month' ? fromEarlier(db, period, now, targets.satisfied_min_rating) : null;
  const own = correctCounts(db, q(period), queries.slaCounts(db, q(period)));
  const report: SlaReport = {
    period: periodJson(period),
    as_of: isoInZone(now, ctx.tz),
    ...slaFigures(earlier ? addCounts(own, earlier) : own, targets),
    targets: { on_time_rate: targets.on_time_rate.min, satisfaction_rate: targets.satisfaction_rate.min, complaint_rate: targets.complaint_rate.below },
    late_entries: lateCount(db, { start: period.start, end: period.end, now, prefix: 'ticket.' }),
    ...(closing ? { closed: { closed_at: isoInZone(closing.closedAt, ctx.tz), head: closing.head } } : {}),
    ...(earlier ? { from_earlier: earlier } : {}),
  };
  if (by === undefined) return report;
  let groups: Array<SlaCounts & { key: string }>;
  if (by === 'month') {
    // each month as its own report: a closed one as of its closing (SPEC §0 closed months)
    groups = monthsIn(period, ctx.tz).map((m) => {
      const c = closingOf(db, 'ticket', m.label, ctx.now);
      const at = c ? Math.min(now, c.closedAt) : now;
      const w = { ...q(clip(m, period)), now: at };
      return { ...correctCounts(db, w, queries.slaCounts(db, w)), key: m.label };
    });
  } else if (by === 'fault') {
    const found = new Map(correctGroups(db, q(period), queries.slaCountsByFault(db, q(period)), (t) => [t.fault]).map((g) => [g.key, g]));
    groups = FAULTS.map((f) => found.get(f) ?? { ...EMPTY, key: f }); // every fault kind, even an empty one
  } else {
    groups = correctGroups(db, q(period), queries.slaCountsByAssignee(db, q(period)), (t) => (t.assignees.length ? t.assignees.map((a) => a.name) : ['']));
  }
  return { ...report, by, groups: groups.map(({ key, ...c }) => ({ key, ...slaFigures(c, targets) })) };
}

/** The late records of closed months that count in `month` (the first month open when they were
 *  entered): entered after the previous month's closing and before this month's own closing. */
function fromEarlier(db: Db, month: Period, now: number, satisfied: number): (SlaCounts & { voided: string[] }) | null {
  const before = closingOf(db, 'ticket', previousMonth(month.label), now);
  if (before === null) return null;
  const own = closingOf(db, 'ticket', month.label, now);
  const to = own ? own.closedAt : Number.MAX_SAFE_INTEGER;
  const q = { before: month.start, from: before.closedAt, to, now };
  const late = queries.slaCountsFromEarlier(db, { ...q, satisfied });
  const verdicts = queries.slaCountsLaterVerdicts(db, { before: month.start, from: before.closedAt, now: Math.min(now, to), satisfied });
  const c = addCounts(late, verdicts);
  const voided = queries.voidsFromEarlier(db, q);
  return c.tickets === 0 && voided.length === 0 ? null : { ...c, voided };
}

function previousMonth(label: string): string {
  const [y, m] = label.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function addCounts(a: SlaCounts, b: SlaCounts): SlaCounts {
  return {
    tickets: a.tickets + b.tickets, met: a.met + b.met, missed: a.missed + b.missed, pending: a.pending + b.pending,
    surveyed: a.surveyed + b.surveyed, satisfied: a.satisfied + b.satisfied, complaints: a.complaints + b.complaints,
  };
}

/** A month cut to the period (a --from/--to range may start or end inside a month). */
function clip(m: Period, p: Period): Period {
  return { ...m, start: Math.max(m.start, p.start), end: Math.min(m.end, p.end) };
}

export { missesATarget };
