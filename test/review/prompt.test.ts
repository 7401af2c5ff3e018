// Interactive `review score` at a terminal: the five dimensions asked one by one with their
// meaning from 篇3 五, the weighted total and grade shown before saving.
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/core/i18n.js';
import type { Choice, Prompter } from '../../src/core/prompt.js';
import { programWith } from '../../src/main.js';
import { reviewModule } from '../../src/review/module.js';
import { openCycle } from '../../src/review/service.js';
import { reviewsOf } from '../../src/review/store.js';
import { testContext } from '../helpers.js';
import { rosterAt } from './fixtures.js';

function clerk(answers: Record<string, unknown>) {
  const asked: string[] = [];
  const answer = (message: string) => {
    if (!(message in answers)) throw new Error(`unexpected prompt: ${message}`);
    return answers[message];
  };
  const prompter: Prompter = {
    text: async (o) => {
      asked.push(o.message);
      const v = String(answer(o.message));
      if (o.validate && o.validate(v) !== true) throw new Error(`rejected: ${v}`);
      return v;
    },
    select: async <T>(o: { message: string; choices: Array<Choice<T>> }) => (asked.push(o.message), answer(o.message) as T),
    confirm: async (o) => (asked.push(o.message), answer(o.message) as boolean),
  };
  return { prompter, asked };
}

async function atTerminal(dbPath: string, lang: Lang, argv: string[], prompter: Prompter) {
  let out = '';
  let err = '';
  const io = { out: (x: string) => void (out += x), err: (x: string) => void (err += x), stdoutTTY: true, stderrTTY: true, stdinTTY: true };
  const env = { KAOHE_DB: dbPath, KAOHE_TZ: 'Asia/Shanghai', KAOHE_LANG: lang, KAOHE_NOW: '2026-10-02 10:00', NO_COLOR: '1' };
  const { program, runtime } = programWith(lang, env, io, [reviewModule]);
  const make = runtime.makeContext;
  runtime.makeContext = (c) => Object.assign(make(c), { prompter });
  program.exitOverride();
  let code = 0;
  try {
    await program.parseAsync(['review', ...argv], { from: 'user' });
    code = runtime.exitCode;
  } catch (e) {
    code = (e as { exitCode?: number }).exitCode ?? -1;
  }
  return { code, out, err };
}

function cycle(): string {
  const t = rosterAt();
  const later = t.later('2026-07-05 09:00');
  openCycle(later.ctx, { period: '2026Q3' });
  later.ctx.close();
  return later.ctx.dbPath;
}

const WHO = ['score', '--who', '陈静', '--period', '2026Q3', '--stage', 'initial', '--by', '周明'];

describe('interactive review score', () => {
  it('asks the five dimensions with their meaning, shows 88.0 → B and saves', async () => {
    const dbPath = cycle();
    const { prompter, asked } = clerk({
      'Duty score (0-100)': '90', 'Ability score (0-100)': '85', 'Character score (0-100)': '88', 'Knowledge score (0-100)': '80', 'Discipline score (0-100)': '92', 'Save?': true,
    });
    const r = await atTerminal(dbPath, 'en', WHO, prompter);
    expect(r.code).toBe(0);
    expect(asked).toEqual(['Duty score (0-100)', 'Ability score (0-100)', 'Character score (0-100)', 'Knowledge score (0-100)', 'Discipline score (0-100)', 'Save?']);
    expect(r.err).toContain('Duty (岗位职责) (40%)\nThe results shown in doing the job');
    expect(r.err).toContain('Weighted total 88.0 → B good');
    expect(r.out).toContain('陈静 2026Q3: initial score 88.0 (B good)');
    const check = testContext({ now: '2026-10-02 10:00', dbPath });
    expect(reviewsOf(check.ctx.db(), '2026Q3', Number.MAX_SAFE_INTEGER, 'M002')[0].initial).toMatchObject({ totalTenths: 880, grade: 'B', by: '周明' });
  });

  it('in Chinese: the seed\'s own words for each dimension; an A asks for the innovative result', async () => {
    const dbPath = cycle();
    const { prompter, asked } = clerk({
      '岗位职责得分（0-100）': '95', '能力得分（0-100）': '95', '品德得分（0-100）': '95', '学识得分（0-100）': '94.5', '组织纪律得分（0-100）': '95',
      'A级须写明创新性成果': '牵头完成新车型市场开拓', '保存吗？': true,
    });
    const r = await atTerminal(dbPath, 'zh', WHO, prompter);
    expect(r.code).toBe(0);
    expect(asked).toContain('A级须写明创新性成果');
    expect(r.err).toContain('基本要素由工作目标、工作质量、工作交期和工作跟进等构成。');
    expect(r.err).toContain('基本要素包括遵纪守律、仪表仪容、环境卫生等。');
    expect(r.err).toContain('加权总分 95.0 → A 优秀');
  });

  it('a score out of range is refused at the prompt; a clerk who does not save writes nothing', async () => {
    const dbPath = cycle();
    let validate: ((s: string) => true | string) | undefined;
    const base = clerk({ 'Save?': false }).prompter;
    const prompter: Prompter = { ...base, text: async (o) => ((validate = o.validate), '80') };
    const r = await atTerminal(dbPath, 'en', WHO, prompter);
    expect(r.code).toBe(2);
    expect(validate?.('101')).toContain('--discipline');
    expect(validate?.('80.5')).toBe(true);
    const check = testContext({ now: '2026-10-02 10:00', dbPath });
    expect(reviewsOf(check.ctx.db(), '2026Q3', Number.MAX_SAFE_INTEGER, 'M002')[0].initial).toBeNull();
  });
});
