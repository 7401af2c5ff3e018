// The history table and JSON every `show` command shares (ticket, letter, guard notice).
import { describe, expect, it } from 'vitest';
import { actionLabel, changeSummary, historyJson, historyView } from '../../src/core/history.js';
import { at, testContext } from '../helpers.js';

const entry = { seq: 7, at: at('2026-10-01 09:00'), actor: '王强', action: 'ticket.respond', recordId: 'T2026-0001', change: { responded_at: '2026-10-01T09:00:00+08:00' } };

describe('history of a record', () => {
  it('JSON keeps seq, at (with the zone offset), actor, action and the change as written', () => {
    const { ctx } = testContext();
    expect(historyJson(ctx, [entry])).toEqual([
      { seq: 7, at: '2026-10-01T09:00:00+08:00', actor: '王强', action: 'ticket.respond', change: { responded_at: '2026-10-01T09:00:00+08:00' } },
    ]);
  });

  it('the table has the audit log column labels in the user language', () => {
    const { ctx } = testContext({ lang: 'zh' });
    const view = historyView(ctx, [entry]);
    expect(view.title).toBe('历史记录');
    expect(view.columns.map((c) => c.label)).toEqual(['时间', '操作人', '操作', '变更']);
  });

  it.each([
    [{ responded_at: '2026-10-01T09:00:00+08:00' }, 'responded_at=2026-10-01 09:00'],
    [{ guards: ['张伟', '李强'], fine_fen: 2000 }, 'guards=张伟/李强, fine=20.00'],
    [{ at: at('2026-10-08 08:20'), signed_at: at('2026-10-08 10:00') }, 'at=2026-10-08 08:20, signed_at=2026-10-08 10:00'],
    [{ note: null, reason: '', major: false, parts: [], by: '陈丽' }, 'by=陈丽'],
    [{ content: '一'.repeat(30) }, `content=${'一'.repeat(23)}…`],
  ])('summarizes %j as %s', (change, text) => {
    expect(changeSummary(change, 'Asia/Shanghai')).toBe(text);
  });

  it('cuts the whole line at 90 characters', () => {
    const change = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'value']));
    expect([...changeSummary(change, 'Asia/Shanghai')]).toHaveLength(90);
  });
});

describe('actions in the history read in the user\'s words', () => {
  it.each([
    ['en', 'ticket.open', 'opened'],
    ['zh', 'ticket.sign', '用户签字'],
    ['zh', 'guard.effective', '通知单生效'],
    ['en', 'letter.link', 'linked to a ticket'],
    ['zh', 'something.new', 'something.new'],
  ] as const)('%s %s → %s', (lang, action, label) => {
    expect(actionLabel(testContext({ lang }).ctx, action)).toBe(label);
  });
});
