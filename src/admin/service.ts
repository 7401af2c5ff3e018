// Use cases about the database file itself: init, backup, check, the audit log, the rules.
import { listJoin } from '../core/i18n.js';
import { resolve } from 'node:path';
import { auditHead, auditLog, type AuditEntry, type AuditHead } from '../core/audit.js';
import { parseAnchor, readAnchorFile } from '../core/anchor.js';
import { recordsClean, saveCheckpoint, verifyLog, type LogVerdict } from '../core/audit-verify.js';
import type { Invariant, KaoheModule } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { readSnapshot, SCHEMA_VERSION, type Db } from '../core/db.js';
import { sqliteCode } from '../core/storage-errors.js';
import { InputError } from '../core/errors.js';
import { lateEntries } from '../core/late.js';
import type { Period } from '../core/period.js';
import { storeFileZone } from '../core/file-zone.js';
import { zoneFrom } from '../core/time.js';
import { integrityProblems, type IntegrityRead } from './store.js';
import { startIntegrity } from './integrity-worker.js';

/** Creates the file (or brings its schema up to date) and keeps the zone in it: --tz, else the
 *  configured one (SPEC §0 "Time zone of the file"). */
export function initDb(ctx: Context, tzText?: string): { path: string; version: number; tz: string } {
  let wanted = ctx.tz;
  if (tzText !== undefined) {
    const bad = () => new InputError('input.zone', { field: '--tz', value: tzText });
    try {
      wanted = zoneFrom({ KAOHE_TZ: tzText.trim() });
    } catch {
      throw bad();
    }
    if (tzText.trim() === '') throw bad();
  }
  const field = tzText !== undefined ? '--tz' : ctx.env.KAOHE_TZ ? 'KAOHE_TZ' : 'TZ';
  ctx.initialise();
  const tz = ctx.write((db) => storeFileZone(db, wanted, field));
  return { path: resolve(ctx.dbPath), version: SCHEMA_VERSION, tz };
}

export { backupDb } from './backup.js';

/** Every check in one read snapshot: writers may go on beside it without a false alarm. */
export function checkDb(ctx: Context, modules: KaoheModule[], opts: { integrityWorker?: boolean } = {}): Invariant[] {
  const db = ctx.db();
  // a big file: SQLite's own checks in a worker thread, beside the verify and the invariants here
  // (integrity-worker.ts); the findings keep their order
  const worker = opts.integrityWorker === false ? null : startIntegrity(db, { force: opts.integrityWorker });
  // one read snapshot for every check: writers may go on beside it without a false alarm
  return readSnapshot(db, () => {
    const out: Invariant[] = [];
    // a damaged page met by one check is that check's finding (exit 1 naming it), and the next still runs
    const guarded = (name: string, run: () => Invariant[], into = out) => {
      try {
        into.push(...run());
      } catch (e) {
        const code = sqliteCode(e);
        if (!code) throw e;
        into.push({ name, ok: false, detail: ctx.t('db.check.unreadable', { code }) });
      }
    };
    const integrity = (read?: IntegrityRead | null) => integrityProblems(db, read).map((r) => (r.name === 'integrity_check' && !r.ok ? { ...r, detail: damageDetail(ctx, r.detail ?? '') } : r));
    if (!worker) guarded('integrity_check', () => integrity());
    guarded('audit_chain', () => {
      const log = verifyLog(db);
      const chainOk = log.first_bad === null;
      const found: Invariant[] = [{
        name: 'audit_chain', ok: chainOk,
        detail: chainOk ? ctx.t('db.check.audit_rows', { rows: log.rows }) : ctx.t('db.check.audit_broken', { seq: log.first_bad, problem: ctx.t(`audit.problem.${log.problem}`) }),
      }];
      if (log.records) found.push({ name: 'audit_records', ok: recordsClean(log.records), detail: recordsDetail(ctx, log) });
      return found;
    });
    for (const m of modules) if (m.invariants) guarded(`${m.name}`, () => m.invariants!(ctx, db));
    if (!worker) return out;
    const first: Invariant[] = [];
    guarded('integrity_check', () => {
      const read = worker.wait();
      // a worker that never started: the check is done here after all
      return integrity(read);
    }, first);
    return [...first, ...out];
  });
}

const SHOWN = 10;

/** "3 differ from the log: tickets:T2026-0001, …" in the user's language. */
export function recordsDetail(ctx: Context, v: LogVerdict): string {
  const r = v.records;
  if (!r) return '';
  const parts: string[] = [];
  for (const kind of ['differs', 'untracked', 'missing'] as const) {
    const ids = r[kind];
    if (ids.length === 0) continue;
    const more = ids.length > SHOWN ? ctx.t('audit.records.more', { n: ids.length - SHOWN }) : '';
    parts.push(ctx.t(`audit.records.${kind}`, { n: ids.length, ids: listJoin(ctx.lang, ids.slice(0, SHOWN)) + more }));
  }
  return parts.length ? parts.join('; ') : ctx.t('audit.records.ok', { n: r.checked });
}

/** SQLite's integrity report is English for a DBA: the clerk gets the damaged pages and what to do. */
function damageDetail(ctx: Context, report: string): string {
  const pages = [...new Set([...report.matchAll(/page (\d+)/g)].map((m) => m[1]))];
  const first = report.split(/\n|; /).find((line) => line.trim() !== '' && !line.startsWith('***')) ?? report;
  return ctx.t('db.check.damaged', { pages: pages.length ? pages : '?', report: first.trim() });
}

export function readAudit(ctx: Context, opts: { recordId?: string; limit?: number }): AuditEntry[] {
  return auditLog(ctx.db(), opts);
}

export interface VerifyInput {
  anchor?: string;
  anchorFile?: string;
  resume?: boolean;
}

export function verifyAuditLog(ctx: Context, i: VerifyInput): LogVerdict {
  const anchors: AuditHead[] = [];
  if (i.anchor !== undefined) anchors.push(parseAnchor(i.anchor, '--anchor'));
  if (i.anchorFile !== undefined) anchors.push(...readAnchorFile(i.anchorFile, '--anchor-file'));
  const db = ctx.db();
  const v = verifyLog(db, { anchors, resume: i.resume });
  saveCheckpoint(db, v);
  return v;
}

export function currentHead(ctx: Context): AuditHead {
  return auditHead(ctx.db());
}

export type { Db };

/** `audit late`: the late entries (补录) whose step happened in the period, as of ctx.now. */
export function lateList(ctx: Context, period: Period): AuditEntry[] {
  return lateEntries(ctx.db(), { start: period.start, end: period.end, now: ctx.now });
}
