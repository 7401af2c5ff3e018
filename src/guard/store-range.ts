// The guard module's reads by index range (issue 14): a month's sheet, the dismissal flags and a
// dismissal's check read the notices they need, never every notice ever made (store.allNotices).
import type { Db } from '../core/db.js';
import { stmt, toNoticeRow, type Notice, type NoticeGuard } from './store.js';

type Row = Record<string, any>;

const lineOf = (r: Row): NoticeGuard => ({ guardId: r.guard_id, name: r.name, points: r.points, fineFen: r.fine_fen, compensationFen: r.compensation_fen });

/** The SQL of this file (exported for the query-plan tests). */
export const RANGE_SQL = {
  between: 'SELECT * FROM guard_notices WHERE at >= @start AND at < @end ORDER BY at, id',
  linesBetween: `SELECT ng.notice_id, ng.guard_id, g.name, ng.points, ng.fine_fen, ng.compensation_fen
    FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id JOIN guards g ON g.id = ng.guard_id
    WHERE n.at >= @start AND n.at < @end ORDER BY ng.rowid`,
  ofRule: 'SELECT * FROM guard_notices WHERE rule = @rule AND at < @before ORDER BY at, id',
  linesOfRule: `SELECT ng.notice_id, ng.guard_id, g.name, ng.points, ng.fine_fen, ng.compensation_fen
    FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id JOIN guards g ON g.id = ng.guard_id
    WHERE n.rule = @rule AND n.at < @before ORDER BY ng.rowid`,
  // entered (effective or void) at or after the first closing: only these can count in a later
  // month than their own (补扣); every other notice counts in its own month or nowhere
  late: `SELECT * FROM guard_notices INDEXED BY guard_notices_effective_entered WHERE effective_entered_at >= @since AND at < @before
    UNION SELECT * FROM guard_notices INDEXED BY guard_notices_void_entered WHERE void_entered_at >= @since AND at < @before`,
  linesLate: `SELECT ng.notice_id, ng.guard_id, g.name, ng.points, ng.fine_fen, ng.compensation_fen
    FROM guard_notice_guards ng JOIN guards g ON g.id = ng.guard_id
    WHERE ng.notice_id IN (SELECT id FROM guard_notices INDEXED BY guard_notices_effective_entered WHERE effective_entered_at >= @since AND at < @before
      UNION SELECT id FROM guard_notices INDEXED BY guard_notices_void_entered WHERE void_entered_at >= @since AND at < @before) ORDER BY ng.rowid`,
  first: 'SELECT min(at) AS at FROM guard_notices',
  sums: `SELECT ng.guard_id, sum(ng.fine_fen + ng.compensation_fen) AS fen FROM guard_notices n
    JOIN guard_notice_guards ng ON ng.notice_id = n.id WHERE n.at >= @start AND n.at < @end GROUP BY ng.guard_id`,
  // the notices after `at` (a dismissal is dated near today: few), each probing its guards by key
  laterOf: `SELECT n.id, n.at FROM guard_notices n WHERE n.at > @at AND n.status <> 'void'
    AND EXISTS (SELECT 1 FROM guard_notice_guards ng WHERE ng.notice_id = n.id AND ng.guard_id = @guard) ORDER BY n.at, n.id LIMIT 1`,
  // what can be a draft as of @now: a draft today, or a notice whose second signature or void was
  // entered after @now (an as-of read); every other notice was effective or void by then
  maybeDraft: `SELECT * FROM guard_notices INDEXED BY guard_notices_status WHERE status = 'draft'
    UNION SELECT * FROM guard_notices INDEXED BY guard_notices_effective_entered WHERE effective_entered_at > @now
    UNION SELECT * FROM guard_notices INDEXED BY guard_notices_void_entered WHERE void_entered_at > @now`,
  linesMaybeDraft: `SELECT ng.notice_id, ng.guard_id, g.name, ng.points, ng.fine_fen, ng.compensation_fen
    FROM guard_notice_guards ng JOIN guards g ON g.id = ng.guard_id
    WHERE ng.notice_id IN (SELECT id FROM guard_notices INDEXED BY guard_notices_status WHERE status = 'draft'
      UNION SELECT id FROM guard_notices INDEXED BY guard_notices_effective_entered WHERE effective_entered_at > @now
      UNION SELECT id FROM guard_notices INDEXED BY guard_notices_void_entered WHERE void_entered_at > @now) ORDER BY ng.rowid`,
};

function withLines(rows: Row[], lines: Row[]): Notice[] {
  const byNotice = new Map<string, NoticeGuard[]>();
  for (const r of lines) {
    const list = byNotice.get(r.notice_id);
    if (list) list.push(lineOf(r));
    else byNotice.set(r.notice_id, [lineOf(r)]);
  }
  return rows.map((r) => toNoticeRow(r, byNotice.get(r.id) ?? []));
}

/** The notices whose violation happened in [start, end), ordered as store.allNotices orders them. */
export function noticesBetween(db: Db, start: number, end: number): Notice[] {
  const q = { start, end };
  return withLines(stmt(db, RANGE_SQL.between).all(q) as Row[], stmt(db, RANGE_SQL.linesBetween).all(q) as Row[]);
}

/** The notices of the given rules whose violation happened before `before` (any order). */
export function noticesOfRules(db: Db, rules: number[], before: number): Notice[] {
  return rules.flatMap((rule) => {
    const q = { rule, before };
    return withLines(stmt(db, RANGE_SQL.ofRule).all(q) as Row[], stmt(db, RANGE_SQL.linesOfRule).all(q) as Row[]);
  });
}

/** The notices made effective or voided at or after `since` whose violation happened before
 *  `before`, ordered as store.allNotices orders them. */
export function lateNotices(db: Db, since: number, before: number): Notice[] {
  const q = { since, before };
  const rows = (stmt(db, RANGE_SQL.late).all(q) as Row[]).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return withLines(rows, stmt(db, RANGE_SQL.linesLate).all(q) as Row[]);
}

/** The violation time of the first notice ever made (null: none). */
export function firstNoticeAt(db: Db): number | null {
  return (stmt(db, RANGE_SQL.first).get() as Row).at ?? null;
}

/** Per guard, the fines and compensation of every notice (whatever its state) in [start, end). */
export function lineSums(db: Db, start: number, end: number): Map<string, number> {
  return new Map((stmt(db, RANGE_SQL.sums).all({ start, end }) as Row[]).map((r) => [r.guard_id, r.fen]));
}

/** The first notice not void naming the guard whose violation happened after `at`. */
export function laterNoticeOf(db: Db, guard: string, at: number): { id: string; at: number } | undefined {
  return stmt(db, RANGE_SQL.laterOf).get({ guard, at }) as { id: string; at: number } | undefined;
}

/** The notices that may have been drafts as of `now` (a superset: the caller applies the as-of
 *  rule), for `kaohe check`, which read every notice ever made for them (issue 14). */
export function noticesMaybeDraft(db: Db, now: number): Notice[] {
  const q = { now };
  const rows = (stmt(db, RANGE_SQL.maybeDraft).all(q) as Row[]).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return withLines(rows, stmt(db, RANGE_SQL.linesMaybeDraft).all(q) as Row[]);
}
