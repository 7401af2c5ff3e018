import { describe, expect, it } from 'vitest';
import { auditCount, auditLog } from '../../src/core/audit.js';
import { monthPeriod, periodFrom } from '../../src/core/period.js';
import {
  archiveLetter, getLetterForLink, letterChecks, letterInvariants, letterReport, linkLetterToTicket, listLetters, logLetter, noteLetter,
  replyLetter, showLetter,
} from '../../src/letter/service.js';
import { TZ, at, testContext } from '../helpers.js';

type Ctx = ReturnType<typeof testContext>['ctx'];
type Step = (c: Ctx, id: string) => unknown;
const auditRows = (ctx: Ctx) => auditLog(ctx.db()).length;

function logged(now = '2026-11-01 10:00') {
  const t = testContext({ now });
  const l = logLetter(t.ctx, { channel: 'phone', from: '王建国', org: '哈尔滨公交公司', contact: '13804510000', subject: '空调不制冷', receivedAt: '2026-11-01 09:00' });
  return { ...t, l };
}

describe('letter log (3.5.1 in the order they arrive)', () => {
  it('gives L<year>-0001 ids in logging order and stores the deadline of its channel', () => {
    const { ctx, l } = logged();
    expect(l).toMatchObject({ id: 'L2026-0001', status: 'received', replyHours: 24, deadline: at('2026-11-02 09:00') });
    const e = logLetter(ctx, { channel: 'email', from: '李红', subject: '配件询价', receivedAt: '2026-11-01 09:30' });
    expect(e).toMatchObject({ id: 'L2026-0002', replyHours: 72, deadline: at('2026-11-04 09:30') });
    expect(auditLog(ctx.db(), { recordId: 'L2026-0001' }).map((a) => a.action)).toEqual(['letter.log']);
  });

  it('the id year is the local year of arrival', () => {
    const { ctx } = testContext({ now: '2027-01-01 10:00' });
    expect(logLetter(ctx, { channel: 'fax', from: '张伟', subject: '车门故障', receivedAt: '2026-12-31 23:30' }).id).toBe('L2026-0001');
  });

  it.each([
    [{ channel: 'pigeon', from: 'a', subject: 'b' }, '--channel'],
    [{ channel: 'phone', subject: 'b' }, '--from'],
    [{ channel: 'phone', from: 'a', subject: '  ' }, '--subject'],
    [{ channel: 'phone', from: 'a', subject: 'b', receivedAt: '2026-02-30 10:00' }, '--received-at'],
    [{ channel: 'phone', from: 'a', subject: 'b', receivedAt: '2026-11-02 10:00' }, '--received-at'],
  ])('bad input %j is exit 2 naming %s, nothing written', (input, field) => {
    const { ctx } = testContext();
    expect(() => logLetter(ctx, input)).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field }) }));
    expect(auditCount(ctx.db())).toBe(0);
  });
});

describe('a letter\'s life: received → investigating → replied → archived', () => {
  it('note, reply (channel defaults to the incoming one), archive', () => {
    const { ctx, l } = logged('2026-11-01 18:00');
    const n = noteLetter(ctx, 'l2026-0001', { text: '已联系服务站', at: '2026-11-01 11:00' });
    expect(n.letter.status).toBe('investigating');
    expect(n.note).toMatchObject({ seq: 1, by: 'tester', text: '已联系服务站', at: at('2026-11-01 11:00') });
    const r = replyLetter(ctx, l.id, { text: '已更换压缩机', by: '张明', at: '2026-11-01 17:00' });
    expect(r).toMatchObject({ status: 'replied', replyChannel: 'phone', repliedBy: '张明', repliedAt: at('2026-11-01 17:00') });
    const a = archiveLetter(ctx, l.id, {});
    expect(a).toMatchObject({ status: 'archived', archivedAt: ctx.now, archivedBy: 'tester' });
    const shown = showLetter(ctx, l.id);
    expect(shown.notes).toHaveLength(1);
    expect(shown.history.map((h) => h.action)).toEqual(['letter.log', 'letter.note', 'letter.reply', 'letter.archive']);
    expect(letterInvariants(ctx.db()).every((i) => i.ok)).toBe(true);
  });

  it('a reply may go back another way', () => {
    const { ctx, l } = logged();
    expect(replyLetter(ctx, l.id, { text: '报价已传真', by: '刘芳', channel: 'fax' }).replyChannel).toBe('fax');
  });

  const reply = (c: Ctx, id: string) => replyLetter(c, id, { text: '已答复', by: '张明' });
  const archive = (c: Ctx, id: string) => archiveLetter(c, id, {});
  const note = (c: Ctx, id: string) => noteLetter(c, id, { text: '补充' });
  it.each<[string, Step[], Step, string]>([
    ['archive before the reply', [], archive, 'letter.refused.archive_unreplied'],
    ['archive while investigating', [note], archive, 'letter.refused.archive_unreplied'],
    ['reply twice', [reply], reply, 'letter.refused.reply_twice'],
    ['note after the archive', [reply, archive], note, 'letter.refused.archived'],
    ['reply after the archive', [reply, archive], reply, 'letter.refused.archived'],
    ['archive twice', [reply, archive], archive, 'letter.refused.archived'],
  ])('%s is refused with exit 3 and nothing is written', (_name, setup, illegal, key) => {
    const { ctx, l } = logged();
    for (const step of setup) step(ctx, l.id);
    const before = auditRows(ctx);
    const status = showLetter(ctx, l.id).letter.status;
    expect(() => illegal(ctx, l.id)).toThrow(expect.objectContaining({ exitCode: 3, key }));
    expect(auditRows(ctx)).toBe(before);
    expect(showLetter(ctx, l.id).letter.status).toBe(status);
  });

  it('times before the arrival or in the future are exit 2; unknown ids exit 4', () => {
    const { ctx, l } = logged();
    // before the arrival: exit 3 like every module (SPEC §0, issue 9); in the future: exit 2
    expect(() => replyLetter(ctx, l.id, { text: 'x', by: 'y', at: '2026-11-01 08:00' })).toThrow(expect.objectContaining({ exitCode: 3, key: 'step.before_previous' }));
    expect(() => replyLetter(ctx, l.id, { text: 'x', by: 'y', at: '2026-11-02 08:00' })).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => replyLetter(ctx, l.id, { text: 'x' })).toThrow(expect.objectContaining({ exitCode: 2, params: { field: '--by' } }));
    expect(() => replyLetter(ctx, 'L2026-0099', { text: 'x', by: 'y' })).toThrow(expect.objectContaining({ exitCode: 4, key: 'letter.not_found' }));
    expect(() => showLetter(ctx, 'T2026-0001')).toThrow(expect.objectContaining({ exitCode: 4 }));
    expect(showLetter(ctx, l.id).letter.status).toBe('received');
  });
});

describe('linking a letter to the ticket it became', () => {
  it('getLetterForLink / linkLetterToTicket, once only, audited', () => {
    const { ctx, l } = logged();
    expect(() => getLetterForLink(ctx.db(), 'L2026-0042')).toThrow(expect.objectContaining({ exitCode: 4, key: 'letter.not_found' }));
    expect(getLetterForLink(ctx.db(), l.id)).toEqual({ id: 'L2026-0001', ticket_id: null, received_at: l.receivedAt, channel: l.channel });
    ctx.write((db) => linkLetterToTicket(ctx, db, 'l2026-0001', 'T2026-0003'));
    expect(getLetterForLink(ctx.db(), l.id)).toMatchObject({ id: 'L2026-0001', ticket_id: 'T2026-0003' });
    expect(() => ctx.write((db) => linkLetterToTicket(ctx, db, l.id, 'T2026-0004'))).toThrow(expect.objectContaining({ exitCode: 3, key: 'letter.refused.linked' }));
    const shown = showLetter(ctx, l.id);
    expect(shown.letter.ticketId).toBe('T2026-0003');
    expect(shown.history.at(-1)).toMatchObject({ action: 'letter.link', change: { ticket_id: 'T2026-0003' } });
  });
});

describe('report letters on a hand-computed month (October 2026)', () => {
  it('received 5, replied 3 (2 on time, 1 late), 2 open (1 overdue), median 30 h', () => {
    // a clerk logs and answers each letter when it happens (entry times only go forward)
    let tc = testContext({ now: '2026-09-30 23:30' });
    const log = (channel: string, receivedAt: string) => {
      tc = tc.later(receivedAt);
      return logLetter(tc.ctx, { channel, from: '周明', subject: '车门故障', receivedAt }).id;
    };
    const reply = (id: string, at: string) => {
      tc = tc.later(at);
      replyLetter(tc.ctx, id, { text: 'ok', by: '张明', at });
    };
    log('phone', '2026-09-30 23:30'); // September in Shanghai
    const a = log('phone', '2026-10-01 09:00'); // due 10-02 09:00, replied after 3 h
    reply(a, '2026-10-01 12:00');
    const b = log('email', '2026-10-05 10:00'); // due 10-08 10:00, replied at the deadline itself: 72 h
    reply(b, '2026-10-08 10:00');
    const c = log('visit', '2026-10-10 14:00'); // due 10-11 14:00, replied after 30 h: late
    reply(c, '2026-10-11 20:00');
    log('letter', '2026-10-20 09:00'); // due 10-23 09:00, still open on 11-01: overdue
    log('fax', '2026-10-31 23:30'); // due 11-03 23:30, open, not overdue
    log('phone', '2026-11-01 00:30'); // November in Shanghai
    tc = tc.later('2026-11-01 10:00');
    const ctx = tc.ctx;
    const r = letterReport(ctx, monthPeriod(2026, 10, TZ));
    expect(r).toMatchObject({ received: 5, replied: 3, replied_on_time: 2, replied_late: 1, open: 2, overdue_open: 1, median_reply_hours: 30, on_time_rate: 0.6667 });
    const byMonth = letterReport(ctx, periodFrom({ from: '2026-09-01', to: '2026-11-30' }, ctx.now, TZ), undefined, 'month');
    expect(byMonth.rows.map((row) => [row.key, row.received, row.replied_late])).toEqual([['2026-09', 1, 0], ['2026-10', 5, 1], ['2026-11', 1, 0]]);
    const byChannel = letterReport(ctx, monthPeriod(2026, 10, TZ), undefined, 'channel');
    expect(byChannel.rows.map((row) => [row.key, row.received, row.median_reply_hours])).toEqual([
      ['phone', 1, 3], ['letter', 1, null], ['fax', 1, null], ['email', 1, 72], ['visit', 1, 30],
    ]);
    const empty = letterReport(ctx, monthPeriod(2026, 8, TZ));
    expect(empty).toMatchObject({ received: 0, median_reply_hours: null, on_time_rate: null });
  });
});

describe('list and check', () => {
  it('lists in arrival order (received_at, then id); --pending alone lists every unanswered letter', () => {
    const { ctx } = testContext({ now: '2026-11-05 10:00' });
    logLetter(ctx, { channel: 'phone', from: 'A', subject: 's', receivedAt: '2026-11-03 10:00' });
    logLetter(ctx, { channel: 'phone', from: 'B', subject: 's', receivedAt: '2026-11-02 10:00' }); // logged late
    logLetter(ctx, { channel: 'phone', from: 'C', subject: 's', receivedAt: '2026-10-20 10:00', reason: '漏登补录' });
    replyLetter(ctx, 'L2026-0001', { text: 'x', by: 'y' });
    const nov = monthPeriod(2026, 11, TZ);
    expect(listLetters(ctx, { period: nov, pending: false }).map((l) => l.id)).toEqual(['L2026-0002', 'L2026-0001']);
    expect(listLetters(ctx, { period: nov, pending: true }).map((l) => l.id)).toEqual(['L2026-0002']);
    expect(listLetters(ctx, { period: null, pending: true }).map((l) => l.id)).toEqual(['L2026-0003', 'L2026-0002']);
  });

  it('check lists unanswered letters past their deadline (overdue) or within the window', () => {
    const { ctx } = testContext({ now: '2026-11-02 09:00' });
    logLetter(ctx, { channel: 'phone', from: 'A', subject: 's', receivedAt: '2026-11-01 08:00' }); // due 11-02 08:00: overdue
    logLetter(ctx, { channel: 'phone', from: 'B', subject: 's', receivedAt: '2026-11-01 09:00' }); // due now: due soon
    logLetter(ctx, { channel: 'email', from: 'C', subject: 's', receivedAt: '2026-11-01 09:00' }); // due 11-04 09:00
    const items = letterChecks(ctx, ctx.db(), 0);
    expect(items.map((i) => [i.id, i.overdue])).toEqual([['L2026-0001', true], ['L2026-0002', false]]);
    expect(letterChecks(ctx, ctx.db(), 2 * 86_400_000).map((i) => i.id)).toContain('L2026-0003');
  });
});
