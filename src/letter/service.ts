// Use cases of calls and letters: validate input (exit 2), find the letter (exit 4), apply the
// rules (exit 3), then write through the store in one transaction with its audit row.
import { auditLog, lastEnteredAt, type AuditEntry } from '../core/audit.js';
import type { CheckItem, Invariant } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { InputError, NotFoundError, RuleError } from '../core/errors.js';
import { checkStep, type StepTimes } from '../core/steps.js';
import { parseEnum, requireEnum } from '../core/enum.js';
import type { ListScope } from '../core/list-scope.js';
import { optionalText, requireText } from '../core/input.js';
import type { Period } from '../core/period.js';
import { CHANNELS, type Channel } from '../core/rules.js';
import { dateOf, isoInZone, parsePastMoment } from '../core/time.js';
import { dueLetters, letterAsOf, nextStatus, repliedOnTime, replyDeadline } from './rules.js';
import * as store from './store.js';
import { assertNotVoid, notVoid, voidLetter } from './service-void.js';
import type { Letter, LetterNote } from './store.js';

export type { Letter, LetterNote } from './store.js';

const ID_RE = /^L\d{4}-\d{4,}$/;

/** Ids are typed by people: accept `l2026-0007` and surrounding blanks. */
export function normalizeId(text: string): string {
  return text.trim().toUpperCase();
}

function load(db: Db, id: string): Letter {
  const key = normalizeId(id);
  const letter = ID_RE.test(key) ? store.findLetter(db, key) : undefined;
  if (!letter) throw new NotFoundError('letter.not_found', { id: id.trim() });
  return letter;
}

// ---- for the ticket module (kaohe ticket open --letter LID) ----

/** The letter a new ticket wants to link to; NotFoundError (exit 4) for an unknown id. */
export function getLetterForLink(db: Db, id: string): { id: string; ticket_id: string | null; received_at: number; channel: Channel } {
  const l = load(db, id);
  assertNotVoid(l); // a voided letter becomes no ticket
  return { id: l.id, ticket_id: l.ticketId, received_at: l.receivedAt, channel: l.channel };
}

/** Links a letter to the ticket it became. Call inside the ticket's write transaction.
 *  A letter becomes at most one ticket: a second link is refused (exit 3). */
export function linkLetterToTicket(ctx: Context, db: Db, letterId: string, ticketId: string, at = ctx.now): void {
  const l = load(db, letterId);
  if (l.ticketId !== null) throw new RuleError('letter.refused.linked', { id: l.id, ticket: l.ticketId });
  store.saveTicketLink(db, l.id, ticketId);
  ctx.audit(db, 'letter.link', l.id, { ticket_id: ticketId }, at);
}

// ---- log ----

export interface LogInput {
  channel?: string;
  from?: string;
  org?: string;
  contact?: string;
  subject?: string;
  content?: string;
  receivedAt?: string;
  /** why the letter is logged late (补录, SPEC §0) */
  reason?: string;
}

export function parseChannel(text: string, field: string): Channel {
  return parseEnum(text, field, CHANNELS, 'letter.channel.');
}

/** A moment given by the user, never later than now (a letter cannot arrive in the future). */
function pastMoment(ctx: Context, text: string | undefined, field: string): number {
  return parsePastMoment(text, field, ctx.tz, ctx.now, 'letter.input.future');
}

/** Builds the new letter (without its id) from the input: every check that needs no database. */
export function newLetter(ctx: Context, input: LogInput): Omit<Letter, 'id'> {
  const channel = requireEnum(input.channel, '--channel', CHANNELS, 'letter.channel.');
  const fromName = requireText(input.from, '--from');
  const subject = requireText(input.subject, '--subject');
  const receivedAt = pastMoment(ctx, input.receivedAt, '--received-at');
  const { hours, deadline } = replyDeadline(receivedAt, channel, ctx.rules.letter);
  return {
    channel, fromName, org: optionalText(input.org, '--org'), contact: optionalText(input.contact, '--contact'), subject, content: optionalText(input.content, '--content', 'long'),
    receivedAt, loggedAt: ctx.now, loggedBy: ctx.actor, replyHours: hours, deadline, status: 'received',
    replyText: null, replyChannel: null, repliedBy: null, repliedAt: null, archivedAt: null, archivedBy: null, ticketId: null,
    repliedEnteredAt: null, archivedEnteredAt: null,
  };
}

/** Stores a new letter inside an open write; the id's year is the year it arrived (local). Its
 *  arrival is the step's happened time, its logging the entry time: a letter logged late needs
 *  `reason` (补录, SPEC §0). The demo passes `at`, its simulated clock, and enters on time. */
export function insertNewLetter(ctx: Context, db: Db, fields: Omit<Letter, 'id'>, at?: number, reason?: string | null): Letter {
  const times = at !== undefined
    ? { at, enteredAt: at, late: null }
    : checkStep(ctx, { kind: 'letter.log', at: fields.receivedAt, reason, field: '--received-at' });
  const letter: Letter = { id: nextSerial(db, 'L', dateOf(fields.receivedAt, ctx.tz).y), ...fields };
  store.insertLetter(db, letter);
  ctx.audit(db, 'letter.log', letter.id, {
    channel: letter.channel, from: letter.fromName, org: letter.org, contact: letter.contact, subject: letter.subject,
    content: letter.content, received_at: isoInZone(letter.receivedAt, ctx.tz), reply_hours: letter.replyHours, deadline: isoInZone(letter.deadline, ctx.tz),
  }, at ?? times.at, { late: times.late });
  return letter;
}

export function logLetter(ctx: Context, input: LogInput): Letter {
  const fields = newLetter(ctx, input);
  return ctx.write((db) => insertNewLetter(ctx, db, fields, undefined, optionalText(input.reason, '--reason', 'long')));
}

/** The step's two times (SPEC §0): for a clerk checked against the step it follows and the
 *  backdating limit; the demo (auditAt given) enters its history at the event times. */
function stepTimes(
  ctx: Context, kind: string, at: number, after: { at: number; what: string; id: string }, auditAt: number | undefined,
  reason: string | null | undefined, deadline: number | null = null,
): StepTimes {
  if (auditAt !== undefined) return { at, enteredAt: auditAt, late: null };
  return checkStep(ctx, { kind, at, after, deadline, reason });
}

const received = (ctx: Context, l: Letter) => ({ at: l.receivedAt, what: ctx.t('letter.when.received', { id: l.id }), id: l.id });

// ---- note, reply, archive ----

// The apply* steps run inside an open write. `auditAt` is the demo's simulated clock; a clerk's
// step (auditAt undefined) is dated --at and checked by core/steps.ts: never before the letter
// arrived (or the reply, for the archive): exit 3 like every module; a late entry needs --reason.
export function applyNote(ctx: Context, db: Db, letter: Letter, text: string, at: number, auditAt?: number, reason?: string | null): LetterNote {
  assertNotVoid(letter);
  const times = stepTimes(ctx, 'letter.note', at, received(ctx, letter), auditAt, reason);
  const status = nextStatus(letter.id, letter.status, 'note');
  const note = store.addNote(db, letter.id, { at, by: ctx.actor, text, enteredAt: times.enteredAt });
  if (status !== letter.status) store.setStatus(db, letter.id, status);
  ctx.audit(db, 'letter.note', letter.id, { text, at: isoInZone(at, ctx.tz), status }, auditAt ?? times.at, { late: times.late });
  return note;
}

export function noteLetter(ctx: Context, id: string, input: { text?: string; at?: string; reason?: string }): { letter: Letter; note: LetterNote } {
  const text = requireText(input.text, '--text', 'long');
  const at = pastMoment(ctx, input.at, '--at');
  return ctx.write((db) => {
    const note = applyNote(ctx, db, load(db, id), text, at, undefined, optionalText(input.reason, '--reason', 'long'));
    return { letter: load(db, id), note };
  });
}

export interface ReplyInput {
  text?: string;
  by?: string;
  at?: string;
  channel?: string;
  reason?: string;
}

export function applyReply(ctx: Context, db: Db, letter: Letter, r: { text: string; by: string; at: number; channel: Channel | null }, auditAt?: number, reason?: string | null): void {
  assertNotVoid(letter);
  nextStatus(letter.id, letter.status, 'reply');
  const times = stepTimes(ctx, 'letter.reply', r.at, received(ctx, letter), auditAt, reason, letter.deadline);
  const channel = r.channel ?? letter.channel; // the reply goes back the way the letter came, unless told
  store.saveReply(db, letter.id, { text: r.text, channel, by: r.by, at: r.at, enteredAt: times.enteredAt });
  ctx.audit(db, 'letter.reply', letter.id, { text: r.text, channel, by: r.by, at: isoInZone(r.at, ctx.tz), on_time: repliedOnTime(r.at, letter.deadline) }, auditAt ?? times.at, { late: times.late });
}

export function replyLetter(ctx: Context, id: string, input: ReplyInput): Letter {
  const text = requireText(input.text, '--text', 'long');
  const by = requireText(input.by, '--by');
  const channel = input.channel === undefined ? null : parseChannel(input.channel, '--channel');
  const at = pastMoment(ctx, input.at, '--at');
  return ctx.write((db) => {
    applyReply(ctx, db, load(db, id), { text, by, at, channel }, undefined, optionalText(input.reason, '--reason', 'long'));
    return load(db, id);
  });
}

export function applyArchive(ctx: Context, db: Db, letter: Letter, at: number, auditAt?: number, reason?: string | null): void {
  assertNotVoid(letter);
  nextStatus(letter.id, letter.status, 'archive');
  const after = letter.repliedAt !== null ? { at: letter.repliedAt, what: ctx.t('letter.when.replied', { id: letter.id }), id: letter.id } : received(ctx, letter);
  const times = stepTimes(ctx, 'letter.archive', at, after, auditAt, reason);
  store.saveArchive(db, letter.id, at, ctx.actor, times.enteredAt);
  ctx.audit(db, 'letter.archive', letter.id, { at: isoInZone(at, ctx.tz) }, auditAt ?? times.at, { late: times.late });
}

export function archiveLetter(ctx: Context, id: string, input: { at?: string; reason?: string }): Letter {
  const at = pastMoment(ctx, input.at, '--at');
  return ctx.write((db) => {
    applyArchive(ctx, db, load(db, id), at, undefined, optionalText(input.reason, '--reason', 'long'));
    return load(db, id);
  });
}

// ---- reading ----

export interface LetterDetail {
  letter: Letter;
  notes: LetterNote[];
  history: AuditEntry[];
}

/** One letter as of ctx.now: what had been entered by then (SPEC §0), its notes and history too. */
export function showLetter(ctx: Context, id: string): LetterDetail {
  const db = ctx.db();
  const letter = asOf(db, ctx.now, load(db, id));
  if (letter === null) throw new NotFoundError('letter.not_found', { id: id.trim() });
  const entered = (t: number | undefined, fallback: number) => (t ?? fallback) <= ctx.now;
  return {
    letter,
    notes: store.notesOf(db, letter.id).filter((n) => entered(n.enteredAt, n.at)),
    history: auditLog(db, { recordId: letter.id }).filter((h) => (h.enteredAt ?? h.at) <= ctx.now),
  };
}

function asOf(db: Db, now: number, l: Letter): Letter | null {
  return letterAsOf(l, now, l.status !== 'received' && store.notedBy(db, l.id, now));
}

/** Is the clock before the last entry (an as-of read with --now)? Then the tables are ahead of it. */
function behind(ctx: Context, db: Db): boolean {
  const last = lastEnteredAt(db);
  return last !== null && ctx.now < last;
}

/** Letters of a period in arrival order; `pending` keeps the unanswered ones. Pending without a
 *  period means every unanswered letter, however old: those are the ones a clerk must chase.
 *  As of ctx.now: only what had been logged and answered by then. */
export function listLetters(ctx: Context, opts: { period: Period | null; pending: boolean; scope?: ListScope; customer?: string }): Letter[] {
  const customer = optionalText(opts.customer, '--customer');
  const scope = opts.scope;
  let letters: Letter[];
  if (scope === undefined || scope.kind === 'period') letters = lettersOf(ctx, { period: scope?.period ?? opts.period, pending: opts.pending });
  else if (scope.kind === 'all') letters = lettersOf(ctx, { period: { start: Number.MIN_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER } as Period, pending: opts.pending });
  else {
    // open from earlier (unanswered, whenever received) + everything of the month
    const open = lettersOf(ctx, { period: null, pending: true }).filter((l) => l.receivedAt < scope.month.start);
    letters = [...open, ...lettersOf(ctx, { period: scope.month, pending: opts.pending })];
  }
  // a voided letter leaves every list (as of when the void was entered); `letter show` still shows it
  letters = notVoid(letters, ctx.now);
  return customer === null ? letters : letters.filter((l) => [l.fromName, l.org, l.contact].some((v) => v !== null && v.includes(customer)));
}

function lettersOf(ctx: Context, opts: { period: Period | null; pending: boolean }): Letter[] {
  const db = ctx.db();
  if (opts.period === null) {
    if (!behind(ctx, db)) return store.unansweredLetters(db);
    return store.unansweredLettersAsOf(db, ctx.now).map((l) => asOf(db, ctx.now, l)).filter((l): l is Letter => l !== null);
  }
  const all = store.lettersReceived(db, opts.period.start, opts.period.end).map((l) => asOf(db, ctx.now, l)).filter((l): l is Letter => l !== null);
  return opts.pending ? all.filter((l) => l.status === 'received' || l.status === 'investigating') : all;
}

export { LETTER_BREAKDOWNS, letterReport, type LetterBreakdown, type LetterReport, type LetterRow } from './report.js';

/** Unanswered letters past their deadline or due within `within` ms (for cron). */
export function letterChecks(ctx: Context, db: Db, within: number): CheckItem[] {
  const open = notVoid(behind(ctx, db) ? store.unansweredLettersAsOf(db, ctx.now) : store.unansweredLetters(db), ctx.now);
  const byId = new Map(open.map((l) => [l.id, l]));
  return dueLetters(open, ctx.now, within).map((d) => {
    const l = byId.get(d.id)!;
    return { kind: 'letter', id: d.id, what: 'reply', due: d.deadline, overdue: d.overdue, detail: l.subject };
  });
}

export function letterInvariants(db: Db): Invariant[] {
  const item = (name: string, bad: string[]): Invariant => ({ name, ok: bad.length === 0, detail: bad.length === 0 ? 'ok' : bad.slice(0, 5).join(', ') });
  return [
    item('letter_reply_complete', store.inconsistentReplies(db)),
    item('letter_archived_after_reply', store.inconsistentArchives(db)),
    item('letter_deadline_snapshot', store.inconsistentDeadlines(db)),
  ];
}

/** `kaohe close`: the month's letters still unanswered, in words. */
export function letterPendingAtClose(ctx: Context, db: Db, month: Period): string[] {
  const open = notVoid(store.lettersReceived(db, month.start, month.end), ctx.now).filter((l) => l.status === 'received' || l.status === 'investigating').map((l) => l.id);
  return open.length === 0 ? [] : [ctx.t('letter.close.unanswered', { n: open.length, ids: open.slice(0, 10) })];
}

/** `letter void ID --reason TEXT [--at TIME]` (service-void.ts). */
export function voidLetterById(ctx: Context, id: string, input: { reason?: string; at?: string }): Letter {
  return voidLetter(ctx, load, id, input);
}
