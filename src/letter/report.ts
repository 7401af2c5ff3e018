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
  /** letters of closed months logged late, counted in this row (included above) */
  from_earlier?: LetterFigures & { on_time_rate: number | null; ids: string[] };
}

export interface LetterReport extends LetterFigures {
  period: Period;
  on_time_rate: number | null;
  by: LetterBreakdown | null;
  rows: LetterRow[];
  /** steps of letters entered late (补录, SPEC §0) whose step happened in the period */
  late_entries: number;
  /** a closed month: figures as of the closing, with the audit head stored then */
  closed?: { closed_at: string; head: string };
  /** letters of closed months logged late, counted in this month (included above) */
  from_earlier?: LetterFigures & { on_time_rate: number | null; ids: string[] };
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
}

type Pick = (l: Letter) => boolean;
const all: Pick = () => true;

function figuresOf(parts: MonthPart[], pick: Pick = all, earlierOnly = false) {
  return withRate(letterFiguresOf(parts.map((p) => ({ letters: [...(earlierOnly ? [] : p.own), ...p.earlier].filter(pick), now: p.now }))));
}

function earlierOf(parts: MonthPart[], pick: Pick = all): LetterRow['from_earlier'] {
  const ids = parts.flatMap((p) => p.earlier.filter(pick).map((l) => l.id));
  return ids.length === 0 ? undefined : { ...figuresOf(parts, pick, true), ids };
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
    return {
      key: m.label, start, end, now, own, earlier: whole ? lettersFromEarlier(db, m, now) : [],
      ...(closing ? { closed: { closed_at: isoInZone(closing.closedAt, ctx.tz), head: closing.head } } : {}),
    };
  });
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

/** Letters of closed months logged after the previous month's closing (and before this month's):
 *  they count in this month, the first open one when they were logged (SPEC §0 closed months). */
function lettersFromEarlier(db: Db, month: Period, now: number): Letter[] {
  const [y, m] = month.label.split('-').map(Number);
  const prev = closingOf(db, 'letter', m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`, now);
  if (prev === null) return [];
  const own = closingOf(db, 'letter', month.label, now);
  const to = Math.min(own ? own.closedAt : Number.MAX_SAFE_INTEGER, now + 1);
  return notVoid(store.lettersLoggedBetween(db, month.start, prev.closedAt, to), now);
}
