// Enum values on flags and prompts (CLI.md, second wave): the code, the English words or the
// Chinese words as the zh tables print them (or a unique start of them), in either language
// mode; a wrong or missing value is exit 2 listing the allowed values in the user's language.
import { describe, expect, it } from 'vitest';
import { enumChoices, matchEnum, parseEnum, requireEnum } from '../../src/core/enum.js';
import { addMessages, t } from '../../src/core/i18n.js';
import { coreMessages } from '../../src/core/messages.js';
import { FAULTS } from '../../src/core/rules.js';
import { parseYesNo } from '../../src/core/input.js';
import { guardMessages } from '../../src/guard/messages.js';
import { SIDES } from '../../src/guard/rules.js';
import { letterMessages } from '../../src/letter/messages.js';
import { parseLevel, parseStage } from '../../src/review/parse.js';
import { reviewMessages } from '../../src/review/messages.js';
import { parseFault, parseResponsibility } from '../../src/ticket/parse.js';
import { ticketMessages } from '../../src/ticket/messages.js';
import { STATUSES } from '../../src/ticket/types.js';
import { KaoheError } from '../../src/core/errors.js';
import { choose } from '../../src/core/prompt.js';
import { testContext } from '../helpers.js';

for (const c of [coreMessages, ticketMessages, guardMessages, letterMessages, reviewMessages]) addMessages(c);

const refusal = (f: () => unknown): KaoheError => {
  try {
    f();
  } catch (e) {
    return e as KaoheError;
  }
  throw new Error('not refused');
};

describe('enum values in either language', () => {
  it.each([
    ['body', FAULTS, 'ticket.fault.', 'body'],
    ['BODY', FAULTS, 'ticket.fault.', 'body'],
    [' 车身 ', FAULTS, 'ticket.fault.', 'body'],
    ['发动机', FAULTS, 'ticket.fault.', 'engine'],
    ['底盘', FAULTS, 'ticket.fault.', 'chassis'],
    ['已派工', STATUSES, 'ticket.status.', 'dispatched'],
    ['已登记', STATUSES, 'ticket.status.', 'open'],
    ['已作废', STATUSES, 'ticket.status.', 'void'],
    ['物业', SIDES, 'guard.side.', 'property'],
    ['物业小区', SIDES, 'guard.side.', 'property'],
    ['保安公司', SIDES, 'guard.side.', 'company'],
    ['Property site', SIDES, 'guard.side.', 'property'],
    ['property', SIDES, 'guard.side.', 'property'],
  ] as const)('%s → %s', (text, values, words, code) => {
    expect(matchEnum(text, values as readonly string[], words)).toBe(code);
  });

  it.each([
    ['机', FAULTS, 'ticket.fault.'], // a start that fits no label
    ['已', STATUSES, 'ticket.status.'], // a start shared by several
    ['bod', FAULTS, 'ticket.fault.'], // English is never guessed from a start
    ['', FAULTS, 'ticket.fault.'],
  ] as const)('%j is refused', (text, values, words) => {
    expect(matchEnum(text, values as readonly string[], words)).toBeUndefined();
  });

  it('the module parsers take the Chinese words: --fault 车身, --responsibility 产品', () => {
    expect(parseFault('车身')).toBe('body');
    expect(parseResponsibility('产品')).toBe('product');
    expect(parseResponsibility('用户责任')).toBe('customer');
    expect(parseLevel('部门经理')).toBe('dept-manager');
    expect(parseStage('初评')).toBe('initial');
  });

  it('a wrong value is exit 2 naming the flag, listing the values in each language', () => {
    const e = refusal(() => parseEnum('cabin', '--fault', FAULTS, 'ticket.fault.'));
    expect(e.exitCode).toBe(2);
    expect(t('zh', e.key, e.params)).toBe('--fault：“cabin”不是可用的值；可用：车身 | 底盘 | 发动机 | 其他（或英文：body | chassis | engine | other）');
    expect(t('en', e.key, e.params)).toBe('--fault: "cabin" is not one of: body | chassis | engine | other (or in Chinese: 车身 | 底盘 | 发动机 | 其他)');
  });

  it('a missing required enum flag lists the allowed values', () => {
    const e = refusal(() => requireEnum(undefined, '--side', SIDES, 'guard.side.'));
    expect(e.exitCode).toBe(2);
    expect(t('zh', e.key, e.params)).toBe('缺少 --side；可用：保安公司 | 物业小区（或英文：company | property (Property site)）');
    expect(t('en', e.key, e.params)).toContain('--side is required; one of: company | property (Property site)');
  });

  it('yes/no: 是/否 and yes/no in any mode; a wrong answer lists both words', () => {
    expect(parseYesNo('是', '--warranty')).toBe(true);
    expect(parseYesNo('否', '--warranty')).toBe(false);
    expect(parseYesNo('No', '--warranty')).toBe(false);
    const e = refusal(() => parseYesNo('也许', '--warranty'));
    expect(t('zh', e.key, e.params)).toContain('是 | 否');
    expect(t('en', e.key, e.params)).toContain('yes | no');
  });

  it('prompt choices are in the user\'s words, with the codes as values', () => {
    expect(enumChoices('zh', SIDES, 'guard.side.')).toEqual([{ name: '保安公司', value: 'company' }, { name: '物业小区', value: 'property' }]);
  });

  it('a choice the prompt would offer, missing without a terminal: exit 2 listing the choices (code and name)', async () => {
    const ask = (lang: 'zh' | 'en') => {
      const { ctx } = testContext({ lang });
      return choose(ctx, undefined, '--side', 'guard.prompt.side', enumChoices(lang, SIDES, 'guard.side.')).then(() => null, (e: KaoheError) => e);
    };
    const zh = await ask('zh');
    expect(zh?.exitCode).toBe(2);
    expect(t('zh', zh!.key, zh!.params)).toBe('缺少 --side；可用：保安公司（company） | 物业小区（property）');
    const en = await ask('en');
    expect(t('en', en!.key, en!.params)).toBe('--side is required; one of: company (Company) | property (Property site)');
    // a long list (the rules) only names the flag
    const { ctx } = testContext({ lang: 'en' });
    const many = Array.from({ length: 20 }, (_, i) => ({ name: `${i + 1}. rule`, value: String(i + 1) }));
    const e = await choose(ctx, undefined, '--rule', 'guard.prompt.rule', many).then(() => null, (x: KaoheError) => x);
    expect(e?.key).toBe('input.missing');
  });
});
