// A small roster for the review tests: the GM 王总 assesses everyone; 周明 heads sales and is the
// direct leader of 陈静 (key section staff) and 李娜 (deputy); 刘强 heads after-sales.
import { openDb } from '../../src/core/db.js';
import type { TestContext } from '../helpers.js';
import { testContext } from '../helpers.js';
import { addStaff } from '../../src/review/service.js';

/** A new database (only `db init` creates one) with the roster, entered at `now`. */
export function rosterAt(now = '2026-06-01 09:00'): TestContext {
  const t = testContext({ now });
  openDb(t.ctx.dbPath, 'init').close();
  addStaff(t.ctx, { name: '周明', level: 'dept-manager', dept: '销售部', leader: '王总', assessor: '王总', basePay: '8000' });
  addStaff(t.ctx, { name: '陈静', level: 'section-key', dept: '销售部', leader: '周明', assessor: '王总', basePay: '6000' });
  addStaff(t.ctx, { name: '李娜', level: '部门副经理', dept: '销售部', leader: '周明', assessor: '王总' });
  addStaff(t.ctx, { name: '刘强', level: 'dept-manager', dept: '售后服务部', leader: '王总', assessor: '王总', basePay: '7000.50' });
  return t;
}

export const FIVE = (duty: string, ability: string, character: string, knowledge: string, discipline: string) => ({ duty, ability, character, knowledge, discipline });
