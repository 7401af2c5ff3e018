// "From earlier months" in `report sla` (SPEC §0 closed months), record by record. A month whose
// previous month is closed counts (1) the late records of closed months entered since that closing
// and (2) the later verdicts: tickets of closed months still pending at that closing whose verdict
// (a response entered, or the deadline passing) became known since. Both are few (the closing
// warns about the pending ones), so each is loaded and counted here, which puts it in its group
// (fault, service person) and lets a report spanning several months count a later verdict once:
// when an earlier month of the SAME report already counts the ticket (as pending, as of that
// month's closing), the later month counts only the change (pending −1, met or missed +1, no new
// ticket, and what else was entered since, e.g. a complaint). A report without that earlier month
// (the later month alone, a quarter starting after it) counts the ticket whole, with its verdict,
// as a ticket from earlier months (SPEC §1.3 needs a ticket under every verdict).
import type { Db } from '../core/db.js';
import { closingOf, type Closing } from '../core/closing.js';
import { monthsIn, type Period } from '../core/period.js';
import { reportAsOf } from './rules-service.js';
import { loadTicket } from './service-open.js';
import { contribution } from './sla-revised.js';
import * as queries from './store-report.js';
import type { SlaCounts, Ticket } from './types.js';

/** One month of a period (cut to it), as its own month report would count it. */
export interface MonthPart {
  key: string;
  period: Period;
  /** as of: now, or the month's closing */
  now: number;
  closing: Closing | null;
  /** a whole month whose previous month is closed: records entered in [from, to) of closed months count here */
  window: { from: number; to: number } | null;
}

/** One record of a closed month counted in a later month: what it adds as of that month's moment,
 *  less what an earlier month of the same report already counted of it (a later verdict). */
export interface EarlierLine {
  id: string;
  verdict: boolean;
  add: { ticket: Ticket; counts: SlaCounts };
  take: { ticket: Ticket; counts: SlaCounts } | null;
}

export interface EarlierMonth {
  lines: EarlierLine[];
  /** tickets of closed months voided in this month (their month keeps counting them) */
  voided: Ticket[];
}

/** The `from_earlier` figures (JSON keys: SlaCounts, voided, later_verdicts, pending_settled). */
export type Earlier = SlaCounts & {
  voided: string[];
  /** of these records, tickets pending at their month's closing whose verdict counts here */
  later_verdicts: number;
  /** of the later verdicts, those whose ticket an earlier month of this report counts as pending:
   *  counted as a change (tickets +0, pending −1, met or missed +1) */
  pending_settled: number;
};

const EMPTY: SlaCounts = { tickets: 0, met: 0, missed: 0, pending: 0, surveyed: 0, satisfied: 0, complaints: 0 };
const KEYS = Object.keys(EMPTY) as Array<keyof SlaCounts>;
const ALL_TIME = { start: Number.NEGATIVE_INFINITY, end: Number.POSITIVE_INFINITY };

export function addCounts(a: SlaCounts, b: SlaCounts, sign: 1 | -1 = 1): SlaCounts {
  return Object.fromEntries(KEYS.map((k) => [k, a[k] + sign * b[k]])) as unknown as SlaCounts;
}

export function monthParts(db: Db, period: Period, now: number, tz: string): MonthPart[] {
  return monthsIn(period, tz).map((m) => {
    const closing = closingOf(db, 'ticket', m.label, now);
    const at = closing ? Math.min(now, closing.closedAt) : now;
    const cut = { ...m, start: Math.max(m.start, period.start), end: Math.min(m.end, period.end) };
    // a month cut by a --from/--to range takes only its own tickets
    const whole = cut.start === m.start && cut.end === m.end;
    const before = whole ? closingOf(db, 'ticket', previousMonth(m.label), at) : null;
    const window = before ? { from: before.closedAt, to: closing ? closing.closedAt : Number.MAX_SAFE_INTEGER } : null;
    return { key: m.label, period: cut, now: at, closing, window };
  });
}

/** The from-earlier records of each part (null for a part that has none). */
export function earlierMonths(db: Db, parts: MonthPart[], satisfied: number): Array<EarlierMonth | null> {
  return parts.map((p, i) => {
    if (p.window === null) return null;
    const q = { before: p.period.start, from: p.window.from, to: p.window.to, now: p.now };
    const asOf = (t: Ticket, now: number) => reportAsOf(t, t.revisions ?? [], now);
    const counted = (t: Ticket, now: number) => contribution(asOf(t, now), { ...ALL_TIME, now, satisfied });
    const lines: EarlierLine[] = [];
    for (const id of queries.lateRecordIds(db, q)) {
      const t = loadTicket(db, id);
      const c = counted(t, p.now);
      if (c) lines.push({ id, verdict: false, add: { ticket: asOf(t, p.now), counts: c }, take: null });
    }
    for (const id of queries.laterVerdictIds(db, { before: q.before, from: q.from, now: q.now })) {
      const t = loadTicket(db, id);
      const c = counted(t, p.now);
      if (c === null) continue;
      const then = countedBefore(parts, i, t);
      const was = then === null ? null : counted(t, then);
      lines.push({ id, verdict: true, add: { ticket: asOf(t, p.now), counts: c }, take: was && { ticket: asOf(t, then as number), counts: was } });
    }
    const voided = queries.voidsFromEarlier(db, q).map((id) => loadTicket(db, id));
    return lines.length === 0 && voided.length === 0 ? null : { lines, voided };
  });
}

/** The moment of the earlier part of the same report that counts ticket `t` (its own month, or
 *  the month that counts it as a late record), or null when no part before `i` counts it. */
function countedBefore(parts: MonthPart[], i: number, t: Ticket): number | null {
  const entered = t.entered.open ?? t.reportedAt;
  for (const p of parts.slice(0, i)) {
    if (entered > p.now) continue;
    const reported = reportAsOf(t, t.revisions ?? [], p.now).reportedAt;
    if (reported >= p.period.start && reported < p.period.end) return p.now;
    if (p.window && entered >= p.window.from && entered < p.window.to && reported < p.period.start) return p.now;
  }
  return null;
}

/** The from-earlier figures of some months, optionally of one group only (`has`: the ticket is in it). */
export function tally(months: Array<EarlierMonth | null>, has: (t: Ticket) => boolean = () => true): Earlier | null {
  let c = EMPTY;
  let found = false;
  const out = { voided: [] as string[], later_verdicts: 0, pending_settled: 0 };
  for (const m of months) {
    if (m === null) continue;
    for (const l of m.lines) {
      const mine = has(l.add.ticket);
      if (mine) c = addCounts(c, l.add.counts);
      if (l.take && has(l.take.ticket)) c = addCounts(c, l.take.counts, -1);
      if (!mine && !(l.take && has(l.take.ticket))) continue;
      found = true;
      if (mine && l.verdict) out.later_verdicts += 1;
      if (mine && l.take) out.pending_settled += 1;
    }
    for (const t of m.voided) if (has(t)) {
      found = true;
      out.voided.push(t.id);
    }
  }
  return found ? { ...c, ...out } : null;
}

/** The group keys of every from-earlier record (as added and as taken away). */
export function earlierKeys(months: Array<EarlierMonth | null>, keysOf: (t: Ticket) => string[]): string[] {
  const keys = new Set<string>();
  for (const m of months) if (m) {
    for (const l of m.lines) for (const t of l.take ? [l.add.ticket, l.take.ticket] : [l.add.ticket]) keysOf(t).forEach((k) => keys.add(k));
    for (const t of m.voided) keysOf(t).forEach((k) => keys.add(k));
  }
  return [...keys];
}

function previousMonth(label: string): string {
  const [y, m] = label.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
