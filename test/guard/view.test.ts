// How the roster looks to scripts: `guard list --csv` has the JSON's keys and yuan.
import { describe, expect, it } from 'vitest';
import { addGuard } from '../../src/guard/service.js';
import { renderFund, renderGuards, renderNotices, renderReport } from '../../src/guard/view.js';
import { monthPeriod } from '../../src/core/period.js';
import { testContext } from '../helpers.js';

describe('guard list', () => {
  it('--csv has snake_case keys and money in yuan, the table shows yuan with two decimals', () => {
    const csv = testContext({ format: 'csv' });
    const g = addGuard(csv.ctx, { name: '张伟', company: '齐铁保安服务公司', site: '龙华物业小区', basePay: '3200.50', hired: '2025-03-01' });
    renderGuards(csv.ctx, [g]);
    const [head, row] = csv.out().trim().split('\n');
    expect(head).toBe('id,name,company,site,base_pay,hired,status');
    expect(row).toBe(`${g.id},张伟,齐铁保安服务公司,龙华物业小区,3200.50,2025-03-01,active`);
    const table = testContext({ dbPath: undefined });
    renderGuards(table.ctx, [g]);
    expect(table.out()).toContain('3200.50');
  });
});

describe('report guard', () => {
  it('--csv has fine and compensation in yuan under the JSON names', () => {
    const csv = testContext({ format: 'csv' });
    renderReport(csv.ctx, {
      period: monthPeriod(2026, 10, 'Asia/Shanghai'),
      guards: [{ id: 'GD001', name: '张伟', notices: 2, points: 9, fineFen: 1800, compensationFen: 12050 }],
      rules: [], drafts: 0, voids: 0, periodFinesFen: 1800, periodRewardsFen: 0,
      fund: { balanceFen: 1800, finesInFen: 1800, rewardsOutFen: 0, rewards: [] },
    });
    expect(csv.out().trim().split('\n')).toEqual(['id,name,notices,points,fine,compensation', 'GD001,张伟,2,9,18.00,120.50']);
  });
});

describe('guard fund', () => {
  it('--csv is balance,fines_in,rewards_out in yuan', () => {
    const csv = testContext({ format: 'csv' });
    renderFund(csv.ctx, { balanceFen: 12400, finesInFen: 13000, rewardsOutFen: 600, rewards: [] });
    expect(csv.out().trim().split('\n')).toEqual(['balance,fines_in,rewards_out', '124.00,130.00,6.00']);
  });
});

describe('guard notices', () => {
  it('--excel headers are Chinese words, --csv keeps the keys', () => {
    const zh = testContext({ format: 'csv', lang: 'zh' });
    Object.assign(zh.ctx, { excel: true });
    renderNotices(zh.ctx, []);
    expect(zh.out().replace(/^\ufeff/, '').trim()).not.toMatch(/[a-z]/);
    const csv = testContext({ format: 'csv' });
    renderNotices(csv.ctx, []);
    expect(csv.out().trim()).toBe('id,at,rule,points,guards,status,company_signed_by,property_signed_by,void_reason');
  });
});
