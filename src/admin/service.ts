// Use cases about the database file itself: init, backup, check, the audit log, the rules.
import { resolve } from 'node:path';
import { auditLog, verifyAudit, type AuditEntry, type AuditVerdict } from '../core/audit.js';
import type { Invariant, KaoheModule } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { SCHEMA_VERSION, type Db } from '../core/db.js';
import { InputError } from '../core/errors.js';
import { integrityProblems } from './store.js';

export function initDb(ctx: Context): { path: string; version: number } {
  ctx.initialise();
  return { path: resolve(ctx.dbPath), version: SCHEMA_VERSION };
}

export { backupDb } from './backup.js';

export function checkDb(ctx: Context, modules: KaoheModule[]): Invariant[] {
  const db = ctx.db();
  const out: Invariant[] = integrityProblems(db);
  const audit = verifyAudit(db);
  out.push({ name: 'audit_chain', ok: audit.ok, detail: audit.ok ? ctx.t('db.check.audit_rows', { rows: audit.rows }) : ctx.t('db.check.audit_broken', { seq: audit.first_bad, problem: ctx.t(`audit.problem.${audit.problem}`) }) });
  for (const m of modules) if (m.invariants) out.push(...m.invariants(ctx, db));
  return out;
}

export function readAudit(ctx: Context, opts: { recordId?: string; limit?: number }): AuditEntry[] {
  return auditLog(ctx.db(), opts);
}

export function verifyAuditChain(ctx: Context): AuditVerdict {
  return verifyAudit(ctx.db());
}

export type { Db };
