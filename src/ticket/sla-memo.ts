// What one read has counted of the SLA figures (store-report.ts), so that a report asking for the
// same window in several sections counts it once (issue 14). No SQL here.
import type { SlaCounts } from './types.js';

/** A window of the SLA figures (store-report.ts CountQuery). */
interface Window { start: number; end: number; now: number; satisfied: number }

const keyOf = (section: string, q: Window) => `${section} ${q.start} ${q.end} ${q.now} ${q.satisfied}`;

/** What one read of a database has counted already, by section and window (issue 14: `report
 *  monthly` asks for the month's figures in four sections, and `--by fault` holds them too). Made
 *  for one report over one snapshot: never kept across writes. */
export type SlaMemo = Map<string, unknown>;
export const slaMemo = (): SlaMemo => new Map();

export function memoized<T>(memo: SlaMemo | undefined, section: string, q: Window, read: () => T): T {
  if (memo === undefined) return read();
  const key = keyOf(section, q);
  if (!memo.has(key)) memo.set(key, read());
  return memo.get(key) as T;
}

/** What the read holds already for a section and window (undefined: not read yet). */
export const memoOf = (memo: SlaMemo, section: string, q: Window): unknown => memo.get(keyOf(section, q));

/** GROUP BY fault puts each ticket in exactly one row, so the rows add up to the period's figures. */
export function sumCounts(rows: SlaCounts[]): SlaCounts {
  // the same keys in the same order as a row of SLA_SQL.period (full)
  const out = { tickets: 0, met: 0, missed: 0, surveyed: 0, satisfied: 0, complaints: 0, pending: 0 };
  for (const r of rows) for (const k of Object.keys(out) as Array<keyof SlaCounts>) out[k] += r[k];
  return out;
}
