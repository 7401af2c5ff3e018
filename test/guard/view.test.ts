// How the roster looks to scripts: `guard list --csv` has the JSON's keys and yuan.
import { describe, expect, it } from 'vitest';
import { addGuard } from '../../src/guard/service.js';
import { renderGuards } from '../../src/guard/view.js';
import { testContext } from '../helpers.js';

describe('guard list', () => {
  it('--csv has snake_case keys and money in yuan, the table shows yuan with two decimals', () => {
    const csv = testContext({ format: 'csv' });
    const g = addGuard(csv.ctx, { name: '张伟', company: '齐铁保安服务公司', site: '龙华物业小区', basePay: '3200.50', hired: '2025-03-01' });
    renderGuards(csv.ctx, [g]);
    const [head, row] = csv.out().trim().split('\n');
    expect(head).toBe('id,name,company,site,base_pay,hired,status');
    expect(row).toBe(`${g.id},张伟,齐铁保安服务公司,龙华物业小区,3200.5,2025-03-01,active`);
    const table = testContext({ dbPath: undefined });
    renderGuards(table.ctx, [g]);
    expect(table.out()).toContain('3200.50');
  });
});
