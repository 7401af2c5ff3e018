// Prepared statements of the guard module, cached per database: a report prepares each once.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../core/db.js';

const cache = new WeakMap<Db, Map<string, Statement>>();

export function stmt(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
