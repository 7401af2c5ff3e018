// Closed months (结账, SPEC §0 "Closed months"): closing freezes figures, not facts.
//
// API for every module (tickets, letters, guards, stock):
//   CLOSING_MODULES                                  'ticket' | 'letter' | 'guard' | 'stock'
//   closedThrough(db, module, asOf?)                 the latest closed month 'YYYY-MM' of the module as
//                                                    of entry time asOf (default: now, i.e. every row), or null
//   closingOf(db, module, month, asOf?)              the closing in force for that month as of asOf:
//                                                    { month, closedAt, closedBy, head } or null. A closed
//                                                    month's reports/sheets are those as of closedAt (run the
//                                                    module's as-of query with now = closedAt) and print `head`
//   effectiveMonth(db, module, tz, at, enteredAt)    the month an entry dated `at`, entered at `enteredAt`,
//                                                    counts in: its own month, or when that month was closed
//                                                    when it was entered, the first month open then (补扣 /
//                                                    "from earlier months")
//   effectiveMoment(db, module, tz, at, enteredAt)   the same as a moment: `at` itself, or the start of that
//                                                    first open month (where a running balance — stock, the
//                                                    fine fund — takes the entry, and is checked, SPEC §0)
//   inClosedMonth(db, module, tz, at, asOf)          is `at` in a month closed as of asOf? (steps.ts makes such a
//                                                    step a late entry: it needs --reason)
//   closeMonths(ctx, db, month, modules) / reopenMonth(ctx, db, month, modules, reason)   (kaohe close/reopen)
//   closings(db)                                     every row, for `kaohe closed`
// Storage: closed_months (migration 6), one row per month closed per module; closing 2026-10 when
// 2026-08 is the latest closed inserts 2026-09 and 2026-10 (months close in order); with nothing
// closed yet, the one row for 2026-10 covers every earlier month too. A reopening fills reopened_*
// of the latest row only (reverse order). Both are audited (action month.close / month.reopen).
import { auditHead, shortHead } from './audit.js';
import type { Context } from './context.js';
import { cachedStatement, type Db } from './db.js';
import { InputError, RuleError } from './errors.js';
import { monthKey, monthPeriod, parseMonth } from './period.js';
import { humanTime } from './time.js';

export const CLOSING_MODULES = ['ticket', 'letter', 'guard', 'stock'] as const;
export type ClosingModule = (typeof CLOSING_MODULES)[number];

export interface Closing {
  id: number;
  month: string;
  module: ClosingModule;
  closedAt: number;
  closedBy: string;
  head: string;
  reopenedAt: number | null;
  reopenedBy: string | null;
  reopenReason: string | null;
}

interface Row {
  id: number; month: string; module: ClosingModule; closed_at: number; closed_by: string; head: string;
  reopened_at: number | null; reopened_by: string | null; reopen_reason: string | null;
}

const toClosing = (r: Row): Closing => ({
  id: r.id, month: r.month, module: r.module, closedAt: r.closed_at, closedBy: r.closed_by, head: r.head,
  reopenedAt: r.reopened_at, reopenedBy: r.reopened_by, reopenReason: r.reopen_reason,
});

/** The rows in force as of entry time `asOf`: closed by then and not reopened by then. */
function active(db: Db, module: string, asOf: number): Closing[] {
  const rows = cachedStatement(
    db,
    `SELECT * FROM closed_months WHERE module = ? AND closed_at <= ? AND (reopened_at IS NULL OR reopened_at > ?) ORDER BY month`,
  ).all(module, asOf, asOf) as Row[];
  return rows.map(toClosing);
}

const FOREVER = Number.MAX_SAFE_INTEGER;

export function closedThrough(db: Db, module: string, asOf = FOREVER): string | null {
  const rows = active(db, module, asOf);
  return rows.length === 0 ? null : rows[rows.length - 1].month;
}

export function closingOf(db: Db, module: string, month: string, asOf = FOREVER): Closing | null {
  return active(db, module, asOf).find((c) => c.month >= month) ?? null;
}

/** The month after 'YYYY-MM'. */
export function nextMonth(month: string): string {
  const { y, m } = parseMonth(month);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function effectiveMonth(db: Db, module: string, tz: string, at: number, enteredAt: number): string {
  const own = monthKey(at, tz);
  const through = closedThrough(db, module, enteredAt);
  if (through === null || own > through) return own;
  return nextMonth(through);
}

export function effectiveMoment(db: Db, module: string, tz: string, at: number, enteredAt: number): number {
  const month = effectiveMonth(db, module, tz, at, enteredAt);
  if (month === monthKey(at, tz)) return at;
  const { y, m } = parseMonth(month);
  return monthPeriod(y, m, tz).start;
}

export function inClosedMonth(db: Db, module: string, tz: string, at: number, asOf: number): boolean {
  const through = closedThrough(db, module, asOf);
  return through !== null && monthKey(at, tz) <= through;
}

export function closings(db: Db): Closing[] {
  return (cachedStatement(db, 'SELECT * FROM closed_months ORDER BY month, module, id').all() as Row[]).map(toClosing);
}

/** `--only ticket,letter`: the modules named, each one known (exit 2 otherwise); default all. */
export function parseModules(text: string | undefined, field = '--only'): ClosingModule[] {
  if (text === undefined) return [...CLOSING_MODULES];
  const names = text.split(/[,，\s]+/).map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  if (names.length === 0) throw new InputError('close.modules', { field, value: text, choices: CLOSING_MODULES.join(',') });
  for (const n of names) {
    if (!(CLOSING_MODULES as readonly string[]).includes(n)) throw new InputError('close.modules', { field, value: n, choices: CLOSING_MODULES.join(',') });
  }
  return [...new Set(names)] as ClosingModule[];
}

/** Closes `month` (and every earlier month not yet closed) for the modules, inside ctx.write.
 *  Returns the months newly closed per module and the audit head stored with them. */
export function closeMonths(ctx: Context, db: Db, monthText: string, modules: ClosingModule[]): { month: string; closed: Record<string, string[]>; head: string } {
  const { y, m } = parseMonth(monthText);
  const month = `${y}-${String(m).padStart(2, '0')}`;
  const end = monthPeriod(y, m, ctx.tz).end;
  if (ctx.now < end) throw new RuleError('close.future', { field: '--month', month, end: humanTime(end, ctx.tz) });
  const head = shortHeadFull(db);
  const closed: Record<string, string[]> = {};
  const insert = cachedStatement(db, 'INSERT INTO closed_months (month, module, closed_at, closed_by, head) VALUES (?, ?, ?, ?, ?)');
  for (const module of modules) {
    const through = closedThrough(db, module);
    const months: string[] = [];
    if (through === null) months.push(month);
    else for (let k = nextMonth(through); k <= month; k = nextMonth(k)) months.push(k);
    for (const k of months) insert.run(k, module, ctx.now, ctx.actor, head);
    if (months.length > 0) closed[module] = months;
  }
  if (Object.keys(closed).length > 0) ctx.audit(db, 'month.close', month, { month, modules: closed, head });
  return { month, closed, head };
}

/** Reopens `month` for the modules; it must be each one's latest closed month (reverse order). */
export function reopenMonth(ctx: Context, db: Db, monthText: string, modules: ClosingModule[], reason: string): { month: string; modules: string[] } {
  const { y, m } = parseMonth(monthText);
  const month = `${y}-${String(m).padStart(2, '0')}`;
  const done: string[] = [];
  for (const module of modules) {
    const rows = active(db, module, FOREVER);
    const latest = rows.at(-1);
    if (!latest || latest.month < month) {
      if (modules.length === 1) throw new RuleError('reopen.not_closed', { month, module });
      continue; // reopening "all": the modules not closed up to this month are left alone
    }
    if (latest.month !== month) throw new RuleError('reopen.not_latest', { month, module, latest: latest.month });
    cachedStatement(db, 'UPDATE closed_months SET reopened_at = ?, reopened_by = ?, reopen_reason = ? WHERE id = ?').run(ctx.now, ctx.actor, reason, latest.id);
    done.push(module);
  }
  if (done.length === 0) throw new RuleError('reopen.not_closed', { month, module: modules.join(',') });
  ctx.audit(db, 'month.reopen', month, { month, modules: done, reason });
  return { month, modules: done };
}

function shortHeadFull(db: Db): string {
  const h = auditHead(db);
  return `${h.seq}:${h.hash}`;
}

/** The stored head as footers print it (审计链 N:abcd1234…). */
export function closingHead(c: Closing): string {
  const [seq, hash] = c.head.split(':');
  return shortHead({ seq: Number(seq), hash: hash ?? '' });
}
