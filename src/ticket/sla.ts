// `kaohe report sla`: the figures of 3.2.1 (SPEC §1.3) for a period, as of ctx.now, optionally
// broken down by fault, service person or month. Each period is aggregated by an index range on
// reported_at, with bounds computed in the configured zone (never GROUP BY a UTC strftime).
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { parseChoice } from '../core/input.js';
import { monthsIn, periodJson, type Period } from '../core/period.js';
import { lateCount } from '../core/late.js';
import { isoInZone } from '../core/time.js';
import { FAULTS } from '../core/rules.js';
import { slaFigures, missesATarget, type SlaFigures } from './rules.js';
import * as queries from './store-report.js';
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
}

export function parseBreakdown(text: string | undefined): SlaBreakdown | undefined {
  return text === undefined ? undefined : parseChoice(text.trim().toLowerCase(), '--by', SLA_BREAKDOWNS);
}

const EMPTY: SlaCounts = { tickets: 0, met: 0, missed: 0, pending: 0, surveyed: 0, satisfied: 0, complaints: 0 };

export function slaReport(ctx: Context, period: Period, by?: SlaBreakdown, db: Db = ctx.db()): SlaReport {
  const targets = ctx.rules.targets;
  const q = (p: Period) => ({ start: p.start, end: p.end, now: ctx.now, satisfied: targets.satisfied_min_rating });
  const report: SlaReport = {
    period: periodJson(period),
    as_of: isoInZone(ctx.now, ctx.tz),
    ...slaFigures(queries.slaCounts(db, q(period)), targets),
    targets: { on_time_rate: targets.on_time_rate.min, satisfaction_rate: targets.satisfaction_rate.min, complaint_rate: targets.complaint_rate.below },
    late_entries: lateCount(db, { start: period.start, end: period.end, now: ctx.now, prefix: 'ticket.' }),
  };
  if (by === undefined) return report;
  let groups: Array<SlaCounts & { key: string }>;
  if (by === 'month') {
    groups = monthsIn(period, ctx.tz).map((m) => ({ ...queries.slaCounts(db, q(clip(m, period))), key: m.label }));
  } else if (by === 'fault') {
    const found = new Map(queries.slaCountsByFault(db, q(period)).map((g) => [g.key, g]));
    groups = FAULTS.map((f) => found.get(f) ?? { ...EMPTY, key: f }); // every fault kind, even an empty one
  } else {
    groups = queries.slaCountsByAssignee(db, q(period));
  }
  return { ...report, by, groups: groups.map(({ key, ...c }) => ({ key, ...slaFigures(c, targets) })) };
}

/** A month cut to the period (a --from/--to range may start or end inside a month). */
function clip(m: Period, p: Period): Period {
  return { ...m, start: Math.max(m.start, p.start), end: Math.min(m.end, p.end) };
}

export { missesATarget };
