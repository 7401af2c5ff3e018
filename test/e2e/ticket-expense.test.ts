// The rest of the service report through the real CLI (bin/kaohe.js): the facts of the resolution
// on the printed report, the expense claim settling the advance, the advance check for cron, and
// an as-of report reprinted identical after a correction of the report time (issue 9).
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { initDbFile, kaohe, tempDir } from '../helpers.js';

vi.setConfig({ testTimeout: 60_000 });

describe('kaohe ticket resolve facts, expense, expense-approve, end to end', () => {
  it('a trip with an advance from the dispatch to the settled claim', () => {
    const db = initDbFile(join(tempDir(), 'k.db'));
    const run = (now: string, ...args: string[]) => kaohe(args, { KAOHE_DB: db, KAOHE_NOW: now });
    expect(run('2026-10-10 09:05', 'ticket', 'open', '--customer', '大庆市公共交通总公司', '--phone', '0459-6123456', '--vehicle', '黑E·30215',
      '--fault', 'body', '--distance', '60', '--reported-at', '2026-10-10 09:00').code).toBe(0);
    // a claim before anyone was sent: exit 3
    const early = run('2026-10-10 09:10', 'ticket', 'expense', 'T2026-0001', '--travel', '100', '--lodging', '0', '--vouchers', '1', '--by', '王强');
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('no one has been sent yet');
    expect(run('2026-10-10 09:30', 'ticket', 'dispatch', 'T2026-0001', '--to', '王强', '--to', '李明', '--lead', '王强', '--loan', '1500').code).toBe(0);
    expect(run('2026-10-10 14:00', 'ticket', 'respond', 'T2026-0001').code).toBe(0);
    // a warranty "yes" on a part taken apart needs --note: exit 2 naming it
    const noNote = run('2026-10-10 18:00', 'ticket', 'resolve', 'T2026-0001', '--cause', '门泵漏气', '--responsibility', 'product', '--warranty', 'yes', '--taken-apart');
    expect(noNote.code).toBe(2);
    expect(noNote.stderr).toContain('--note');
    const resolved = run('2026-10-10 18:00', 'ticket', 'resolve', 'T2026-0001', '--cause', '门泵漏气', '--responsibility', 'product', '--warranty', 'yes',
      '--mileage', '182000', '--running-hours', '5400', '--taken-apart', '--note', '服务站按三包拆检过', '--json');
    expect(resolved.json()).toMatchObject({ mileage_km: 182000, running_hours: 5400, taken_apart: true, resolve_note: '服务站按三包拆检过', expense: null });
    const report = kaohe(['ticket', 'report', 'T2026-0001'], { KAOHE_DB: db, KAOHE_NOW: '2026-10-10 18:05', KAOHE_LANG: 'zh' });
    expect(report.stdout).toMatch(/运行里程：\s+182000 km/);
    expect(report.stdout).toMatch(/是否被拆过：\s+是（服务站按三包拆检过）/);

    // the advance is due back 30 days after the dispatch: listed by ticket check and kaohe check
    const due = run('2026-11-09 09:31', 'ticket', 'check', '--json');
    expect(due.code).toBe(1);
    expect(due.json().items.filter((i: { what: string }) => i.what === 'advance')).toMatchObject([{ id: 'T2026-0001', what: 'advance', due: '2026-11-09T09:30:00+08:00', overdue: true }]);
    expect(run('2026-11-09 09:31', 'check').stdout).toContain('advance to settle');

    expect(run('2026-11-09 10:00', 'ticket', 'expense', 'T2026-0001', '--travel', '860', '--lodging', '480', '--freight', '35.5', '--vouchers', '6', '--by', '赵六').code).toBe(3);
    const claim = run('2026-11-09 10:00', 'ticket', 'expense', 'T2026-0001', '--travel', '860', '--lodging', '480', '--freight', '35.5', '--vouchers', '6', '--by', '李明');
    expect(claim.code).toBe(0);
    expect(claim.stdout).toContain('expense claim of 1375.50 yuan recorded (advance 1500.00 yuan)');
    const travelled = kaohe(['ticket', 'expense-approve', 'T2026-0001', '--by', '王强'], { KAOHE_DB: db, KAOHE_NOW: '2026-11-09 11:00', KAOHE_LANG: 'zh' });
    expect(travelled.code).toBe(3);
    expect(travelled.stderr).toContain('须由未出差的领导审核');
    const ok = kaohe(['ticket', 'expense-approve', 'T2026-0001', '--by', '刘经理'], { KAOHE_DB: db, KAOHE_NOW: '2026-11-09 11:00', KAOHE_LANG: 'zh' });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('借款 1500.00 元，应退还 124.50 元');
    const shown = run('2026-11-09 11:05', 'ticket', 'show', 'T2026-0001', '--json').json();
    expect(shown.expense).toMatchObject({ total: 1375.5, advance: 1500, settlement: 124.5, settles: 'return', approved_by: '刘经理', by: '李明' });
    expect(shown.history.map((h: { action: string }) => h.action).slice(-2)).toEqual(['ticket.expense', 'ticket.expense_approve']);
    expect(run('2026-11-09 11:05', 'ticket', 'check', '--json').json().items.filter((i: { what: string }) => i.what === 'advance')).toEqual([]);
    expect(run('2026-11-09 11:05', 'db', 'check').code).toBe(0);
    expect(run('2026-11-09 11:05', 'audit', 'verify').code).toBe(0);
  });

  it('report sla and the service report as of a moment before a correction reprint identical', () => {
    const db = initDbFile(join(tempDir(), 'k.db'));
    const run = (now: string, ...args: string[]) => kaohe(args, { KAOHE_DB: db, KAOHE_NOW: now });
    expect(run('2026-10-01 10:00', 'ticket', 'open', '--customer', '哈尔滨市公共交通集团', '--phone', '0451-86661234', '--vehicle', '黑A·12345',
      '--fault', 'body', '--distance', '35', '--reported-at', '2026-10-01 09:00').code).toBe(0);
    const asOf = ['--now', '2026-10-03 09:00'];
    const sla = () => run('2026-10-03 12:00', 'report', 'sla', '--month', '2026-10', '--by', 'fault', ...asOf);
    const doc = () => run('2026-10-03 12:00', 'ticket', 'report', 'T2026-0001', ...asOf);
    const [sla1, doc1] = [sla(), doc()];
    expect(sla1.code).toBe(0);
    expect(doc1.stdout).toContain('2026-10-01 09:00');
    expect(run('2026-10-03 10:00', 'ticket', 'edit', 'T2026-0001', '--reported-at', '2026-10-02 20:00', '--fault', 'chassis').code).toBe(0);
    expect(sla().stdout).toBe(sla1.stdout);
    expect(doc().stdout).toBe(doc1.stdout);
    const now = run('2026-10-03 12:00', 'ticket', 'report', 'T2026-0001');
    expect(now.stdout).toContain('2026-10-02 20:00');
    expect(run('2026-10-03 12:00', 'report', 'sla', '--month', '2026-10', '--by', 'fault', '--json').json().groups.find((g: { key: string }) => g.key === 'chassis').tickets).toBe(1);
  });
});
