// Plain questions about the notices, answered in memory from store.allNotices (a site has a few
// notices a month): which were effective as of a moment, their lines per guard, the occurrences
// that count for dismissal, and the facts the pay sheets work on. As of a moment means ENTERED by
// then (SPEC §0): a signature back-dated today does not change what a sheet printed earlier said.
import { monthKey } from '../core/period.js';
import type { Occurrence } from './rules.js';
import type { NoticeFacts } from './sheet.js';
import type { Notice } from './store.js';

/** Both signatures entered by `asOf`, and the void (if any) not yet. */
export function effectiveAsOf(n: Notice, asOf: number): boolean {
  return n.effectiveEnteredAt !== null && n.effectiveEnteredAt <= asOf && (n.voidEnteredAt === null || n.voidEnteredAt > asOf);
}

export interface GuardLine {
  guardId: string;
  noticeId: string;
  rule: number;
  at: number;
  points: number;
  fineFen: number;
  compensationFen: number;
  /** the rate the notice's fine was computed with */
  fenPerPoint: number;
}

/** Every guard's lines of notices effective as of `asOf` whose violation happened in [start, end). */
export function effectiveLines(notices: Notice[], start: number, end: number, asOf: number): GuardLine[] {
  return notices
    .filter((n) => n.at >= start && n.at < end && effectiveAsOf(n, asOf))
    .flatMap((n) => n.guards.map((g) => ({
      guardId: g.guardId, noticeId: n.id, rule: n.rule, at: n.at, points: g.points, fineFen: g.fineFen, compensationFen: g.compensationFen, fenPerPoint: n.fenPerPoint,
    })));
}

/** Occurrences of the given rules per guard in notices effective as of `asOf`, violations before `before`. */
export function occurrencesByGuard(notices: Notice[], rules: number[], before: number, asOf: number): Map<string, Occurrence[]> {
  const out = new Map<string, Occurrence[]>();
  for (const n of notices) {
    if (!rules.includes(n.rule) || n.at >= before || !effectiveAsOf(n, asOf)) continue;
    for (const g of n.guards) {
      const list = out.get(g.guardId);
      const o = { rule: n.rule, at: n.at, notice: n.id };
      if (list) list.push(o);
      else out.set(g.guardId, [o]);
    }
  }
  return out;
}

/** What the pay sheets need of each notice, with the month of its violation in the zone. */
export function noticeFacts(notices: Notice[], tz: string): NoticeFacts[] {
  return notices.map((n) => ({
    id: n.id, month: monthKey(n.at, tz), effectiveEnteredAt: n.effectiveEnteredAt, voidEnteredAt: n.voidEnteredAt,
    guards: n.guards.map((g) => ({ guardId: g.guardId, points: g.points, fineFen: g.fineFen, compensationFen: g.compensationFen })),
  }));
}
