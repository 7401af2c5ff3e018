// All SQL of the letter module, with bound parameters only. Rows (snake_case) become Letter here.
import type { Db } from '../core/db.js';
import type { Channel } from '../core/rules.js';
import type { LetterStatus } from './rules.js';

export interface Letter {
  id: string;
  channel: Channel;
  fromName: string;
  org: string | null;
  contact: string | null;
  subject: string;
  content: string | null;
  receivedAt: number;
  loggedAt: number;
  loggedBy: string;
  replyHours: number;
  deadline: number;
  status: LetterStatus;
  replyText: string | null;
  replyChannel: Channel | null;
  repliedBy: string | null;
  repliedAt: number | null;
  archivedAt: number | null;
  archivedBy: string | null;
  ticketId: string | null;
  /** when the reply and the archive were entered (SPEC §0 two times); loggedAt is the letter's own */
  repliedEnteredAt: number | null;
  archivedEnteredAt: number | null;
  /** a letter logged by mistake (letter void): when, entered when, by whom, why */
  voidedAt?: number | null;
  voidedEnteredAt?: number | null;
  voidedBy?: string | null;
  voidReason?: string | null;
}

export interface LetterNote {
  seq: number;
  at: number;
  by: string;
  text: string;
  /** when it was entered */
  enteredAt?: number;
}

interface LetterRow {
  id: string;
  channel: Channel;
  from_name: string;
  org: string | null;
  contact: string | null;
  subject: string;
  content: string | null;
  received_at: number;
  logged_at: number;
  logged_by: string;
  reply_hours: number;
  deadline: number;
  status: LetterStatus;
  reply_text: string | null;
  reply_channel: Channel | null;
  replied_by: string | null;
  replied_at: number | null;
  archived_at: number | null;
  archived_by: string | null;
  ticket_id: string | null;
  replied_entered_at: number | null;
  archived_entered_at: number | null;
  voided_at?: number | null;
  voided_entered_at?: number | null;
  voided_by?: string | null;
  void_reason?: string | null;
}

function toLetter(r: LetterRow): Letter {
  return {
    id: r.id,
    channel: r.channel,
    fromName: r.from_name,
    org: r.org,
    contact: r.contact,
    subject: r.subject,
    content: r.content,
    receivedAt: r.received_at,
    loggedAt: r.logged_at,
    loggedBy: r.logged_by,
    replyHours: r.reply_hours,
    deadline: r.deadline,
    status: r.status,
    replyText: r.reply_text,
    replyChannel: r.reply_channel,
    repliedBy: r.replied_by,
    repliedAt: r.replied_at,
    archivedAt: r.archived_at,
    archivedBy: r.archived_by,
    ticketId: r.ticket_id,
    repliedEnteredAt: r.replied_entered_at ?? r.replied_at,
    archivedEnteredAt: r.archived_entered_at ?? r.archived_at,
    voidedAt: r.voided_at ?? null,
    voidedEnteredAt: r.voided_entered_at ?? null,
    voidedBy: r.voided_by ?? null,
    voidReason: r.void_reason ?? null,
  };
}

export function findLetter(db: Db, id: string): Letter | undefined {
  const row = db.prepare('SELECT * FROM letters WHERE id = ?').get(id) as LetterRow | undefined;
  return row ? toLetter(row) : undefined;
}

export function insertLetter(db: Db, l: Letter): void {
  db.prepare(
    `INSERT INTO letters (id, channel, from_name, org, contact, subject, content, received_at, logged_at, logged_by,
       reply_hours, deadline, status, reply_text, reply_channel, replied_by, replied_at, archived_at, archived_by, ticket_id,
       replied_entered_at, archived_entered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    l.id, l.channel, l.fromName, l.org, l.contact, l.subject, l.content, l.receivedAt, l.loggedAt, l.loggedBy,
    l.replyHours, l.deadline, l.status, l.replyText, l.replyChannel, l.repliedBy, l.repliedAt, l.archivedAt, l.archivedBy, l.ticketId,
    l.repliedEnteredAt, l.archivedEnteredAt,
  );
}

export function setStatus(db: Db, id: string, status: LetterStatus): void {
  db.prepare('UPDATE letters SET status = ? WHERE id = ?').run(status, id);
}

export function saveReply(db: Db, id: string, r: { text: string; channel: Channel; by: string; at: number; enteredAt: number }): void {
  db.prepare(`UPDATE letters SET status = 'replied', reply_text = ?, reply_channel = ?, replied_by = ?, replied_at = ?, replied_entered_at = ? WHERE id = ?`).run(
    r.text, r.channel, r.by, r.at, r.enteredAt, id,
  );
}

export function saveArchive(db: Db, id: string, at: number, by: string, enteredAt: number): void {
  db.prepare(`UPDATE letters SET status = 'archived', archived_at = ?, archived_by = ?, archived_entered_at = ? WHERE id = ?`).run(at, by, enteredAt, id);
}

export function saveVoid(db: Db, id: string, v: { at: number; enteredAt: number; by: string; reason: string }): void {
  db.prepare('UPDATE letters SET voided_at = ?, voided_entered_at = ?, voided_by = ?, void_reason = ? WHERE id = ?').run(v.at, v.enteredAt, v.by, v.reason, id);
}

export function saveTicketLink(db: Db, id: string, ticketId: string): void {
  db.prepare('UPDATE letters SET ticket_id = ? WHERE id = ?').run(ticketId, id);
}

export function addNote(db: Db, id: string, note: { at: number; by: string; text: string; enteredAt: number }): LetterNote {
  const row = db.prepare('SELECT coalesce(max(seq), 0) + 1 AS seq FROM letter_notes WHERE letter_id = ?').get(id) as { seq: number };
  db.prepare('INSERT INTO letter_notes (letter_id, seq, at, by, text, entered_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, row.seq, note.at, note.by, note.text, note.enteredAt);
  return { seq: row.seq, at: note.at, by: note.by, text: note.text };
}

export function notesOf(db: Db, id: string): LetterNote[] {
  return db.prepare('SELECT seq, at, by, text, coalesce(entered_at, at) AS enteredAt FROM letter_notes WHERE letter_id = ? ORDER BY seq').all(id) as LetterNote[];
}

/** Letters received in [start, end), in arrival order. */
export function lettersReceived(db: Db, start: number, end: number): Letter[] {
  const rows = db.prepare('SELECT * FROM letters WHERE received_at >= ? AND received_at < ? ORDER BY received_at, id').all(start, end) as LetterRow[];
  return rows.map(toLetter);
}

/** Letters received before `before` but logged in [from, to): late records of closed months. */
export function lettersLoggedBetween(db: Db, before: number, from: number, to: number): Letter[] {
  const rows = db
    .prepare('SELECT * FROM letters WHERE received_at < ? AND logged_at >= ? AND logged_at < ? ORDER BY received_at, id')
    .all(before, from, to) as LetterRow[];
  return rows.map(toLetter);
}

/** Letters received before `before` and logged before `from` (counted by a closed month, still
 *  unanswered at the closing `from`) whose reply was entered in (from, to]: their later replies. */
export function lettersRepliedBetween(db: Db, before: number, from: number, to: number): Letter[] {
  const rows = db
    .prepare(
      `SELECT * FROM letters WHERE received_at < ? AND logged_at < ? AND replied_at IS NOT NULL
         AND coalesce(replied_entered_at, replied_at) > ? AND coalesce(replied_entered_at, replied_at) <= ?
       ORDER BY received_at, id`,
    )
    .all(before, from, from, to) as LetterRow[];
  return rows.map(toLetter);
}

/** Letters logged by `now` whose reply had not been entered by then (an as-of check). */
export function unansweredLettersAsOf(db: Db, now: number): Letter[] {
  const rows = db
    .prepare(
      `SELECT * FROM letters WHERE logged_at <= ?
         AND (status IN ('received', 'investigating') OR coalesce(replied_entered_at, replied_at) > ?)
       ORDER BY received_at, id`,
    )
    .all(now, now) as LetterRow[];
  return rows.map(toLetter);
}

/** Was a note entered on the letter by `now`? (its status as of then: investigating) */
export function notedBy(db: Db, id: string, now: number): boolean {
  return db.prepare('SELECT 1 FROM letter_notes WHERE letter_id = ? AND coalesce(entered_at, at) <= ? LIMIT 1').get(id, now) !== undefined;
}

/** Letters not yet replied (received or investigating), in arrival order. */
export function unansweredLetters(db: Db): Letter[] {
  const rows = db.prepare(`SELECT * FROM letters WHERE status IN ('received', 'investigating') ORDER BY received_at, id`).all() as LetterRow[];
  return rows.map(toLetter);
}

/** Letters whose reply fields do not fit their state (for `kaohe db check`). */
export function inconsistentReplies(db: Db): string[] {
  const rows = db
    .prepare(
      `SELECT id FROM letters
       WHERE (status IN ('replied', 'archived') AND (reply_text IS NULL OR trim(reply_text) = '' OR replied_by IS NULL OR replied_at IS NULL OR reply_channel IS NULL))
          OR (status IN ('received', 'investigating') AND (replied_at IS NOT NULL OR reply_text IS NOT NULL))
          OR (replied_at IS NOT NULL AND replied_at < received_at)
       ORDER BY id`,
    )
    .all() as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Archived letters without a reply before the archive, or an archive time on an unarchived one. */
export function inconsistentArchives(db: Db): string[] {
  const rows = db
    .prepare(
      `SELECT id FROM letters
       WHERE (status = 'archived' AND (replied_at IS NULL OR archived_at IS NULL OR archived_at < replied_at))
          OR (status <> 'archived' AND archived_at IS NOT NULL)
       ORDER BY id`,
    )
    .all() as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Letters whose stored deadline is not their arrival plus their own reply hours. */
export function inconsistentDeadlines(db: Db): string[] {
  const rows = db
    .prepare('SELECT id FROM letters WHERE deadline <> received_at + CAST(round(reply_hours * 3600000) AS INTEGER) ORDER BY id')
    .all() as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

export function countLetters(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM letters').get() as { n: number }).n;
}
