// Review use cases on a temp database: the roster over time, cycles opened twice, probation, who
// scores which stage, closed cycles, the two times of a step, and a quarter summary by hand.
import { describe, expect, it } from 'vitest';
import { auditCount, auditLog } from '../../src/core/audit.js';
import type { Context } from '../../src/core/context.js';
import { quarterPeriod, yearPeriod } from '../../src/core/period.js';
import { bonus, reviewChecks, reviewInvariants, summary } from '../../src/review/report.js';
import { addStaff, closeCycle, openCycle, setStaff } from '../../src/review/service.js';
import { fileWithHr, parseScoreInput, score, submit } from '../../src/review/service-steps.js';
import { reviewsOf } from '../../src/review/store.js';
import { TZ, at } from '../helpers.js';
import { FIVE, rosterAt } from './fixtures.js';

const scoreRaw = (ctx: Context, raw: Record<string, any>) => score(ctx, parseScoreInput(ctx, raw));
const q3 = quarterPeriod(2026, 3, TZ);
const sum = (ctx: Context, p = q3) => summary(ctx, ctx.db(), p);
const refused = (fn: () => unknown, exitCode: number, key: string) => expect(fn).toThrow(expect.objectContaining({ exitCode, key }));

describe('the roster keeps changes over time', () => {
  it('promoted in August: Q3 is scored by the new leader, Q2 by the old one', () => {
    let t = rosterAt();
    setStaff(t.ctx, { name: '陈静', level: 'deputy-dept-manager', leader: '王总', from: '2026-08-01' });
    t = t.later('2026-07-01 09:00');
    openCycle(t.ctx, { period: '2026Q2' });
    openCycle(t.ctx, { period: '2026Q3' });
    t = t.later('2026-07-02 10:00');
    refused(() => scoreRaw(t.ctx, { who: '陈静', period: '2026Q2', stage: 'initial', by: '王总', ...FIVE('90', '90', '90', '90', '90') }), 3, 'review.not_leader');
    expect(scoreRaw(t.ctx, { who: '陈静', period: '2026Q2', stage: 'initial', by: '周明', ...FIVE('90', '90', '90', '90', '90') }).initial?.by).toBe('周明');
    t = t.later('2026-10-02 10:00');
    refused(() => scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'initial', by: '周明', ...FIVE('90', '90', '90', '90', '90') }), 3, 'review.not_leader');
    expect(scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'initial', by: '王总', ...FIVE('90', '90', '90', '90', '90') }).initial?.by).toBe('王总');
    const people = sum(t.ctx).people;
    expect(people.find((p) => p.review.name === '陈静')?.standing).toMatchObject({ level: 'deputy-dept-manager', leader: '王总', dept: '销售部', basePayFen: 600000 });
    // a change is added, never edited; nothing to change is exit 2
    refused(() => setStaff(t.ctx, { name: '陈静', dept: '市场部', from: '2026-08-01' }), 3, 'review.version_exists');
    refused(() => setStaff(t.ctx, { name: '陈静', from: '2026-09-01' }), 2, 'review.nothing_to_change');
    refused(() => addStaff(t.ctx, { name: '陈静', level: 'section-key', dept: 'x', leader: 'y', assessor: 'z' }), 3, 'review.staff_exists');
    refused(() => addStaff(t.ctx, { name: '新人', level: 'boss', dept: 'x', leader: 'y', assessor: 'z' }), 2, 'input.enum');
  });
});

describe('review open', () => {
  it('is idempotent: run again it adds newcomers and never duplicates', () => {
    let t = rosterAt();
    t = t.later('2026-07-05 09:00');
    expect(openCycle(t.ctx, { period: '2026Q3' })).toMatchObject({ added: ['周明', '陈静', '李娜', '刘强'], already: 0 });
    expect(openCycle(t.ctx, { period: '2026Q3' })).toMatchObject({ added: [], already: 4 });
    addStaff(t.ctx, { name: '马超', level: 'section-key', dept: '售后服务部', leader: '刘强', assessor: '王总', from: '2026-08-15' });
    // on the roster from a date after the cycle's end: not in it
    addStaff(t.ctx, { name: '何静', level: 'section-key', dept: '售后服务部', leader: '刘强', assessor: '王总', from: '2026-10-01' });
    expect(openCycle(t.ctx, { period: '2026Q3' })).toMatchObject({ added: ['马超'], already: 4, notYet: ['何静'] });
    expect(reviewsOf(t.ctx.db(), '2026Q3', Number.MAX_SAFE_INTEGER).map((r) => r.name)).toEqual(['周明', '陈静', '李娜', '刘强', '马超']);
    refused(() => openCycle(t.ctx, { period: '2026Q5' }), 2, 'input.quarter');
  });

  it.each([['2026-12-24', true], ['2026-12-26', false]] as const)('on probation until %s: in the annual cycle %s, in Q4 either way', (until, inYear) => {
    let t = rosterAt();
    addStaff(t.ctx, { name: '马超', level: 'section-key', dept: '售后服务部', leader: '刘强', assessor: '王总', probationUntil: until });
    t = t.later('2026-10-08 09:00');
    const year = openCycle(t.ctx, { period: '2026' });
    expect(year.added.includes('马超')).toBe(inYear);
    expect(year.probation).toEqual(inYear ? [] : ['马超']);
    expect(openCycle(t.ctx, { period: '2026Q4' }).added).toContain('马超');
  });
});

describe('scores: each stage once, by the right person, in order', () => {
  const ready = () => {
    let t = rosterAt();
    t = t.later('2026-07-05 09:00');
    openCycle(t.ctx, { period: '2026Q3' });
    return t.later('2026-09-26 10:00');
  };

  it('initial by the leader, final by the assessor after it, or --confirm; nothing written when refused', () => {
    let t = ready();
    submit(t.ctx, { who: '陈静', period: '2026Q3', file: '述职报告.docx', plan: '计划.docx' });
    t = t.later('2026-10-02 10:00');
    const before = auditCount(t.ctx.db());
    refused(() => scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'final', by: '王总', confirm: true }), 3, 'review.final_before_initial');
    refused(() => scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'initial', by: '王总', ...FIVE('90', '85', '88', '80', '92') }), 3, 'review.not_leader');
    expect(auditCount(t.ctx.db())).toBe(before);
    const r = scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'initial', by: '周明', ...FIVE('90', '85', '88', '80', '92') });
    expect(r.initial).toMatchObject({ totalTenths: 880, grade: 'B', weights: { duty: 4000, ability: 2000, character: 1500, knowledge: 1000, discipline: 1500 } });
    refused(() => scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'initial', by: '周明', ...FIVE('90', '85', '88', '80', '92') }), 3, 'review.initial_done');
    refused(() => scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'final', by: '周明', confirm: true }), 3, 'review.not_assessor');
    expect(() => parseScoreInput(t.ctx, { who: '陈静', period: '2026Q3', stage: 'initial', by: '周明', confirm: true })).toThrow(expect.objectContaining({ key: 'review.confirm_final_only' }));
    expect(() => parseScoreInput(t.ctx, { who: '陈静', period: '2026Q3', stage: 'final', by: '王总', confirm: true, duty: '90' })).toThrow(expect.objectContaining({ exitCode: 2, params: { field: '--duty' } }));
    expect(() => parseScoreInput(t.ctx, { who: '陈静', period: '2026Q3', stage: 'initial', by: '周明', ...FIVE('90', '85', '101', '80', '92') })).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--character' }) }));
    t = t.later('2026-10-05 10:00');
    const f = scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'final', by: '王总', confirm: true });
    expect(f.final).toMatchObject({ totalTenths: 880, grade: 'B', confirmed: true, by: '王总' });
    refused(() => scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'final', by: '王总', confirm: true }), 3, 'review.final_done');
    expect(reviewInvariants(t.ctx, t.ctx.db()).every((i) => i.ok)).toBe(true);
  });

  it('an A needs --note and an E too (exit 2), with it they are written', () => {
    let t = ready();
    t = t.later('2026-10-02 10:00');
    refused(() => scoreRaw(t.ctx, { who: '周明', period: '2026Q3', stage: 'initial', by: '王总', ...FIVE('95', '95', '95', '94.5', '95') }), 2, 'review.note_a');
    expect(scoreRaw(t.ctx, { who: '周明', period: '2026Q3', stage: 'initial', by: '王总', ...FIVE('95', '95', '95', '94.5', '95'), note: '新车型市场方案' }).initial).toMatchObject({ totalTenths: 950, grade: 'A' });
    refused(() => scoreRaw(t.ctx, { who: '刘强', period: '2026Q3', stage: 'initial', by: '王总', ...FIVE('60', '60', '60', '59.4', '60') }), 2, 'review.note_e');
    expect(scoreRaw(t.ctx, { who: '刘强', period: '2026Q3', stage: 'initial', by: '王总', ...FIVE('60', '60', '60', '59.5', '60') }).initial).toMatchObject({ totalTenths: 600, grade: 'D' });
  });

  it('a score is never dated before the self-report, a late entry needs --reason; both times are kept', () => {
    let t = ready();
    submit(t.ctx, { who: '陈静', period: '2026Q3', file: 'a.docx', at: '2026-09-25 16:00' });
    t = t.later('2026-10-02 10:00');
    refused(() => scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'initial', by: '周明', at: '2026-09-25 15:00', ...FIVE('80', '80', '80', '80', '80') }), 3, 'step.before_previous');
    // a submission dated before the cycle's start
    refused(() => submit(t.ctx, { who: '李娜', period: '2026Q3', file: 'a.docx', at: '2026-06-30 10:00', reason: 'x' }), 3, 'step.before_previous');
    // entered after the deadline while dated before it: 补录, --reason needed
    t = t.later('2026-10-05 10:00');
    refused(() => scoreRaw(t.ctx, { who: '李娜', period: '2026Q3', stage: 'initial', by: '周明', at: '2026-10-03 10:00', ...FIVE('80', '80', '80', '80', '80') }), 2, 'step.reason_after_deadline');
    const r = scoreRaw(t.ctx, { who: '李娜', period: '2026Q3', stage: 'initial', by: '周明', at: '2026-10-03 10:00', reason: '纸质评分表今天才交来', ...FIVE('80', '80', '80', '80', '80') });
    expect(r.initial).toMatchObject({ at: at('2026-10-03 10:00'), enteredAt: at('2026-10-05 10:00') });
    expect(auditLog(t.ctx.db(), { recordId: '2026Q3/M003' }).at(-1)).toMatchObject({ action: 'review.score.initial', late: '纸质评分表今天才交来' });
    expect(sum(t.ctx).lateEntries).toBe(1); // SPEC §0: counted in the report
    expect(sum(t.later('2026-10-05 09:00').ctx).lateEntries).toBe(0); // as entered before it
    // a late self-report (after the deadline) is recorded, and marked late
    const late = submit(t.ctx, { who: '刘强', period: '2026Q3', file: 'a.docx', plan: 'b.docx' });
    expect(late.report!.at > late.due.self_report).toBe(true);
  });

  it('a closed cycle takes nothing more (exit 3) until reopened with a reason', () => {
    let t = ready();
    closeCycle(t.ctx, { period: '2026Q3' }, false);
    refused(() => submit(t.ctx, { who: '陈静', period: '2026Q3', file: 'a.docx' }), 3, 'review.cycle_closed');
    refused(() => openCycle(t.ctx, { period: '2026Q3' }), 3, 'review.cycle_closed');
    refused(() => closeCycle(t.ctx, { period: '2026Q3' }, false), 3, 'review.cycle_closed');
    refused(() => closeCycle(t.ctx, { period: '2026Q3' }, true), 2, 'input.missing');
    closeCycle(t.ctx, { period: '2026Q3', reason: '补录' }, true);
    expect(submit(t.ctx, { who: '陈静', period: '2026Q3', file: 'a.docx' }).report?.file).toBe('a.docx');
    refused(() => submit(t.ctx, { who: '陈静', period: '2026Q3', file: 'b.docx' }), 3, 'review.already_submitted');
    refused(() => submit(t.ctx, { who: '无名', period: '2026Q3', file: 'b.docx' }), 4, 'review.staff_not_found');
    refused(() => submit(t.ctx, { who: '陈静', period: '2026Q2', file: 'b.docx' }), 4, 'review.cycle_not_found');
    refused(() => submit(t.ctx, { who: '陈静', period: '2026Q3' }), 2, 'review.submit_nothing');
  });
});

describe('a quarter summary, by hand', () => {
  it('distribution, average, missing items, bonus and checks; --now shows it as entered then', () => {
    let t = rosterAt();
    t = t.later('2026-07-05 09:00');
    openCycle(t.ctx, { period: '2026Q3' });
    t = t.later('2026-09-25 09:00');
    submit(t.ctx, { who: '周明', period: '2026Q3', file: 'r', plan: 'p' });
    submit(t.ctx, { who: '陈静', period: '2026Q3', file: 'r', plan: 'p' });
    submit(t.ctx, { who: '李娜', period: '2026Q3', file: 'r' }); // no plan; 刘强 hands in nothing
    t = t.later('2026-10-02 09:00');
    // 周明 95 all round = 95.0 A; 陈静 36 + 17 + 13.2 + 8 + 13.8 = 88.0 B; 李娜 80.0 C; 刘强 initial only
    scoreRaw(t.ctx, { who: '周明', period: '2026Q3', stage: 'initial', by: '王总', ...FIVE('95', '95', '95', '95', '95'), note: '新车型市场方案' });
    scoreRaw(t.ctx, { who: '陈静', period: '2026Q3', stage: 'initial', by: '周明', ...FIVE('90', '85', '88', '80', '92') });
    scoreRaw(t.ctx, { who: '李娜', period: '2026Q3', stage: 'initial', by: '周明', ...FIVE('80', '80', '80', '80', '80') });
    scoreRaw(t.ctx, { who: '刘强', period: '2026Q3', stage: 'initial', by: '王总', ...FIVE('70', '70', '70', '70', '70') });
    const asOfInitial = '2026-10-02 09:00';
    t = t.later('2026-10-08 09:00');
    for (const who of ['周明', '陈静', '李娜']) scoreRaw(t.ctx, { who, period: '2026Q3', stage: 'final', by: '王总', confirm: true });
    fileWithHr(t.ctx, { who: '周明', period: '2026Q3', by: '李娟' });
    const s = sum(t.ctx);
    expect({ reviewed: s.reviewed, average: s.average, grades: s.grades, missing: s.missing }).toEqual({
      reviewed: 3,
      average: 877, // (95.0 + 88.0 + 80.0) / 3 = 87.67 → 87.7
      grades: { A: 1, B: 1, C: 1, D: 0, E: 0 },
      missing: { self_report: ['刘强'], plan: ['李娜', '刘强'], initial: [], final: ['刘强'], filed: ['陈静', '李娜', '刘强'] },
    });
    expect(s.people.map((p) => [p.review.name, p.total, p.grade])).toEqual([['周明', 950, 'A'], ['陈静', 880, 'B'], ['李娜', 800, 'C'], ['刘强', null, null]]);
    // as entered by the time of the initial scores: no grades yet
    const then = t.later(asOfInitial);
    expect(sum(then.ctx)).toMatchObject({ reviewed: 0, average: null, missing: { final: ['周明', '陈静', '李娜', '刘强'] } });
    // checks on 2026-10-12: 刘强's report and plan, 李娜's plan, 刘强's final score are overdue
    const late = t.later('2026-10-12 09:00');
    const items = reviewChecks(late.ctx, late.ctx.db(), 0);
    expect(items.map((i) => [i.id, i.what, i.overdue])).toEqual([
      ['2026Q3/李娜', 'plan', true], ['2026Q3/刘强', 'self_report', true], ['2026Q3/刘强', 'plan', true], ['2026Q3/刘强', 'final', true],
    ]);
    closeCycle(late.ctx, { period: '2026Q3' }, false);
    expect(reviewChecks(late.ctx, late.ctx.db(), 0)).toEqual([]);
    expect(reviewInvariants(late.ctx, late.ctx.db()).every((i) => i.ok)).toBe(true);
  });

  it('the year: four quarterly grades beside the annual one, and the bonus from the annual grade', () => {
    let t = rosterAt('2026-01-04 09:00');
    for (const [q, open, scored] of [[1, '2026-01-05 09:00', '2026-04-01 09:00'], [2, '2026-04-05 09:00', '2026-07-01 09:00']] as const) {
      t = t.later(open);
      openCycle(t.ctx, { period: `2026Q${q}` });
      t = t.later(scored);
      scoreRaw(t.ctx, { who: '陈静', period: `2026Q${q}`, stage: 'initial', by: '周明', ...FIVE('80', '80', '80', '80', '80') });
      scoreRaw(t.ctx, { who: '陈静', period: `2026Q${q}`, stage: 'final', by: '王总', ...FIVE('90', '90', '90', '90', '90') });
    }
    t = t.later('2026-10-08 09:00');
    openCycle(t.ctx, { period: '2026' });
    t = t.later('2026-12-29 09:00');
    for (const [who, by, s] of [['陈静', '周明', '90'], ['刘强', '王总', '75'], ['李娜', '周明', '96']] as const) {
      scoreRaw(t.ctx, { who, period: '2026', stage: 'initial', by, ...FIVE(s, s, s, s, s), note: 'x' });
    }
    t = t.later('2027-01-08 09:00');
    for (const who of ['陈静', '刘强', '李娜']) scoreRaw(t.ctx, { who, period: '2026', stage: 'final', by: '王总', confirm: true });
    const year = sum(t.ctx, yearPeriod(2026, TZ));
    expect(year.people.find((p) => p.review.name === '陈静')).toMatchObject({ grade: 'B', quarters: ['B', 'B', null, null] });
    const b = bonus(t.ctx, t.ctx.db(), '2026', '5000');
    expect(b.lines.map((l) => [l.name, l.grade, l.coefficient, l.basePayFen, l.bonusFen, l.baseGiven])).toEqual([
      ['周明', null, null, 800000, null, false], // no final grade, no bonus
      ['陈静', 'B', 1.2, 600000, 720000, false],
      ['李娜', 'A', 1.5, 500000, 750000, true], // no base pay on the roster: --base
      ['刘强', 'C', 1, 700050, 700050, false],
    ]);
    expect(bonus(t.ctx, t.ctx.db(), '2026', undefined).lines.find((l) => l.name === '李娜')).toMatchObject({ basePayFen: null, bonusFen: null });
    refused(() => bonus(t.ctx, t.ctx.db(), '2025', undefined), 4, 'review.cycle_not_found');
  });
});

describe('db check', () => {
  it('finds a score whose grade does not match its total and bands, and a final without an initial', () => {
    let t = rosterAt();
    t = t.later('2026-07-05 09:00');
    openCycle(t.ctx, { period: '2026Q3' });
    const db = t.ctx.db();
    const row = (stage: string, total: number, grade: string) =>
      db.prepare(`INSERT INTO review_scores (period, staff_id, stage, by, at, entered_at, duty, ability, character, knowledge, discipline, weights, bands, total_tenths, grade)
        VALUES ('2026Q3', 'M001', ?, '王总', 1, 1, 800, 800, 800, 800, 800, ?, ?, ?, ?)`).run(stage, JSON.stringify({ duty: 4000, ability: 2000, character: 1500, knowledge: 1000, discipline: 1500 }), JSON.stringify([{ grade: 'A', min: 950 }, { grade: 'B', min: 850 }, { grade: 'C', min: 750 }, { grade: 'D', min: 600 }, { grade: 'E', min: 0 }]), total, grade);
    row('final', 800, 'B');
    const inv = Object.fromEntries(reviewInvariants(t.ctx, db).map((i) => [i.name, i]));
    expect(inv['review.final_after_initial']).toMatchObject({ ok: false, detail: '2026Q3/M001' });
    expect(inv['review.grade_consistent']).toMatchObject({ ok: false, detail: '2026Q3/M001/final' });
    // scores are written once: the table refuses an update
    expect(() => db.prepare("UPDATE review_scores SET grade = 'C'").run()).toThrow(/written once/);
  });
});
