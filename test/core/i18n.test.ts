// zh and en: every catalog (core and every module in src/modules.ts, including modules added
// later) has the same keys in both languages, and the language is chosen as CLI.md says.
import { describe, expect, it } from 'vitest';
import { langFrom, t } from '../../src/core/i18n.js';
import { coreMessages } from '../../src/core/messages.js';
import { loadModules } from '../../src/modules.js';
import '../helpers.js';

const MODULES = await loadModules();

const catalogs = [{ name: 'core', messages: coreMessages }, ...MODULES.map((m) => ({ name: m.name, messages: m.messages }))];

describe('every catalog has the same keys in zh and en', () => {
  it('covers core and every module of src/modules.ts', () => {
    expect(catalogs.map((c) => c.name)).toEqual(['core', ...MODULES.map((m) => m.name)]);
    expect(MODULES.length).toBeGreaterThanOrEqual(5);
  });

  it.each(catalogs.map((c) => [c.name, c.messages] as const))('%s', (_name, messages) => {
    const zh = Object.keys(messages.zh).sort();
    const en = Object.keys(messages.en).sort();
    expect({ onlyZh: zh.filter((k) => !(k in messages.en)), onlyEn: en.filter((k) => !(k in messages.zh)) }).toEqual({ onlyZh: [], onlyEn: [] });
  });

  it.each(catalogs.map((c) => [c.name, c.messages] as const))('%s: no empty text, and the same placeholders in both', (_name, messages) => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const problems: string[] = [];
    for (const [key, en] of Object.entries(messages.en)) {
      const zh = messages.zh[key];
      if (zh === undefined) continue;
      if (en.trim() === '' || zh.trim() === '') problems.push(`${key}: empty`);
      if (placeholders(en).join(',') !== placeholders(zh).join(',')) problems.push(`${key}: {${placeholders(en)}} vs {${placeholders(zh)}}`);
    }
    expect(problems).toEqual([]);
  });

  it('no key is defined by two catalogs with different texts', () => {
    const seen = new Map<string, { from: string; text: string }>();
    const clashes: string[] = [];
    for (const c of catalogs) {
      if (c.name === 'admin' && c.messages === coreMessages) continue; // admin brings the core catalog itself
      for (const [key, text] of Object.entries(c.messages.en)) {
        const before = seen.get(key);
        if (before && before.text !== text) clashes.push(`${key}: ${before.from} / ${c.name}`);
        seen.set(key, { from: c.name, text });
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('lookup', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'input.missing', { field: '--customer' })).toBe('--customer is required');
    expect(t('zh', 'input.missing', { field: '--customer' })).toBe('缺少 --customer');
    expect(t('en', 'input.missing')).toBe('{field} is required');
  });
  it('a missing key shows the key, not a crash', () => {
    expect(t('zh', 'no.such.key')).toBe('no.such.key');
  });
});

describe('choosing the language: --lang, KAOHE_LANG, LC_ALL, LC_MESSAGES, LANG', () => {
  it.each([
    ['zh', {}, 'zh'],
    ['en', { KAOHE_LANG: 'zh' }, 'en'],
    [undefined, { KAOHE_LANG: 'zh', LANG: 'en_US.UTF-8' }, 'zh'],
    [undefined, { KAOHE_LANG: '', LANG: 'zh_CN.UTF-8' }, 'zh'],
    [undefined, { LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
    [undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }, 'en'],
    [undefined, { LC_MESSAGES: 'zh_CN.UTF-8' }, 'zh'],
    [undefined, { LANG: 'C.UTF-8' }, 'en'],
    [undefined, {}, 'en'],
  ] as const)('--lang %s with %j is %s', (flag, env, lang) => {
    expect(langFrom(flag, env as NodeJS.ProcessEnv)).toBe(lang);
  });
});
