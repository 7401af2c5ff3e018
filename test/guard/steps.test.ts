// Issue 9 for guards, part 1: every step takes --at and --reason (SPEC §0 "Two times"), as-of
// reads count what had been entered by then, the sheet runs from the month hired to the month
// dismissed, violations before the dismissal can be recorded and none after, 末次工资, guard keep.
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/core/audit.js';
import type { Context } from '../../src/core/context.js';
import { monthPeriod } from '../../src/core/period.js';
import { guardChecks, guardReport } from '../../src/guard/report.js';
import { TZ } from '../helpers.js';
import { addGuard, deduct, dismiss, keep, reward, rewardVoid, sign, voidNotice } from '../../src/guard/service.js';
import { clerk } from './clerk.js';

const CO = { company: '齐铁保安服务公司', site: '龙华物业小区' };
const add = (ctx: Context, name: string, basePay: string, hired = '2025-03-01') => addGuard(ctx, { name, ...CO, basePay, hired });
const both = (ctx: Context, id: string, extra: { at?: string; reason?: string } = {}) => {
  sign(ctx, { id, side: 'company', by: '王建国', ...extra });
  return sign(ctx, { id, side: 'property', by: '陈丽', ...extra });
};

describe('every guard step takes --at and --reason: a step entered more than 72 h late needs --reason (补录)', () => {
  /** Oct 10: a guard, an effective notice worth 20 yuan, a reward of 5: the record the steps act on. */
  function world() {
    const c = clerk('2026-10-01 09:00');
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '张伟', '3200'));
    const n = c.at('2026-10-02 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '21', at: '2026-10-02 08:00', inspector: '王建国' }));
    c.at('2026-10-02 10:00', (ctx) => both(ctx, n.id));
    const r = c.at('2026-10-03 10:00', (ctx) => reward(ctx, { guard: '张伟', amount: '5', reason: '拾金不昧', by: '王经理' }));
    for (const hour of ['08', '10', '12']) {
      const a = c.at(`2026-10-04 ${hour}:00`, (ctx) => deduct(ctx, { guards: ['张伟'], rule: '2', at: `2026-10-04 ${hour}:00`, inspector: '王建国' }));
      c.at(`2026-10-04 ${hour}:30`, (ctx) => both(ctx, a.id));
    }
    const d = c.at('2026-10-05 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '1', at: '2026-10-05 08:00', inspector: '王建国' }));
    return { c, n, r, d };
  }
  const LATE_AT = '2026-10-05 09:00'; // entered on 10-20: 15 days later
  const steps: Array<[string, string, (ctx: Context, ids: { n: string; r: string }, reason?: string) => unknown]> = [
    ['guard add', 'guard.add', (ctx, _ids, reason) => addGuard(ctx, { name: '李强', ...CO, basePay: '3000', at: LATE_AT, reason })],
    ['guard deduct', 'guard.deduct', (ctx, _ids, reason) => deduct(ctx, { guards: ['张伟'], rule: '1', at: LATE_AT, inspector: '王建国', reason })],
  ];

  it.each(steps)('%s: without --reason exit 2 naming --reason, nothing written; with it the audit row carries it', (_name, _kind, step) => {
    const { c, n, r } = world();
    const rows = c.at('2026-10-20 09:00', (ctx) => auditLog(ctx.db()).length);
    expect(() => c.at('2026-10-20 09:00', (ctx) => step(ctx, { n: n.id, r: r.id }))).toThrow(
      expect.objectContaining({ exitCode: 2, key: 'step.reason_needed', params: expect.objectContaining({ field: '--reason' }) }),
    );
    expect(c.at('2026-10-20 09:00', (ctx) => auditLog(ctx.db()).length)).toBe(rows);
    c.at('2026-10-20 09:00', (ctx) => step(ctx, { n: n.id, r: r.id }, '补录原因'));
    expect(c.at('2026-10-20 09:00', (ctx) => auditLog(ctx.db()).at(-1)?.late)).toBe('补录原因');
  });

  it('guard sign: a signature dated 15 days back needs --reason (exit 2), then is marked 补录', () => {
    const { c } = world();
      // the notice is entered now (补录 with its reason); its signature dated 15 days back is a late entry too
      const d = c.at('2026-10-20 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '1', at: '2026-10-05 08:00', inspector: '王建国', reason: '纸质通知单' }));
      const before = c.at('2026-10-20 09:00', (ctx) => auditLog(ctx.db()).length);
      expect(() => c.at('2026-10-20 09:00', (ctx) => sign(ctx, { id: d.id, side: 'company', by: '王建国', at: LATE_AT }))).toThrow(
        expect.objectContaining({ exitCode: 2, key: 'step.reason_needed', params: expect.objectContaining({ field: '--reason' }) }),
      );
      expect(c.at('2026-10-20 09:00', (ctx) => auditLog(ctx.db()).length)).toBe(before);
      c.at('2026-10-20 09:00', (ctx) => sign(ctx, { id: d.id, side: 'company', by: '王建国', at: LATE_AT, reason: '签字单后补' }));
      expect(c.at('2026-10-20 09:00', (ctx) => auditLog(ctx.db()).at(-1))).toMatchObject({ action: 'guard.sign', late: '签字单后补' });
  });

  it.each([
    ['guard void', 'guard.void', (ctx: Context, ids: { n: string; r: string }) => voidNotice(ctx, { id: ids.n, reason: '记错队员', at: '2026-10-05 09:00' })],
    ['guard reward', 'guard.reward', (ctx: Context) => reward(ctx, { guard: '张伟', amount: '1', reason: '季度无扣分', by: '王经理', at: '2026-10-05 09:00' })],
    ['guard reward-void', 'guard.reward_void', (ctx: Context, ids: { n: string; r: string }) => rewardVoid(ctx, { id: ids.r, reason: '重复发放', at: '2026-10-05 09:00' })],
    ['guard dismiss', 'guard.dismiss', (ctx: Context) => dismiss(ctx, { guard: '张伟', reason: '累计三次无故旷工', at: '2026-10-05 09:00' })],
    ['guard keep', 'guard.keep', (ctx: Context) => keep(ctx, { guard: '张伟', reason: '公司决定留用', at: '2026-10-05 09:00' })],
  ])('%s: its own --reason is the late-entry reason; the audit row is marked 补录 with --at as its time', (_name, action, step) => {
    const { c, n, r } = world();
    c.at('2026-10-20 09:00', (ctx) => step(ctx, { n: n.id, r: r.id }));
    const row = c.at('2026-10-20 09:00', (ctx) => auditLog(ctx.db()).filter((x) => x.action === action).at(-1));
    expect(row?.late).toBeTruthy();
    expect(row?.enteredAt).toBeGreaterThan(row?.at as number);
  });

  it.each([
    ['a signature before the violation', (ctx: Context, ids: { n: string; r: string; d?: string }) => sign(ctx, { id: ids.d as string, side: 'company', by: '王建国', at: '2026-10-05 07:59' })],
    ['a void before the notice became effective', (ctx: Context, ids: { n: string; r: string }) => voidNotice(ctx, { id: ids.n, reason: 'x', at: '2026-10-02 09:59' })],
    ['a reward void before the reward', (ctx: Context, ids: { n: string; r: string }) => rewardVoid(ctx, { id: ids.r, reason: 'x', at: '2026-10-03 09:59' })],
    ['a keep before the violation that flagged', (ctx: Context) => keep(ctx, { guard: '张伟', reason: 'x', at: '2026-10-04 11:59' })],
    ['a dismissal before the guard was added', (ctx: Context) => dismiss(ctx, { guard: '张伟', reason: 'x', at: '2026-09-30 09:00' })],
  ])('%s is exit 3 (step.before_previous), nothing written', (_name, step) => {
    const { c, n, r, d } = world();
    const rows = c.at('2026-10-06 09:00', (ctx) => auditLog(ctx.db()).length);
    expect(() => c.at('2026-10-06 09:00', (ctx) => step(ctx, { n: n.id, r: r.id, d: d.id }))).toThrow(expect.objectContaining({ exitCode: 3, key: 'step.before_previous' }));
    expect(c.at('2026-10-06 09:00', (ctx) => auditLog(ctx.db()).length)).toBe(rows);
  });

  it('an as-of sheet printed on Oct 20 is reprinted identical after a signature back-dated to Oct 15 is entered on Oct 25', () => {
    const { c } = world();
    const d = c.at('2026-10-14 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '6', at: '2026-10-14 08:00', inspector: '王建国' }));
    c.at('2026-10-14 10:00', (ctx) => sign(ctx, { id: d.id, side: 'company', by: '王建国' }));
    const printed = c.sheet('2026-10-20 09:00', '2026-10');
    c.at('2026-10-25 09:00', (ctx) => sign(ctx, { id: d.id, side: 'property', by: '陈丽', at: '2026-10-15 09:00', reason: '物业签字单后补' }));
    expect(c.sheet('2026-10-20 09:00', '2026-10')).toEqual(printed);
    expect(c.sheet('2026-10-25 09:00', '2026-10').guards[0].points).toBe(printed.guards[0].points + 4);
    // and the check as of Oct 20 still saw a draft waiting, as it did then
    expect(c.read('2026-10-20 09:00', (ctx) => guardChecks(ctx, ctx.db(), 0).some((i) => i.id === d.id))).toBe(true);
  });
});

describe('report guard counts the late entries (补录) of its period', () => {
  it('as of before the late entry none, after it one', () => {
    const c = clerk('2026-10-01 09:00');
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '张伟', '3200'));
    c.at('2026-10-02 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '1', at: '2026-10-02 08:00', inspector: '王建国' }));
    c.at('2026-10-20 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '1', at: '2026-10-05 08:00', inspector: '王建国', reason: '纸质通知单后补' }));
    const late = (now: string) => c.read(now, (ctx) => guardReport(ctx.db(), monthPeriod(2026, 10, TZ), ctx.now).lateEntries);
    expect(late('2026-10-19 09:00')).toBe(0);
    expect(late('2026-10-21 09:00')).toBe(1);
  });
});

describe('on the sheet from the month hired to the month dismissed', () => {
  it.each([
    ['2020-01', false],
    ['2026-09', false],
    ['2026-10', true],
    ['2026-11', true],
  ])('a guard added on 2026-10-20 without --hired: on the sheet of %s: %s', (month, on) => {
    const c = clerk('2026-10-20 09:00');
    c.at('2026-10-20 09:00', (ctx) => addGuard(ctx, { name: '张伟', ...CO, basePay: '3200' }));
    expect(c.sheet('2026-11-02 09:00', month).guards.map((g: { name: string }) => g.name)).toEqual(on ? ['张伟'] : []);
  });

  /** 张伟 dismissed on Oct 26 (entered then). */
  function dismissed() {
    const c = clerk('2026-10-01 09:00');
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '张伟', '3200'));
    c.at('2026-10-26 17:00', (ctx) => dismiss(ctx, { guard: '张伟', reason: '累计三次无故旷工', at: '2026-10-26 17:00' }));
    return c;
  }

  it.each([
    ['2026-10-24 08:00', 0],
    ['2026-10-26 16:59', 0],
    ['2026-10-26 17:00', 3],
    ['2026-11-01 08:00', 3],
  ])('a violation at %s, entered after the dismissal: exit %i', (when, code) => {
    const c = dismissed();
    const run = () => c.at('2026-11-02 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '1', at: when, inspector: '王建国', reason: '辞退后补录' }));
    if (code === 0) expect(run().status).toBe('draft');
    else expect(run).toThrow(expect.objectContaining({ exitCode: 3, key: 'guard.dismissed' }));
  });

  it('the Oct 24 violation counts on October, the sheet of the dismissal month says 末次工资 with date and reason; November has no 张伟', () => {
    const c = dismissed();
    const n = c.at('2026-10-27 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '1', at: '2026-10-24 08:00', inspector: '王建国', reason: '巡查记录后补' }));
    c.at('2026-10-27 10:00', (ctx) => both(ctx, n.id));
    const oct = c.sheet('2026-11-01 09:00', '2026-10');
    expect(oct.guards).toMatchObject([{ name: '张伟', points: 2, fine: 4, net_pay: 3196, final_pay: true, dismiss_reason: '累计三次无故旷工' }]);
    expect(oct.guards[0].dismissed_at).toMatch(/^2026-10-26T17:00/);
    expect(c.sheet('2026-11-01 09:00', '2026-09').guards[0]).toMatchObject({ final_pay: false, dismissed_at: null });
    expect(c.sheet('2026-12-01 09:00', '2026-11').guards).toEqual([]);
    // as of before the dismissal was entered, October was an ordinary month
    expect(c.sheet('2026-10-26 12:00', '2026-10').guards[0]).toMatchObject({ final_pay: false, dismissed_at: null });
  });

  it('a dismissal cannot be dated before a violation already recorded (exit 3)', () => {
    const c = clerk('2026-10-01 09:00');
    c.at('2026-10-01 09:00', (ctx) => add(ctx, '张伟', '3200'));
    c.at('2026-10-27 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '1', at: '2026-10-27 08:00', inspector: '王建国' }));
    expect(() => c.at('2026-10-27 10:00', (ctx) => dismiss(ctx, { guard: '张伟', reason: 'x', at: '2026-10-26 17:00' }))).toThrow(
      expect.objectContaining({ exitCode: 3, key: 'guard.dismiss_before_notice' }),
    );
  });
});

describe('guard keep settles a dismissal flag until the next trigger', () => {
  const absence = (c: ReturnType<typeof clerk>, day: string) => {
    const n = c.at(`${day} 09:00`, (ctx) => deduct(ctx, { guards: ['孙磊'], rule: '2', at: `${day} 08:00`, inspector: '王建国' }));
    c.at(`${day} 10:00`, (ctx) => both(ctx, n.id));
  };
  const flagged = (c: ReturnType<typeof clerk>, now: string) => c.read(now, (ctx) => guardChecks(ctx, ctx.db(), 0).filter((i) => i.what === 'dismissal').length);

  it('3rd absence flags; keep clears it; the 4th absence flags again; keep without a flag is exit 3', () => {
    const c = clerk('2026-09-01 09:00');
    c.at('2026-09-01 09:00', (ctx) => add(ctx, '孙磊', '3100'));
    expect(() => c.at('2026-09-01 10:00', (ctx) => keep(ctx, { guard: '孙磊', reason: 'x' }))).toThrow(expect.objectContaining({ exitCode: 3, key: 'guard.no_flag' }));
    for (const day of ['2026-09-02', '2026-09-10', '2026-10-02']) absence(c, day);
    expect(flagged(c, '2026-10-03 09:00')).toBe(1);
    c.at('2026-10-03 09:00', (ctx) => keep(ctx, { guard: '孙磊', reason: '公司研究决定留用,书面警告' }));
    expect(flagged(c, '2026-10-03 09:00')).toBe(0);
    expect(c.sheet('2026-10-03 09:00', '2026-10').guards[0].dismissal).toBe(false);
    // as of before the keep was entered, the flag was there
    expect(flagged(c, '2026-10-02 12:00')).toBe(1);
    absence(c, '2026-10-20');
    expect(flagged(c, '2026-10-21 09:00')).toBe(1);
    expect(c.sheet('2026-10-21 09:00', '2026-10').guards[0]).toMatchObject({ dismissal: true, reasons: [{ rule: 2, count: 4 }] });
  });
});
