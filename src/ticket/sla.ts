// `kaohe report sla`: the figures of 3.2.1 (SPEC §1.3) for a period, as of ctx.now (a closed month as
// of its closing; a longer period is the sum of its months), optionally
// broken down by fault, service person or month. Each period is aggregated by an index range on
// reported_at, with bounds computed in the configured zone (never GROUP BY a UTC strftime).
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { parseChoice } from '../core/input.js';
import { closingOf, type Closing } from '../core/closing.js';
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
  /** --by month: a closed month, counted as of its closing */
  closed?: { closed_at: string; head: string };
  /** --by month: the late records of closed months this month counts (included in its figures) */
  from_earlier?: SlaCounts & { voided: string[] };
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
  const satisfied = targets.satisfied_min_rating;
  // a quarter or year is the sum of its months, each closed one as of its closing, each with its
  // "from earlier months" lines, open ones as of now (SPEC §0 closed months): a late record counts
  // once, in the first month open when it was entered, and a closed month's part never changes
  const parts = monthParts(db, period, ctx.now, satisfied, ctx.tz);
  // months read as of the same moment are counted as one span (with no closing: the whole period)
  const spans = spansOf(parts);
  // each window's counts, with the tickets corrected after its moment as the records held them then
  const count = (p: { period: Period; now: number }) => {
    const w = { start: p.period.start, end: p.period.end, now: p.now, satisfied };
    return correctCounts(db, w, queries.slaCounts(db, w));
  };
  const own = by === 'month' ? parts.map(count) : null;
  const single = period.kind === 'month' ? parts[0] : null;
  const earlier = sumEarlier(parts);
  const report: SlaReport = {
    period: periodJson(period),
    as_of: isoInZone(single ? single.now : ctx.now, ctx.tz),
    ...slaFigures(addCounts((own ?? spans.map(count)).reduce(addCounts, EMPTY), earlier ?? EMPTY), targets),
    targets: { on_time_rate: targets.on_time_rate.min, satisfaction_rate: targets.satisfaction_rate.min, complaint_rate: targets.complaint_rate.below },
    late_entries: spans.reduce((n, p) => n + lateCount(db, { start: p.period.start, end: p.period.end, now: p.now, prefix: 'ticket.' }), 0),
    ...(single?.closing ? { closed: { closed_at: isoInZone(single.closing.closedAt, ctx.tz), head: single.closing.head } } : {}),
    ...(earlier ? { from_earlier: earlier } : {}),
  };
  if (by === undefined) return report;
  if (by === 'month') {
    // the rows are exactly the month figures, so they add up to the headline
    const groups = parts.map((p, i) => ({
      key: p.key,
      ...slaFigures(p.earlier ? addCounts(own![i], p.earlier) : own![i], targets),
      ...(p.closing ? { closed: { closed_at: isoInZone(p.closing.closedAt, ctx.tz), head: p.closing.head } } : {}),
      ...(p.earlier ? { from_earlier: p.earlier } : {}),
    }));
    return { ...report, by, groups };
  }
  // by fault or service person: each month's own tickets as of that month's closing (the late
  // records of closed months are in the headline's from_earlier, not broken down)
  const sums = new Map<string, SlaCounts>();
  for (const p of spans) {
    const q = { start: p.period.start, end: p.period.end, now: p.now, satisfied };
    const rows = by === 'fault'
      ? correctGroups(db, q, queries.slaCountsByFault(db, q), (t) => [t.fault])
      : correctGroups(db, q, queries.slaCountsByAssignee(db, q), (t) => (t.assignees.length ? t.assignees.map((a) => a.name) : ['']));
    for (const { key, ...c } of rows) sums.set(key, addCounts(sums.get(key) ?? EMPTY, c));
  }
  const keys = by === 'fault' ? [...FAULTS] : [...sums.keys()].sort(); // every fault kind, even an empty one
  return { ...report, by, groups: keys.map((key) => ({ key, ...slaFigures(sums.get(key) ?? EMPTY, targets) })) };
}

type Earlier = SlaCounts & { voided: string[] };

/** One month of a period (cut to it), as its own month report would count it. */
interface MonthPart {
  key: string;
  period: Period;
  /** as of: now, or the month's closing */
  now: number;
  closing: Closing | null;
  earlier: Earlier | null;
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

function monthParts(db: Db, period: Period, now: number, satisfied: number, tz: string): MonthPart[] {
  return monthsIn(period, tz).map((m) => {
    const closing = closingOf(db, 'ticket', m.label, now);
    const at = closing ? Math.min(now, closing.closedAt) : now;
    const cut = clip(m, period);
    // a month cut by a --from/--to range takes only its own tickets
    const whole = cut.start === m.start && cut.end === m.end;
    return { key: m.label, period: cut, now: at, closing, earlier: whole ? fromEarlier(db, m, at, satisfied) : null };
  });
}

function sumEarlier(parts: MonthPart[]): Earlier | null {
  const found = parts.map((p) => p.earlier).filter((e): e is Earlier => e !== null);
  if (found.length === 0) return null;
  return found.reduce((a, b) => ({ ...addCounts(a, b), voided: [...a.voided, ...b.voided] }));
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
