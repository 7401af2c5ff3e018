// The audit log (SPEC §0): append-only by triggers, chained by hash, and `verify` names the
// first row that was changed, removed, reordered or cut off by someone who went around kaohe.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { auditLog, canonicalJson } from '../../src/core/audit.js';
import { verifyLog as verifyAudit } from '../../src/core/audit-verify.js';
import { testContext } from '../helpers.js';

/** A database with `n` audit rows written the way modules write them. */
function withRows(n: number) {
  const tc = testContext();
  for (let i = 1; i <= n; i++) {
    tc.ctx.write((db) => tc.ctx.audit(db, 'test.step', `R-${i}`, { step: i, who: '张伟' }));
  }
  const path = tc.ctx.dbPath;
  tc.ctx.close();
  return { ...tc, path };
}

/** Opens the file directly, drops the triggers and runs the tampering. */
function tamper(path: string, sql: string): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  raw.exec(sql);
  raw.close();
}

describe('the audit chain', () => {
  it('an untouched chain verifies, row by row in order', () => {
    const { ctx } = withRows(4);
    expect(verifyAudit(ctx.db())).toMatchObject({ ok: true, rows: 4, first_bad: null, problem: null });
    expect(auditLog(ctx.db()).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(auditLog(ctx.db(), { recordId: 'R-3' })).toEqual([
      { seq: 3, at: ctx.now, actor: 'tester', action: 'test.step', recordId: 'R-3', change: { step: 3, who: '张伟' }, enteredAt: ctx.now, late: null },
    ]);
    expect(auditLog(ctx.db(), { limit: 2 }).map((e) => e.seq)).toEqual([3, 4]);
  });

  it('each row stores the previous row\'s hash', () => {
    const { ctx } = withRows(3);
    const rows = ctx.db().prepare('SELECT seq, prev_hash, hash FROM audit ORDER BY seq').all() as Array<{ seq: number; prev_hash: string; hash: string }>;
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows[2].prev_hash).toBe(rows[1].hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(3);
  });

  it('UPDATE and DELETE are refused by triggers', () => {
    const { path } = withRows(2);
    const raw = new Database(path);
    expect(() => raw.prepare("UPDATE audit SET actor = 'mallory' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit WHERE seq = 2').run()).toThrow(/append-only/);
    expect(raw.prepare('SELECT count(*) AS n FROM audit').get()).toEqual({ n: 2 });
    raw.close();
  });

  it('a changed row is caught at that row', () => {
    const { ctx, path } = withRows(5);
    tamper(path, `UPDATE audit SET change = '{"step":3,"who":"李四"}' WHERE seq = 3`);
    expect(verifyAudit(ctx.db())).toMatchObject({ ok: false, first_bad: 3, problem: 'changed' });
  });

  it('a row changed into text that is not JSON is still listed, and caught by verify', () => {
    const { ctx, path } = withRows(2);
    tamper(path, `UPDATE audit SET change = 'garbage' WHERE seq = 2`);
    expect(auditLog(ctx.db()).map((e) => e.change)).toEqual([{ step: 1, who: '张伟' }, { unreadable: 'garbage' }]);
    expect(verifyAudit(ctx.db())).toMatchObject({ ok: false, first_bad: 2, problem: 'changed' });
  });

  it('a changed actor or time is caught too', () => {
    const { ctx, path } = withRows(3);
    tamper(path, `UPDATE audit SET at = at + 1 WHERE seq = 2`);
    expect(verifyAudit(ctx.db())).toMatchObject({ ok: false, first_bad: 2, problem: 'changed' });
  });

  it('a deleted row in the middle is caught at the missing number', () => {
    const { ctx, path } = withRows(5);
    tamper(path, 'DELETE FROM audit WHERE seq = 2');
    expect(verifyAudit(ctx.db())).toMatchObject({ ok: false, first_bad: 2, problem: 'missing' });
  });

  it('a deleted first row is caught at row 1', () => {
    const { ctx, path } = withRows(3);
    tamper(path, 'DELETE FROM audit WHERE seq = 1');
    expect(verifyAudit(ctx.db())).toMatchObject({ ok: false, first_bad: 1, problem: 'missing' });
  });

  it('a deleted last row is caught by the head kept in meta', () => {
    const { ctx, path } = withRows(4);
    tamper(path, 'DELETE FROM audit WHERE seq = 4');
    expect(verifyAudit(ctx.db())).toMatchObject({ ok: false, first_bad: 4, problem: 'truncated' });
  });

  it('a deleted head (meta) is caught too, so the last row cannot be cut off with it', () => {
    const { ctx, path } = withRows(3);
    tamper(path, "DELETE FROM audit WHERE seq = 3; DELETE FROM meta WHERE key = 'audit_head';");
    expect(verifyAudit(ctx.db())).toMatchObject({ ok: false, first_bad: 3, problem: 'truncated' });
  });

  it('an empty log without a head is fine (a new database)', () => {
    const { ctx } = testContext();
    ctx.write(() => undefined);
    expect(verifyAudit(ctx.db())).toMatchObject({ ok: true, rows: 0, first_bad: null, problem: null });
  });

  it('two swapped rows (contents exchanged, numbers kept) are caught at the first of them', () => {
    const { ctx, path } = withRows(5);
    tamper(
      path,
      `UPDATE audit SET seq = -2 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = -2;`,
    );
    expect(verifyAudit(ctx.db())).toMatchObject({ ok: false, first_bad: 2, problem: 'reordered' });
  });

  it('a replaced hash is caught at that row', () => {
    const { ctx, path } = withRows(3);
    tamper(path, `UPDATE audit SET hash = '${'f'.repeat(64)}' WHERE seq = 2`);
    expect(verifyAudit(ctx.db())).toMatchObject({ ok: false, first_bad: 2, problem: 'changed' });
  });

  it('an audit row is written in the same transaction as the change: a failed write leaves none', () => {
    const { ctx } = testContext();
    expect(() =>
      ctx.write((db) => {
        ctx.audit(db, 'test.step', 'R-1', { step: 1 });
        throw new Error('rule refused after the audit row');
      }),
    ).toThrow('rule refused');
    ctx.write(() => undefined);
    expect(auditLog(ctx.db())).toEqual([]);
    expect(verifyAudit(ctx.db()).ok).toBe(true);
  });

  it('canonical JSON sorts keys at every depth, so equal changes hash equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });
});
