// db check on a big file runs SQLite's integrity_check and foreign_key_check in a worker thread
// (admin/integrity-worker.ts) beside the verify and the invariants. The findings must be exactly
// those of the in-thread check: on a sound file, on one with a damaged page, and in the same order.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkDb } from '../../src/admin/service.js';
import { startIntegrity } from '../../src/admin/integrity-worker.js';
import { loadModules } from '../../src/modules.js';
import { testContext } from '../helpers.js';
import { damageAuditPage } from '../storage-helpers.js';

function filled(): string {
  const tc = testContext();
  tc.ctx.write((db) => {
    for (let i = 1; i <= 2000; i++) tc.ctx.audit(db, 'test.step', `R-${i}`, { step: i, 客户: '张伟', note: 'x'.repeat(100) });
  });
  tc.ctx.close();
  return tc.ctx.dbPath;
}

async function both(file: string) {
  const modules = await loadModules();
  const run = (integrityWorker: boolean) => {
    const tc = testContext({ dbPath: file, init: false });
    try {
      return checkDb(tc.ctx, modules, { integrityWorker });
    } finally {
      tc.ctx.close();
    }
  };
  return { here: run(false), worker: run(true) };
}

describe('db check: integrity_check in a worker thread', () => {
  it('the worker reads what the check here reads', () => {
    const file = filled();
    const db = new Database(file, { readonly: true });
    try {
      const started = startIntegrity(db, { force: true });
      expect(started).not.toBeNull();
      expect(started!.wait()).toEqual({ rows: ['ok'], fk: [] });
    } finally {
      db.close();
    }
  });

  it('a sound file: the same findings, in the same order', async () => {
    const { here, worker } = await both(filled());
    expect(here.map((r) => r.name).slice(0, 2)).toEqual(['integrity_check', 'foreign_key_check']);
    expect(worker).toEqual(here);
  });

  it('a damaged page: the same findings (the page named, the chain broken), in the same order', async () => {
    const file = filled();
    damageAuditPage(file);
    const { here, worker } = await both(file);
    expect(here.find((r) => r.name === 'integrity_check')).toMatchObject({ ok: false });
    expect(here.find((r) => r.name === 'integrity_check')!.detail).toMatch(/^damaged page/);
    expect(worker).toEqual(here);
  });
});
