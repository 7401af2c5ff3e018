// Late entries (补录, SPEC §0): steps entered long after they happened, or after their deadline
// while dated before it. Their audit rows carry the reason (`late`) and the entry time; this file
// reads them for `kaohe audit late [PERIOD]` and for the `late_entries` figure of every report.
import { parseChange, type AuditEntry } from './audit.js';
import { cachedStatement, type Db } from './db.js';

export interface LateQuery {
  /** the step's happened time in [start, end) */
  start: number;
  end: number;
  /** as of: only rows entered by then */
  now: number;
  /** only actions of a module, e.g. 'ticket.' (default all) */
  prefix?: string;
}

interface LateRow {
  seq: number; at: number; actor: string; action: string; record_id: string | null; change: string; entered_at: number | null; late: string;
}

const SELECT = `SELECT seq, at, actor, action, record_id, change, entered_at, late FROM audit
  WHERE late IS NOT NULL AND at >= @start AND at < @end AND coalesce(entered_at, at) <= @now
    AND (@prefix IS NULL OR substr(action, 1, length(@prefix)) = @prefix)`;

function params(q: LateQuery) {
  return { start: q.start, end: q.end, now: q.now, prefix: q.prefix ?? null };
}

/** The late entries whose step happened in the period, in the order of their steps' times. */
export function lateEntries(db: Db, q: LateQuery): AuditEntry[] {
  const rows = cachedStatement(db, `${SELECT} ORDER BY at, seq`).all(params(q)) as LateRow[];
  return rows.map((r) => ({
    seq: r.seq, at: r.at, actor: r.actor, action: r.action, recordId: r.record_id, change: parseChange(r.change), enteredAt: r.entered_at, late: r.late,
  }));
}

/** How many late entries a module's report counts for the period (`late_entries`). */
export function lateCount(db: Db, q: LateQuery): number {
  return (cachedStatement(db, `SELECT count(*) AS n FROM (${SELECT})`).get(params(q)) as { n: number }).n;
}
