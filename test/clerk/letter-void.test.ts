// letter void (issue 13 item 6): a mistaken letter leaves the overdue lists, the checks and the
// figures from when the void was entered; show and history still show it; an as-of read before
// the void is unchanged; steps on it are refused.
import { describe, expect, it } from 'vitest';
import { listScope } from '../../src/core/list-scope.js';
import { monthPeriod } from '../../src/core/period.js';
import { letterChecks, letterReport, listLetters, logLetter, noteLetter, showLetter, voidLetterById } from '../../src/letter/service.js';
import { letterJson } from '../../src/letter/view.js';
import * as svc from '../../src/ticket/service.js';
import { testContext, TZ } from '../helpers.js';
import { OPEN } from '../ticket/fixtures.js';

function mistaken() {
  let tc = testContext({ now: '2026-11-02 09:30' });
  const wrong = logLetter(tc.ctx, { channel: 'phone', from: '王', subject: '打错电话', receivedAt: '2026-11-02 09:00' }).id;
  const real = logLetter(tc.ctx, { channel: 'phone', from: '李', subject: '车门故障', receivedAt: '2026-11-02 09:10' }).id;
  tc = tc.later('2026-11-05 10:00'); // both are overdue now (24 h for a call)
  const before = letterReport(tc.ctx, monthPeriod(2026, 11, TZ));
  tc = tc.later('2026-11-05 11:00');
  voidLetterById(tc.ctx, wrong, { reason: '打错电话,不是用户来电' });
  return { tc, wrong, real, before };
}

describe('letter void', () => {
  it('leaves the checks, the lists and the figures', () => {
    const { tc, wrong, real, before } = mistaken();
    expect(before).toMatchObject({ received: 2, overdue_open: 2 });
    expect(letterChecks(tc.ctx, tc.ctx.db(), 0).map((i) => i.id)).toEqual([real]);
    expect(listLetters(tc.ctx, { period: null, pending: false, scope: listScope(tc.ctx, {}) }).map((l) => l.id)).toEqual([real]);
    expect(listLetters(tc.ctx, { period: null, pending: true }).map((l) => l.id)).toEqual([real]);
    expect(letterReport(tc.ctx, monthPeriod(2026, 11, TZ))).toMatchObject({ received: 1, overdue_open: 1 });
    void wrong;
  });

  it('show and history still show it, voided; JSON says so', () => {
    const { tc, wrong } = mistaken();
    const d = showLetter(tc.ctx, wrong);
    expect(d.history.map((h) => h.action)).toEqual(['letter.log', 'letter.void']);
    expect(letterJson(tc.ctx, d.letter).void).toMatchObject({ reason: '打错电话,不是用户来电', by: 'tester' });
  });

  it('an as-of read before the void was entered is unchanged', () => {
    const { tc, before } = mistaken();
    const asOf = testContext({ now: '2026-11-05 10:00', dbPath: tc.ctx.dbPath });
    expect(letterReport(asOf.ctx, monthPeriod(2026, 11, TZ))).toEqual(before);
    expect(letterChecks(asOf.ctx, asOf.ctx.db(), 0)).toHaveLength(2);
    expect(letterJson(asOf.ctx, showLetter(asOf.ctx, mistakenId(asOf)).letter).void).toBeUndefined();
  });

  it('refuses a second void, a step on a voided letter, a ticket from it; needs a reason', () => {
    const { tc, wrong, real } = mistaken();
    const t2 = tc.later('2026-11-05 12:00');
    expect(() => voidLetterById(t2.ctx, wrong, { reason: '再次' })).toThrow(expect.objectContaining({ exitCode: 3, key: 'letter.refused.void' }));
    expect(() => noteLetter(t2.ctx, wrong, { text: '了解' })).toThrow(expect.objectContaining({ exitCode: 3, key: 'letter.refused.void' }));
    expect(() => svc.openTicket(t2.ctx, { ...OPEN, letter: wrong, reportedAt: undefined, reason: undefined })).toThrow(expect.objectContaining({ exitCode: 3, key: 'letter.refused.void' }));
    expect(() => voidLetterById(t2.ctx, real, {})).toThrow(expect.objectContaining({ exitCode: 2, key: 'input.missing' }));
  });
});

function mistakenId(tc: ReturnType<typeof testContext>): string {
  return listLetters(tc.ctx, { period: null, pending: true })[0].id;
}
