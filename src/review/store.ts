// All SQL of the review module. Rows (snake_case) become domain types here. Reads take `asOf`
// (an entry time): what had been entered by then, so `--now` on a read reproduces it.
import type { Db } from '../core/db.js';
import type { Bands, Grade, Level, Scores, Stage, WeightsH } from './rules.js';

export interface Staff { id: string; name: string; createdAt: number }

export interface StaffVersion {
  staffId: string;
  validFrom: string;
  level: Level;
  dept: string;
  leader: string;
  assessor: string;
  probationUntil: string | null;
  basePayFen: number | null;
  at: number;
  enteredAt: number;
}

export interface Cycle {
  period: string;
  kind: 'quarter' | 'year';
  openedAt: number;
  status: 'open' | 'closed';
  closedAt: number | null;
  reopenedAt: number | null;
  reopenReason: string | null;
}

export interface Submission { what: 'report' | 'plan'; at: number; enteredAt: number; file: string | null }

export interface Score {
  stage: Stage;
  by: string;
  at: number;
  enteredAt: number;
  scores: Scores;
  weights: WeightsH;
  bands: Bands;
  totalTenths: number;
  grade: Grade;
  confirmed: boolean;
  note: string | null;
}

export interface Review {
  period: string;
  staffId: string;
  name: string;
  due: { self_report: number; initial: number; final: number };
  createdAt: number;
  filedBy: string | null;
  filedAt: number | null;
  filedEnteredAt: number | null;
  report: Submission | null;
  plan: Submission | null;
  initial: Score | null;
  final: Score | null;
}

type Row = Record<string, any>;

// ---- roster ----------------------------------------------------------------------------------

export function nextStaffId(db: Db): string {
  const row = db.prepare('SELECT count(*) AS n FROM review_staff').get() as { n: number };
  return `M${String(row.n + 1).padStart(3, '0')}`;
}

export function insertStaff(db: Db, s: Staff): void {
  db.prepare('INSERT INTO review_staff (id, name, created_at) VALUES (?, ?, ?)').run(s.id, s.name, s.createdAt);
}

export function staffByName(db: Db, name: string): Staff | undefined {
  const r = db.prepare('SELECT * FROM review_staff WHERE name = ? OR id = ? COLLATE NOCASE').get(name, name) as Row | undefined;
  return r ? { id: r.id, name: r.name, createdAt: r.created_at } : undefined;
}

export function allStaff(db: Db, asOf: number): Staff[] {
  return (db.prepare('SELECT * FROM review_staff WHERE created_at <= ? ORDER BY id').all(asOf) as Row[]).map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
}

const toVersion = (r: Row): StaffVersion => ({
  staffId: r.staff_id, validFrom: r.valid_from, level: r.level, dept: r.dept, leader: r.leader, assessor: r.assessor,
  probationUntil: r.probation_until, basePayFen: r.base_pay_fen, at: r.at, enteredAt: r.entered_at,
});

export function insertVersion(db: Db, v: StaffVersion): void {
  db.prepare(
    `INSERT INTO review_staff_versions (staff_id, valid_from, level, dept, leader, assessor, probation_until, base_pay_fen, at, entered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(v.staffId, v.validFrom, v.level, v.dept, v.leader, v.assessor, v.probationUntil, v.basePayFen, v.at, v.enteredAt);
}

export function versionExists(db: Db, staffId: string, validFrom: string): boolean {
  return db.prepare('SELECT 1 FROM review_staff_versions WHERE staff_id = ? AND valid_from = ?').get(staffId, validFrom) !== undefined;
}

/** The version in force on `date` (YYYY-MM-DD), as entered by `asOf`. */
export function versionOn(db: Db, staffId: string, date: string, asOf: number): StaffVersion | undefined {
  const r = db
    .prepare('SELECT * FROM review_staff_versions WHERE staff_id = ? AND valid_from <= ? AND entered_at <= ? ORDER BY valid_from DESC LIMIT 1')
    .get(staffId, date, asOf) as Row | undefined;
  return r ? toVersion(r) : undefined;
}

export function versionsOf(db: Db, staffId: string, asOf: number): StaffVersion[] {
  return (db.prepare('SELECT * FROM review_staff_versions WHERE staff_id = ? AND entered_at <= ? ORDER BY valid_from').all(staffId, asOf) as Row[]).map(toVersion);
}

// ---- cycles ----------------------------------------------------------------------------------

const toCycle = (r: Row): Cycle => ({
  period: r.period, kind: r.kind, openedAt: r.opened_at, status: r.status, closedAt: r.closed_at, reopenedAt: r.reopened_at, reopenReason: r.reopen_reason,
});

export function cycleOf(db: Db, period: string): Cycle | undefined {
  const r = db.prepare('SELECT * FROM review_cycles WHERE period = ?').get(period) as Row | undefined;
  return r ? toCycle(r) : undefined;
}

export function openCycles(db: Db): Cycle[] {
  return (db.prepare("SELECT * FROM review_cycles WHERE status = 'open' ORDER BY period").all() as Row[]).map(toCycle);
}

export function allCycles(db: Db): Cycle[] {
  return (db.prepare('SELECT * FROM review_cycles ORDER BY period').all() as Row[]).map(toCycle);
}

export function insertCycle(db: Db, c: Cycle): void {
  db.prepare('INSERT INTO review_cycles (period, kind, opened_at, status, closed_at, reopened_at, reopen_reason) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(c.period, c.kind, c.openedAt, c.status, c.closedAt, c.reopenedAt, c.reopenReason);
}

export function setCycleStatus(db: Db, period: string, status: 'open' | 'closed', at: number, reason: string | null): void {
  if (status === 'closed') db.prepare("UPDATE review_cycles SET status = 'closed', closed_at = ? WHERE period = ?").run(at, period);
  else db.prepare("UPDATE review_cycles SET status = 'open', reopened_at = ?, reopen_reason = ? WHERE period = ?").run(at, reason, period);
}

// ---- reviews ---------------------------------------------------------------------------------

export function insertReview(db: Db, r: { period: string; staffId: string; due: Review['due']; createdAt: number }): void {
  db.prepare('INSERT INTO reviews (period, staff_id, self_report_due, initial_due, final_due, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(r.period, r.staffId, r.due.self_report, r.due.initial, r.due.final, r.createdAt);
}

export function reviewExists(db: Db, period: string, staffId: string): boolean {
  return db.prepare('SELECT 1 FROM reviews WHERE period = ? AND staff_id = ?').get(period, staffId) !== undefined;
}

function toScore(r: Row): Score {
  return {
    stage: r.stage, by: r.by, at: r.at, enteredAt: r.entered_at,
    scores: { duty: r.duty, ability: r.ability, character: r.character, knowledge: r.knowledge, discipline: r.discipline },
    weights: JSON.parse(r.weights), bands: JSON.parse(r.bands), totalTenths: r.total_tenths, grade: r.grade, confirmed: r.confirmed === 1, note: r.note,
  };
}

/** The reviews of a cycle with their submissions and scores, each as entered by `asOf`. */
export function reviewsOf(db: Db, period: string, asOf: number, staffId?: string): Review[] {
  const rows = (staffId === undefined
    ? db.prepare('SELECT r.*, s.name FROM reviews r JOIN review_staff s ON s.id = r.staff_id WHERE r.period = ? AND r.created_at <= ? ORDER BY s.id').all(period, asOf)
    : db.prepare('SELECT r.*, s.name FROM reviews r JOIN review_staff s ON s.id = r.staff_id WHERE r.period = ? AND r.created_at <= ? AND r.staff_id = ?').all(period, asOf, staffId)) as Row[];
  const subs = db.prepare('SELECT * FROM review_submissions WHERE period = ? AND staff_id = ? AND entered_at <= ?');
  const scores = db.prepare('SELECT * FROM review_scores WHERE period = ? AND staff_id = ? AND entered_at <= ?');
  return rows.map((r) => {
    const sub = subs.all(period, r.staff_id, asOf) as Row[];
    const sc = (scores.all(period, r.staff_id, asOf) as Row[]).map(toScore);
    const submission = (what: string): Submission | null => {
      const s = sub.find((x) => x.what === what);
      return s ? { what: s.what, at: s.at, enteredAt: s.entered_at, file: s.file } : null;
    };
    const filed = r.filed_entered_at !== null && r.filed_entered_at <= asOf;
    return {
      period: r.period, staffId: r.staff_id, name: r.name, createdAt: r.created_at,
      due: { self_report: r.self_report_due, initial: r.initial_due, final: r.final_due },
      filedBy: filed ? r.filed_by : null, filedAt: filed ? r.filed_at : null, filedEnteredAt: filed ? r.filed_entered_at : null,
      report: submission('report'), plan: submission('plan'),
      initial: sc.find((s) => s.stage === 'initial') ?? null, final: sc.find((s) => s.stage === 'final') ?? null,
    };
  });
}

export function insertSubmission(db: Db, period: string, staffId: string, s: Submission): void {
  db.prepare('INSERT INTO review_submissions (period, staff_id, what, at, entered_at, file) VALUES (?, ?, ?, ?, ?, ?)')
    .run(period, staffId, s.what, s.at, s.enteredAt, s.file);
}

export function insertScore(db: Db, period: string, staffId: string, s: Score): void {
  db.prepare(
    `INSERT INTO review_scores (period, staff_id, stage, by, at, entered_at, duty, ability, character, knowledge, discipline,
       weights, bands, total_tenths, grade, confirmed, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    period, staffId, s.stage, s.by, s.at, s.enteredAt, s.scores.duty, s.scores.ability, s.scores.character, s.scores.knowledge, s.scores.discipline,
    JSON.stringify(s.weights), JSON.stringify(s.bands), s.totalTenths, s.grade, s.confirmed ? 1 : 0, s.note,
  );
}

export function fileReview(db: Db, period: string, staffId: string, by: string, at: number, enteredAt: number): void {
  db.prepare('UPDATE reviews SET filed_by = ?, filed_at = ?, filed_entered_at = ? WHERE period = ? AND staff_id = ? AND filed_by IS NULL')
    .run(by, at, enteredAt, period, staffId);
}

// ---- for db check ------------------------------------------------------------------------------

/** Final scores without an initial one, or dated before it (should be none). */
export function finalWithoutInitial(db: Db): string[] {
  return (
    db.prepare(
      `SELECT f.period || '/' || f.staff_id AS id FROM review_scores f
       LEFT JOIN review_scores i ON i.period = f.period AND i.staff_id = f.staff_id AND i.stage = 'initial'
       WHERE f.stage = 'final' AND (i.staff_id IS NULL OR f.at < i.at)`,
    ).all() as Row[]
  ).map((r) => r.id);
}

export function allScores(db: Db): Array<Score & { period: string; staffId: string }> {
  return (db.prepare('SELECT * FROM review_scores ORDER BY period, staff_id, stage').all() as Row[]).map((r) => ({ ...toScore(r), period: r.period, staffId: r.staff_id }));
}

/** Steps of a cycle entered late (补录, with a reason) by `asOf`: SPEC §0's late_entries. */
export function lateEntries(db: Db, period: string, asOf: number): number {
  const r = db.prepare("SELECT count(*) AS n FROM audit WHERE late IS NOT NULL AND substr(record_id, 1, ?) = ? AND coalesce(entered_at, at) <= ?")
    .get(period.length + 1, `${period}/`, asOf) as { n: number };
  return r.n;
}
