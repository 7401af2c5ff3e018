// The store's queries over many tickets: lists, the SLA figures, deadline checks, invariants and
// the prompt's choices. Part of the store room: all SQL, bound parameters only.
import type { Db } from '../core/db.js';
import { stmt } from './store.js';
import type { FaultKind, ResponseKind, SlaCounts, Status } from './types.js';
import { memoized, memoOf, sumCounts, type SlaMemo } from './sla-memo.js';

export { slaMemo, type SlaMemo } from './sla-memo.js';

// ----- reading many -----

export interface ListFilter {
  start: number;
  end: number;
  status: Status | null;
  fault: FaultKind | null;
  assignee: string | null;
  /** only tickets not responded whose deadline is before this instant */
  overdueBefore: number | null;
  /** also the tickets reported before this instant that are still open (not approved or void) */
  openBefore?: number | null;
  /** part of the customer's name / of the vehicle number */
  customer?: string | null;
  vehicle?: string | null;
}

export interface ListRow {
  id: string; status: Status; customer: string; vehicle: string; fault: FaultKind; reported_at: number;
  deadline: number; response_kind: ResponseKind; responded_at: number | null; assignees: string | null;
}

/** A listed row with the entry times that give its state as of a moment (rules.statusAsOf). */
export interface ListRowTimes extends ListRow {
  entered_at: number; dispatched_entered_at: number | null; responded_entered_at: number | null; resolved_entered_at: number | null;
  signed_entered_at: number | null; approved_entered_at: number | null; voided_entered_at: number | null;
}

// what a list shows (the state as of now); the entry times only for a list as of an earlier moment
const SHOWN_COLUMNS = `t.id, t.status, t.customer, t.vehicle, t.fault, t.reported_at, t.deadline, t.response_kind, t.responded_at,
       (SELECT group_concat(a.name, ', ') FROM ticket_assignees a WHERE a.ticket_id = t.id) AS assignees`;
const LIST_COLUMNS = `t.id, t.status, t.customer, t.vehicle, t.fault, t.reported_at, t.deadline, t.response_kind, t.responded_at,
       coalesce(t.entered_at, t.reported_at) AS entered_at, t.dispatched_entered_at, t.responded_entered_at, t.resolved_entered_at,
       t.signed_entered_at, t.approved_entered_at, t.voided_entered_at,
       (SELECT group_concat(a.name, ', ') FROM ticket_assignees a WHERE a.ticket_id = t.id) AS assignees`;
const LIST_FILTERS = `(@status IS NULL OR t.status = @status)
       AND (@fault IS NULL OR t.fault = @fault)
       AND (@assignee IS NULL OR EXISTS (SELECT 1 FROM ticket_assignees a WHERE a.ticket_id = t.id AND a.name = @assignee))
       AND (@customer IS NULL OR instr(t.customer, @customer) > 0)
       AND (@vehicle IS NULL OR instr(t.vehicle, @vehicle) > 0)`;

export function listTickets(db: Db, f: ListFilter): ListRow[] {
  return [...iterateTickets(db, f)];
}

/** listTickets row by row, as SQLite reads them (a long list is written as it is read). */
export function* iterateTickets(db: Db, f: ListFilter): Generator<ListRow> {
  const params = {
    start: f.start, end: f.end, status: f.status, fault: f.fault, assignee: f.assignee, overdue: f.overdueBefore,
    open: f.openBefore ?? null, customer: f.customer ?? null, vehicle: f.vehicle ?? null,
  };
  if (f.overdueBefore !== null) {
    // the partial index tickets_awaiting_response holds exactly the tickets still awaiting a response
    yield* listRows(db, LIST_SQL.overdue, params);
    return;
  }
  // the default scope: what is still open from before the period comes first (its own index
  // range of unfinished tickets, so the list never reads all history)
  if (params.open !== null) yield* listRows(db, LIST_SQL.openEarlier, { ...params, open: Math.min(params.open, f.start) });
  yield* listRows(db, LIST_SQL.period, params);
}

/** A list query's rows, read as arrays (cheaper than the driver's row objects over a month of a
 *  big database: issue 14) and made ListRows here. Its own statement (a comment sets its SQL
 *  apart in the cache), kept in raw mode. */
function* listRows(db: Db, sql: string, params: Record<string, unknown>): Generator<ListRow> {
  const st = stmt(db, `${sql} -- rows as arrays`);
  if (!st.reader || st.columns().length !== 10) throw new Error('list query: not the ten list columns');
  st.raw(true);
  for (const a of st.iterate(params) as IterableIterator<unknown[]>) {
    yield {
      id: a[0] as string, status: a[1] as Status, customer: a[2] as string, vehicle: a[3] as string, fault: a[4] as FaultKind, reported_at: a[5] as number,
      deadline: a[6] as number, response_kind: a[7] as ResponseKind, responded_at: a[8] as number | null, assignees: a[9] as string | null,
    };
  }
}

/** The list queries (exported for the query-plan tests and the bench). */
export const LIST_SQL = {
  period: `SELECT ${SHOWN_COLUMNS} FROM tickets t
     WHERE t.reported_at >= @start AND t.reported_at < @end AND ${LIST_FILTERS}
     ORDER BY t.reported_at, t.id`,
  openEarlier: `SELECT ${SHOWN_COLUMNS} FROM tickets t
     WHERE t.status NOT IN ('approved', 'void') AND t.reported_at < @open AND ${LIST_FILTERS}
     ORDER BY t.reported_at, t.id`,
  overdue: `SELECT ${SHOWN_COLUMNS} FROM tickets t
       WHERE t.status IN ('open', 'dispatched') AND t.deadline < @overdue
         AND +t.reported_at >= @start AND +t.reported_at < @end AND ${LIST_FILTERS}
       ORDER BY t.reported_at, t.id`,
};

/** The as-of list queries (exported for the query-plan tests): every ticket entered by @now in
 *  the period, whatever its state now, and (the default scope) those reported before @open and
 *  neither approved nor voided as of @now. Two queries rather than one with an OR: the OR made
 *  the planner walk all of tickets_sla, a million tickets for one month's list (issue 14). */
export const LIST_ENTERED_SQL = {
  period: `SELECT ${LIST_COLUMNS} FROM tickets t
     WHERE t.reported_at >= @start AND t.reported_at < @end AND t.entered_at <= @now AND ${LIST_FILTERS}
     ORDER BY t.reported_at, t.id`,
  openEarlier: `SELECT ${LIST_COLUMNS} FROM tickets t
     WHERE t.reported_at < @open AND coalesce(t.approved_entered_at > @now, 1) AND coalesce(t.voided_entered_at > @now, 1)
       AND t.entered_at <= @now AND ${LIST_FILTERS}
     ORDER BY t.reported_at, t.id`,
};

/** Every ticket entered by @now in the period (and the default scope's open ones from before it:
 *  `openBefore` is the period's start, list-scope.ts), whatever its state now: an as-of list
 *  filters the status and the overdue state itself, from the entry times. In list order
 *  (reported_at, id), row by row as SQLite reads them: a month of a million tickets is never
 *  held whole (issue 14). */
export function* iterateTicketsEntered(db: Db, f: Omit<ListFilter, 'status' | 'overdueBefore'> & { now: number }): Generator<ListRowTimes> {
  const params = { start: f.start, end: f.end, status: null, fault: f.fault, assignee: f.assignee, now: f.now, open: null as number | null, customer: f.customer ?? null, vehicle: f.vehicle ?? null };
  if (f.openBefore != null) yield* enteredRows(db, LIST_ENTERED_SQL.openEarlier, { ...params, open: Math.min(f.openBefore, f.start) });
  yield* enteredRows(db, LIST_ENTERED_SQL.period, params);
}

/** An as-of list query's rows, read as arrays (as listRows) and made ListRowTimes here. */
function* enteredRows(db: Db, sql: string, params: Record<string, unknown>): Generator<ListRowTimes> {
  const st = stmt(db, `${sql} -- rows as arrays`);
  if (!st.reader || st.columns().length !== 17) throw new Error('list query: not the seventeen as-of list columns');
  st.raw(true);
  for (const a of st.iterate(params) as IterableIterator<unknown[]>) {
    yield {
      id: a[0] as string, status: a[1] as Status, customer: a[2] as string, vehicle: a[3] as string, fault: a[4] as FaultKind, reported_at: a[5] as number,
      deadline: a[6] as number, response_kind: a[7] as ResponseKind, responded_at: a[8] as number | null, entered_at: a[9] as number,
      dispatched_entered_at: a[10] as number | null, responded_entered_at: a[11] as number | null, resolved_entered_at: a[12] as number | null,
      signed_entered_at: a[13] as number | null, approved_entered_at: a[14] as number | null, voided_entered_at: a[15] as number | null,
      assignees: a[16] as string | null,
    };
  }
}

// The figures of SPEC §1.3 as of @now for tickets reported in [@start, @end); void tickets (void
// as of @now) are not counted at all. pending = tickets - met - missed. "As of @now" means what
// had been ENTERED by then (SPEC §0 two times): a step entered later, even back-dated, is not
// known yet, so an as-of report printed last month reprints the same. The covering index
// tickets_sla holds every column these read, so a period is one index range and no table rows.
const FIGURES = `
  count(*) AS tickets,
  coalesce(sum(t.responded_entered_at <= @now AND t.responded_at <= t.deadline), 0) AS met,
  coalesce(sum(CASE WHEN t.responded_entered_at <= @now THEN t.responded_at > t.deadline
                    ELSE t.deadline < @now END), 0) AS missed,
  coalesce(sum(t.survey_rating IS NOT NULL AND t.surveyed_entered_at <= @now), 0) AS surveyed,
  coalesce(sum(t.survey_rating >= @satisfied AND t.surveyed_entered_at <= @now), 0) AS satisfied`;
// the same figures with the tickets that have a service-fault complaint (counted once per ticket)
// in the same pass: each of the period's tickets probes ticket_complaints_ticket, so a report reads
// its period's tickets and never every complaint ever made (issue 14). tickets_sla (migration 13)
// holds the id as well, so the pass stays inside that index.
const FIGURES_COMPLAINTS = `${FIGURES},
  coalesce(sum(EXISTS (SELECT 1 FROM ticket_complaints c WHERE c.ticket_id = t.id AND c.service_fault = 1 AND c.entered_at <= @now)), 0) AS complaints`;
const IN_PERIOD = `t.reported_at >= @start AND t.reported_at < @end AND t.entered_at <= @now
  AND NOT (t.status = 'void' AND t.voided_entered_at <= @now)`;

/** Tickets dated before @before (in months closed by then) but entered in [@from, @to) and by
 *  @now: the late records a month counts "from earlier months" (SPEC §0 closed months). */
const LATE_RECORDS = `t.reported_at < @before AND t.entered_at >= @from AND t.entered_at < @to AND t.entered_at <= @now
  AND NOT (t.status = 'void' AND t.voided_entered_at <= @now)`;

/** The ids of those late records (each is loaded and counted in sla-earlier.ts: they are few, and
 *  each goes to its group and month). */
export function lateRecordIds(db: Db, q: { before: number; from: number; to: number; now: number }): string[] {
  return (stmt(db, `SELECT t.id FROM tickets t WHERE ${LATE_RECORDS} ORDER BY t.reported_at, t.id`).all(q) as Array<{ id: string }>).map((r) => r.id);
}

/** Tickets of earlier (closed) months counted there (entered before @from, the previous month's
 *  closing), still without a verdict then, whose verdict (a response entered, or the deadline
 *  passing) became known by @now: "their later verdicts count in the month in which they fall". */
const LATER_VERDICTS = `t.reported_at < @before AND t.entered_at < @from
  AND NOT (t.status = 'void' AND t.voided_entered_at <= @now)
  AND NOT coalesce(t.responded_entered_at <= @from, 0) AND t.deadline >= @from
  AND (coalesce(t.responded_entered_at <= @now, 0) OR t.deadline < @now)`;

/** The ids of those tickets (the closing warned about them: a few a month). */
export function laterVerdictIds(db: Db, q: { before: number; from: number; now: number }): string[] {
  return (stmt(db, `SELECT t.id FROM tickets t WHERE ${LATER_VERDICTS} ORDER BY t.reported_at, t.id`).all(q) as Array<{ id: string }>).map((r) => r.id);
}

/** Tickets of earlier (closed) months entered before @from whose void was entered in [@from, @to). */
export function voidsFromEarlier(db: Db, q: { before: number; from: number; to: number; now: number }): string[] {
  return (stmt(
    db,
    `SELECT id FROM tickets WHERE reported_at < @before AND entered_at < @from AND status = 'void'
       AND voided_entered_at >= @from AND voided_entered_at < @to AND voided_entered_at <= @now ORDER BY id`,
  ).all(q) as Array<{ id: string }>).map((r) => r.id);
}

export interface CountQuery {
  start: number;
  end: number;
  now: number;
  satisfied: number;
}

type CountRow = Omit<SlaCounts, 'pending' | 'complaints'>;
type Keyed<T> = T & { key: string };
const counts = (r: CountRow, complaints: number): SlaCounts => ({ ...r, complaints, pending: r.tickets - r.met - r.missed });

/** The SQL of each SLA section (one query each; exported for the query-plan tests and the bench). */
export const SLA_SQL = {
  period: `SELECT ${FIGURES_COMPLAINTS} FROM tickets t WHERE ${IN_PERIOD}`,
  byFault: `SELECT t.fault AS key, ${FIGURES_COMPLAINTS} FROM tickets t WHERE ${IN_PERIOD} GROUP BY t.fault`,
  byAssignee: `SELECT coalesce(a.name, '') AS key, ${FIGURES_COMPLAINTS}
     FROM tickets t LEFT JOIN ticket_assignees a ON a.ticket_id = t.id
     WHERE ${IN_PERIOD} GROUP BY coalesce(a.name, '') ORDER BY key`,
};

type FullRow = CountRow & { complaints: number };
const full = (r: FullRow): SlaCounts => counts(r, r.complaints);

export function slaCounts(db: Db, q: CountQuery, memo?: SlaMemo): SlaCounts {
  return memoized(memo, 'period', q, () => {
    // the by-fault rows, when this read has them, split the same tickets: their sum is the figures
    const byFault = memo && (memoOf(memo, 'byFault', q) as Array<Keyed<SlaCounts>> | undefined);
    return byFault ? sumCounts(byFault) : full(stmt(db, SLA_SQL.period).get(q) as FullRow);
  });
}

export function slaCountsByFault(db: Db, q: CountQuery, memo?: SlaMemo): Array<Keyed<SlaCounts>> {
  return memoized(memo, 'byFault', q, () => (stmt(db, SLA_SQL.byFault).all(q) as Array<Keyed<FullRow>>).map((r) => ({ ...full(r), key: r.key })));
}

/** Per service person: every ticket they were dispatched to; tickets nobody was sent to under ''. */
export function slaCountsByAssignee(db: Db, q: CountQuery, memo?: SlaMemo): Array<Keyed<SlaCounts>> {
  return memoized(memo, 'byAssignee', q, () => (stmt(db, SLA_SQL.byAssignee).all(q) as Array<Keyed<FullRow>>).map((r) => ({ ...full(r), key: r.key })));
}

// ----- deadline checks and invariants -----

/** The deadline-check candidates as of a moment before the last entry (ticket check --now): the
 *  tickets entered by @now, not void by then, with the times of their steps entered by then. */
export function ticketsForCheckAsOf(db: Db, now: number): Array<{
  id: string; deadline: number; response_kind: ResponseKind; feedback_required: number; responded: number | null; resolved_at: number | null; fed_back: number | null; signed: number | null;
}> {
  return stmt(
    db,
    `SELECT id, deadline, response_kind, feedback_required,
            CASE WHEN responded_entered_at <= @now THEN responded_at END AS responded,
            CASE WHEN resolved_entered_at <= @now THEN resolved_at END AS resolved_at,
            CASE WHEN feedback_entered_at <= @now THEN feedback_at END AS fed_back,
            CASE WHEN signed_entered_at <= @now THEN signed_at END AS signed
     FROM tickets
     WHERE entered_at <= @now AND NOT (status = 'void' AND voided_entered_at <= @now)
       AND NOT coalesce(approved_entered_at <= @now, 0)
     ORDER BY deadline, id`,
  ).all({ now }) as Array<{ id: string; deadline: number; response_kind: ResponseKind; feedback_required: number; responded: number | null; resolved_at: number | null; fed_back: number | null; signed: number | null }>;
}

export function unrespondedDueBy(db: Db, until: number): Array<{ id: string; deadline: number; response_kind: ResponseKind }> {
  return stmt(db, "SELECT id, deadline, response_kind FROM tickets WHERE status IN ('open', 'dispatched') AND deadline <= ? ORDER BY deadline").all(until) as Array<{
    id: string; deadline: number; response_kind: ResponseKind;
  }>;
}

export function feedbackMissingResolvedBy(db: Db, until: number): Array<{ id: string; resolved_at: number }> {
  return stmt(
    db,
    "SELECT id, resolved_at FROM tickets WHERE status IN ('resolved', 'signed') AND feedback_required = 1 AND feedback_at IS NULL AND resolved_at <= ?",
  ).all(until) as Array<{ id: string; resolved_at: number }>;
}

// status IN ('resolved', 'signed') repeats the partial index's WHERE (tickets_awaiting_closure) so
// SQLite can use it; the narrower status = 'resolved' is the actual condition.
export function unsignedResolvedBy(db: Db, until: number): Array<{ id: string; resolved_at: number }> {
  return stmt(db, "SELECT id, resolved_at FROM tickets WHERE status IN ('resolved', 'signed') AND status = 'resolved' AND resolved_at <= ?").all(until) as Array<{ id: string; resolved_at: number }>;
}

// (deadline is NOT NULL in the schema: a NULL there is integrity_check's finding. `deadline IS NULL`
// is not written here: SQLite folds it to false in a WHERE, and the folded term would no longer be
// the text of tickets_breaches, so the query could not use that index.)
const BREACHES = {
  responded_has_deadline: "responded_at IS NOT NULL AND response_kind NOT IN ('onsite', 'reply', 'written')",
  signed_after_resolved: 'signed_at IS NOT NULL AND (resolved_at IS NULL OR resolved_at > signed_at)',
  status_matches_times: `(status IN ('responded','resolved','signed','approved') AND responded_at IS NULL)
       OR (status IN ('resolved','signed','approved') AND resolved_at IS NULL)
       OR (status = 'approved' AND signed_at IS NULL)
       OR (status = 'void' AND void_reason IS NULL)`,
};
export type Breach = keyof typeof BREACHES;

/** A ticket breaking any of them: the WHERE of the partial index tickets_breaches (migration 16),
 *  the same expression tree (each breach in parentheses, OR-ed in this order), so SQLite may read
 *  that index, which holds only the tickets breaking one (should be none), instead of every ticket. */
const ANY_BREACH = Object.values(BREACHES).map((w) => `(${w})`).join('\n  OR ');

/** The three invariants counted over the tickets that break one (exported for the plan tests): a
 *  range of tickets_breaches, a few entries, where a plain pass read a million tickets (issue 14);
 *  the few ids are fetched only when something is broken, from the same index in id order. */
export const BREACH_COUNT_SQL = `SELECT ${Object.entries(BREACHES).map(([k, w]) => `coalesce(sum(${w}), 0) AS ${k}`).join(',\n  ')} FROM tickets
  WHERE ${ANY_BREACH}`;

/** The first ids breaking one invariant (exported for the plan tests). */
export function breachIdsSql(k: Breach): string {
  return `SELECT id FROM tickets WHERE (${ANY_BREACH}) AND (${BREACHES[k]}) ORDER BY id LIMIT 5`;
}

/** Ids breaking the stored invariants (at most 5 of each, and how many in all). */
export function invariantBreaches(db: Db): Record<Breach, { n: number; ids: string[] }> {
  const n = stmt(db, BREACH_COUNT_SQL).get() as Record<Breach, number>;
  const one = (k: Breach) => ({
    n: n[k],
    ids: n[k] === 0 ? [] : (stmt(db, breachIdsSql(k)).all() as Array<{ id: string }>).map((r) => r.id),
  });
  return { responded_has_deadline: one('responded_has_deadline'), signed_after_resolved: one('signed_after_resolved'), status_matches_times: one('status_matches_times') };
}

// ----- what the prompt offers -----

export function knownCustomers(db: Db, limit: number): string[] {
  return (stmt(db, 'SELECT DISTINCT customer FROM tickets ORDER BY customer LIMIT ?').all(limit) as Array<{ customer: string }>).map((r) => r.customer);
}

export function knownVehicles(db: Db, customer: string, limit: number): string[] {
  return (stmt(db, 'SELECT DISTINCT vehicle FROM tickets WHERE customer = ? ORDER BY vehicle LIMIT ?').all(customer, limit) as Array<{ vehicle: string }>).map((r) => r.vehicle);
}

/** The details last given for a customer's vehicle (defaults for the prompt). */
export function lastReportOf(db: Db, customer: string, vehicle: string | null): { phone: string; contact: string | null; address: string | null; model: string | null } | undefined {
  return stmt(
    db,
    `SELECT phone, contact, address, model FROM tickets WHERE customer = @customer AND (@vehicle IS NULL OR vehicle = @vehicle)
     ORDER BY reported_at DESC LIMIT 1`,
  ).get({ customer, vehicle }) as { phone: string; contact: string | null; address: string | null; model: string | null } | undefined;
}
