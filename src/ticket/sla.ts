// `kaohe report sla`: the figures of 3.2.1 (SPEC §1.3) for a period, as of ctx.now (a closed month as
// of its closing; a longer period is the sum of its months), optionally
// broken down by fault, service person or month. Each period is aggregated by an index range on
// reported_at, with bounds computed in the configured zone (never GROUP BY a UTC strftime).
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { parseChoice } from '../core/input.js';
import { periodJson, type Period } from '../core/period.js';
import { lateCount } from '../core/late.js';
import { isoInZone } from '../core/time.js';
import { FAULTS } from '../core/rules.js';
import { slaFigures, missesATarget, type SlaFigures } from './rules.js';
import * as queries from './store-report.js';
import { correctCounts, correctGroups } from './sla-revised.js';
import { addCounts, earlierKeys, earlierMonths, monthParts, tally, type Earlier, type MonthPart } from './sla-earlier.js';
import type { SlaCounts, Ticket } from './types.js';

export const SLA_BREAKDOWNS = ['fault', 'assignee', 'month'] as const;
export type SlaBreakdown = (typeof SLA_BREAKDOWNS)[number];

export interface SlaGroup extends SlaFigures {
  key: string;
  /** --by month: a closed month, counted as of its closing */
  closed?: { closed_at: string; head: string };
  /** the from-earlier records of closed months in this row (included in its figures): --by month,
   *  those the month counts; --by fault / assignee, those of the group */
  from_earlier?: Earlier;
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
  from_earlier?: Earlier;
}

export function parseBreakdown(text: string | undefined): SlaBreakdown | undefined {
  return text === undefined ? undefined : parseChoice(text.trim().toLowerCase(), '--by', SLA_BREAKDOWNS);
}

const EMPTY: SlaCounts = { tickets: 0, met: 0, missed: 0, pending: 0, surveyed: 0, satisfied: 0, complaints: 0 };

/** `memo`: what an earlier report of the same read counted (report monthly asks for the month in
 *  four sections: each window is counted once). */
export function slaReport(ctx: Context, period: Period, by?: SlaBreakdown, db: Db = ctx.db(), memo: queries.SlaMemo = queries.slaMemo()): SlaReport {
  const targets = ctx.rules.targets;
  const satisfied = targets.satisfied_min_rating;
  // a quarter or year is the sum of its months, each closed one as of its closing, each with its
  // "from earlier months" lines, open ones as of now (SPEC §0 closed months): a late record counts
  // once, in the first month open when it was entered, and a closed month's part never changes
  const parts = monthParts(db, period, ctx.now, ctx.tz);
  // months read as of the same moment are counted as one span (with no closing: the whole period)
  const spans = spansOf(parts);
  // each window's counts, with the tickets corrected after its moment as the records held them then
  const count = (p: { period: Period; now: number }) => {
    const w = { start: p.period.start, end: p.period.end, now: p.now, satisfied };
    return correctCounts(db, w, queries.slaCounts(db, w, memo));
  };
  // by fault: the fault rows hold the whole period (store-report.ts slaCounts), one query a span
  if (by === 'fault') for (const p of spans) queries.slaCountsByFault(db, { start: p.period.start, end: p.period.end, now: p.now, satisfied }, memo);
  const own = by === 'month' ? parts.map(count) : null;
  const single = period.kind === 'month' ? parts[0] : null;
  // the from-earlier records of each month; a later verdict whose ticket an earlier month of this
  // period counts as pending is a change there, not a new ticket (sla-earlier.ts)
  const months = earlierMonths(db, parts, satisfied);
  const earlier = tally(months);
  const report: SlaReport = {
    period: periodJson(period),
    as_of: isoInZone(single ? single.now : ctx.now, ctx.tz),
    ...slaFigures(addCounts((own ?? spans.map(count)).reduce((a, b) => addCounts(a, b), EMPTY), earlier ?? EMPTY), targets),
    targets: { on_time_rate: targets.on_time_rate.min, satisfaction_rate: targets.satisfaction_rate.min, complaint_rate: targets.complaint_rate.below },
    late_entries: spans.reduce((n, p) => n + lateCount(db, { start: p.period.start, end: p.period.end, now: p.now, prefix: 'ticket.' }), 0),
    ...(single?.closing ? { closed: { closed_at: isoInZone(single.closing.closedAt, ctx.tz), head: single.closing.head } } : {}),
    ...(earlier ? { from_earlier: earlier } : {}),
  };
  if (by === undefined) return report;
  if (by === 'month') {
    // the rows are exactly the month figures within this period, so they add up to the headline
    const groups = parts.map((p, i) => {
      const e = tally([months[i]]);
      return {
        key: p.key,
        ...slaFigures(e ? addCounts(own![i], e) : own![i], targets),
        ...(p.closing ? { closed: { closed_at: isoInZone(p.closing.closedAt, ctx.tz), head: p.closing.head } } : {}),
        ...(e ? { from_earlier: e } : {}),
      };
    });
    return { ...report, by, groups };
  }
  // by fault or service person: each month's own tickets as of that month's closing, and the
  // from-earlier records in the group they belong to, so the groups add up to the headline
  const keysOf = by === 'fault' ? (t: Ticket) => [t.fault as string] : (t: Ticket) => (t.assignees.length ? t.assignees.map((a) => a.name) : ['']);
  const sums = new Map<string, SlaCounts>();
  for (const p of spans) {
    const q = { start: p.period.start, end: p.period.end, now: p.now, satisfied };
    const rows = by === 'fault'
      ? correctGroups(db, q, queries.slaCountsByFault(db, q, memo), keysOf)
      : correctGroups(db, q, queries.slaCountsByAssignee(db, q, memo), keysOf);
    for (const { key, ...c } of rows) sums.set(key, addCounts(sums.get(key) ?? EMPTY, c));
  }
  const found = new Set([...sums.keys(), ...earlierKeys(months, keysOf)]);
  const keys = by === 'fault' ? [...FAULTS] : [...found].sort(); // every fault kind, even an empty one
  return {
    ...report, by, groups: keys.map((key) => {
      const e = tally(months, (t) => keysOf(t).includes(key));
      const c = sums.get(key) ?? EMPTY;
      return { key, ...slaFigures(e ? addCounts(c, e) : c, targets), ...(e ? { from_earlier: e } : {}) };
    }),
  };
}

/** Consecutive months read as of the same moment, joined (their counts add up). */
function spansOf(parts: MonthPart[]): Array<{ period: Period; now: number }> {
  const out: Array<{ period: Period; now: number }> = [];
  for (const p of parts) {
    const last = out.at(-1);
    if (last && last.now === p.now && last.period.end === p.period.start) last.period = { ...last.period, end: p.period.end };
    else out.push({ period: p.period, now: p.now });
  }
  return out;
}

export { missesATarget };
