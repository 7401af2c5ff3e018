// Use cases about the database file itself: init, backup, check, the audit log, the rules.
import { chmodSync, closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { auditLog, verifyAudit, type AuditEntry, type AuditVerdict } from '../core/audit.js';
import type { Invariant, KaoheModule } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { asStorageError, SCHEMA_VERSION, type Db } from '../core/db.js';
import { InputError } from '../core/errors.js';
import { integrityProblems } from './store.js';

export function initDb(ctx: Context): { path: string; version: number } {
  ctx.write(() => undefined);
  return { path: resolve(ctx.dbPath), version: SCHEMA_VERSION };
}

/** SQLite's online backup: consistent even while other processes write. The copy is 0600. */
export async function backupDb(ctx: Context, file: string): Promise<{ file: string; pages: number }> {
  const target = resolve(file);
  if (existsSync(target)) throw new InputError('db.backup.exists', { field: 'FILE', file: target });
  const db = ctx.db();
  // make the file first with mode 0600, so the copy is never readable by others, even briefly
  try {
    closeSync(openSync(target, 'wx', 0o600));
  } catch (e) {
    // a missing folder or no permission: the FILE argument cannot be used, nothing was written
    throw new InputError('db.backup.cannot_write', { field: 'FILE', file: target, reason: (e as Error).message });
  }
  chmodSync(target, 0o600);
  try {
    const result = await db.backup(target);
    return { file: target, pages: result.totalPages };
  } catch (e) {
    rmSync(target, { force: true }); // no half-written copy that looks like a backup
    throw asStorageError(e, target);
  }
}

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
