// All SQL of the ticket module, bound parameters only. Rows (snake_case) become the domain types
// of types.ts here and nowhere else. Statements are prepared once per database (the demo writes
// hundreds of thousands of rows through these same functions).
import type { Statement } from 'better-sqlite3';
import type { Db } from '../core/db.js';
import type { Assignee, Complaint, FaultKind, Part, Report, ResponseKind, Responsibility, SlaCounts, Status, Ticket, TicketChannel } from './types.js';

const cache = new WeakMap<Db, Map<string, Statement>>();
function stmt(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

interface TicketRow {
  id: string; status: Status; customer: string; phone: string; contact: string | null; address: string | null;
  vehicle: string; model: string | null; fault: FaultKind; distance_km: number; supplier: number; channel: TicketChannel;
  description: string | null; letter_id: string | null; reported_at: number; response_kind: ResponseKind; deadline: number;
  feedback_required: number; lead: string | null; loan_fen: number; dispatched_at: number | null; responded_at: number | null;
  response_note: string | null; resolved_at: number | null; cause: string | null; responsibility: Responsibility | null;
  warranty: number | null; warranty_reason: string | null; major: number; feedback_at: number | null; feedback_note: string | null;
  signed_by: string | null; signed_at: number | null; approved_by: string | null; approved_at: number | null;
  survey_rating: number | null; survey_note: string | null; surveyed_at: number | null; void_reason: string | null;
  voided_at: number | null; created_by: string;
}

function toTicket(r: TicketRow, assignees: Assignee[], parts: Part[], complaints: Complaint[]): Ticket {
  return {
    id: r.id, status: r.status, customer: r.customer, phone: r.phone, contact: r.contact, address: r.address,
    vehicle: r.vehicle, model: r.model, fault: r.fault, distanceKm: r.distance_km, supplier: r.supplier === 1,
    channel: r.channel, description: r.description, letterId: r.letter_id, reportedAt: r.reported_at,
    responseKind: r.response_kind, deadline: r.deadline, feedbackRequired: r.feedback_required === 1,
    assignees, lead: r.lead, loanFen: r.loan_fen, dispatchedAt: r.dispatched_at, respondedAt: r.responded_at,
    responseNote: r.response_note, resolvedAt: r.resolved_at, cause: r.cause, responsibility: r.responsibility,
    warranty: r.warranty === null ? null : r.warranty === 1, warrantyReason: r.warranty_reason, parts, major: r.major === 1,
    feedbackAt: r.feedback_at, feedbackNote: r.feedback_note, signedBy: r.signed_by, signedAt: r.signed_at,
    approvedBy: r.approved_by, approvedAt: r.approved_at, surveyRating: r.survey_rating, surveyNote: r.survey_note,
    surveyedAt: r.surveyed_at, complaints, voidReason: r.void_reason, voidedAt: r.voided_at, createdBy: r.created_by,
  };
}

export function getTicket(db: Db, id: string): Ticket | undefined {
  const row = stmt(db, 'SELECT * FROM tickets WHERE id = ?').get(id) as TicketRow | undefined;
  if (!row) return undefined;
  const assignees = (stmt(db, 'SELECT name, is_lead FROM ticket_assignees WHERE ticket_id = ? ORDER BY is_lead DESC, name').all(id) as Array<{ name: string; is_lead: number }>).map(
    (a) => ({ name: a.name, lead: a.is_lead === 1 }),
  );
  const parts = stmt(db, 'SELECT code, qty, reason FROM ticket_parts WHERE ticket_id = ? ORDER BY seq').all(id) as Part[];
  const complaints = (stmt(db, 'SELECT service_fault, note, at FROM ticket_complaints WHERE ticket_id = ? ORDER BY at, id').all(id) as Array<{ service_fault: number; note: string; at: number }>).map(
    (c) => ({ serviceFault: c.service_fault === 1, note: c.note, at: c.at }),
  );
  return toTicket(row, assignees, parts, complaints);
}

export interface NewTicket extends Report {
  id: string;
  letterId: string | null;
  responseKind: ResponseKind;
  deadline: number;
  feedbackRequired: boolean;
  createdBy: string;
}

export function insertTicket(db: Db, t: NewTicket): void {
  stmt(
    db,
    `INSERT INTO tickets (id, status, customer, phone, contact, address, vehicle, model, fault, distance_km, supplier, channel,
       description, letter_id, reported_at, response_kind, deadline, feedback_required, created_by)
     VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(t.id, t.customer, t.phone, t.contact, t.address, t.vehicle, t.model, t.fault, t.distanceKm, t.supplier ? 1 : 0, t.channel,
    t.description, t.letterId, t.reportedAt, t.responseKind, t.deadline, t.feedbackRequired ? 1 : 0, t.createdBy);
}

/** ticket edit: the report's fields and the deadline they imply (recomputed by the service). */
export function updateReport(db: Db, id: string, r: Report & { responseKind: ResponseKind; deadline: number; feedbackRequired: boolean }): void {
  stmt(
    db,
    `UPDATE tickets SET customer = ?, phone = ?, contact = ?, address = ?, vehicle = ?, model = ?, fault = ?, distance_km = ?,
       supplier = ?, channel = ?, description = ?, reported_at = ?, response_kind = ?, deadline = ?, feedback_required = ? WHERE id = ?`,
  ).run(r.customer, r.phone, r.contact, r.address, r.vehicle, r.model, r.fault, r.distanceKm, r.supplier ? 1 : 0, r.channel,
    r.description, r.reportedAt, r.responseKind, r.deadline, r.feedbackRequired ? 1 : 0, id);
}

export function setDispatch(db: Db, id: string, d: { assignees: Assignee[]; lead: string | null; loanFen: number; at: number; status: Status }): void {
  stmt(db, 'DELETE FROM ticket_assignees WHERE ticket_id = ?').run(id);
  const add = stmt(db, 'INSERT INTO ticket_assignees (ticket_id, name, is_lead) VALUES (?, ?, ?)');
  for (const a of d.assignees) add.run(id, a.name, a.lead ? 1 : 0);
  stmt(db, 'UPDATE tickets SET lead = ?, loan_fen = ?, dispatched_at = ?, status = ? WHERE id = ?').run(d.lead, d.loanFen, d.at, d.status, id);
}

export function setResponse(db: Db, id: string, at: number, note: string | null): void {
  stmt(db, "UPDATE tickets SET responded_at = ?, response_note = ?, status = 'responded' WHERE id = ?").run(at, note, id);
}

export interface Resolution {
  at: number;
  cause: string;
  responsibility: Responsibility;
  warranty: boolean;
  warrantyReason: string | null;
  parts: Part[];
  major: boolean;
}

export function setResolution(db: Db, id: string, r: Resolution): void {
  stmt(
    db,
    "UPDATE tickets SET resolved_at = ?, cause = ?, responsibility = ?, warranty = ?, warranty_reason = ?, major = ?, status = 'resolved' WHERE id = ?",
  ).run(r.at, r.cause, r.responsibility, r.warranty ? 1 : 0, r.warrantyReason, r.major ? 1 : 0, id);
  const add = stmt(db, 'INSERT INTO ticket_parts (ticket_id, seq, code, qty, reason) VALUES (?, ?, ?, ?, ?)');
  r.parts.forEach((p, i) => add.run(id, i + 1, p.code, p.qty, p.reason));
}

export function setFeedback(db: Db, id: string, at: number, note: string): void {
  stmt(db, 'UPDATE tickets SET feedback_at = ?, feedback_note = ? WHERE id = ?').run(at, note, id);
}

export function setSignature(db: Db, id: string, by: string, at: number): void {
  // written once: the WHERE keeps a second signature from ever replacing the first
  stmt(db, "UPDATE tickets SET signed_by = ?, signed_at = ?, status = 'signed' WHERE id = ? AND signed_at IS NULL").run(by, at, id);
}

export function setApproval(db: Db, id: string, by: string, at: number): void {
  stmt(db, "UPDATE tickets SET approved_by = ?, approved_at = ?, status = 'approved' WHERE id = ? AND approved_at IS NULL").run(by, at, id);
}

export function setSurvey(db: Db, id: string, rating: number, note: string | null, at: number): void {
  stmt(db, 'UPDATE tickets SET survey_rating = ?, survey_note = ?, surveyed_at = ? WHERE id = ? AND survey_rating IS NULL').run(rating, note, at, id);
}

export function addComplaint(db: Db, id: string, c: Complaint): void {
  stmt(db, 'INSERT INTO ticket_complaints (ticket_id, service_fault, note, at) VALUES (?, ?, ?, ?)').run(id, c.serviceFault ? 1 : 0, c.note, c.at);
}

export function setVoid(db: Db, id: string, reason: string, at: number): void {
  stmt(db, "UPDATE tickets SET status = 'void', void_reason = ?, voided_at = ? WHERE id = ?").run(reason, at, id);
}

// ----- reading many -----

export interface ListFilter {
  start: number;
  end: number;
  status: Status | null;
  fault: FaultKind | null;
  assignee: string | null;
  /** only tickets not responded whose deadline is before this instant */
  overdueBefore: number | null;
}

export interface ListRow {
  id: string; status: Status; customer: string; vehicle: string; fault: FaultKind; reported_at: number;
  deadline: number; response_kind: ResponseKind; responded_at: number | null; assignees: string | null;
}

export function listTickets(db: Db, f: ListFilter): ListRow[] {
  return stmt(
    db,
    `SELECT t.id, t.status, t.customer, t.vehicle, t.fault, t.reported_at, t.deadline, t.response_kind, t.responded_at,
       (SELECT group_concat(a.name, ', ') FROM ticket_assignees a WHERE a.ticket_id = t.id) AS assignees
     FROM tickets t
     WHERE t.reported_at >= @start AND t.reported_at < @end
       AND (@status IS NULL OR t.status = @status)
       AND (@fault IS NULL OR t.fault = @fault)
       AND (@assignee IS NULL OR EXISTS (SELECT 1 FROM ticket_assignees a WHERE a.ticket_id = t.id AND a.name = @assignee))
       AND (@overdue IS NULL OR (t.status IN ('open', 'dispatched') AND t.deadline < @overdue))
     ORDER BY t.reported_at, t.id`,
  ).all({ start: f.start, end: f.end, status: f.status, fault: f.fault, assignee: f.assignee, overdue: f.overdueBefore }) as ListRow[];
}

// The figures of SPEC §1.3 as of @now for tickets reported in [@start, @end); void tickets (void
// as of @now) are not counted at all. pending = tickets - met - missed.
const FIGURES = `
  count(*) AS tickets,
  coalesce(sum(t.responded_at IS NOT NULL AND t.responded_at <= @now AND t.responded_at <= t.deadline), 0) AS met,
  coalesce(sum(CASE WHEN t.responded_at IS NOT NULL AND t.responded_at <= @now THEN t.responded_at > t.deadline
                    ELSE t.deadline < @now END), 0) AS missed,
  coalesce(sum(t.survey_rating IS NOT NULL AND t.surveyed_at <= @now), 0) AS surveyed,
  coalesce(sum(t.survey_rating >= @satisfied AND t.surveyed_at <= @now), 0) AS satisfied,
  coalesce(sum(EXISTS (SELECT 1 FROM ticket_complaints c WHERE c.ticket_id = t.id AND c.service_fault = 1 AND c.at <= @now)), 0) AS complaints`;
const IN_PERIOD = `t.reported_at >= @start AND t.reported_at < @end AND t.reported_at <= @now
  AND NOT (t.status = 'void' AND t.voided_at <= @now)`;

export interface CountQuery {
  start: number;
  end: number;
  now: number;
  satisfied: number;
}

type CountRow = Omit<SlaCounts, 'pending'>;
const withPending = (r: CountRow): SlaCounts => ({ ...r, pending: r.tickets - r.met - r.missed });

export function slaCounts(db: Db, q: CountQuery): SlaCounts {
  return withPending(stmt(db, `SELECT ${FIGURES} FROM tickets t WHERE ${IN_PERIOD}`).get(q) as CountRow);
}

export function slaCountsByFault(db: Db, q: CountQuery): Array<SlaCounts & { key: string }> {
  const rows = stmt(db, `SELECT t.fault AS key, ${FIGURES} FROM tickets t WHERE ${IN_PERIOD} GROUP BY t.fault`).all(q) as Array<CountRow & { key: string }>;
  return rows.map((r) => ({ ...withPending(r), key: r.key }));
}

/** Per service person: every ticket they were dispatched to; tickets nobody was sent to under ''. */
export function slaCountsByAssignee(db: Db, q: CountQuery): Array<SlaCounts & { key: string }> {
  const rows = stmt(
    db,
    `SELECT coalesce(a.name, '') AS key, ${FIGURES}
     FROM tickets t LEFT JOIN ticket_assignees a ON a.ticket_id = t.id
     WHERE ${IN_PERIOD} GROUP BY coalesce(a.name, '') ORDER BY key`,
  ).all(q) as Array<CountRow & { key: string }>;
  return rows.map((r) => ({ ...withPending(r), key: r.key }));
}

// ----- deadline checks and invariants -----

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

export function unsignedResolvedBy(db: Db, until: number): Array<{ id: string; resolved_at: number }> {
  return stmt(db, "SELECT id, resolved_at FROM tickets WHERE status = 'resolved' AND resolved_at <= ?").all(until) as Array<{ id: string; resolved_at: number }>;
}

/** Ids breaking the stored invariants (at most 5 of each, and how many in all). */
export function invariantBreaches(db: Db): Record<'responded_has_deadline' | 'signed_after_resolved' | 'status_matches_times', { n: number; ids: string[] }> {
  const one = (where: string) => {
    const ids = (stmt(db, `SELECT id FROM tickets WHERE ${where} ORDER BY id LIMIT 5`).all() as Array<{ id: string }>).map((r) => r.id);
    const n = ids.length === 0 ? 0 : (stmt(db, `SELECT count(*) AS n FROM tickets WHERE ${where}`).get() as { n: number }).n;
    return { n, ids };
  };
  return {
    responded_has_deadline: one("responded_at IS NOT NULL AND (deadline IS NULL OR response_kind NOT IN ('onsite', 'reply', 'written'))"),
    signed_after_resolved: one('signed_at IS NOT NULL AND (resolved_at IS NULL OR resolved_at > signed_at)'),
    status_matches_times: one(
      `(status IN ('responded','resolved','signed','approved') AND responded_at IS NULL)
       OR (status IN ('resolved','signed','approved') AND resolved_at IS NULL)
       OR (status = 'approved' AND signed_at IS NULL)
       OR (status = 'void' AND void_reason IS NULL)`,
    ),
  };
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
