// What the start-up cuts of ISSUE 14 must not change: a message lookup over the catalogs as added
// (not copied into one table) answers as the copy did, and displayWidth's fast paths for Latin
// and CJK give the width the Unicode-class test gives.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eastAsianWidth } from 'get-east-asian-width';
import { describe, expect, it } from 'vitest';
import { addMessages, catalog, hasMessage, t } from '../../src/core/i18n.js';
import { displayWidth } from '../../src/core/output.js';
import { textWidth } from '../../src/core/table-fit.js';

describe('message catalogs looked up where they were added', () => {
  const a = { en: { 'cut.test.x': 'a-x {n}', 'cut.test.only_a': 'only a' }, zh: { 'cut.test.x': '甲 {n}' } };
  const b = { en: { 'cut.test.x': 'b-x' }, zh: { 'cut.test.x': '乙', 'cut.test.zh_only': '只有中文' } };

  it('the catalog added last wins a key two hold; adding one again makes it the last', () => {
    addMessages(a);
    addMessages(b);
    expect(t('en', 'cut.test.x')).toBe('b-x');
    expect(t('zh', 'cut.test.x')).toBe('乙');
    addMessages(a);
    expect(t('en', 'cut.test.x', { n: 3 })).toBe('a-x 3');
    expect(t('zh', 'cut.test.x', { n: 3 })).toBe('甲 3');
  });

  it('falls back to the other language, then to the key; hasMessage sees both languages', () => {
    addMessages(a);
    addMessages(b);
    expect(t('zh', 'cut.test.only_a')).toBe('only a');
    expect(t('en', 'cut.test.zh_only')).toBe('只有中文');
    expect(t('en', 'cut.test.nowhere')).toBe('cut.test.nowhere');
    expect(hasMessage('cut.test.zh_only')).toBe(true);
    expect(hasMessage('cut.test.nowhere')).toBe(false);
    // an inherited property of a plain object is no message
    expect(hasMessage('constructor')).toBe(false);
    expect(t('en', 'toString')).toBe('toString');
  });

  it('a catalog builds a language at its first lookup, once, and the other only for a key missing there', () => {
    const built: string[] = [];
    const c = catalog({
      en: () => (built.push('en'), { 'cut.lazy.x': 'x {n}', 'cut.lazy.en_only': 'only en' }),
      zh: () => (built.push('zh'), { 'cut.lazy.x': '叉 {n}' }),
    });
    addMessages(c);
    expect(built).toEqual([]);
    expect(t('zh', 'cut.lazy.x', { n: 1 })).toBe('叉 1');
    expect(t('zh', 'cut.lazy.x', { n: 2 })).toBe('叉 2');
    expect(built).toEqual(['zh']);
    expect(hasMessage('cut.lazy.x', 'zh')).toBe(true);
    expect(built).toEqual(['zh']);
    expect(t('zh', 'cut.lazy.en_only')).toBe('only en');
    expect(built).toEqual(['zh', 'en']);
    expect(Object.keys(c.zh)).toEqual(['cut.lazy.x']);
  });

  it('no catalog spreads one table into another (V8 adds spread keys one hidden class at a time: ~20 ms for the core)', () => {
    const src = fileURLToPath(new URL('../../src/', import.meta.url));
    const files = readdirSync(src, { recursive: true }).map(String).filter((f) => /(^|\/)messages[\w.-]*\.ts$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(15);
    const spreads = files.filter((f) => /\.\.\.\s*[\w(]/.test(readFileSync(src + f, 'utf8').replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''").replace(/\/\/.*$/gm, '')));
    expect(spreads).toEqual([]);
  });
});

describe('displayWidth fast paths', () => {
  const COMBINING = /\p{Mn}|\p{Me}|\p{Cf}/u;
  const reference = (cp: number) => (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || COMBINING.test(String.fromCodePoint(cp)) ? 0 : eastAsianWidth(cp));

  it('every character of Latin-1 and Latin Extended, general punctuation, arrows, maths, box drawing, CJK punctuation, the CJK ideographs and the full-width forms, as the Unicode classes say', () => {
    const wrong: string[] = [];
    for (const [from, to] of [[0x20, 0x300], [0x2000, 0x2600], [0x2ff0, 0x3100], [0x4e00, 0xa000], [0xff00, 0x10000]]) {
      for (let cp = from; cp < to; cp++) {
        const ch = String.fromCodePoint(cp);
        if (displayWidth(`a${ch}`) !== 1 + reference(cp) || textWidth(ch) !== reference(cp)) wrong.push(cp.toString(16));
      }
    }
    expect(wrong).toEqual([]);
    expect(displayWidth('a\u00adb')).toBe(2); // a soft hyphen takes no column
    expect(displayWidth('Müller 张伟')).toBe(11);
  });

  it('mixed text (the cells of a long list): the sum of its characters, whichever path counts it', () => {
    const pool = ['a', ' ', '~', '·', 'é', '\u00ad', '张', '伟', '黑', '—', '、', '🚌', 'Ａ', 'e\u0301', '\u001b[1m', '\u001b[22m'];
    const refOf = (text: string) => {
      let w = 0;
      for (const ch of text.replace(/\u001b\[[0-9;]*m/g, '')) w += reference(ch.codePointAt(0)!);
      return w;
    };
    let seed = 14;
    const wrong: string[] = [];
    for (let n = 0; n < 3000; n++) {
      let text = '';
      for (let k = 0; k < 1 + (n % 9); k++) text += pool[(seed = (seed * 1103515245 + 12345) % 2147483648) % pool.length];
      if (displayWidth(text) !== refOf(text) || displayWidth(text) !== refOf(text)) wrong.push(JSON.stringify(text));
    }
    expect(wrong).toEqual([]);
  });
});

describe('kaohe check builds one command', () => {
  it("loads every module's hooks but builds only the report module's commands", async () => {
    const { createProgram } = await import('../../src/main.js');
    const { MODULE_NAMES } = await import('../../src/modules.js');
    const io = { out: () => undefined, err: () => undefined, stdoutTTY: false, stderrTTY: false, stdinTTY: false };
    const { program, runtime } = await createProgram('en', {}, io, 'check');
    expect(runtime.modules.map((m) => m.name).sort()).toEqual([...MODULE_NAMES].sort());
    expect(program.commands.map((c) => c.name()).filter((n) => n !== 'help').sort()).toEqual(['check', 'report']);
    // any other word still builds them all
    const all = await createProgram('en', {}, io, 'ticket');
    expect(all.program.commands.some((c) => c.name() === 'ticket')).toBe(true);
  });
});
