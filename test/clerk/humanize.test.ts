// The history and the audit log in words (issue 13 item 7): labels for fields, corrections as
// old → new, money in yuan, instants in local time, codes as the words the tables print.
import { describe, expect, it } from 'vitest';
import { humanChange } from '../../src/core/humanize.js';
import { actionLabel, historyView } from '../../src/core/history.js';
import { addMessages } from '../../src/core/i18n.js';
import { guardMessages } from '../../src/guard/messages.js';
import { letterMessages } from '../../src/letter/messages.js';
import { reviewMessages } from '../../src/review/messages.js';
import { stockMessages } from '../../src/stock/messages.js';
import { ticketMessages } from '../../src/ticket/messages.js';
import { at, testContext } from '../helpers.js';

for (const c of [ticketMessages, guardMessages, letterMessages, stockMessages, reviewMessages]) addMessages(c);

describe('an audit change in the user\'s words', () => {
  it.each([
    ['zh', 'guard.effective', { fine_fen: 1000, effective_at: at('2026-10-08 10:00') }, '罚款：10.00 元；生效时间：2026-10-08 10:00'],
    ['en', 'guard.effective', { fine_fen: 1000, effective_at: at('2026-10-08 10:00') }, 'fine: 10.00 yuan; in force: 2026-10-08 10:00'],
    ['zh', 'ticket.edit', { fault: { from: 'body', to: 'engine' }, distance_km: { from: 35, to: 120 } }, '故障类别：车身 → 发动机；距离（公里）：35 → 120'],
    ['en', 'ticket.edit', { fault: { from: 'body', to: 'engine' } }, 'fault: body → engine'],
    ['zh', 'guard.void', { reason: '记错队员', was: 'draft', voided_at: at('2026-10-09 09:00') }, '原因：记错队员；原状态：待签字；作废时间：2026-10-09 09:00'],
    ['zh', 'ticket.respond', { at: '2026-10-01T09:00:00+08:00', response_kind: 'onsite', sla: 'met' }, '时间：2026-10-01 09:00；响应要求：到达现场；时效：准时'],
    ['zh', 'ticket.dispatch', { to: ['王强', '李明'], lead: '王强', loan: 2000 }, '派出人员：王强、李明；负责人：王强；借款：2000.00 元'],
    ['zh', 'ticket.resolve', { warranty: false, major: false, note: null, parts: [] }, '三包：否'],
    ['zh', 'guard.sign', { side: 'property', by: '刘振华' }, '签字方：物业小区；经办人：刘振华'],
    ['zh', 'letter.reply', { channel: 'fax', on_time: true }, '渠道：传真；按时：是'],
    ['en', 'something.new', { odd_key: 'x' }, 'odd_key: x'],
    // fields that showed as keys before the review of issue 13
    ['zh', 'ticket.resolve', { mileage_km: 348214, running_hours: 13540, taken_apart: true }, '行驶里程（公里）：348214；运行小时：13540；已拆检：是'],
    ['zh', 'ticket.open', { channel: 'phone' }, '渠道：电话'],
    ['zh', 'ticket.expense_approve', { advance: 1300, settlement: 112, settles: 'return' }, '借款：1300.00 元；结算金额：112.00 元；结算方式：退还借款'],
    ['en', 'ticket.expense_approve', { advance: 1300, settles: 'pay' }, 'advance: 1300.00 yuan; settled by: pay out'],
    ['zh', 'stock.transfer', { from: 'main', to: 'station:哈尔滨服务站' }, '来自：备用件库；至：哈尔滨服务站'],
    ['zh', 'stock.count', { loc: 'old' }, '库位：旧件库'],
    ['zh', 'stock.write_off', { basis: 'shipping', warning: 'old part missing' }, '依据：凭邮寄发运单；警告：旧件未交回'],
    ['en', 'stock.write_off', { warning: 'old part missing' }, 'warning: old part not returned'],
    ['zh', 'review.staff', { level: 'dept-manager', dept: '销售部', valid_from: '2026-01-01' }, '级别：部门经理；部门：销售部；生效日期：2026-01-01'],
  ] as const)('%s %s %j → %s', (lang, action, change, text) => {
    expect(humanChange(testContext({ lang }).ctx, action, change as Record<string, unknown>)).toBe(text);
  });

  it('a long change is cut at a character, never in the middle of a Chinese one', () => {
    const text = humanChange(testContext({ lang: 'zh' }).ctx, 'letter.log', { content: '一'.repeat(300), subject: '二'.repeat(300) });
    expect([...text].length).toBeLessThanOrEqual(120);
    expect(text.endsWith('…')).toBe(true);
  });

  it('actions are words: guard.void is a voided notice', () => {
    expect(actionLabel(testContext({ lang: 'zh' }).ctx, 'guard.void')).toBe('作废通知单');
    expect(actionLabel(testContext({ lang: 'en' }).ctx, 'guard.void')).toBe('notice voided');
  });

  it('the history table shows the words, the row keeps the change as written', () => {
    const { ctx } = testContext({ lang: 'zh' });
    const entry = { seq: 1, at: at('2026-10-01 09:00'), actor: '王', action: 'guard.reward', recordId: 'GR2026-0001', change: { amount_fen: 5000 } };
    const view = historyView(ctx, [entry]);
    const col = view.columns.find((c) => c.key === 'change')!;
    expect(col.show!(entry.change, view.rows[0])).toBe('金额：50.00 元');
    expect(view.rows[0].change).toEqual({ amount_fen: 5000 });
  });
});
