// The guard module against the spec: future signatures, effective time, audit time, the signature
// window, --now reproducibility, money in CSV, and the month's yuan per point.
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/core/audit.js';
import type { Context } from '../../src/core/context.js';
import { fundTotals, noticeById } from '../../src/guard/store.js';
import { renderCsv } from '../../src/core/output.js';
import { monthPeriod } from '../../src/core/period.js';
import { renderMonth } from '../../src/guard/view.js';
import { fund, guardChecks, guardReport, monthSheet } from '../../src/guard/report.js';
import { addGuard, deduct, dismiss, reward, sign, voidNotice } from '../../src/guard/service.js';
import { TZ, at, testContext } from '../helpers.js';

/** Paper notices entered days later (补录): the reason SPEC §0 asks for. */
const LATE = '纸质通知单后补录入';

function roster(ctx: Context): void {
  addGuard(ctx, { name: '张伟', company: '齐铁保安服务公司', site: '龙华物业小区', basePay: '3200', hired: '2025-03-01' });
  addGuard(ctx, { name: '李强', company: '齐铁保安服务公司', site: '龙华物业小区', basePay: '3000.5', hired: '2025-03-01' });
  addGuard(ctx, { name: '王磊', company: '齐铁保安服务公司', site: '龙华物业小区', basePay: '50', hired: '2025-03-01' });
}

describe('guard sign --at', () => {
  it.each([
    ['one minute after now', '2026-10-20 10:01'],
    ['tomorrow', '2026-10-21 09:00'],
  ])('in the future (%s) is exit 2 naming --at, nothing written', (_label, when) => {
    const { ctx } = testContext({ now: '2026-10-20 10:00' });
    roster(ctx);
    const n = deduct(ctx, { reason: LATE, guards: ['张伟'], rule: '1', at: '2026-10-08 08:20', inspector: '王建国' });
    const rows = auditLog(ctx.db()).length;
    expect(() => sign(ctx, { reason: LATE, id: n.id, side: 'company', by: '王建国', at: when })).toThrow(
      expect.objectContaining({ exitCode: 2, key: 'guard.sign_future', params: expect.objectContaining({ field: '--at' }) }),
    );
    expect(auditLog(ctx.db()).length).toBe(rows);
    expect(noticeById(ctx.db(), n.id)?.companyBy).toBeNull();
  });

  it('now itself is accepted', () => {
    const { ctx } = testContext({ now: '2026-10-20 10:00' });
    roster(ctx);
    const n = deduct(ctx, { reason: LATE, guards: ['张伟'], rule: '1', at: '2026-10-08 08:20', inspector: '王建国' });
    expect(sign(ctx, { reason: LATE, id: n.id, side: 'company', by: '王建国', at: '2026-10-20 10:00' }).companySignedAt).toBe(at('2026-10-20 10:00'));
  });
});

describe('a notice is effective at the later of the two signatures', () => {
  it.each([
    ['second signature back-dated before the first', '2026-10-12 09:00', '2026-10-10 09:00', '2026-10-12 09:00'],
    ['second signature after the first', '2026-10-10 09:00', '2026-10-12 09:00', '2026-10-12 09:00'],
    ['both at the same time', '2026-10-11 09:00', '2026-10-11 09:00', '2026-10-11 09:00'],
  ])('%s', (_label, companyAt, propertyAt, effectiveAt) => {
    const { ctx } = testContext({ now: '2026-10-20 10:00' });
    roster(ctx);
    const n = deduct(ctx, { reason: LATE, guards: ['张伟'], rule: '1', at: '2026-10-08 08:20', inspector: '王建国' });
    sign(ctx, { reason: LATE, id: n.id, side: 'company', by: '王建国', at: companyAt });
    const done = sign(ctx, { reason: LATE, id: n.id, side: 'property', by: '陈丽', at: propertyAt });
    expect(done.status).toBe('effective');
    expect(done.effectiveAt).toBe(at(effectiveAt));
    const move = ctx.db().prepare("SELECT at FROM guard_fund WHERE notice_id = ? AND kind = 'fine'").get(n.id) as { at: number };
    expect(move.at).toBe(at(effectiveAt));
    // the fine is not in the fund before the notice became effective
    expect(fundTotals(ctx.db(), Number.MIN_SAFE_INTEGER, at(effectiveAt)).finesFen).toBe(0);
  });

  it('the audit rows are written when the change is recorded, with the claimed time as signed_at', () => {
    const { ctx } = testContext({ now: '2026-10-20 10:00' });
    roster(ctx);
    const n = deduct(ctx, { reason: LATE, guards: ['张伟'], rule: '1', at: '2026-10-08 08:20', inspector: '王建国' });
    sign(ctx, { reason: LATE, id: n.id, side: 'company', by: '王建国', at: '2026-10-10 09:00' });
    sign(ctx, { reason: LATE, id: n.id, side: 'property', by: '陈丽', at: '2026-10-12 09:00' });
    const rows = auditLog(ctx.db(), { recordId: n.id }).filter((r) => r.action !== 'guard.deduct');
    expect(rows.map((r) => r.action)).toEqual(['guard.sign', 'guard.sign', 'guard.effective']);
    expect(rows.every((r) => r.at === ctx.now)).toBe(true);
    expect(rows.map((r) => r.change.signed_at).slice(0, 2)).toEqual([at('2026-10-10 09:00'), at('2026-10-12 09:00')]);
  });
});

describe('guard check: a notice waiting MORE than sign_wait_days for its second signature', () => {
  it.each([
    ['one minute before the deadline', '2026-10-13 09:59', false],
    ['exactly 3 days', '2026-10-13 10:00', false],
    ['3 days and one minute', '2026-10-13 10:01', true],
  ])('%s: overdue %s', (_label, now, overdue) => {
    const t = testContext({ now: '2026-10-10 10:00' });
    roster(t.ctx);
    const n = deduct(t.ctx, { reason: LATE, guards: ['张伟'], rule: '1', at: '2026-10-10 08:00', inspector: 'x' });
    sign(t.ctx, { reason: LATE, id: n.id, side: 'company', by: '王建国' });
    const later = t.later(now);
    expect(guardChecks(later.ctx, later.ctx.db(), 3_600_000)).toMatchObject([{ what: 'signature', id: n.id, due: at('2026-10-13 10:00'), overdue }]);
  });
});

describe('--now: reports as of that time', () => {
  /** Effective on 11-01 (violation 10-08), a reward on 11-01, another notice effective 10-10 and voided 11-02. */
  function history() {
    // each step entered when it happened, as a clerk would (entry times only move forward, SPEC §0)
    let t = testContext({ now: '2026-10-01 09:00' });
    roster(t.ctx);
    const step = <T>(now: string, fn: (ctx: Context) => T): T => {
      t = t.later(now);
      return fn(t.ctx);
    };
    const early = step('2026-10-05 09:00', (ctx) => deduct(ctx, { guards: ['李强'], rule: '6', at: '2026-10-05 08:00', inspector: '王建国' }));
    const late = step('2026-10-08 09:00', (ctx) => deduct(ctx, { guards: ['张伟'], rule: '1', at: '2026-10-08 08:20', inspector: '王建国' }));
    step('2026-10-09 09:00', (ctx) => sign(ctx, { id: late.id, side: 'company', by: '王建国', at: '2026-10-09 09:00' }));
    step('2026-10-10 09:00', (ctx) => sign(ctx, { id: early.id, side: 'company', by: '王建国', at: '2026-10-10 09:00' }));
    step('2026-10-10 10:00', (ctx) => sign(ctx, { id: early.id, side: 'property', by: '陈丽', at: '2026-10-10 10:00' }));
    step('2026-11-01 09:00', (ctx) => sign(ctx, { id: late.id, side: 'property', by: '陈丽', at: '2026-11-01 09:00' }));
    step('2026-11-01 10:00', (ctx) => reward(ctx, { guard: '王磊', amount: '3', reason: '拾金不昧', by: '王建国', at: '2026-11-01 10:00' }));
    step('2026-11-05 11:00', (ctx) => voidNotice(ctx, { id: early.id, reason: '记错' }));
    return { t, early, late };
  }

  it('guard month counts only notices effective at or before now; one voided after now still counts', () => {
    const { t } = history();
    const asOf = t.later('2026-10-15 12:00');
    const sheet = monthSheet(asOf.ctx, asOf.ctx.db(), monthPeriod(2026, 10, TZ));
    expect(sheet.lines.find((l) => l.guard.name === '张伟')).toMatchObject({ points: 0, fineFen: 0 });
    expect(sheet.lines.find((l) => l.guard.name === '李强')).toMatchObject({ points: 4 });
    const after = t.later('2026-11-06 09:00').ctx;
    const today = monthSheet(after, after.db(), monthPeriod(2026, 10, TZ));
    expect(today.lines.find((l) => l.guard.name === '张伟')).toMatchObject({ points: 2, fineFen: 400 });
    expect(today.lines.find((l) => l.guard.name === '李强')).toMatchObject({ points: 0 });
  });

  it('guard fund and report guard take only moves at or before now', () => {
    const { t } = history();
    const asOf = t.later('2026-10-15 12:00');
    const f = fund(asOf.ctx.db(), undefined, asOf.ctx.now);
    expect(f.rewards).toEqual([]);
    expect(f).toMatchObject({ balanceFen: 800, finesInFen: 800, rewardsOutFen: 0 });
    const r = guardReport(asOf.ctx.db(), monthPeriod(2026, 10, TZ), asOf.ctx.now);
    expect(r.guards.map((g) => g.name)).toEqual(['李强']);
    expect(r).toMatchObject({ drafts: 1, voids: 0, periodFinesFen: 800 });
    const after = t.later('2026-11-06 09:00').ctx;
    const now = fund(after.db(), undefined, after.now);
    expect(now).toMatchObject({ balanceFen: 800 + 400 - 300 - 800, finesInFen: 400, rewardsOutFen: 300 });
    expect(now.rewards.map((x) => x.amountFen)).toEqual([300]);
  });
});

describe('money in CSV has two decimals (SPEC §0); JSON stays numbers', () => {
  it.each([
    ['3200', '3200.00', 3200],
    ['3000.5', '3000.50', 3000.5],
    ['50', '50.00', 50],
    ['0.05', '0.05', 0.05],
  ])('guard month --csv and --excel: base pay %s → %s', (pay, text, json) => {
    const t = testContext({ now: '2026-10-20 10:00', format: 'csv' });
    addGuard(t.ctx, { name: '张伟', company: '齐铁保安服务公司', site: '龙华物业小区', basePay: pay });
    renderMonth(t.ctx, monthSheet(t.ctx, t.ctx.db(), monthPeriod(2026, 10, TZ)));
    expect(t.out().trim().split('\n')[1]).toBe(`GD001,张伟,${text},0,0.00,0.00,${text},false,`);
    const excel = testContext({ now: '2026-10-20 10:00', format: 'csv' });
    Object.assign(excel.ctx, { reason: LATE, excel: true });
    addGuard(excel.ctx, { name: '张伟', company: '齐铁保安服务公司', site: '龙华物业小区', basePay: pay });
    renderMonth(excel.ctx, monthSheet(excel.ctx, excel.ctx.db(), monthPeriod(2026, 10, TZ)));
    // --excel is for people: yes/no in their language (issue 12)
    expect(excel.out().split('\r\n')[1]).toBe(`GD001,张伟,${text},0,0.00,0.00,${text},no,`);
    const js = testContext({ now: '2026-10-20 10:00', format: 'json' });
    addGuard(js.ctx, { name: '张伟', company: '齐铁保安服务公司', site: '龙华物业小区', basePay: pay });
    renderMonth(js.ctx, monthSheet(js.ctx, js.ctx.db(), monthPeriod(2026, 10, TZ)));
    expect(JSON.parse(js.out()).guards[0].base_pay).toBe(json);
  });

  it('other modules are unchanged: a column without money: true is written as before', () => {
    expect(renderCsv({ columns: [{ key: 'a', label: 'a' }, { key: 'b', label: 'b', money: true }], rows: [{ a: 3000.5, b: 3000.5 }] }, { excel: false, labels: false })).toBe('a,b\n3000.5,3000.50\n');
  });
});

describe('guard month --json yuan_per_point is the rate the month was fined with', () => {
  /** The rule file's rate changed to `yuan` (the test's copy of the rules only). */
  const withRate = (ctx: Context, yuan: number) =>
    Object.defineProperty(ctx, 'rules', { value: { ...ctx.rules, guard: { ...ctx.rules.guard, yuan_per_point: yuan } }, configurable: true });
  const effectiveAt = (ctx: Context, when: string) => {
    const n = deduct(ctx, { reason: LATE, guards: ['张伟'], rule: '1', at: when, inspector: '王建国' });
    sign(ctx, { reason: LATE, id: n.id, side: 'company', by: '王建国' });
    sign(ctx, { reason: LATE, id: n.id, side: 'property', by: '陈丽' });
  };

  it.each([
    ['no notices: the current rule', [] as number[], 3, 3, undefined],
    ['all at the old rate, rule changed since', [2], 3, 2, undefined],
    ['one shared rate', [2, 2], 2, 2, undefined],
    ['the rule changed mid-month: current rule, mixed', [2, 3], 3, 3, true],
  ])('%s', (_label, rates, current, shown, mixed) => {
    const { ctx, out } = testContext({ now: '2026-11-05 10:00', format: 'json' });
    roster(ctx);
    rates.forEach((r, i) => {
      withRate(ctx, r);
      effectiveAt(ctx, `2026-10-${String(10 + i)} 08:00`);
    });
    withRate(ctx, current);
    const sheet = monthSheet(ctx, ctx.db(), monthPeriod(2026, 10, TZ));
    expect(sheet.yuanPerPoint).toBe(shown);
    renderMonth(ctx, sheet);
    const json = JSON.parse(out());
    expect(json.yuan_per_point).toBe(shown);
    expect(json.yuan_per_point_mixed).toBe(mixed);
    expect(json.total_fine).toBe(rates.reduce((s, r) => s + 2 * r, 0));
  });
});

describe('reward and dismissal record what has happened: a future --at is exit 2', () => {
  it.each([
    ['reward', (ctx: Context) => reward(ctx, { guard: '张伟', amount: '10', reason: '拾金不昧', by: '王经理', at: '2026-11-01 10:01' })],
    ['dismiss', (ctx: Context) => dismiss(ctx, { guard: '张伟', reason: '第三次旷工', at: '2026-11-02 09:00' })],
  ])('%s', (_name, step) => {
    const { ctx } = testContext({ now: '2026-11-01 10:00' });
    addGuard(ctx, { name: '张伟', company: '齐铁保安服务公司', site: '龙华物业小区', basePay: '3200' });
    const rows = auditLog(ctx.db()).length;
    expect(() => step(ctx)).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--at' }) }));
    expect(auditLog(ctx.db()).length).toBe(rows);
  });
});
