// Prompts: a person at a terminal is asked for a missing value; without a TTY, or with
// --no-input, a missing value is exit 2 naming the flag (and nothing is asked).
import { describe, expect, it } from 'vitest';
import { Context } from '../../src/core/context.js';
import { ask, choose, chooseOrType, confirm, type Prompter } from '../../src/core/prompt.js';
import { parseYuan } from '../../src/core/money.js';
import { testContext } from '../helpers.js';

/** A prompter that answers from a list and records what it was asked. */
function scripted(answers: unknown[]) {
  const asked: Array<{ kind: string; message: string; choices?: unknown[]; validate?: (s: string) => true | string }> = [];
  const next = () => {
    if (answers.length === 0) throw new Error('asked more than expected');
    return answers.shift();
  };
  const prompter: Prompter = {
    text: async (o) => {
      asked.push({ kind: 'text', message: o.message, validate: o.validate });
      return next() as string;
    },
    select: async (o) => {
      asked.push({ kind: 'select', message: o.message, choices: o.choices.map((c) => c.value) });
      return next() as never;
    },
    confirm: async (o) => {
      asked.push({ kind: 'confirm', message: o.message });
      return next() as boolean;
    },
  };
  return { prompter, asked };
}

const missing = (field: string) => expect.objectContaining({ exitCode: 2, key: 'input.missing', params: { field } });

describe('without a person at a terminal', () => {
  it('a missing value is exit 2 naming the flag, and the prompter is never called', async () => {
    const { prompter, asked } = scripted(['should not be used']);
    const { ctx } = testContext({ prompter });
    expect(ctx.interactive).toBe(false);
    await expect(ask(ctx, undefined, '--customer', 'input.required')).rejects.toEqual(missing('--customer'));
    // a choice names what it may be (CLI.md: allowed values listed when a required enum flag is missing)
    await expect(choose(ctx, undefined, '--fault', 'input.required', [{ name: 'body', value: 'body' }])).rejects.toMatchObject({ exitCode: 2, key: 'input.enum_missing_plain', params: { field: '--fault', choices: 'body' } });
    await expect(chooseOrType(ctx, undefined, '--vehicle', 'input.required', ['黑A12345'])).rejects.toEqual(missing('--vehicle'));
    expect(asked).toEqual([]);
  });

  it('--no-input wins even when stdin and stderr are terminals', async () => {
    const { prompter, asked } = scripted(['x']);
    const base = testContext({ prompter, interactive: true }).ctx;
    const ctx = new Context({
      env: {}, io: base.io, lang: 'en', tz: base.tz, now: base.now, actor: 'tester', dbPath: base.dbPath, rulesPath: base.rulesPath,
      format: 'table', excel: false, color: false, noInput: true, prompter,
    });
    expect(ctx.interactive).toBe(false);
    await expect(ask(ctx, undefined, '--phone', 'input.required')).rejects.toEqual(missing('--phone'));
    expect(asked).toEqual([]);
  });

  it('a given value is used as it is, with or without a terminal', async () => {
    const { ctx } = testContext();
    expect(await ask(ctx, '张伟', '--customer', 'input.required')).toBe('张伟');
    expect(await choose(ctx, 'engine', '--fault', 'input.required', [])).toBe('engine');
  });

  it('confirm takes the default without asking', async () => {
    const { ctx } = testContext();
    expect(await confirm(ctx, 'prompt.confirm', {}, false)).toBe(false);
    expect(await confirm(ctx, 'prompt.confirm')).toBe(true);
  });
});

describe('with a person at a terminal', () => {
  it('asks for the missing value in the user\'s language, trimmed', async () => {
    const { prompter, asked } = scripted(['  张伟  ']);
    const { ctx } = testContext({ prompter, interactive: true, lang: 'zh' });
    expect(await ask(ctx, undefined, '--customer', 'prompt.confirm')).toBe('张伟');
    expect(asked.map((a) => [a.kind, a.message])).toEqual([['text', '保存吗？']]);
  });

  it('validates the answer with the same parser as the flag, and shows its message', async () => {
    const { prompter, asked } = scripted(['12.50']);
    const { ctx } = testContext({ prompter, interactive: true });
    await ask(ctx, undefined, '--loan', 'input.required', { parse: (s) => parseYuan(s, '--loan') });
    const validate = asked[0].validate!;
    expect(validate('12.50')).toBe(true);
    expect(validate('12.345')).toBe('--loan: "12.345" is not an amount of yuan; accepted: 3200 | 3200.5 | 3200.50 (at most two decimals)');
  });

  it('an empty answer is refused without a parser', async () => {
    const { prompter, asked } = scripted(['x']);
    const { ctx } = testContext({ prompter, interactive: true });
    await ask(ctx, undefined, '--note', 'input.required');
    expect(asked[0].validate!('   ')).toBe('a value is required');
    expect(asked[0].validate!('ok')).toBe(true);
  });

  it('offers known values, and "type a new one" asks for text', async () => {
    const { prompter, asked } = scripted(['\u0000new', '黑B00001']);
    const { ctx } = testContext({ prompter, interactive: true });
    expect(await chooseOrType(ctx, undefined, '--vehicle', 'input.required', ['黑A12345'])).toBe('黑B00001');
    expect(asked.map((a) => a.kind)).toEqual(['select', 'text']);
    expect(asked[0].choices).toEqual(['黑A12345', '\u0000new']);
  });

  it('a known value picked from the list is returned', async () => {
    const { prompter } = scripted(['黑A12345']);
    const { ctx } = testContext({ prompter, interactive: true });
    expect(await chooseOrType(ctx, undefined, '--vehicle', 'input.required', ['黑A12345'])).toBe('黑A12345');
  });
});

describe('inquirer speaks the user\'s language too', () => {
  async function run(lang: 'zh' | 'en', use: (p: Prompter) => Promise<unknown>, keys: string) {
    const { PassThrough } = await import('node:stream');
    const { inquirerPrompter } = await import('../../src/core/prompt.js');
    const input = new PassThrough();
    const output = new PassThrough();
    let seen = '';
    output.on('data', (b: Buffer) => (seen += b.toString()));
    const p = await inquirerPrompter(testContext({ lang }).ctx, { input, output });
    const answer = use(p);
    setTimeout(() => input.write(keys), 30);
    await answer;
    return seen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  }

  it('the select tip and the confirm answer are Chinese in zh (no "navigate", "Yes")', async () => {
    const sel = await run('zh', (p) => p.select({ message: '责任', choices: [{ name: '服务责任', value: 'service' }] }), '\r');
    expect(sel).toContain('移动');
    expect(sel).not.toContain('navigate');
    const yes = await run('zh', (p) => p.confirm({ message: '保存吗？', default: true }), '\r');
    expect(yes).toContain('是');
    expect(yes).not.toContain('Yes');
  });

  it('English stays English', async () => {
    const sel = await run('en', (p) => p.select({ message: 'who', choices: [{ name: 'service', value: 'service' }] }), '\r');
    expect(sel).toContain('navigate');
  });
});
