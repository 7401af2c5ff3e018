// The stock module's read-side SQL: balances now and as entered by a moment, one part's ledger,
// and the invariants of `db check` (book = sum of movements; no running balance below zero).
import { cachedStatement, type Db } from '../core/db.js';
import type { Quality } from './rules.js';
import type { SlipKind } from './store.js';

type Row = Record<string, unknown>;
const st = cachedStatement;

function camel<T>(row: Row): T {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out as T;
}

export interface BalanceRow { part: string; loc: string; quality: Quality; qty: number }

/** Book balances now (from stock_balances), zero rows left out. */
export function balancesNow(db: Db): BalanceRow[] {
  return st(db, 'SELECT part, loc, quality, qty FROM stock_balances WHERE qty <> 0 ORDER BY loc, part, quality').all() as BalanceRow[];
}

/** Balances as they stood with only what had been entered by `enteredBy` (as-of reads). */
export function balancesEnteredBy(db: Db, enteredBy: number): BalanceRow[] {
  return st(db, `SELECT part, loc, quality, sum(qty) AS qty FROM stock_moves WHERE entered_at <= ?
                 GROUP BY part, loc, quality HAVING sum(qty) <> 0 ORDER BY loc, part, quality`).all(enteredBy) as BalanceRow[];
}

/** One ledger line as the query returns it: [slip, kind, loc, quality, at, qty, person, requisition, dated].
 *  `at` is when the movement counts in the running balance, `dated` the slip's own time (they
 *  differ for a late entry into a closed month, SPEC §0). Arrays, not objects: a ledger may run to
 *  thousands of lines and is read once. */
export type LedgerTuple = [string, SlipKind, string, Quality, number, number, string | null, string | null, number];

// an index range of stock_moves_ledger (part, at), already in running order (at, id): no sort
const LEDGER_SQL = (byLoc: boolean) => `SELECT m.slip, s.kind, m.loc, m.quality, m.at, m.qty, s.person, s.requisition, s.at
  FROM stock_moves m INDEXED BY stock_moves_ledger JOIN stock_slips s ON s.id = m.slip
  WHERE m.part = @part AND m.at >= @from AND m.at < @to AND m.entered_at <= @by${byLoc ? ' AND m.loc = @loc' : ''}
  ORDER BY m.at, m.id`;
export const LEDGER_ALL = LEDGER_SQL(false);
export const LEDGER_LOC = LEDGER_SQL(true);

/** One part's movements (at a location, or all) in [from, to) as entered by a moment, in running
 *  order, streamed. */
export function ledgerRows(db: Db, part: string, loc: string | null, from: number, to: number, enteredBy: number): IterableIterator<LedgerTuple> {
  const q = st(db, loc === null ? LEDGER_ALL : LEDGER_LOC).raw(true);
  const params = loc === null ? { part, from, to, by: enteredBy } : { part, loc, from, to, by: enteredBy };
  return q.iterate(params) as IterableIterator<LedgerTuple>;
}

export const OPENING_SQL = `SELECT loc, sum(qty) AS qty FROM stock_moves INDEXED BY stock_moves_ledger
  WHERE part = @part AND at < @before AND entered_at <= @by GROUP BY loc`;

/** Opening balances per location of a part before a moment (the range before the period). */
export function openingByLoc(db: Db, part: string, loc: string | null, before: number, enteredBy: number): Array<{ loc: string; qty: number }> {
  const rows = st(db, OPENING_SQL).all({ part, before, by: enteredBy }) as Array<{ loc: string; qty: number }>;
  return loc === null ? rows : rows.filter((r) => r.loc === loc);
}

// ---- invariants -------------------------------------------------------------------------------

/** Keys whose book balance differs from the sum of their movements (exported for the plan test):
 *  the movements summed in one pass of stock_moves_run in its order (no sort), each key's book
 *  probed by its primary key; then the books with no movement at all, each one step of that
 *  index. It was a pass of the movements probing the books once per movement, and each book's
 *  range of movements summed twice (the correlated sum repeated in the outer WHERE). */
export const BOOK_MISMATCH_SQL = `SELECT part, loc, quality, book, sum FROM (
    SELECT m.part, m.loc, m.quality, coalesce(b.qty, 0) AS book, m.sum FROM (
      SELECT part, loc, quality, sum(qty) AS sum FROM stock_moves GROUP BY part, loc, quality) m
    LEFT JOIN stock_balances b ON b.part = m.part AND b.loc = m.loc AND b.quality = m.quality
    UNION ALL
    SELECT b.part, b.loc, b.quality, b.qty AS book, 0 AS sum FROM stock_balances b
    WHERE NOT EXISTS (SELECT 1 FROM stock_moves m WHERE m.part = b.part AND m.loc = b.loc AND m.quality = b.quality))
  WHERE book <> sum`;

export function bookMismatches(db: Db): Array<{ part: string; loc: string; quality: string; book: number; sum: number }> {
  return st(db, BOOK_MISMATCH_SQL).all() as Array<{ part: string; loc: string; quality: string; book: number; sum: number }>;
}

/** Keys whose running balance goes below zero at some moment. */
export function negativeRuns(db: Db): Array<{ part: string; loc: string; quality: string; at: number; running: number }> {
  return st(db, `SELECT part, loc, quality, at, running FROM (
                   SELECT part, loc, quality, at, sum(qty) OVER (PARTITION BY part, loc, quality ORDER BY at, id) AS running FROM stock_moves)
                 WHERE running < 0 LIMIT 20`).all() as Array<{ part: string; loc: string; quality: string; at: number; running: number }>;
}


/** How many slips entered by a moment were late entries (补录). */
export function lateSlips(db: Db, enteredBy: number): number {
  return (st(db, 'SELECT count(*) AS n FROM stock_slips WHERE late IS NOT NULL AND entered_at <= ?').get(enteredBy) as { n: number }).n;
}

// ---- the month (report monthly) -------------------------------------------------------------

export interface MonthSlipRow { kind: SlipKind; part: string; qty: number; fromLoc: string | null; toLoc: string | null; reqLoc: string | null }

/** The slips dated in [from, to) and entered by a moment, less those voided by then; with the
 *  location of their requisition (where an issue came from, whose old part came back). */
export function monthSlips(db: Db, from: number, to: number, enteredBy: number): MonthSlipRow[] {
  return (st(db, `SELECT s.kind, s.part, s.qty, s.from_loc, s.to_loc, r.from_loc AS req_loc
                   FROM stock_slips s LEFT JOIN stock_requisitions r ON r.id = s.requisition
                   WHERE s.at >= @from AND s.at < @to AND s.entered_at <= @by AND (s.voided_at IS NULL OR s.voided_at > @by)
                   ORDER BY s.at, s.id`).all({ from, to, by: enteredBy }) as Row[]).map((r) => camel<MonthSlipRow>(r));
}

/** Balances from the movements dated before a moment and entered by another (a month's end). */
export function balancesBefore(db: Db, before: number, enteredBy: number): BalanceRow[] {
  return st(db, `SELECT part, loc, quality, sum(qty) AS qty FROM stock_moves WHERE at < ? AND entered_at <= ?
                 GROUP BY part, loc, quality HAVING sum(qty) <> 0 ORDER BY loc, part, quality`).all(before, enteredBy) as BalanceRow[];
}

/** Old parts back before a moment and not disposed of before it (as entered by another). */
export function oldPendingBefore(db: Db, before: number, enteredBy: number): number {
  return (st(db, `SELECT coalesce(sum(s.qty), 0) AS n FROM stock_slips s
                  WHERE s.kind = 'oldpart' AND s.at < @before AND s.entered_at <= @by
                  AND NOT EXISTS (SELECT 1 FROM stock_disposed d JOIN stock_slips x ON x.id = d.dispose_slip
                                  WHERE d.oldpart_slip = s.id AND x.at < @before AND x.entered_at <= @by)`).get({ before, by: enteredBy }) as { n: number }).n;
}

// ---- closed months (SPEC §0): what a month counts "from earlier months" ------------------------

export interface EarlierSlipRow { id: string; kind: SlipKind; part: string; qty: number; at: number; fromLoc: string | null; toLoc: string | null; reqLoc: string | null }

/** Slips dated before @before (in months closed when they were entered) entered in [@from, @to)
 *  and by @now, less those voided by @now. */
export function slipsEnteredLate(db: Db, q: { before: number; from: number; to: number; now: number }): EarlierSlipRow[] {
  return (st(db, `SELECT s.id, s.kind, s.part, s.qty, s.at, s.from_loc, s.to_loc, r.from_loc AS req_loc
                   FROM stock_slips s LEFT JOIN stock_requisitions r ON r.id = s.requisition
                   WHERE s.at < @before AND s.entered_at >= @from AND s.entered_at < @to AND s.entered_at <= @now
                   AND (s.voided_at IS NULL OR s.voided_at > @now) ORDER BY s.entered_at, s.id`).all(q) as Row[]).map((r) => camel<EarlierSlipRow>(r));
}

/** Slips dated before @before and entered before @from (counted in their own, closed, months)
 *  whose void was entered in [@from, @to) and by @now. */
export function voidsEnteredLate(db: Db, q: { before: number; from: number; to: number; now: number }): EarlierSlipRow[] {
  return (st(db, `SELECT s.id, s.kind, s.part, s.qty, s.at, s.from_loc, s.to_loc, NULL AS req_loc FROM stock_slips s
                   WHERE s.at < @before AND s.entered_at < @from AND s.voided_at >= @from AND s.voided_at < @to AND s.voided_at <= @now
                   ORDER BY s.voided_at, s.id`).all(q) as Row[]).map((r) => camel<EarlierSlipRow>(r));
}

/** Old-part slips dated before a moment and entered by another, not disposed of by a slip dated
 *  before the first and entered by the second (the old parts pending at a month's end). */
export function oldUndisposedAsOf(db: Db, before: number, enteredBy: number): Array<{ id: string; qty: number; at: number }> {
  return st(db, `SELECT s.id, s.qty, s.at FROM stock_slips s
                 WHERE s.kind = 'oldpart' AND s.at < @before AND s.entered_at <= @by
                 AND NOT EXISTS (SELECT 1 FROM stock_disposed d JOIN stock_slips x ON x.id = d.dispose_slip
                                 WHERE d.oldpart_slip = s.id AND x.at < @before AND x.entered_at <= @by)
                 ORDER BY s.at, s.id`).all({ before, by: enteredBy }) as Array<{ id: string; qty: number; at: number }>;
}

/** Receipts dated in [from, to) still waiting for inspection (待检, no quality slip, not voided). */
export function pendingReceipts(db: Db, from: number, to: number): string[] {
  return (st(db, `SELECT s.id FROM stock_slips s WHERE s.kind = 'receive' AND s.quality = 'pending' AND s.at >= ? AND s.at < ? AND s.voided_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM stock_slips q WHERE q.kind = 'quality' AND q.ref_slip = s.id) ORDER BY s.at, s.id`).all(from, to) as Array<{ id: string }>).map((r) => r.id);
}
