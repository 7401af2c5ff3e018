// Lists open work first (CLI.md, second wave): without a period, what is still open from any
// time plus everything of the current month — on the 1st, yesterday's open ticket is still
// there; --all every record; a period flag just that period; --customer / --vehicle filters.
import { describe, expect, it } from 'vitest';
import { listScope, scopeLabel } from '../../src/core/list-scope.js';
import { listLetters, logLetter, replyLetter } from '../../src/letter/service.js';
import { listNotices } from '../../src/guard/report.js';
import * as svc from '../../src/ticket/service.js';
import { listTickets } from '../../src/ticket/views.js';
import { testContext } from '../helpers.js';
import { LATE, OPEN, ticketAt } from '../ticket/fixtures.js';

/** October: one ticket finished (approved), one still open; then on the 1st of December
 *  yesterday's call (entered today) and today's. */
function firstOfMonth() {
  let tc = testContext({ now: '2026-10-20 10:00' });
  const done = ticketAt(tc.ctx, 'approved').id;
  const oldOpen = svc.openTicket(tc.ctx, { ...OPEN, customer: '五常市公交公司', vehicle: '黑A·20001', reportedAt: '2026-10-05 09:00', reason: LATE }).id;
  tc = tc.later('2026-12-01 09:00');
  const yesterday = svc.openTicket(tc.ctx, { ...OPEN, reportedAt: '2026-11-30 17:00', reason: LATE }).id;
  const today = svc.openTicket(tc.ctx, { ...OPEN, vehicle: '黑A·30003', reportedAt: '2026-12-01 08:30' }).id;
  return { tc, done, oldOpen, yesterday, today };
}

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

describe('ticket list on the 1st of a month', () => {
  it('shows what is still open from any time plus the current month, and says so', () => {
    const { tc, oldOpen, yesterday, today } = firstOfMonth();
    const scope = listScope(tc.ctx, {});
    expect(ids(listTickets(tc.ctx, scope, {}))).toEqual([oldOpen, yesterday, today]);
    expect(scopeLabel(tc.ctx, scope)).toBe('open from earlier + December 2026');
    const zh = testContext({ now: '2026-12-01 09:00', dbPath: tc.ctx.dbPath, lang: 'zh' });
    expect(scopeLabel(zh.ctx, listScope(zh.ctx, {}))).toBe('早前未办结 + 2026年12月');
  });

  it('--all lists every ticket; a period just that period', () => {
    const { tc, done, oldOpen, yesterday, today } = firstOfMonth();
    expect(ids(listTickets(tc.ctx, listScope(tc.ctx, { all: true }), {}))).toEqual([done, oldOpen, yesterday, today]);
    expect(ids(listTickets(tc.ctx, listScope(tc.ctx, { month: '2026-11' }), {}))).toEqual([yesterday]);
    expect(ids(listTickets(tc.ctx, listScope(tc.ctx, { month: '2026-10' }), {}))).toEqual([done, oldOpen]);
    expect(() => listScope(tc.ctx, { all: true, month: '2026-10' })).toThrow(expect.objectContaining({ exitCode: 2, key: 'list.all_and_period' }));
  });

  it('--customer and --vehicle filter by part of the name / number', () => {
    const { tc, oldOpen, today } = firstOfMonth();
    const scope = listScope(tc.ctx, {});
    expect(ids(listTickets(tc.ctx, scope, { customer: '五常' }))).toEqual([oldOpen]);
    expect(ids(listTickets(tc.ctx, scope, { vehicle: '30003' }))).toEqual([today]);
  });

  it('as of an earlier moment (--now) the open part is judged from the entry times', () => {
    const { tc, oldOpen } = firstOfMonth();
    const before = testContext({ now: '2026-12-01 08:45', dbPath: tc.ctx.dbPath });
    // yesterday's and today's calls were entered at 09:00: not known yet at 08:45
    expect(ids(listTickets(before.ctx, listScope(before.ctx, {}), {}))).toEqual([oldOpen]);
  });
});

describe('letter list and guard notices', () => {
  it('letters: unanswered from earlier plus the month; answered old ones only with --all', () => {
    let tc = testContext({ now: '2026-11-02 16:00' });
    const answered = logLetter(tc.ctx, { channel: 'phone', from: '王', org: '道里区公交', subject: '投诉', receivedAt: '2026-11-02 09:00' }).id;
    replyLetter(tc.ctx, answered, { text: '已答复', by: '李', at: '2026-11-02 15:00' });
    tc = tc.later('2026-11-30 16:30');
    const waiting = logLetter(tc.ctx, { channel: 'phone', from: '赵', subject: '咨询', receivedAt: '2026-11-30 16:00' }).id;
    tc = tc.later('2026-12-01 09:00');
    expect(ids(listLetters(tc.ctx, { period: null, pending: false, scope: listScope(tc.ctx, {}) }))).toEqual([waiting]);
    expect(ids(listLetters(tc.ctx, { period: null, pending: false, scope: listScope(tc.ctx, { all: true }) }))).toEqual([answered, waiting]);
    expect(ids(listLetters(tc.ctx, { period: null, pending: false, scope: listScope(tc.ctx, { all: true }), customer: '道里' }))).toEqual([answered]);
  });

  it('guard notices: no notices is an empty list, not an error', () => {
    const tc = testContext({ now: '2026-12-01 09:00' });
    expect(listNotices(tc.ctx.db(), listScope(tc.ctx, {}))).toEqual([]);
  });
});

describe('a second person with the same name', () => {
  it('is refused without a terminal unless --yes; at a terminal it warns and asks', async () => {
    const { allowSameName, sameNameHint } = await import('../../src/core/duplicate.js');
    const plain = testContext({ now: '2026-12-01 09:00' });
    await expect(allowSameName(plain.ctx, '张伟', [], false, '--guard')).resolves.toBe(false);
    await expect(allowSameName(plain.ctx, '张伟', ['GD001'], false, '--guard')).rejects.toMatchObject({ exitCode: 2, key: 'dup.name' });
    await expect(allowSameName(plain.ctx, '张伟', ['GD001'], true, '--guard')).resolves.toBe(true);
    const answers = [false, true];
    const asked: string[] = [];
    const prompter = {
      text: async () => '', select: async () => undefined as never,
      confirm: async (o: { message: string }) => (asked.push(o.message), answers.shift()!),
    };
    const tty = testContext({ now: '2026-12-01 09:00', interactive: true, prompter, lang: 'zh' });
    await expect(allowSameName(tty.ctx, '张伟', ['GD001'], false, '--guard')).rejects.toMatchObject({ key: 'input.cancelled' });
    await expect(allowSameName(tty.ctx, '张伟', ['GD001'], false, '--guard')).resolves.toBe(true);
    expect(asked).toEqual(['再添加一名叫 张伟 的人员吗？', '再添加一名叫 张伟 的人员吗？']);
    expect(tty.err()).toContain('名册中已有 张伟（GD001）');
    expect(sameNameHint(tty.ctx, '张伟', ['GD001', 'GD004'], '--guard')).toBe('提示：GD001、GD004 同名 张伟；今后请用编号指明，如 --guard GD004');
  });
});
