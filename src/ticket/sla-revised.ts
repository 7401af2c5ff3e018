// Issue 9: a correction of a ticket's report (ticket edit of the report time, fault, distance or
// supplier: the fields that decide the period, the group and the deadline) never rewrites an
// as-of report. The SQL aggregates (store-report.ts) read the tickets' current values; for the few
// tickets corrected after @now, this takes away what the SQL counted from their current values
// and adds what they counted with the values the records held as of @now (ticket_revisions).
import type { Db } from '../core/db.js';
import { reportAsOf } from './rules-service.js';
import { loadTicket } from './service-open.js';
import { revisedAfter } from './store-service.js';
import type { SlaCounts, Ticket } from './types.js';

export interface CountWindow {
  start: number;
  end: number;
  now: number;
  satisfied: number;
}

/** What one ticket adds to the figures of [start, end) as of `now`, the way the SQL counts it
 *  (store-report.ts FIGURES / IN_PERIOD): by entry times, with the report values given. */
export function contribution(t: Ticket, w: CountWindow): SlaCounts | null {
  const e = t.entered;
  const by = (x: number | null | undefined) => x !== null && x !== undefined && x <= w.now;
  if (t.reportedAt < w.start || t.reportedAt >= w.end || !by(e.open ?? t.reportedAt)) return null;
  if (t.status === 'void' && by(e.void)) return null;
  const responded = by(e.respond) && t.respondedAt !== null;
  const met = responded && (t.respondedAt as number) <= t.deadline ? 1 : 0;
  const missed = responded ? ((t.respondedAt as number) > t.deadline ? 1 : 0) : t.deadline < w.now ? 1 : 0;
  const surveyed = t.surveyRating !== null && by(e.survey) ? 1 : 0;
  const satisfied = surveyed && (t.surveyRating as number) >= w.satisfied ? 1 : 0;
  const complaints = t.complaints.some((c) => c.serviceFault && by(c.enteredAt ?? c.at)) ? 1 : 0;
  return { tickets: 1, met, missed, pending: 1 - met - missed, surveyed, satisfied, complaints };
}

type Keyed = SlaCounts & { key: string };

const add = (a: SlaCounts, b: SlaCounts | null, sign: 1 | -1): SlaCounts => (b === null ? a : {
  tickets: a.tickets + sign * b.tickets, met: a.met + sign * b.met, missed: a.missed + sign * b.missed, pending: a.pending + sign * b.pending,
  surveyed: a.surveyed + sign * b.surveyed, satisfied: a.satisfied + sign * b.satisfied, complaints: a.complaints + sign * b.complaints,
});

const EMPTY: SlaCounts = { tickets: 0, met: 0, missed: 0, pending: 0, surveyed: 0, satisfied: 0, complaints: 0 };

/** The tickets corrected after `now`: as they are, and as the records held them then. */
function revised(db: Db, now: number): Array<{ current: Ticket; then: Ticket }> {
  return revisedAfter(db, now).map((id) => {
    const current = loadTicket(db, id);
    return { current, then: reportAsOf(current, current.revisions ?? [], now) };
  });
}

/** The counts of one window, corrected for the reports revised after its `now`. */
export function correctCounts(db: Db, w: CountWindow, c: SlaCounts): SlaCounts {
  let out = c;
  for (const r of revised(db, w.now)) out = add(add(out, contribution(r.current, w), -1), contribution(r.then, w), 1);
  return out;
}

/** Grouped counts (by fault or by service person), corrected the same way; a group may appear
 *  (a ticket's fault as of then) or change. */
export function correctGroups(db: Db, w: CountWindow, groups: Keyed[], keysOf: (t: Ticket) => string[]): Keyed[] {
  const list = revised(db, w.now);
  if (list.length === 0) return groups;
  const m = new Map(groups.map((g) => [g.key, { ...g }]));
  const apply = (t: Ticket, sign: 1 | -1) => {
    const c = contribution(t, w);
    if (c === null) return;
    for (const k of keysOf(t)) m.set(k, { ...add(m.get(k) ?? EMPTY, c, sign), key: k });
  };
  for (const r of list) {
    apply(r.current, -1);
    apply(r.then, 1);
  }
  return [...m.values()].filter((g) => g.tickets > 0).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
