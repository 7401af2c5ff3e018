// Chinese text uses full-width punctuation (issue 13): no ASCII , : ; ( ) beside Chinese in the zh
// catalogs. `node test/tools/zh-punct.mjs` rewrites what this finds; every catalog has been through
// it, so any new message with ASCII punctuation beside Chinese fails here (code in backticks and
// times such as 14:30 excepted).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { listJoin, t } from '../../src/core/i18n.js';
import { coreMessages } from '../../src/core/messages.js';
import { loadModules } from '../../src/modules.js';
import { initDbFile, kaohe, tempDir } from '../helpers.js';

vi.setConfig({ testTimeout: 120_000 });

/** Offending zh messages: none since the rewrite by test/tools/zh-punct.mjs. */
const BASELINE = 0;

const CHINESE = /[\u2018\u2019\u201c\u201d\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** ASCII , : ; ( ) ? whose neighbour (spaces skipped) is Chinese; 14:30 is a time, not punctuation. */
export function asciiBesideChinese(message: string): string[] {
  const text = message.replace(/`[^`]*`/g, (code) => '`'.padEnd(code.length - 1, 'x') + '`');
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!',:;()?'.includes(text[i])) continue;
    if (text[i] === ':' && /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')) continue;
    let a = i - 1;
    while (text[a] === ' ') a--;
    let b = i + 1;
    while (text[b] === ' ') b++;
    if (CHINESE.test(text[a] ?? '') || CHINESE.test(text[b] ?? '')) found.push(text.slice(Math.max(0, i - 6), i + 7));
  }
  return found;
}

describe('zh catalogs use Chinese punctuation', () => {
  it('the scan finds what it should', () => {
    expect(asciiBesideChinese('原因: {reason}')).toHaveLength(1);
    expect(asciiBesideChinese('数据库(只读)')).toHaveLength(2);
    expect(asciiBesideChinese('张伟,李强')).toHaveLength(1);
    expect(asciiBesideChinese('时间 14:30 到')).toEqual([]);
    expect(asciiBesideChinese('原因：{reason}（只读），--json (a, b)')).toEqual([]);
    expect(asciiBesideChinese('见 `kaohe x --loc station:服务站`')).toEqual([]);
    expect(asciiBesideChinese('见 `kaohe x`(或)')).toHaveLength(2);
    expect(asciiBesideChinese('名称 (x)')).toHaveLength(1);
  });

  it('ASCII , : ; ( ) beside Chinese in the zh messages none left (BASELINE 0)', async () => {
    const catalogs = [coreMessages, ...(await loadModules()).map((m) => m.messages)];
    const bad: string[] = [];
    for (const c of catalogs) for (const [key, text] of Object.entries(c.zh)) if (asciiBesideChinese(text).length > 0) bad.push(key);
    expect(bad.slice(0, 20), `${bad.length} zh messages with ASCII , : ; ( ) beside Chinese; run node test/tools/zh-punct.mjs`).toHaveLength(BASELINE);
    const added = ['output.fit.dropped', 'opt.no_pager', 'db.network_fs', 'db.init.local_disk', 'prompt.pick_one', 'ticket.prompt.reported_at', 'ticket.prompt.contact',
      'ticket.prompt.address', 'ticket.prompt.desc', 'ticket.doc.sign_person', 'guard.prompt.at', 'guard.prompt.guards', 'guard.deduct.preview'];
    expect(bad.filter((k) => added.includes(k))).toEqual([]);
  });

  it('the rule file\'s Chinese names (the guard rules printed on notices and sheets) too', () => {
    const rules = JSON.parse(readFileSync(join(import.meta.dirname, '../../data/rules.json'), 'utf8')) as unknown;
    const zh: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) (k === 'zh' && typeof x === 'string' ? zh.push(x) : walk(x));
    };
    walk(rules);
    expect(zh.length).toBeGreaterThan(20);
    expect(zh.filter((s) => asciiBesideChinese(s).length > 0)).toEqual([]);
  });
});

/** Two Chinese names (or items) with an ASCII comma between them: 张伟, 李强 where 张伟、李强 is right. */
const ASCII_JOIN = /\p{Script=Han}\s*,\s*\p{Script=Han}/u;

describe('names and items joined for the language (、 in Chinese, ", " in English)', () => {
  it('listJoin and a list given to a message', () => {
    expect(listJoin('zh', ['张伟', '李强', '王磊'])).toBe('张伟、李强、王磊');
    expect(listJoin('en', ['张伟', '李强'])).toBe('张伟, 李强');
    expect(listJoin('zh', ['张伟'])).toBe('张伟');
    expect(t('zh', 'ticket.input.lead_missing', { field: '--lead', names: ['刘洋', '王明'] })).toContain('（刘洋、王明）');
    expect(t('en', 'ticket.input.lead_missing', { field: '--lead', names: ['刘洋', '王明'] })).toContain('刘洋, 王明');
    expect(ASCII_JOIN.test('张伟, 李强')).toBe(true);
    expect(ASCII_JOIN.test('张伟、李强；T2026-0001, T2026-0002')).toBe(false);
  });

  it('a notice naming two guards, the notice list, a team of two, the refusals naming people and a caller with the organisation: no ASCII comma (or bracket) between Chinese names in zh', () => {
    const db = initDbFile(join(tempDir(), 'k.db'));
    const out: Record<string, string> = { zh: '', en: '' };
    let minute = 0;
    const run = (lang: string, args: string[]) => {
      minute += 1;
      const r = kaohe(args, { KAOHE_DB: db, KAOHE_LANG: lang, KAOHE_NOW: `2026-11-02 09:${String(minute).padStart(2, '0')}` });
      out[lang] += `${r.stdout}\n${r.stderr}\n`;
      return r;
    };
    for (const name of ['张伟', '李强']) {
      expect(run('zh', ['guard', 'add', '--name', name, '--company', '齐铁保安服务公司', '--site', '龙华物业小区', '--base-pay', '3000', '--hired', '2026-01-01']).code).toBe(0);
    }
    for (const lang of ['zh', 'en']) {
      expect(run(lang, ['guard', 'deduct', '--guard', '张伟', '--guard', '李强', '--rule', '1', '--at', '2026-11-02 08:00', '--inspector', '王建国']).code).toBe(0);
      expect(run(lang, ['guard', 'notices', '--month', '2026-11']).code).toBe(0);
      expect(run(lang, ['guard', 'add', '--name', '张伟', '--company', '齐铁保安服务公司', '--site', '龙华物业小区', '--base-pay', '3000', '--hired', '2026-01-01']).code).toBe(2);
    }
    expect(run('zh', ['ticket', 'open', '--customer', '哈尔滨公交', '--phone', '0451-86661234', '--vehicle', '黑A-1', '--fault', 'body', '--distance', '35']).code).toBe(0);
    for (const lang of ['zh', 'en']) {
      expect(run(lang, ['ticket', 'dispatch', 'T2026-0001', '--to', '刘洋', '--to', '王明']).code).toBe(2); // no lead named
    }
    expect(run('zh', ['ticket', 'dispatch', 'T2026-0001', '--to', '刘洋', '--to', '王明', '--lead', '刘洋']).code).toBe(0);
    for (const lang of ['zh', 'en']) expect(run(lang, ['ticket', 'list', '--all']).code).toBe(0);
    expect(run('zh', ['letter', 'log', '--channel', 'phone', '--from', '王建国', '--org', '哈尔滨公交公司', '--subject', '空调不制冷']).code).toBe(0);
    for (const lang of ['zh', 'en']) expect(run(lang, ['letter', 'list', '--all']).code).toBe(0);
    expect(out.zh).toContain('王建国（哈尔滨公交公司）');
    expect(out.zh.match(/\p{Script=Han}\(|\)\p{Script=Han}/u)?.[0], out.zh).toBeUndefined(); // no ASCII brackets around Chinese
    expect(out.zh).toContain('张伟、李强');
    expect(out.zh).toContain('刘洋、王明');
    expect(out.zh.match(ASCII_JOIN)?.[0], out.zh).toBeUndefined();
    expect(out.en).toContain('张伟, 李强');
    expect(out.en).toContain('刘洋, 王明');
  });
});
