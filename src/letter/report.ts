// The calls-and-letters report (`report letters`): a period is the sum of its months, each
// closed month as of its closing with its "from earlier months" letters, open months as of now
// (SPEC §0 closed months); broken down by month or channel. Split from service.ts.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { monthsIn, type Period } from '../core/period.js';
import { closingOf } from '../core/closing.js';
import { lateCount } from '../core/late.js';
import { shownRate } from '../core/rate.js';
import { CHANNELS } from '../core/rules.js';
import { isoInZone } from '../core/time.js';
import { letterFiguresOf, type LetterFigures } from './rules.js';
import * as store from './store.js';
import { notVoid } from './service-void.js';
import type { Letter } from './store.js';

export type LetterBreakdown = 'month' | 'channel';
export const LETTER_BREAKDOWNS: LetterBreakdown[] = ['month', 'channel'];

export interface LetterRow extends LetterFigures {
  /** 2026-10 for a month, phone | letter | ... for a channel */
  key: string;
  on_time_rate: number | null;
  /** --by month: a closed month, counted as of its closing */
  closed?: { closed_at: string; head: string };
  /** letters of closed months logged late or answered late, counted in this row (included above) */
  from_earlier?: FromEarlier;
}

/** The from-earlier letters of a row or report: those logged late, and the later replies of letters
 *  still unanswered at their month's closing (`later_replies`); of these, `open_settled` are
 *  letters an earlier month of the same report counts as open: counted as a change there
 *  (received +0, open −1, replied +1), not as a new letter. */
export type FromEarlier = LetterFigures & { on_time_rate: number | null; ids: string[]; later_replies: number; open_settled: number };

export interface LetterReport extends LetterFigures {
  period: Period;
  on_time_rate: number | null;
  by: LetterBreakdown | null;
  rows: LetterRow[];
  /** steps of letters entered late (补录, SPEC §0) whose step happened in the period */
  late_entries: number;
  /** a closed month: figures as of the closing, with the audit head stored then */
  closed?: { closed_at: string; head: string };
  /** letters of closed months logged late or answered late, counted in this month (included above) */
  from_earlier?: FromEarlier;
}

// 答复准时率: replied on time / replied (our figure; the seed asks only for 明确答复和准时处理)
function withRate(f: LetterFigures): LetterFigures & { on_time_rate: number | null } {
  return { ...f, on_time_rate: shownRate(f.replied_on_time, f.replied) }; // rounded once (core/rate.ts)
}

/** One month of a period (cut to it), as its own month report counts it. */
interface MonthPart {
  key: string;
  start: number;
  end: number;
  now: number;
  closed?: { closed_at: string; head: string };
  own: Letter[];
  earlier: Letter[];
  /** letters of closed months unanswered at the previous month's closing, answered since */
  later: Letter[];
  /** of `later`, those an earlier part of the same report counts (as open), with that part's moment */
  settled: Map<string, number>;
  /** a whole month whose previous month is closed: what was entered in [from, to) counts here */
  window: { from: number; to: number } | null;
}

type Pick = (l: Letter) => boolean;
const all: Pick = () => true;

function figuresOf(parts: MonthPart[], pick: Pick = all, earlierOnly = false) {
  const added = letterFiguresOf(parts.map((p) => ({ letters: [...(earlierOnly ? [] : p.own), ...p.earlier, ...p.later].filter(pick), now: p.now })));
  // a later reply of a letter that an earlier month of this report counts as open is a change:
  // take away the letter as that month counted it (received 1, open 1), keep the reply
  const taken = letterFiguresOf(parts.flatMap((p) => p.later.filter((l) => pick(l) && p.settled.has(l.id)).map((l) => ({ letters: [l], now: p.settled.get(l.id) as number }))));
  return withRate({
    received: added.received - taken.received, replied: added.replied - taken.replied, replied_on_time: added.replied_on_time - taken.replied_on_time,
    replied_late: added.replied_late - taken.replied_late, open: added.open - taken.open, overdue_open: added.overdue_open - taken.overdue_open,
    median_reply_hours: added.median_reply_hours,
  });
}

function earlierOf(parts: MonthPart[], pick: Pick = all): LetterRow['from_earlier'] {
  const ids = parts.flatMap((p) => [...p.earlier, ...p.later].filter(pick).map((l) => l.id));
  if (ids.length === 0) return undefined;
  const later = parts.flatMap((p) => p.later.filter(pick).map((l) => p.settled.has(l.id)));
  return { ...figuresOf(parts, pick, true), ids, later_replies: later.length, open_settled: later.filter(Boolean).length };
}

/** The figures of the letters received in a period, optionally broken down by month or channel.
 *  A quarter or year is the sum of its months: each closed month as of its closing with its
 *  "from earlier months" letters, open months as of now (SPEC §0 closed months). */
export function letterReport(ctx: Context, period: Period, db: Db = ctx.db(), by: LetterBreakdown | null = null): LetterReport {
  const parts: MonthPart[] = monthsIn(period, ctx.tz).map((m) => {
    // a closed month is reported as of its closing, forever
    const closing = closingOf(db, 'letter', m.label, ctx.now);
    const now = closing ? Math.min(ctx.now, closing.closedAt) : ctx.now;
    const start = Math.max(m.start, period.start);
    const end = Math.min(m.end, period.end);
    // as of `now`: the letters logged by then (their replies are judged by entry time in letterFigures)
    const own = notVoid(store.lettersReceived(db, start, end).filter((l) => l.loggedAt <= now), now);
    const whole = start === m.start && end === m.end; // a month cut by --from/--to takes only its own letters
    const window = whole ? windowOf(db, m, now) : null;
    return {
      key: m.label, start, end, now, own, window, settled: new Map<string, number>(),
      earlier: window ? notVoid(store.lettersLoggedBetween(db, m.start, window.from, Math.min(window.to, now + 1)), now) : [],
      later: window ? notVoid(store.lettersRepliedBetween(db, m.start, window.from, Math.min(window.to, now)), now) : [],
      ...(closing ? { closed: { closed_at: isoInZone(closing.closedAt, ctx.tz), head: closing.head } } : {}),
    };
  });
  parts.forEach((p, i) => p.later.forEach((l) => {
    const then = countedBefore(parts, i, l);
    if (then !== null) p.settled.set(l.id, then);
  }));
  let rows: LetterRow[] = [];
  if (by === 'month') {
    // the rows are exactly the month figures: they add up to the headline
    rows = parts.map((p) => {
      const earlier = earlierOf([p]);
      return { key: p.key, ...figuresOf([p]), ...(p.closed ? { closed: p.closed } : {}), ...(earlier ? { from_earlier: earlier } : {}) };
    });
  } else if (by === 'channel') {
    rows = CHANNELS.map((c) => {
      const pick: Pick = (l) => l.channel === c;
      const earlier = earlierOf(parts, pick);
      return { key: c, ...figuresOf(parts, pick), ...(earlier ? { from_earlier: earlier } : {}) };
    });
  }
  const late = parts.reduce((n, p) => n + lateCount(db, { start: p.start, end: p.end, now: p.now, prefix: 'letter.' }), 0);
  const single = period.kind === 'month' ? parts[0] : null;
  const earlier = earlierOf(parts);
  return {
    period, ...figuresOf(parts), by, rows, late_entries: late,
    ...(single?.closed ? { closed: single.closed } : {}),
    ...(earlier ? { from_earlier: earlier } : {}),
  };
}

/** The window of a month whose previous month is closed: letters of closed months logged in it
 *  (late records) or answered in it (later replies) count in this month, the first open one then
 *  (SPEC §0 closed months); up to this month's own closing. */
function windowOf(db: Db, month: Period, now: number): MonthPart['window'] {
  const [y, m] = month.label.split('-').map(Number);
  const prev = closingOf(db, 'letter', m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`, now);
  if (prev === null) return null;
  const own = closingOf(db, 'letter', month.label, now);
  return { from: prev.closedAt, to: own ? own.closedAt : Number.MAX_SAFE_INTEGER };
}

/** The moment of the part before `i` of the same report that counts letter `l` (its own month,
 *  or the month that counts it as logged late), or null when none does. */
function countedBefore(parts: MonthPart[], i: number, l: Letter): number | null {
  for (const p of parts.slice(0, i)) {
    if (l.loggedAt > p.now) continue;
    if (l.receivedAt >= p.start && l.receivedAt < p.end) return p.now;
    if (p.window && l.loggedAt >= p.window.from && l.loggedAt < p.window.to && l.receivedAt < p.start) return p.now;
  }
  return null;
}
