// All SQL of the ticket module, bound parameters only. Rows (snake_case) become the domain types
// of types.ts here and nowhere else. Statements are prepared once per database (the demo writes
// hundreds of thousands of rows through these same functions).
import type { Statement } from 'better-sqlite3';
import type { Db } from '../core/db.js';
import type { Assignee, Complaint, EnteredAt, FaultKind, Part, Report, ResponseKind, Responsibility, Status, Ticket, TicketChannel } from './types.js';

const cache = new WeakMap<Db, Map<string, Statement>>();
/** A prepared statement, cached per database (shared with store-report.ts). */
export function stmt(db: Db, sql: string): Statement {
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
  voided_at: number | null; created_by: string; entered_at: number | null; dispatched_entered_at: number | null;
  responded_entered_at: number | null; resolved_entered_at: number | null; feedback_entered_at: number | null;
  signed_entered_at: number | null; approved_entered_at: number | null; surveyed_entered_at: number | null; voided_entered_at: number | null;
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
    entered: {
      open: r.entered_at ?? r.reported_at, dispatch: r.dispatched_entered_at, respond: r.responded_entered_at, resolve: r.resolved_entered_at,
      feedback: r.feedback_entered_at, sign: r.signed_entered_at, approve: r.approved_entered_at, survey: r.surveyed_entered_at, void: r.voided_entered_at,
    },
  };
}

export function getTicket(db: Db, id: string): Ticket | undefined {
  const row = stmt(db, 'SELECT * FROM tickets WHERE id = ?').get(id) as TicketRow | undefined;
  if (!row) return undefined;
  const assignees = (stmt(db, 'SELECT name, is_lead FROM ticket_assignees WHERE ticket_id = ? ORDER BY is_lead DESC, name').all(id) as Array<{ name: string; is_lead: number }>).map(
    (a) => ({ name: a.name, lead: a.is_lead === 1 }),
  );
  const parts = stmt(db, 'SELECT code, qty, reason FROM ticket_parts WHERE ticket_id = ? ORDER BY seq').all(id) as Part[];
  const complaints = (stmt(db, 'SELECT service_fault, note, at, entered_at FROM ticket_complaints WHERE ticket_id = ? ORDER BY at, id').all(id) as Array<{ service_fault: number; note: string; at: number; entered_at: number | null }>).map(
    (c) => ({ serviceFault: c.service_fault === 1, note: c.note, at: c.at, enteredAt: c.entered_at ?? c.at }),
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
  /** when the opening was entered */
  enteredAt: number;
}

export function insertTicket(db: Db, t: NewTicket): void {
  stmt(
    db,
    `INSERT INTO tickets (id, status, customer, phone, contact, address, vehicle, model, fault, distance_km, supplier, channel,
       description, letter_id, reported_at, response_kind, deadline, feedback_required, created_by, entered_at)
     VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(t.id, t.customer, t.phone, t.contact, t.address, t.vehicle, t.model, t.fault, t.distanceKm, t.supplier ? 1 : 0, t.channel,
    t.description, t.letterId, t.reportedAt, t.responseKind, t.deadline, t.feedbackRequired ? 1 : 0, t.createdBy, t.enteredAt);
}

/** A whole ticket in one go, in whatever state it is (the demo's bulk load): a step without an
 *  entry time was entered when it happened (the demo enters its history at the event times). */
export function insertFull(db: Db, t: Omit<Ticket, 'entered'> & { entered?: Partial<EnteredAt> }): void {
  const e = t.entered ?? {};
  stmt(
    db,
    `INSERT INTO tickets (id, status, customer, phone, contact, address, vehicle, model, fault, distance_km, supplier, channel,
       description, letter_id, reported_at, response_kind, deadline, feedback_required, lead, loan_fen, dispatched_at, responded_at,
       response_note, resolved_at, cause, responsibility, warranty, warranty_reason, major, feedback_at, feedback_note, signed_by,
       signed_at, approved_by, approved_at, survey_rating, survey_note, surveyed_at, void_reason, voided_at, created_by,
       entered_at, dispatched_entered_at, responded_entered_at, resolved_entered_at, feedback_entered_at, signed_entered_at,
       approved_entered_at, surveyed_entered_at, voided_entered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
       ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(t.id, t.status, t.customer, t.phone, t.contact, t.address, t.vehicle, t.model, t.fault, t.distanceKm, t.supplier ? 1 : 0,
    t.channel, t.description, t.letterId, t.reportedAt, t.responseKind, t.deadline, t.feedbackRequired ? 1 : 0, t.lead, t.loanFen,
    t.dispatchedAt, t.respondedAt, t.responseNote, t.resolvedAt, t.cause, t.responsibility, t.warranty === null ? null : t.warranty ? 1 : 0,
    t.warrantyReason, t.major ? 1 : 0, t.feedbackAt, t.feedbackNote, t.signedBy, t.signedAt, t.approvedBy, t.approvedAt,
    t.surveyRating, t.surveyNote, t.surveyedAt, t.voidReason, t.voidedAt, t.createdBy,
    e.open ?? t.reportedAt, e.dispatch ?? t.dispatchedAt, e.respond ?? t.respondedAt, e.resolve ?? t.resolvedAt, e.feedback ?? t.feedbackAt,
    e.sign ?? t.signedAt, e.approve ?? t.approvedAt, e.survey ?? t.surveyedAt, e.void ?? t.voidedAt);
  const add = stmt(db, 'INSERT INTO ticket_assignees (ticket_id, name, is_lead) VALUES (?, ?, ?)');
  for (const a of t.assignees) add.run(t.id, a.name, a.lead ? 1 : 0);
  const part = stmt(db, 'INSERT INTO ticket_parts (ticket_id, seq, code, qty, reason) VALUES (?, ?, ?, ?, ?)');
  t.parts.forEach((p, i) => part.run(t.id, i + 1, p.code, p.qty, p.reason));
  for (const c of t.complaints) addComplaint(db, t.id, c);
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

export function setDispatch(db: Db, id: string, d: { assignees: Assignee[]; lead: string | null; loanFen: number; at: number; enteredAt: number; status: Status }): void {
  stmt(db, 'DELETE FROM ticket_assignees WHERE ticket_id = ?').run(id);
  const add = stmt(db, 'INSERT INTO ticket_assignees (ticket_id, name, is_lead) VALUES (?, ?, ?)');
  for (const a of d.assignees) add.run(id, a.name, a.lead ? 1 : 0);
  stmt(db, 'UPDATE tickets SET lead = ?, loan_fen = ?, dispatched_at = ?, dispatched_entered_at = ?, status = ? WHERE id = ?').run(d.lead, d.loanFen, d.at, d.enteredAt, d.status, id);
}

export function setResponse(db: Db, id: string, at: number, note: string | null, enteredAt: number): void {
  stmt(db, "UPDATE tickets SET responded_at = ?, responded_entered_at = ?, response_note = ?, status = 'responded' WHERE id = ?").run(at, enteredAt, note, id);
}

export interface Resolution {
  at: number;
  enteredAt: number;
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
    "UPDATE tickets SET resolved_at = ?, resolved_entered_at = ?, cause = ?, responsibility = ?, warranty = ?, warranty_reason = ?, major = ?, status = 'resolved' WHERE id = ?",
  ).run(r.at, r.enteredAt, r.cause, r.responsibility, r.warranty ? 1 : 0, r.warrantyReason, r.major ? 1 : 0, id);
  const add = stmt(db, 'INSERT INTO ticket_parts (ticket_id, seq, code, qty, reason) VALUES (?, ?, ?, ?, ?)');
  r.parts.forEach((p, i) => add.run(id, i + 1, p.code, p.qty, p.reason));
}

export function setFeedback(db: Db, id: string, at: number, note: string, enteredAt: number): void {
  stmt(db, 'UPDATE tickets SET feedback_at = ?, feedback_entered_at = ?, feedback_note = ? WHERE id = ?').run(at, enteredAt, note, id);
}

export function setSignature(db: Db, id: string, by: string, at: number, enteredAt: number): void {
  // written once: the WHERE keeps a second signature from ever replacing the first
  stmt(db, "UPDATE tickets SET signed_by = ?, signed_at = ?, signed_entered_at = ?, status = 'signed' WHERE id = ? AND signed_at IS NULL").run(by, at, enteredAt, id);
}

export function setApproval(db: Db, id: string, by: string, at: number, enteredAt: number): void {
  stmt(db, "UPDATE tickets SET approved_by = ?, approved_at = ?, approved_entered_at = ?, status = 'approved' WHERE id = ? AND approved_at IS NULL").run(by, at, enteredAt, id);
}

export function setSurvey(db: Db, id: string, rating: number, note: string | null, at: number, enteredAt: number): void {
  stmt(db, 'UPDATE tickets SET survey_rating = ?, survey_note = ?, surveyed_at = ?, surveyed_entered_at = ? WHERE id = ? AND survey_rating IS NULL').run(rating, note, at, enteredAt, id);
}

export function addComplaint(db: Db, id: string, c: Complaint): void {
  stmt(db, 'INSERT INTO ticket_complaints (ticket_id, service_fault, note, at, entered_at) VALUES (?, ?, ?, ?, ?)').run(id, c.serviceFault ? 1 : 0, c.note, c.at, c.enteredAt ?? c.at);
}

export function setVoid(db: Db, id: string, reason: string, at: number, enteredAt: number): void {
  stmt(db, "UPDATE tickets SET status = 'void', void_reason = ?, voided_at = ?, voided_entered_at = ? WHERE id = ?").run(reason, at, enteredAt, id);
}

/** A big demo load writes far more pages than SQLite's default 2 MB cache holds; a larger cache
 *  for this connection keeps the one long transaction from spilling pages to disk midway. */
export function prepareBulkLoad(db: Db, rows: number): void {
  // capped: the demo of a million tickets must run in a small memory (issue 14); the rows go in
  // in key order, so a bigger cache bought little time (96 MB of it was a third of the demo's peak)
  const kib = Math.min(32 * 1024, Math.max(2048, Math.ceil(rows * 4)));
  db.pragma(`cache_size = -${kib}`);
}

/** The tickets' serial rows (kind 'T'), year and last number, in the order they were made. */
export function ticketSerials(db: Db): Array<{ year: number; last: number }> {
  return stmt(db, "SELECT year, last FROM serials WHERE kind = 'T' ORDER BY rowid").all() as Array<{ year: number; last: number }>;
}

/** A year's last ticket number: a new row, or the row of a year there was already. */
export function saveTicketSerial(db: Db, year: number, last: number, known: boolean): void {
  if (known) stmt(db, "UPDATE serials SET last = ? WHERE kind = 'T' AND year = ?").run(last, year);
  else stmt(db, "INSERT INTO serials (kind, year, last) VALUES ('T', ?, ?)").run(year, last);
}

export function countTickets(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
}

// the ticket tables' own indexes (not the primary keys'), each dropped by a fixed statement
const INDEX_DROPS: Record<string, string> = {
  tickets_sla: 'DROP INDEX tickets_sla',
  tickets_awaiting_response: 'DROP INDEX tickets_awaiting_response',
  tickets_awaiting_closure: 'DROP INDEX tickets_awaiting_closure',
  tickets_customer: 'DROP INDEX tickets_customer',
  tickets_letter: 'DROP INDEX tickets_letter',
  ticket_assignees_name: 'DROP INDEX ticket_assignees_name',
  ticket_complaints_ticket: 'DROP INDEX ticket_complaints_ticket',
};

/** A bulk load (the demo's load test) drops the ticket tables' indexes and gets back the
 *  statements that create them again, as they were written: built once after the load (a sort),
 *  not row by row. */
export function dropTicketIndexes(db: Db): string[] {
  const found = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as Array<{ name: string; sql: string }>;
  const dropped: string[] = [];
  for (const x of found) {
    const drop = INDEX_DROPS[x.name];
    if (drop === undefined) continue;
    db.exec(drop);
    dropped.push(x.sql);
  }
  return dropped;
}

export function createIndexes(db: Db, statements: string[]): void {
  for (const sql of statements) db.exec(sql);
}
