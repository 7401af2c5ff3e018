// The real bin/kaohe.js on a temp file (run `npm run build` first): a whole quarterly cycle of
// manager reviews — roster with a promotion, open twice, reports and plans (one late), both
// stages of scores at the band edges, filing, the summary checked by hand, checks, close/reopen —
// and the annual cycle with probation and the bonus.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kaohe, ROOT } from '../helpers.js';

describe('kaohe review, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-review-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { KAOHE_DB: join(dir, 'kaohe.db') };
  const run = (args: string[], now: string) => kaohe(args, { ...env, KAOHE_NOW: now });
  const ok = (args: string[], now: string) => {
    const r = run(args, now);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };
  const five = (duty: string, ability: string, character: string, knowledge: string, discipline: string) =>
    ['--duty', duty, '--ability', ability, '--character', character, '--knowledge', knowledge, '--discipline', discipline];
  const Q3 = ['--period', '2026Q3'];

  beforeAll(() => {
    ok(['db', 'init'], '2026-06-01 08:00');
    const add = (name: string, level: string, dept: string, leader: string, extra: string[] = []) =>
      ok(['review', 'staff', 'add', '--name', name, '--level', level, '--dept', dept, '--leader', leader, '--assessor', '王总', ...extra], '2026-06-01 09:00');
    add('周明', 'dept-manager', '销售部', '王总', ['--base-pay', '8000']);
    add('陈静', '重要科级', '销售部', '周明', ['--base-pay', '6000']);
    add('李娜', 'deputy-dept-manager', '销售部', '周明');
    add('马超', 'section-key', '售后服务部', '周明', ['--probation-until', '2026-12-26', '--base-pay', '5000']);
  });

  it('opens a cycle once, however often it is run', () => {
    const first = ok(['--json', 'review', 'open', ...Q3], '2026-07-05 09:00').json();
    expect(first).toMatchObject({ period: '2026Q3', added: ['周明', '陈静', '李娜', '马超'], already: 0 });
    expect(ok(['--json', 'review', 'open', ...Q3], '2026-07-06 09:00').json()).toMatchObject({ added: [], already: 4 });
    // 陈静 promoted on 1 August: deputy head, reporting to the GM
    ok(['review', 'staff', 'set', '陈静', '--level', 'deputy-dept-manager', '--leader', '王总', '--from', '2026-08-01'], '2026-07-28 10:00');
    const roster = ok(['--json', 'review', 'staff', 'list', '--on', '2026-09-30'], '2026-07-28 11:00').json().staff;
    expect(roster.find((s: { name: string }) => s.name === '陈静')).toMatchObject({ level: 'deputy-dept-manager', leader: '王总', valid_from: '2026-08-01', history: [{ leader: '周明' }, { leader: '王总' }] });
    expect(run(['review', 'open', '--period', '2026Q5'], '2026-07-06 10:00').code).toBe(2);
  });

  it('a whole quarter: reports, scores at the band edges, filing, the summary by hand', () => {
    ok(['review', 'submit', '--who', '周明', ...Q3, '--file', '述职报告.docx', '--plan', '计划.docx', '--at', '2026-09-26 16:00'], '2026-09-26 17:00');
    ok(['review', 'submit', '--who', '陈静', ...Q3, '--file', '述职报告.docx', '--plan', '计划.docx'], '2026-09-27 23:30');
    // after the deadline (end of Sep 27): recorded and marked late
    const late = ok(['--json', 'review', 'submit', '--who', '李娜', ...Q3, '--file', '述职报告.docx'], '2026-09-28 09:00').json();
    expect(late.self_report).toMatchObject({ late: true, file: '述职报告.docx' });
    expect(late.due.self_report).toBe('2026-09-27T23:59:59+08:00');
    // 陈静 now reports to the GM: her old leader may not score Q3 (exit 3, nothing written)
    const wrong = run(['review', 'score', '--who', '陈静', ...Q3, '--stage', 'initial', '--by', '周明', ...five('90', '90', '90', '90', '90')], '2026-10-02 09:00');
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('王总');
    // 94.95 prints 95.0 and is an A: the innovative result is required (exit 2 naming --note)
    const noNote = run(['review', 'score', '--who', '周明', ...Q3, '--stage', 'initial', '--by', '王总', ...five('95', '95', '95', '94.5', '95')], '2026-10-02 09:00');
    expect(noNote.code).toBe(2);
    expect(noNote.stderr).toContain('--note');
    const a = ok(['--json', 'review', 'score', '--who', '周明', ...Q3, '--stage', 'initial', '--by', '王总', ...five('95', '95', '95', '94.5', '95'), '--note', '新车型市场开拓方案'], '2026-10-02 09:00').json();
    expect(a.initial).toMatchObject({ total: 95, grade: 'A', weights: { duty: 40, ability: 20, character: 15, knowledge: 10, discipline: 15 } });
    // 94.94 prints 94.9 and is a B
    expect(ok(['--json', 'review', 'score', '--who', '陈静', ...Q3, '--stage', 'initial', '--by', '王总', ...five('95', '95', '95', '94.4', '95')], '2026-10-02 09:10').json().initial).toMatchObject({ total: 94.9, grade: 'B' });
    ok(['review', 'score', '--who', '李娜', ...Q3, '--stage', '初评', '--by', '周明', ...five('80', '80', '80', '80', '80')], '2026-10-02 09:20');
    // final: the assessor only, after the initial; --confirm keeps it
    expect(run(['review', 'score', '--who', '马超', ...Q3, '--stage', 'final', '--by', '王总', '--confirm'], '2026-10-05 09:00').code).toBe(3);
    expect(run(['review', 'score', '--who', '李娜', ...Q3, '--stage', 'final', '--by', '周明', '--confirm'], '2026-10-05 09:00').code).toBe(3);
    ok(['review', 'score', '--who', '周明', ...Q3, '--stage', 'final', '--by', '王总', '--confirm'], '2026-10-05 09:00');
    ok(['review', 'score', '--who', '陈静', ...Q3, '--stage', 'final', '--by', '王总', '--confirm'], '2026-10-05 09:10');
    const c = ok(['--json', 'review', 'score', '--who', '李娜', ...Q3, '--stage', 'final', '--by', '王总', ...five('85', '80', '80', '80', '80')], '2026-10-05 09:20').json();
    expect(c).toMatchObject({ score: 82, grade: 'C', final: { confirmed: false, total: 82 } }); // 34 + 16 + 12 + 8 + 12
    expect(run(['review', 'score', '--who', '李娜', ...Q3, '--stage', 'final', '--by', '王总', '--confirm'], '2026-10-05 09:30').code).toBe(3);
    ok(['review', 'file', '--who', '周明', ...Q3, '--by', '李娟'], '2026-10-06 09:00');
    expect(run(['review', 'file', '--who', '马超', ...Q3, '--by', '李娟'], '2026-10-06 09:00').code).toBe(3);

    const s = ok(['--json', 'review', 'summary', ...Q3], '2026-10-12 09:00').json();
    expect(s).toMatchObject({
      period: '2026Q3', status: 'open', in_cycle: 4, reviewed: 3,
      average: 90.6, // (95.0 + 94.9 + 82.0) / 3 = 90.63
      grades: { A: 1, B: 1, C: 1, D: 0, E: 0 },
      missing: { self_report: ['马超'], plan: ['李娜', '马超'], initial: ['马超'], final: ['马超'], filed: ['陈静', '李娜', '马超'] },
      people: [{ name: '周明', score: 95, grade: 'A' }, { name: '陈静', score: 94.9, grade: 'B' }, { name: '李娜', score: 82, grade: 'C' }, { name: '马超', score: null, grade: null }],
    });
    expect(s.audit_head).toMatch(/^\d+:[0-9a-f]{64}$/);
    const zh = ok(['--lang', 'zh', 'review', 'summary', ...Q3], '2026-10-12 09:00').stdout;
    expect(zh).toContain('A 优秀');
    expect(zh).toContain('未终评（无等级）：马超');
    expect(zh).toMatch(/审计链 \d+:[0-9a-f]{12}/);
    const csv = ok(['--csv', 'review', 'summary', ...Q3], '2026-10-12 09:00').stdout.split('\n');
    expect(csv[0]).toBe('name,dept,score,grade');
    expect(csv[1]).toBe('周明,销售部,95,A');
    expect(ok(['--excel', '--lang', 'zh', 'report', 'review', ...Q3], '2026-10-12 09:00').stdout.startsWith('\ufeff姓名,部门,直接领导')).toBe(true);
    const list = ok(['review', 'list', ...Q3], '2026-10-12 09:00').stdout;
    expect(list).toContain('2026-09-28 (late)');
  });

  it('checks exit 1 on what is overdue; a closed cycle takes nothing more', () => {
    const c = run(['--json', 'review', 'check'], '2026-10-12 09:00');
    expect(c.code).toBe(1);
    expect(c.json().items.map((i: { id: string; what: string }) => `${i.id} ${i.what}`)).toEqual([
      '2026Q3/李娜 plan', '2026Q3/马超 self_report', '2026Q3/马超 plan', '2026Q3/马超 initial', '2026Q3/马超 final',
    ]);
    expect(run(['--json', 'check'], '2026-10-12 09:00').json().items.filter((i: { kind: string }) => i.kind === 'review')).toHaveLength(5);
    ok(['review', 'close', ...Q3], '2026-10-12 10:00');
    expect(run(['review', 'submit', '--who', '马超', ...Q3, '--file', 'x'], '2026-10-12 11:00').code).toBe(3);
    expect(run(['review', 'check'], '2026-10-12 11:00').code).toBe(0);
    expect(run(['review', 'reopen', ...Q3], '2026-10-12 11:00').code).toBe(2);
    ok(['review', 'reopen', ...Q3, '--reason', '补录马超的述职'], '2026-10-12 11:00');
    // handed in on time on paper, entered late: needs --reason
    expect(run(['review', 'submit', '--who', '马超', ...Q3, '--file', 'x', '--at', '2026-09-25 10:00'], '2026-10-12 11:30').code).toBe(2);
    ok(['review', 'submit', '--who', '马超', ...Q3, '--file', 'x', '--at', '2026-09-25 10:00', '--reason', '纸质版按时交到'], '2026-10-12 11:30');
  });

  it('the year: probation until Dec 26 is out, the four quarters beside it, the bonus', () => {
    expect(ok(['--json', 'review', 'open', '--period', '2026'], '2026-12-01 09:00').json()).toMatchObject({ added: ['周明', '陈静', '李娜'], probation: ['马超'] });
    ok(['review', 'score', '--who', '陈静', '--period', '2026', '--stage', 'initial', '--by', '王总', ...five('88', '88', '88', '88', '88')], '2026-12-29 09:00');
    ok(['review', 'score', '--who', '陈静', '--period', '2026', '--stage', 'final', '--by', '王总', '--confirm'], '2027-01-05 09:00');
    const s = ok(['--json', 'review', 'summary', '--period', '2026'], '2027-01-05 10:00').json();
    expect(s.people.find((p: { name: string }) => p.name === '陈静')).toMatchObject({ score: 88, grade: 'B', quarters: { Q1: null, Q2: null, Q3: 'B', Q4: null } });
    const b = ok(['--json', 'review', 'bonus', '--year', '2026', '--base', '5500'], '2027-01-05 10:00').json();
    expect(b.people.map((p: { name: string; bonus: number | null }) => [p.name, p.bonus])).toEqual([['周明', null], ['陈静', 7200], ['李娜', null]]);
    expect(b.total).toBe(7200);
    // a later rule change (A from 99, other weights) never rewrites a scored review
    const rules = JSON.parse(readFileSync(join(ROOT, 'data', 'rules.json'), 'utf8'));
    rules.review.grades[0].min = 99;
    rules.review.weights = { duty: 20, ability: 40, character: 15, knowledge: 10, discipline: 15 };
    writeFileSync(join(dir, 'rules.json'), JSON.stringify(rules));
    const again = ok(['--json', '--rules', join(dir, 'rules.json'), 'review', 'summary', ...Q3], '2027-01-05 10:00').json();
    expect(again.people.map((p: { score: number; grade: string }) => [p.score, p.grade])).toEqual([[95, 'A'], [94.9, 'B'], [82, 'C'], [null, null]]);
    const next = ok(['--json', '--rules', join(dir, 'rules.json'), 'review', 'score', '--who', '李娜', '--period', '2026', '--stage', 'initial', '--by', '周明', ...five('100', '90', '90', '90', '90')], '2027-01-05 10:00').json();
    expect(next.initial).toMatchObject({ total: 92, weights: { duty: 20, ability: 40 } }); // 20 + 36 + 13.5 + 9 + 13.5
    expect(ok(['--json', 'db', 'check'], '2027-01-05 10:00').json().checks.every((x: { ok: boolean }) => x.ok)).toBe(true);
    expect(ok(['audit', 'verify'], '2027-01-05 10:00').stdout).toContain('match');
  });
});
