// The real bin/kaohe.js on a temp file (run `npm run build` first): a requisition's whole life —
// parts received, a ticket's service report, request, approval, issue, old part back, the write-off
// when the ticket is approved — and the refusals, the balance, the ledger, the slip, the claim and
// the checks, with the exit codes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initDbFile, kaohe } from '../helpers.js';

describe('kaohe stock, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-stock-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { KAOHE_DB: initDbFile(join(dir, 'kaohe.db')) };
  const run = (now: string, ...args: string[]) => kaohe(args, { ...env, KAOHE_NOW: now });
  const ok = (now: string, ...args: string[]) => {
    const r = run(now, ...args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };

  it('a requisition from request to write-off, and what the reports say', () => {
    ok('2026-10-01 08:00', 'db', 'init');
    ok('2026-10-01 08:10', 'stock', 'part', 'add', '--code', 'P-2001', '--name', '制动分泵', '--price', '85.50', '--supplier', '齐鲁制动');
    const rec = ok('2026-10-01 09:00', '--json', 'stock', 'receive', '--part', 'P-2001', '--qty', '5', '--doc', 'FP-1', '--by', '赵库管').json();
    expect(rec).toMatchObject({ id: 'S2026-0001', kind: 'receive', qty: 5, to: 'main', quality: 'ok' });

    ok('2026-10-10 09:05', 'ticket', 'open', '--customer', '大庆市公共交通总公司', '--phone', '0459-6123456', '--vehicle', '黑E·30215', '--fault', 'chassis',
      '--distance', '20', '--reported-at', '2026-10-10 09:00');
    ok('2026-10-10 10:00', 'ticket', 'dispatch', 'T2026-0001', '--to', '王强');
    ok('2026-10-10 11:00', 'ticket', 'respond', 'T2026-0001');

    const q = ok('2026-10-10 12:00', '--json', 'stock', 'request', '--part', 'P-2001', '--qty', '2', '--ticket', 'T2026-0001', '--by', '王强', '--opinion', '更换制动分泵').json();
    expect(q).toMatchObject({ id: 'Q2026-0001', status: 'pending', qty: 2, issued: 0, old_back: 0 });
    const self = run('2026-10-10 12:10', 'stock', 'approve', 'Q2026-0001', '--by', '王强');
    expect(self.code).toBe(3);
    expect(self.stderr).toContain('cannot approve them too');
    expect(run('2026-10-10 12:10', 'stock', 'issue', 'Q2026-0001').code).toBe(3); // before approval
    ok('2026-10-10 12:20', 'stock', 'approve', 'Q2026-0001', '--by', '周经理');
    expect(ok('2026-10-10 12:30', '--json', 'stock', 'issue', 'Q2026-0001').json()).toMatchObject({ status: 'issued', issued: 2 });

    ok('2026-10-11 18:00', 'ticket', 'resolve', 'T2026-0001', '--cause', '分泵卡滞', '--responsibility', 'product', '--warranty', 'yes', '--part', 'P-2001:2:卡滞');
    const back = ok('2026-10-11 18:10', '--json', 'stock', 'oldpart', 'Q2026-0001', '--qty', '2').json();
    expect(back).toMatchObject({ status: 'issued', old_back: 2, written_off: [] }); // the report is not signed and approved yet
    expect(ok('2026-10-11 18:11', '--json', 'stock', 'show', 'Q2026-0001').json().waiting_for).toBe('the service report is not yet signed and approved');
    ok('2026-10-11 18:30', 'ticket', 'sign', 'T2026-0001', '--by', '陈志强');
    ok('2026-10-11 18:40', 'ticket', 'feedback', 'T2026-0001', '--note', '已书面反馈');
    ok('2026-10-12 09:00', 'ticket', 'approve', 'T2026-0001', '--by', '刘经理');

    // the ticket's approval was the last condition: the next stock step says so
    const moved = ok('2026-10-12 09:20', 'stock', 'transfer', '--part', 'P-2001', '--qty', '3', '--from', 'main', '--to', 'station:哈尔滨服务站');
    expect(moved.stdout).toContain('Q2026-0001 written off (on the service report) at 2026-10-12 09:00');
    expect(ok('2026-10-12 09:21', '--json', 'stock', 'show', 'Q2026-0001').json()).toMatchObject({ status: 'written_off', write_off_basis: 'report' });

    // a back-dated take that would leave the station short later is refused, naming it
    const short = run('2026-10-12 09:40', 'stock', 'transfer', '--part', 'P-2001', '--qty', '4', '--from', 'station:哈尔滨服务站', '--to', 'main',
      '--at', '2026-10-12 09:30');
    expect(short.code).toBe(3);
    expect(short.stderr).toContain('P-2001 at station:哈尔滨服务站 would go below zero');

    ok('2026-10-12 10:00', 'stock', 'count', '--part', 'P-2001', '--loc', 'main', '--counted', '0', '--reason', '月末盘点', '--by', '周经理');
    const crossing = run('2026-10-12 10:05', 'stock', 'receive', '--part', 'P-2001', '--qty', '1', '--at', '2026-10-12 09:50');
    expect(crossing.code).toBe(3);
    expect(crossing.stderr).toContain('S2026-0005');

    expect(ok('2026-10-12 10:10', '--json', 'stock', 'balance').json()).toEqual({
      balances: [
        { part: 'P-2001', loc: 'old', qty: 2, ok: 0, pending: 0, rejected: 2 },
        { part: 'P-2001', loc: 'station:哈尔滨服务站', qty: 3, ok: 3, pending: 0, rejected: 0 },
      ],
    });
    const ledger = ok('2026-10-12 10:10', '--json', 'stock', 'ledger', 'P-2001', '--loc', 'main', '--month', '2026-10').json();
    expect(ledger.lines.map((l: { qty: number; balance: number }) => [l.qty, l.balance])).toEqual([[5, 5], [-2, 3], [-3, 0]]);

    const slip = ok('2026-10-12 10:15', '--lang', 'zh', 'stock', 'slip', 'S2026-0001').stdout;
    expect(slip.match(/接收单/g)).toHaveLength(2);
    expect(slip).toContain('S2026-0001  （第 2 联，共 2 联）');
    expect(slip).toMatch(/审计链 \d+:[0-9a-f]{12}/);

    // a claim on the old part; it may not be scrapped while the claim is live
    expect(ok('2026-10-12 11:00', '--json', 'stock', 'claim', 'open', '--supplier', '齐鲁制动', '--ticket', 'T2026-0001', '--part', 'P-2001', '--amount', '171').json())
      .toMatchObject({ id: 'C2026-0001', status: 'open', claimed: 171 });
    expect(run('2026-12-02 09:00', 'stock', 'check').code).toBe(1); // October's old parts not disposed of by the end of November
    const all = run('2026-12-02 09:00', '--json', 'check');
    expect(all.code).toBe(1);
    expect(all.json().items).toContainEqual(expect.objectContaining({ kind: 'stock', id: '2026-10', what: 'dispose', overdue: true }));
    expect(run('2026-12-02 09:00', 'stock', 'dispose', '--month', '2026-10', '--how', 'scrap').code).toBe(3);
    expect(run('2026-12-02 09:01', 'stock', 'claim', 'set', 'C2026-0001', '--status', 'paid', '--recovered', '171').code).toBe(3);
    ok('2026-12-02 09:02', 'stock', 'claim', 'set', 'C2026-0001', '--status', 'submitted');
    ok('2026-12-02 09:03', 'stock', 'claim', 'set', 'C2026-0001', '--status', 'accepted');
    expect(run('2026-12-02 09:04', 'stock', 'claim', 'set', 'C2026-0001', '--status', 'paid', '--recovered', '171.01').code).toBe(3);
    ok('2026-12-02 09:05', 'stock', 'claim', 'set', 'C2026-0001', '--status', 'paid', '--recovered', '150');
    ok('2026-12-02 09:06', 'stock', 'dispose', '--month', '2026-10', '--how', 'scrap', '--by', '赵库管');
    expect(run('2026-12-02 09:07', 'stock', 'check').code).toBe(0);

    const report = ok('2026-12-02 09:10', '--json', 'report', 'stock').json();
    expect(report).toMatchObject({ claims: { claims: 1, claimed: 171, recovered: 150, outstanding: 0 }, old_parts_pending: [], open_requisitions: [] });
    expect(report.audit_head).toMatch(/^\d+:[0-9a-f]{12}$/);
    expect(ok('2026-12-02 09:10', '--excel', 'report', 'stock').stdout.startsWith('\ufeff')).toBe(true);
    expect(ok('2026-12-02 09:11', 'db', 'check').stdout).toContain('all checks passed');
    expect(ok('2026-12-02 09:11', 'audit', 'verify').stdout).toContain('match the log');
  }, 180_000);

  it('bad input is exit 2, an unknown record exit 4', () => {
    expect(run('2026-12-03 09:00', 'stock', 'transfer', '--part', 'P-2001', '--qty', '1', '--from', 'warehouse', '--to', 'main').code).toBe(2);
    expect(run('2026-12-03 09:00', 'stock', 'receive', '--part', 'P-2001', '--qty', '1.5').code).toBe(2);
    expect(run('2026-12-03 09:00', 'stock', 'show', 'Q2026-0999').code).toBe(4);
    expect(run('2026-12-03 09:00', 'stock', 'request', '--part', 'P-2001', '--qty', '1', '--ticket', 'T2026-0999', '--by', '王强').code).toBe(4);
  });
});
