import { describe, expect, it } from 'vitest';
import { loadRules, defaultRulesPath, type Channel } from '../../src/core/rules.js';
import { MS } from '../../src/core/time.js';
import { dueLetters, isOverdue, letterFigures, median, nextStatus, repliedOnTime, replyDeadline, replyState, type LetterStatus, type LetterStep } from '../../src/letter/rules.js';
import { at } from '../helpers.js';

const rules = loadRules(defaultRulesPath()).letter;

describe('3.5.2 a reply deadline per channel (ours: 24 h for phone and visit, 72 h for letter, fax and email)', () => {
  const received = at('2026-10-01 09:00');
  it.each<[Channel, number, string]>([
    ['phone', 24, '2026-10-02 09:00'],
    ['visit', 24, '2026-10-02 09:00'],
    ['letter', 72, '2026-10-04 09:00'],
    ['fax', 72, '2026-10-04 09:00'],
    ['email', 72, '2026-10-04 09:00'],
  ])('a %s must be answered within %i h, by %s', (channel, hours, due) => {
    const d = replyDeadline(received, channel, rules);
    expect(d.hours).toBe(hours);
    expect(d.deadline).toBe(at(due));
  });

  it.each<[Channel]>([['phone'], ['visit'], ['letter'], ['fax'], ['email']])('a %s replied at the deadline itself is on time, a minute later is late', (channel) => {
    const { deadline } = replyDeadline(received, channel, rules);
    expect(repliedOnTime(deadline, deadline)).toBe(true);
    expect(repliedOnTime(deadline + MS.minute, deadline)).toBe(false);
  });

  it('an unanswered letter is overdue only after its deadline has passed', () => {
    const { deadline } = replyDeadline(received, 'phone', rules);
    expect(isOverdue(deadline, null, deadline - 1)).toBe(false);
    expect(isOverdue(deadline, null, deadline)).toBe(false);
    expect(isOverdue(deadline, null, deadline + 1)).toBe(true);
    expect(isOverdue(deadline, deadline - 5, deadline + MS.day)).toBe(false);
  });

  it('the rule file is read, not hard-coded: 12 h for phone gives a 12 h deadline', () => {
    const d = replyDeadline(received, 'phone', { reply_hours: { ...rules.reply_hours, phone: 12 } });
    expect(d.deadline).toBe(at('2026-10-01 21:00'));
  });
});

describe('states: received → investigating → replied → archived', () => {
  it.each<[LetterStatus, LetterStep, LetterStatus]>([
    ['received', 'note', 'investigating'],
    ['investigating', 'note', 'investigating'],
    ['replied', 'note', 'replied'],
    ['received', 'reply', 'replied'],
    ['investigating', 'reply', 'replied'],
    ['replied', 'archive', 'archived'],
  ])('%s + %s → %s', (from, step, to) => {
    expect(nextStatus('L2026-0001', from, step)).toBe(to);
  });

  it.each<[LetterStatus, LetterStep, string]>([
    ['received', 'archive', 'letter.refused.archive_unreplied'],
    ['investigating', 'archive', 'letter.refused.archive_unreplied'],
    ['replied', 'reply', 'letter.refused.reply_twice'],
    ['archived', 'reply', 'letter.refused.archived'],
    ['archived', 'note', 'letter.refused.archived'],
    ['archived', 'archive', 'letter.refused.archived'],
  ])('%s + %s is refused (exit 3, %s)', (from, step, key) => {
    expect(() => nextStatus('L2026-0001', from, step)).toThrow(expect.objectContaining({ exitCode: 3, key }));
  });
});

describe('report figures', () => {
  it('median of an odd and an even count', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([1, 2, 4, 10])).toBe(3);
  });

  it('a reply after "now" does not count yet (back-dated reports read as they did then)', () => {
    const l = { receivedAt: at('2026-10-01 09:00'), deadline: at('2026-10-02 09:00'), repliedAt: at('2026-10-01 15:00') };
    expect(letterFigures([l], at('2026-10-01 12:00'))).toMatchObject({ replied: 0, open: 1, overdue_open: 0 });
    expect(letterFigures([l], at('2026-10-03 12:00'))).toMatchObject({ replied: 1, replied_on_time: 1, open: 0, median_reply_hours: 6 });
  });

  it('due letters: overdue ones always, others only within the window', () => {
    const now = at('2026-10-02 10:00');
    const open = [
      { id: 'A', deadline: at('2026-10-02 09:00') },
      { id: 'B', deadline: at('2026-10-02 11:00') },
      { id: 'C', deadline: at('2026-10-05 09:00') },
    ];
    expect(dueLetters(open, now, 0)).toEqual([{ id: 'A', deadline: open[0].deadline, overdue: true }]);
    expect(dueLetters(open, now, 2 * MS.hour).map((d) => [d.id, d.overdue])).toEqual([['A', true], ['B', false]]);
  });
});

describe('the reply state of a letter against its deadline', () => {
  const deadline = at('2026-10-02 09:00');
  it.each([
    ['replied at the deadline is on time', at('2026-10-02 09:00'), at('2026-10-05 09:00'), 'on_time'],
    ['replied after the deadline is late', at('2026-10-02 09:01'), at('2026-10-02 10:00'), 'late'],
    ['not replied, deadline not passed: pending', null, at('2026-10-02 09:00'), 'pending'],
    ['not replied, deadline passed: overdue', null, at('2026-10-02 09:01'), 'overdue'],
  ] as const)('%s', (_name, repliedAt, now, state) => {
    expect(replyState({ repliedAt, deadline }, now)).toBe(state);
  });
});
