// SQL of the guard module: the roster, the dismissal flags settled (keeps) and the months issued
// here; the notices in store-notices.ts, the fine fund and rewards in store-fund.ts, read by index
// range in store-range.ts and totalled in store-report.ts. Rows (snake_case) become domain types.
// Everything the store files export is exported here too, so `store.x` reaches all of it.
import { closings } from '../core/closing.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../core/db.js';
import type { Issue } from './sheet.js';

export * from './store-notices.js';
export * from './store-fund.js';

const statements = new WeakMap<Db, Map<string, Statement>>();
/** A prepared statement, cached per database (shared with the store-*.ts files). */
export function stmt(db: Db, sql: string): Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

export interface Guard {
  id: string;
  name: string;
  company: string;
  site: string;
  basePayFen: number;
  hired: string | null;
  status: 'active' | 'dismissed';
  dismissedAt: number | null;
  dismissReason: string | null;
  /** when the guard was added (--at) and when that was entered */
  createdAt: number;
  enteredAt: number;
  dismissEnteredAt: number | null;
}

type Row = Record<string, any>;

const toGuard = (r: Row): Guard => ({
  id: r.id, name: r.name, company: r.company, site: r.site, basePayFen: r.base_pay_fen, hired: r.hired,
  status: r.status, dismissedAt: r.dismissed_at, dismissReason: r.dismiss_reason, createdAt: r.created_at,
  enteredAt: r.entered_at ?? r.created_at, dismissEnteredAt: r.dismiss_entered_at,
});

export function nextGuardId(db: Db): string {
  const row = stmt(db, "SELECT count(*) AS n FROM guards").get() as { n: number };
  return `GD${String(row.n + 1).padStart(3, '0')}`;
}

export function insertGuard(db: Db, g: Guard): void {
  stmt(db,
    `INSERT INTO guards (id, name, company, site, base_pay_fen, hired, status, dismissed_at, dismiss_reason, created_at, entered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(g.id, g.name, g.company, g.site, g.basePayFen, g.hired, g.status, g.dismissedAt, g.dismissReason, g.createdAt, g.enteredAt);
}

export function allGuards(db: Db): Guard[] {
  return (db.prepare('SELECT * FROM guards ORDER BY id').all() as Row[]).map(toGuard);
}

export function guardById(db: Db, id: string): Guard | undefined {
  const r = stmt(db, 'SELECT * FROM guards WHERE id = ? COLLATE NOCASE').get(id) as Row | undefined;
  return r ? toGuard(r) : undefined;
}

export function guardsByName(db: Db, name: string): Guard[] {
  return (stmt(db, 'SELECT * FROM guards WHERE name = ? ORDER BY id').all(name) as Row[]).map(toGuard);
}

export function dismissGuard(db: Db, id: string, at: number, enteredAt: number, reason: string): void {
  stmt(db, "UPDATE guards SET status = 'dismissed', dismissed_at = ?, dismiss_entered_at = ?, dismiss_reason = ? WHERE id = ? AND status = 'active'").run(at, enteredAt, reason, id);
}

export interface Keep { guardId: string; at: number; enteredAt: number; reason: string; by: string }

export function insertKeep(db: Db, k: Keep): void {
  stmt(db, 'INSERT INTO guard_keeps (guard_id, at, entered_at, reason, by) VALUES (?, ?, ?, ?, ?)').run(k.guardId, k.at, k.enteredAt, k.reason, k.by);
}

export function allKeeps(db: Db): Keep[] {
  return (db.prepare('SELECT * FROM guard_keeps ORDER BY seq').all() as Row[]).map((r) => ({ guardId: r.guard_id, at: r.at, enteredAt: r.entered_at, reason: r.reason, by: r.by }));
}

/** The months closed for guards (core closed_months: `guard month --issue`, `kaohe close`), each
 *  from the entry time of its closing, with the audit head stored then. A closing that was reopened
 *  (kaohe reopen) no longer counts, as if the month had never been closed. */
export function allIssues(db: Db): Issue[] {
  return closings(db)
    .filter((c) => c.module === 'guard' && c.reopenedAt === null)
    .map((c) => ({ month: c.month, enteredAt: c.closedAt, headSeq: Number(c.head.split(':')[0]), headHash: c.head.split(':')[1] ?? '' }));
}

