// Use cases about the database file itself: init, backup, check, the audit log, the rules.
import { resolve } from 'node:path';
import { auditLog, verifyAudit, type AuditEntry, type AuditVerdict } from '../core/audit.js';
import type { Invariant, KaoheModule } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { SCHEMA_VERSION, type Db } from '../core/db.js';
import { sqliteCode } from '../core/storage-errors.js';
import { InputError } from '../core/errors.js';
import { integrityProblems } from './store.js';

export function initDb(ctx: Context): { path: string; version: number } {
  ctx.initialise();
  return { path: resolve(ctx.dbPath), version: SCHEMA_VERSION };
}

export { backupDb } from './backup.js';

export function checkDb(ctx: Context, modules: KaoheModule[]): Invariant[] {
  const db = ctx.db();
  const out: Invariant[] = [];
  // a damaged page met by one check is that check's finding (exit 1 naming it), and the next still runs
  const guarded = (name: string, run: () => Invariant[]) => {
    try {
      out.push(...run());
    } catch (e) {
      const code = sqliteCode(e);
      if (!code) throw e;
      out.push({ name, ok: false, detail: ctx.t('db.check.unreadable', { code }) });
    }
  };
  guarded('integrity_check', () => integrityProblems(db).map((r) => (r.name === 'integrity_check' && !r.ok ? { ...r, detail: damageDetail(ctx, r.detail ?? '') } : r)));
  guarded('audit_chain', () => {
    const audit = verifyAudit(db);
    return [{ name: 'audit_chain', ok: audit.ok, detail: audit.ok ? ctx.t('db.check.audit_rows', { rows: audit.rows }) : ctx.t('db.check.audit_broken', { seq: audit.first_bad, problem: ctx.t(`audit.problem.${audit.problem}`) }) }];
  });
  for (const m of modules) if (m.invariants) guarded(`${m.name}`, () => m.invariants!(ctx, db));
  return out;
}

/** SQLite's integrity report is English for a DBA: the clerk gets the damaged pages and what to do. */
function damageDetail(ctx: Context, report: string): string {
  const pages = [...new Set([...report.matchAll(/page (\d+)/g)].map((m) => m[1]))];
  const first = report.split(/\n|; /).find((line) => line.trim() !== '' && !line.startsWith('***')) ?? report;
  return ctx.t('db.check.damaged', { pages: pages.length ? pages.join(', ') : '?', report: first.trim() });
}

export function readAudit(ctx: Context, opts: { recordId?: string; limit?: number }): AuditEntry[] {
  return auditLog(ctx.db(), opts);
}

export function verifyAuditChain(ctx: Context): AuditVerdict {
  return verifyAudit(ctx.db());
}

export type { Db };
