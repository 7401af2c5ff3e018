// The real bin/kaohe.js (run `npm run build` first): October issued to finance on Nov 1, a notice
// signed on Nov 2 on November's sheet as 补扣, October's sheet unchanged; the fund's floor at the
// reward's date; reward-void, keep and --compensation-from from the command line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kaohe } from '../helpers.js';

describe('kaohe guard month --issue, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-guard-close-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { KAOHE_DB: join(dir, 'kaohe.db') };
  const run = (now: string, args: string[]) => kaohe(args, { ...env, KAOHE_NOW: now });
  const ok = (now: string, args: string[]) => {
    const r = run(now, args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };

  it('a late-signed October notice reaches November as 补扣; October stays as issued', () => {
    expect(kaohe(['db', 'init'], { ...env, KAOHE_NOW: '2026-10-01 08:00' }).code).toBe(0);
    ok('2026-10-01 09:00', ['guard', 'add', '--name', '张伟', '--company', '齐铁保安服务公司', '--site', '龙华物业小区', '--base-pay', '3200']);
    ok('2026-10-01 09:01', ['guard', 'add', '--name', '李强', '--company', '齐铁保安服务公司', '--site', '龙华物业小区', '--base-pay', '3000']);
    const n = ok('2026-10-30 09:00', ['--json', 'guard', 'deduct', '--guard', '张伟', '--guard', '李强', '--rule', '5', '--at', '2026-10-30 08:00',
      '--inspector', '王建国', '--compensation', '45', '--compensation-from', '李强']).json();
    expect(n.guards).toMatchObject([{ name: '张伟', compensation: 0 }, { name: '李强', compensation: 45 }]);
    ok('2026-10-31 09:00', ['guard', 'sign', n.id, '--side', 'company', '--by', '王建国']);
    const issuing = run('2026-11-01 09:00', ['--json', 'guard', 'month', '--month', '2026-10', '--issue']);
    expect(issuing.code).toBe(0);
    expect(issuing.stderr).toContain(n.id); // closing warns about the notice still waiting for a signature
    const issued = issuing.json();
    expect(issued).toMatchObject({ closed: true, total_fine: 0, guards: [{ name: '张伟', fine: 0 }, { name: '李强', fine: 0 }] });
    expect(issued.audit_head).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect(run('2026-11-01 09:05', ['guard', 'month', '--month', '2026-10', '--issue']).code).toBe(3);
    ok('2026-11-02 09:00', ['guard', 'sign', n.id, '--side', 'property', '--by', '陈丽']);
    expect(ok('2026-11-03 09:00', ['--json', 'guard', 'month', '--month', '2026-10']).json()).toEqual(issued);
    const nov = ok('2026-11-03 09:00', ['--json', 'guard', 'month', '--month', '2026-11']).json();
    expect(nov.guards).toMatchObject([
      { name: '张伟', fine: 8, compensation: 0, adjustments: [{ notice: n.id, month: '2026-10', points: 4, fine: 8 }] },
      { name: '李强', fine: 8, compensation: 45, adjustments: [{ notice: n.id, month: '2026-10', points: 4, fine: 8 }] },
    ]);
    const zh = ok('2026-11-03 09:00', ['--lang', 'zh', 'guard', 'month', '--month', '2026-10']).stdout;
    expect(zh).toContain('已送交财务');
    expect(zh).toContain(`审计链 ${issued.audit_head.slice(0, issued.audit_head.indexOf(':') + 13)}`);
    expect(ok('2026-11-03 09:00', ['--lang', 'zh', 'guard', 'month', '--month', '2026-11']).stdout).toContain(`补扣 ${n.id}（2026-10）8.00`);
  });

  it('a reward back-dated to before the fines came in is exit 3 naming the moment; reward-void puts it back', () => {
    const early = run('2026-11-04 09:00', ['guard', 'reward', '--guard', '张伟', '--amount', '1', '--reason', '拾金不昧', '--by', '王经理', '--at', '2026-11-01 12:00']);
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('2026-11-01T12:00'); // the fine came in on Nov 2
    expect(early.stderr).toContain('1.00');
    // dated in the issued October, a fund move counts from the first open month (SPEC §0)
    const closed = run('2026-11-04 09:00', ['guard', 'reward', '--guard', '张伟', '--amount', '1', '--reason', '拾金不昧', '--by', '王经理', '--at', '2026-10-15 09:00']);
    expect(closed.code).toBe(3);
    expect(closed.stderr).toContain('2026-11-01T00:00');
    const r = ok('2026-11-04 09:00', ['--json', 'guard', 'reward', '--guard', '张伟', '--amount', '16', '--reason', '拾金不昧', '--by', '王经理']).json();
    expect(ok('2026-11-04 09:01', ['--json', 'guard', 'fund']).json()).toMatchObject({ balance: 0, fines_in: 16, rewards_out: 16 });
    ok('2026-11-04 09:02', ['guard', 'reward-void', r.id, '--reason', '重复发放']);
    expect(ok('2026-11-04 09:03', ['--json', 'guard', 'fund']).json()).toMatchObject({ balance: 16, rewards_out: 0 });
    expect(run('2026-11-04 09:04', ['guard', 'keep', '张伟', '--reason', '没有标记']).code).toBe(3);
    expect(run('2026-11-04 09:05', ['guard', 'deduct', '--guard', '张伟', '--rule', '1', '--at', '2026-10-20 09:00', '--inspector', 'x']).stderr).toContain('--reason');
  });
}, 300_000);
