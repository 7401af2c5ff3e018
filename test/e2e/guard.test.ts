// The real bin/kaohe.js on a temp file (run `npm run build` first): a month of guard notices, the
// pay sheet for finance checked by hand, the fund, the checks and the exit codes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDbFile, kaohe } from '../helpers.js';

describe('kaohe guard, end to end', () => {
  let env: Record<string, string>;
  const run = (args: string[], now = '2026-11-05 10:00') => kaohe(args, { ...env, KAOHE_NOW: now });
  const ok = (args: string[], now?: string) => {
    const r = run(args, now);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };
  const effective = (args: string[]) => {
    // paper notices of October typed in on 5 November: a late entry (补录) with its reason
    const n = ok(['--json', 'guard', 'deduct', '--inspector', '王建国', '--reason', '纸质通知单后补录入', ...args]).json();
    ok(['guard', 'sign', n.id, '--side', 'company', '--by', '王建国']);
    const done = ok(['--json', 'guard', 'sign', n.id, '--side', 'property', '--by', '陈丽']).json();
    expect(done.status).toBe('effective');
    return done;
  };

  // one database for the whole story (helpers' tempDir is removed after each test)
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-guard-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    env = { KAOHE_DB: initDbFile(join(dir, 'kaohe.db')) };
    for (const [name, pay] of [['张伟', '3200'], ['李强', '3000'], ['王磊', '3500.50']]) {
      ok(['guard', 'add', '--name', name, '--company', '齐铁保安服务公司', '--site', '龙华物业小区', '--base-pay', pay, '--hired', '2025-03-01'], '2026-10-26 08:00');
    }
    // one side only: waits, counts for nothing (entered first: entry times only move forward)
    const half = run(['--json', 'guard', 'deduct', '--guard', '李强', '--rule', '6', '--at', '2026-10-25 09:00', '--inspector', '陈丽'], '2026-10-26 09:00').json();
    ok(['guard', 'sign', half.id, '--side', 'company', '--by', '王建国'], '2026-10-26 10:00');
    effective(['--guard', '张伟', '--rule', '1', '--at', '2026-10-08 08:20']); // 2
    effective(['--guard', '张伟', '--guard', '李强', '--rule', '9', '--at', '2026-10-12 21:00']); // 2 each
    effective(['--guard', '李强', '--rule', '5', '--compensation', '45.50', '--at', '2026-10-15 14:00']); // 4 + 45.50
    effective(['--guard', '王磊', '--rule', '12', '--points', '6', '--at', '2026-10-31 23:30']); // still October in Shanghai
    effective(['--guard', '王磊', '--rule', '1', '--at', '2026-11-01 00:10']); // November
    const wrong = effective(['--guard', '张伟', '--rule', '21', '--at', '2026-10-20 09:00']);
    ok(['guard', 'void', wrong.id, '--reason', '记错队员']);
  }, 180_000); // two dozen runs of the CLI on a busy machine

  it('--now reproduces guard month and guard fund as of that time (nothing here was effective on 10-15)', () => {
    const month = ok(['--json', 'guard', 'month', '--month', '2026-10'], '2026-10-15 12:00').json();
    expect(month.total_points).toBe(0);
    expect(month.total_fine).toBe(0);
    expect(ok(['--json', 'guard', 'fund'], '2026-10-15 12:00').json()).toMatchObject({ balance: 0, fines_in: 0, rewards_out: 0 });
    expect(ok(['--json', 'guard', 'month', '--month', '2026-10']).json().total_points).toBeGreaterThan(0);
  });

  it('the October pay sheet, checked by hand', () => {
    const sheet = ok(['--json', 'guard', 'month', '--month', '2026-10']).json();
    // 张伟: rule 1 (2) + rule 9 (2) = 4 points, 8 yuan; the voided rule 21 counts for nothing
    // 李强: rule 9 (2) + rule 5 (4) = 6 points, 12 yuan, compensation 45.50; the one-sided rule 6 waits
    // 王磊: rule 12 with 6 points at 23:30 on 31 October = 12 yuan; the 1 November violation is not here
    expect(sheet).toMatchObject({
      month: '2026-10', yuan_per_point: 2,
      guards: [
        { name: '张伟', base_pay: 3200, points: 4, fine: 8, compensation: 0, net_pay: 3192, dismissal: false, reasons: [] },
        { name: '李强', base_pay: 3000, points: 6, fine: 12, compensation: 45.5, net_pay: 2942.5, dismissal: false },
        { name: '王磊', base_pay: 3500.5, points: 6, fine: 12, compensation: 0, net_pay: 3488.5, dismissal: false },
      ],
      total_points: 16, total_fine: 32, total_compensation: 45.5,
    });
    const nov = ok(['--json', 'guard', 'month', '--month', '2026-11']).json();
    expect(nov.guards.map((g: { points: number }) => g.points)).toEqual([0, 0, 2]);
  });

  it('the pay sheet as CSV for scripts and for Excel', () => {
    const csv = ok(['--csv', 'guard', 'month', '--month', '2026-10']).stdout.split('\n');
    expect(csv[0]).toBe('id,name,base_pay,points,fine,compensation,net_pay,dismissal,reasons');
    // money with two decimals (SPEC §0)
    expect(csv[1]).toBe('GD001,张伟,3200.00,4,8.00,0.00,3192.00,false,');
    expect(csv[2]).toBe('GD002,李强,3000.00,6,12.00,45.50,2942.50,false,');
    expect(csv[3]).toMatch(/^GD003,王磊,3500\.50,/);
    const excel = ok(['--excel', '--lang', 'zh', 'guard', 'month', '--month', '2026-10']).stdout;
    expect(excel.startsWith('\ufeff编号,姓名,基本工资')).toBe(true);
    expect(excel).toContain('\r\n');
    expect(excel).toContain('3000.00');
  });

  it('the fund: fines of effective notices in, rewards out, never below zero', () => {
    // 4 + 8 + 8 + 12 + 4 = 36 yuan; the voided 20 yuan went in and out again
    expect(ok(['--json', 'guard', 'fund']).json()).toMatchObject({ balance: 36, fines_in: 36, rewards_out: 0 });
    const r = run(['guard', 'reward', '--guard', '王磊', '--amount', '36.01', '--reason', '拾金不昧', '--by', '王建国']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('36.00');
    expect(ok(['--json', 'guard', 'reward', '--guard', '王磊', '--amount', '10', '--reason', '拾金不昧', '--by', '王建国']).json()).toMatchObject({ amount: 10, guard: 'GD003' });
    expect(ok(['--json', 'guard', 'fund']).json()).toMatchObject({ balance: 26, fines_in: 36, rewards_out: 10 });
    expect(ok(['--json', 'db', 'check']).json().checks.filter((c: { name: string }) => c.name.includes('guard')).every((c: { ok: boolean }) => c.ok)).toBe(true);
  });

  it('exit codes: bad points 2, same signer 3, unknown notice 4', () => {
    for (const p of ['3', '11']) {
      const r = run(['guard', 'deduct', '--guard', '张伟', '--rule', '12', '--points', p, '--inspector', 'x']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--points');
      expect(r.stderr).toContain('4 to 10');
    }
    expect(run(['guard', 'deduct', '--guard', '张伟', '--rule', '12', '--inspector', 'x']).code).toBe(2);
    expect(run(['guard', 'deduct', '--guard', '张伟', '--rule', '1', '--points', '3', '--inspector', 'x']).code).toBe(2);
    const n = ok(['--json', 'guard', 'deduct', '--guard', '张伟', '--rule', '11', '--inspector', 'x']).json();
    expect(n).toMatchObject({ status: 'draft', rule: 11, points: 2, guards: [{ name: '张伟', points: 2 }] });
    ok(['guard', 'sign', n.id, '--side', 'property', '--by', '陈丽']);
    expect(run(['guard', 'sign', n.id, '--side', 'company', '--by', '陈丽']).code).toBe(3);
    expect(run(['guard', 'sign', n.id, '--side', 'property', '--by', '赵敏']).code).toBe(3);
    expect(run(['guard', 'sign', 'G2026-9999', '--side', 'company', '--by', 'x']).code).toBe(4);
    ok(['guard', 'void', n.id, '--reason', 'test']);
  });

  it('guard check exits 1 for a notice waiting too long; report guard totals the period', () => {
    const c = run(['--json', 'guard', 'check']);
    expect(c.code).toBe(1);
    expect(c.json().items).toMatchObject([{ kind: 'guard', what: 'signature', overdue: true }]);
    expect(run(['--json', 'check']).json().items.filter((i: { kind: string }) => i.kind === 'guard')).toHaveLength(1);
    expect(ok(['--json', 'guard', 'notices', '--status', 'draft']).json().notices).toMatchObject([{ rule: 6, company_signed_by: '王建国', property_signed_by: null }]);
    const rep = ok(['--json', 'report', 'guard', '--month', '2026-10']).json();
    expect(rep.total_points).toBe(16);
    expect(rep.guards).toMatchObject([{ name: '李强', points: 6, notices: 2 }, { name: '王磊', points: 6 }, { name: '张伟', points: 4 }]);
    expect(rep.fund.balance).toBe(26);
  });

  it('rules print in both languages', () => {
    expect(ok(['--lang', 'zh', 'guard', 'rules']).stdout).toContain('当班饮酒');
    const rules = ok(['--json', 'guard', 'rules']).json().rules;
    expect(rules).toHaveLength(22);
    expect(rules[11]).toMatchObject({ no: 12, min: 4, max: 10 });
  });
});

describe('kaohe guard: the 3rd absence is flagged until the dismissal is recorded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-guard-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { KAOHE_DB: initDbFile(join(dir, 'kaohe.db')), KAOHE_NOW: '2026-11-05 10:00' };

  it('flags, dismisses, refuses new notices', () => {
    expect(kaohe(['guard', 'add', '--name', '孙磊', '--company', '齐铁保安服务公司', '--site', '龙华物业小区', '--base-pay', '3100', '--hired', '2026-01-05'], env).code).toBe(0);
    for (const day of ['2026-03-02', '2026-07-02', '2026-10-02']) {
      const n = kaohe(['--json', 'guard', 'deduct', '--guard', '孙磊', '--rule', '2', '--at', `${day} 08:00`, '--inspector', '王建国', '--reason', '补录'], env).json();
      expect(kaohe(['guard', 'sign', n.id, '--side', 'company', '--by', '王建国'], env).code).toBe(0);
      expect(kaohe(['guard', 'sign', n.id, '--side', 'property', '--by', '陈丽'], env).code).toBe(0);
    }
    const sheet = kaohe(['--json', 'guard', 'month', '--month', '2026-10'], env).json();
    expect(sheet.guards[0]).toMatchObject({ name: '孙磊', points: 4, fine: 8, net_pay: 3092, dismissal: true, reasons: [{ rule: 2, count: 3 }] });
    expect(kaohe(['--json', 'guard', 'month', '--month', '2026-09'], env).json().guards[0].dismissal).toBe(false);
    const zh = kaohe(['--lang', 'zh', 'guard', 'month', '--month', '2026-10'], env).stdout;
    expect(zh).toContain('第2条无故旷工×3');
    const check = kaohe(['--json', 'guard', 'check'], env);
    expect(check.code).toBe(1);
    expect(check.json().items).toMatchObject([{ kind: 'guard', id: 'GD001', what: 'dismissal', overdue: true }]);
    expect(kaohe(['guard', 'dismiss', '孙磊', '--reason', '累计三次无故旷工'], env).code).toBe(0);
    expect(kaohe(['guard', 'check'], env).code).toBe(0);
    expect(kaohe(['guard', 'deduct', '--guard', '孙磊', '--rule', '1', '--inspector', 'x'], env).code).toBe(3);
    expect(kaohe(['guard', 'dismiss', '孙磊', '--reason', 'again'], env).code).toBe(3);
  });
});
