// The rules of calls and letters (篇1 3.5 来电来函处理程序), as pure functions.
//   3.5.1 按来电来函的时间顺序填写记录      -> logged in arrival order
//   3.5.2 明确答复和准时处理                -> a reply deadline per channel (ours, data/rules.json)
//   3.5.3 状况不明的应了解清晰详细状况       -> the `investigating` state, with notes
//   3.5.4 复电、复函应准时存档              -> `archived`, only after the reply
import { RuleError } from '../core/errors.js';
import type { Channel, Rules } from '../core/rules.js';
import { MS } from '../core/time.js';

export type LetterStatus = 'received' | 'investigating' | 'replied' | 'archived';
export const LETTER_STATUSES: LetterStatus[] = ['received', 'investigating', 'replied', 'archived'];

export type LetterStep = 'note' | 'reply' | 'archive';

/** The reply deadline snapshot taken when a letter arrives. The seed names none; ours is in the
 *  rule file: 24 h for phone and visit, 72 h for letter, fax and email. */
export function replyDeadline(receivedAt: number, channel: Channel, rules: Rules['letter']): { hours: number; deadline: number } {
  const hours = rules.reply_hours[channel];
  return { hours, deadline: receivedAt + Math.round(hours * MS.hour) };
}

/** Which states each step may start from; everything else is refused (exit 3).
 *  A note may follow the reply (the follow-up is recorded) but nothing follows the archive. */
const FROM: Record<LetterStep, LetterStatus[]> = {
  note: ['received', 'investigating', 'replied'],
  reply: ['received', 'investigating'],
  archive: ['replied'],
};

/** The state after a step, or a RuleError naming why the step is refused. */
export function nextStatus(id: string, status: LetterStatus, step: LetterStep): LetterStatus {
  if (!FROM[step].includes(status)) {
    throw new RuleError(refusalKey(status, step), { id, status });
  }
  if (step === 'reply') return 'replied';
  if (step === 'archive') return 'archived';
  return status === 'received' ? 'investigating' : status;
}

function refusalKey(status: LetterStatus, step: LetterStep): string {
  if (status === 'archived') return 'letter.refused.archived';
  if (step === 'reply') return 'letter.refused.reply_twice';
  if (step === 'archive') return 'letter.refused.archive_unreplied';
  return 'letter.refused.step';
}

export function isAnswered(status: LetterStatus): boolean {
  return status === 'replied' || status === 'archived';
}

/** Replied on time: the reply came at or before the deadline (the deadline instant itself counts). */
export function repliedOnTime(repliedAt: number, deadline: number): boolean {
  return repliedAt <= deadline;
}

/** Overdue: not replied and the deadline has passed (strictly after it). */
export function isOverdue(deadline: number, repliedAt: number | null, now: number): boolean {
  return repliedAt === null && now > deadline;
}

export type ReplyState = 'on_time' | 'late' | 'pending' | 'overdue';

/** Where a letter stands against its reply deadline at `now`. */
export function replyState(l: { repliedAt: number | null; deadline: number }, now: number): ReplyState {
  if (l.repliedAt !== null) return repliedOnTime(l.repliedAt, l.deadline) ? 'on_time' : 'late';
  return isOverdue(l.deadline, null, now) ? 'overdue' : 'pending';
}

export interface LetterFigureInput {
  receivedAt: number;
  deadline: number;
  repliedAt: number | null;
  /** when the reply was entered (SPEC §0): an as-of report knows it only from then */
  repliedEnteredAt?: number | null;
}

export interface LetterFigures {
  received: number;
  replied: number;
  replied_on_time: number;
  replied_late: number;
  open: number;
  overdue_open: number;
  /** median hours from arrival to reply, over the replied letters; null when none */
  median_reply_hours: number | null;
}

/** The report figures of the letters received in a period, as of `now`. A reply entered after
 *  `now` (even back-dated before it) does not count yet, so an old report reads as it did then. */
export function letterFigures(letters: LetterFigureInput[], now: number): LetterFigures {
  return letterFiguresOf([{ letters, now }]);
}

/** The figures of several groups of letters, each judged as of its own moment (a quarter: each
 *  closed month as of its closing, SPEC §0); counts summed, the median over every reply. */
export function letterFiguresOf(parts: Array<{ letters: LetterFigureInput[]; now: number }>): LetterFigures {
  const hours: number[] = [];
  const f: LetterFigures = { received: 0, replied: 0, replied_on_time: 0, replied_late: 0, open: 0, overdue_open: 0, median_reply_hours: null };
  for (const { letters, now } of parts) for (const l of letters) {
    f.received += 1;
    const repliedAt = l.repliedAt !== null && (l.repliedEnteredAt ?? l.repliedAt) <= now ? l.repliedAt : null;
    if (repliedAt === null) {
      f.open += 1;
      if (isOverdue(l.deadline, null, now)) f.overdue_open += 1;
      continue;
    }
    f.replied += 1;
    if (repliedOnTime(repliedAt, l.deadline)) f.replied_on_time += 1;
    else f.replied_late += 1;
    hours.push((repliedAt - l.receivedAt) / MS.hour);
  }
  f.median_reply_hours = median(hours);
  return f;
}

/** The median, rounded to two decimals; the mean of the middle two for an even count. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return Math.round(m * 100) / 100;
}

/** The letter as it stood in the records as of `now` (SPEC §0): a reply or archive entered later
 *  is taken away; null when the letter itself was logged later. */
export function letterAsOf<L extends { loggedAt: number; status: LetterStatus; repliedAt: number | null; repliedEnteredAt: number | null; archivedAt: number | null; archivedEnteredAt: number | null; replyText: string | null; replyChannel: unknown; repliedBy: string | null; archivedBy: string | null }>(l: L, now: number, investigated: boolean): L | null {
  if (l.loggedAt > now) return null;
  const replied = l.repliedAt !== null && (l.repliedEnteredAt ?? l.repliedAt) <= now;
  const archived = replied && l.archivedAt !== null && (l.archivedEnteredAt ?? l.archivedAt) <= now;
  if (replied === (l.repliedAt !== null) && archived === (l.archivedAt !== null)) return l;
  const status: LetterStatus = archived ? 'archived' : replied ? 'replied' : investigated ? 'investigating' : 'received';
  return {
    ...l, status,
    ...(replied ? {} : { repliedAt: null, repliedEnteredAt: null, replyText: null, replyChannel: null, repliedBy: null }),
    ...(archived ? {} : { archivedAt: null, archivedEnteredAt: null, archivedBy: null }),
  };
}

export interface DueItem {
  id: string;
  deadline: number;
  overdue: boolean;
}

/** Unanswered letters past their deadline, or due within `within` ms of now. */
export function dueLetters(open: Array<{ id: string; deadline: number }>, now: number, within: number): DueItem[] {
  return open
    .filter((l) => l.deadline <= now + within || now > l.deadline)
    .map((l) => ({ id: l.id, deadline: l.deadline, overdue: isOverdue(l.deadline, null, now) }));
}
