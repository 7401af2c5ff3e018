// Issue 9 for guards, part 2: net pay never below zero (结转, owed by former guards),
// --compensation-from, the fine fund never below zero AT ANY MOMENT (back-dated rewards, voids,
// reward-void), and issuing a month to finance: the late-signed notice as 补扣 on November's sheet,
// October's sheet unchanged with the audit head stored at issuing.
import { describe, expect, it } from 'vitest';
import { auditHead } from '../../src/core/audit.js';
import type { Context } from '../../src/core/context.js';
import { monthPeriod } from '../../src/core/period.js';
import { issueMonth } from '../../src/guard/ledger.js';
import { fund, guardInvariants } from '../../src/guard/report.js';
import { addGuard, deduct, dismiss, reward, rewardVoid, sign, voidNotice } from '../../src/guard/service.js';
import { TZ } from '../helpers.js';
import { clerk } from './clerk.js';

const CO = { company: '齐铁保安服务公司', site: '龙华物业小区' };
const add = (ctx: Context, name: string, basePay: string, hired = '2025-03-01') => addGuard(ctx, { name, ...CO, basePay, hired });
const both = (ctx: Context, id: string, extra: { at?: string; reason?: string } = {}) => {
  sign(ctx, { id, side: 'company', by: '王建国', ...extra });
  return sign(ctx, { id, side: 'property', by: '陈丽', ...extra });
};
const issue = (ctx: Context, month: string) => issueMonth(ctx, monthPeriod(Number(month.slice(0, 4)), Number(month.slice(5)), TZ));

describe('net pay is never below zero: the rest is carried (结转) to the next sheet', () => {
  it.each([
    // base pay; October: net pay, carried out; November: net pay; December: carried in
    ['15', 0, 5, 10, 0],
    ['20', 0, 0, 20, 0],
    ['20.01', 0.01, 0, 20.01, 0],
    ['3', 0, 17, 0, 14],
  ])('base %s, a 20-yuan fine: Oct net %d carried out %d; Nov net %d; Dec carried in %d', (base, octNet, out, novNet, decIn) => {
    const c = clerk('2026-10-01 09:00');
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '王磊', base));
    const n = c.at('2026-10-10 09:00', (ctx) => deduct(ctx, { guards: ['王磊'], rule: '21', at: '2026-10-10 08:00', inspector: '王建国' }));
    c.at('2026-10-10 10:00', (ctx) => both(ctx, n.id));
    expect(c.sheet('2026-11-01 09:00', '2026-10').guards[0]).toMatchObject({ fine: 20, net_pay: octNet, carried_in: 0, carried_out: out });
    expect(c.sheet('2026-12-01 09:00', '2026-11').guards[0]).toMatchObject({ fine: 0, carried_in: out, net_pay: novNet });
    expect(c.sheet('2026-12-01 09:00', '2026-12').guards[0].carried_in).toBe(decIn);
  });

  it('what a guard dismissed in the month still owes is listed as owed by a former guard, on that sheet and later ones', () => {
    const c = clerk('2026-10-01 09:00');
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '王磊', '15'));
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '张伟', '3200'));
    const n = c.at('2026-10-10 09:00', (ctx) => deduct(ctx, { guards: ['王磊'], rule: '21', at: '2026-10-10 08:00', inspector: '王建国' }));
    c.at('2026-10-10 10:00', (ctx) => both(ctx, n.id));
    c.at('2026-10-20 09:00', (ctx) => dismiss(ctx, { guard: '王磊', reason: '不服从管理' }));
    const oct = c.sheet('2026-11-01 09:00', '2026-10');
    expect(oct.guards.find((g: { name: string }) => g.name === '王磊')).toMatchObject({ final_pay: true, net_pay: 0, carried_out: 5 });
    expect(oct.owed_by_former_guards).toEqual([{ id: 'GD001', name: '王磊', amount: 5 }]);
    const nov = c.sheet('2026-12-01 09:00', '2026-11');
    expect(nov.guards.map((g: { name: string }) => g.name)).toEqual(['张伟']);
    expect(nov.owed_by_former_guards).toEqual([{ id: 'GD001', name: '王磊', amount: 5 }]);
  });
});

describe('--compensation-from: who pays for the damaged equipment (rule 5)', () => {
  it.each([
    [[], [2276, 2275, 0]],
    [[], [1517, 1517, 1517]],
    [['李强'], [0, 4551, 0]],
    [['张伟', '王磊'], [2276, 0, 2275]],
  ])('from %j', (from, shares) => {
    const c = clerk('2026-10-01 09:00');
    for (const name of ['张伟', '李强', '王磊']) c.at('2026-10-01 09:00', (ctx) => add(ctx, name, '3200'));
    const guards = shares[2] === 0 && from.length === 0 ? ['张伟', '李强'] : ['张伟', '李强', '王磊'];
    const n = c.at('2026-10-10 09:00', (ctx) => deduct(ctx, { guards, rule: '5', at: '2026-10-10 08:00', inspector: '王建国', compensation: '45.51', compensationFrom: from }));
    expect(n.guards.map((g) => g.compensationFen)).toEqual(shares.slice(0, guards.length));
    expect(n.guards.reduce((s, g) => s + g.compensationFen, 0)).toBe(4551);
  });

  it.each([
    [{ compensation: '10', compensationFrom: ['赵刚'] }, '--compensation-from'],
    [{ compensationFrom: ['张伟'] }, '--compensation-from'],
  ])('%o is exit 2 naming %s', (extra, field) => {
    const c = clerk('2026-10-01 09:00');
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '张伟', '3200'));
    expect(() => c.at('2026-10-10 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '5', inspector: '王建国', ...extra }))).toThrow(
      expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field }) }),
    );
  });
});

describe('the fine fund is never below zero at any moment', () => {
  /** Fines come in on Oct 10 (20 yuan) and Oct 20 (8 yuan); everything entered when it happened. */
  function fines() {
    const c = clerk('2026-10-01 09:00');
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '张伟', '3200'));
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '李强', '3000'));
    const a = c.at('2026-10-10 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '21', at: '2026-10-10 08:00', inspector: '王建国' }));
    c.at('2026-10-10 10:00', (ctx) => both(ctx, a.id));
    const b = c.at('2026-10-20 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '6', at: '2026-10-20 08:00', inspector: '王建国' }));
    c.at('2026-10-20 10:00', (ctx) => both(ctx, b.id));
    return { c, a, b };
  }

  it.each([
    ['before any fine came in', '2026-10-05 09:00', '0.01', '2026-10-05T09:00', '0.01'],
    ['between the two fines, more than the first', '2026-10-15 09:00', '20.01', '2026-10-15T09:00', '0.01'],
    ['between the two fines, all of the first', '2026-10-15 09:00', '20', null, null],
    ['after both, all of it', '2026-10-25 09:00', '28', null, null],
    ['after both, a fen more', '2026-10-25 09:00', '28.01', '2026-10-25T09:00', '0.01'],
  ])('a reward back-dated %s (%s, %s yuan): refused at %s short %s', (_l, when, amount, moment, short) => {
    const { c } = fines();
    const run = () => c.at('2026-10-28 09:00', (ctx) => reward(ctx, { guard: '李强', amount, reason: '拾金不昧', by: '王经理', at: when }));
    if (moment === null) {
      expect(run().amountFen).toBe(Math.round(Number(amount) * 100));
      return;
    }
    expect(run).toThrow(expect.objectContaining({ exitCode: 3, key: 'guard.fund_low', params: expect.objectContaining({ short }) }));
    try {
      run();
    } catch (e) {
      expect((e as { params: { at: string } }).params.at.startsWith(moment)).toBe(true);
    }
  });

  it('a later reward already spent the balance a back-dated one would need at its moment', () => {
    const { c } = fines();
    c.at('2026-10-21 09:00', (ctx) => reward(ctx, { guard: '李强', amount: '15', reason: '拾金不昧', by: '王经理', at: '2026-10-12 09:00' }));
    // on Oct 25 the fund holds 13; a reward of 6 dated Oct 11 leaves 14 then but -1 on Oct 12
    expect(() => c.at('2026-10-28 09:00', (ctx) => reward(ctx, { guard: '李强', amount: '6', reason: 'x', by: 'y', at: '2026-10-11 09:00' }))).toThrow(
      expect.objectContaining({ exitCode: 3, key: 'guard.fund_low', params: expect.objectContaining({ short: '1.00' }) }),
    );
    c.at('2026-10-28 09:00', (ctx) => reward(ctx, { guard: '李强', amount: '5', reason: 'x', by: 'y', at: '2026-10-11 09:00' }));
  });

  it('voiding a notice whose fine was paid out is refused, also back-dated; after reward-void it is allowed', () => {
    const { c, a } = fines();
    const r = c.at('2026-10-21 09:00', (ctx) => reward(ctx, { guard: '李强', amount: '15', reason: '拾金不昧', by: '王经理', at: '2026-10-12 09:00' }));
    // today the fund holds 13, but between Oct 12 and Oct 20 it held 5: voiding the 20 yuan is -15 then
    expect(() => c.at('2026-10-28 09:00', (ctx) => voidNotice(ctx, { id: a.id, reason: '记错队员' }))).toThrow(expect.objectContaining({ exitCode: 3, key: 'guard.fund_low' }));
    expect(() => c.at('2026-10-28 09:00', (ctx) => voidNotice(ctx, { id: a.id, reason: '记错队员', at: '2026-10-11 09:00' }))).toThrow(
      expect.objectContaining({ exitCode: 3, params: expect.objectContaining({ short: '15.00' }) }),
    );
    const v = c.at('2026-10-28 09:00', (ctx) => rewardVoid(ctx, { id: r.id, reason: '重复发放' }));
    expect(v.voidedAt).not.toBeNull();
    expect(() => c.at('2026-10-28 09:00', (ctx) => rewardVoid(ctx, { id: r.id, reason: 'again' }))).toThrow(expect.objectContaining({ exitCode: 3 }));
    // the reward's money came back only on Oct 28: a void dated Oct 11 is still refused, one dated now is fine
    expect(() => c.at('2026-10-28 09:00', (ctx) => voidNotice(ctx, { id: a.id, reason: '记错队员', at: '2026-10-11 09:00' }))).toThrow(expect.objectContaining({ exitCode: 3 }));
    c.at('2026-10-28 09:00', (ctx) => voidNotice(ctx, { id: a.id, reason: '记错队员' }));
    expect(c.read('2026-10-28 09:00', (ctx) => fund(ctx.db(), undefined, ctx.now))).toMatchObject({ balanceFen: 800, finesInFen: 800, rewardsOutFen: 0, rewards: [] });
    expect(c.read('2026-10-28 09:00', (ctx) => guardInvariants(ctx, ctx.db()).every((i) => i.ok))).toBe(true);
  });
});

describe('a fine signed on the 2nd of the next month reaches a pay sheet finance receives', () => {
  /** A violation on Oct 30; the company signs on Oct 31, the property site only on Nov 2. */
  function late(issueOct: boolean) {
    const c = clerk('2026-10-01 09:00');
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '张伟', '3200'));
    const n = c.at('2026-10-30 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '6', at: '2026-10-30 08:00', inspector: '王建国' }));
    c.at('2026-10-31 09:00', (ctx) => sign(ctx, { id: n.id, side: 'company', by: '王建国' }));
    const printed = c.sheet('2026-11-01 09:00', '2026-10');
    if (issueOct) c.at('2026-11-01 09:00', (ctx) => issue(ctx, '2026-10'));
    c.at('2026-11-02 09:00', (ctx) => sign(ctx, { id: n.id, side: 'property', by: '陈丽' }));
    return { c, n, printed };
  }

  it('no closing: it counts on the sheet of October, the month of the violation (as of now)', () => {
    const { c, n, printed } = late(false);
    expect(printed.guards[0]).toMatchObject({ points: 0, fine: 0 });
    expect(c.sheet('2026-11-03 09:00', '2026-10')).toMatchObject({ closed: false, guards: [{ points: 4, fine: 8, notices: [n.id], adjustments: [] }] });
    expect(c.sheet('2026-11-03 09:00', '2026-11').guards[0]).toMatchObject({ points: 0, fine: 0, adjustments: [] });
  });

  it('October issued on Nov 1: October stays as issued (with the audit head stored then), November has the 补扣', () => {
    const c = clerk('2026-10-01 09:00');
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '张伟', '3200'));
    const n = c.at('2026-10-30 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '6', at: '2026-10-30 08:00', inspector: '王建国' }));
    c.at('2026-10-31 09:00', (ctx) => sign(ctx, { id: n.id, side: 'company', by: '王建国' }));
    const head = c.read('2026-11-01 09:00', (ctx) => auditHead(ctx.db()));
    const done = c.at('2026-11-01 09:00', (ctx) => issue(ctx, '2026-10'));
    expect(done.pending).toEqual([n.id]);
    const issued = c.sheet('2026-11-01 09:00', '2026-10');
    expect(issued).toMatchObject({ closed: true, audit_head: `${head.seq}:${head.hash}`, guards: [{ points: 0, fine: 0, net_pay: 3200 }] });
    c.at('2026-11-02 09:00', (ctx) => sign(ctx, { id: n.id, side: 'property', by: '陈丽' }));
    expect(c.sheet('2026-11-03 09:00', '2026-10')).toEqual(issued);
    const nov = c.sheet('2026-11-03 09:00', '2026-11');
    expect(nov).toMatchObject({ closed: false, guards: [{ points: 4, fine: 8, net_pay: 3192, notices: [], adjustments: [{ notice: n.id, month: '2026-10', points: 4, fine: 8 }] }] });
    // issued once, in order, and only a month that has ended (exit 3)
    expect(() => c.at('2026-11-03 09:00', (ctx) => issue(ctx, '2026-10'))).toThrow(expect.objectContaining({ exitCode: 3, key: 'guard.month_issued' }));
    expect(() => c.at('2026-11-03 09:00', (ctx) => issue(ctx, '2026-09'))).toThrow(expect.objectContaining({ exitCode: 3, key: 'guard.month_issued' }));
    expect(() => c.at('2026-11-03 09:00', (ctx) => issue(ctx, '2026-11'))).toThrow(expect.objectContaining({ exitCode: 3, key: 'close.future' }));
    // November issued on Dec 1; a void of the notice on Dec 2 refunds it on December's sheet
    c.at('2026-12-01 09:00', (ctx) => issue(ctx, '2026-11'));
    const novIssued = c.sheet('2026-12-01 09:00', '2026-11');
    c.at('2026-12-02 09:00', (ctx) => voidNotice(ctx, { id: n.id, reason: '复核撤销' }));
    expect(c.sheet('2026-12-03 09:00', '2026-11')).toEqual(novIssued);
    expect(c.sheet('2026-12-03 09:00', '2026-12').guards[0]).toMatchObject({ points: -4, fine: -8, adjustments: [{ notice: n.id, month: '2026-10', points: -4, fine: -8 }] });
  });

  it('a notice of an open month voided before issuing simply disappears from its sheet', () => {
    const { c, n } = late(false);
    c.at('2026-11-03 09:00', (ctx) => voidNotice(ctx, { id: n.id, reason: '复核撤销' }));
    expect(c.sheet('2026-11-04 09:00', '2026-10').guards[0]).toMatchObject({ points: 0, adjustments: [] });
    expect(c.sheet('2026-11-04 09:00', '2026-11').guards[0]).toMatchObject({ points: 0, adjustments: [] });
  });
});
