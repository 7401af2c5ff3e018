// Chinese text uses full-width punctuation (issue 13): no ASCII , : ; ( ) beside Chinese in the zh
// catalogs. `node test/tools/zh-punct.mjs` rewrites what this finds; every catalog has been through
// it, so any new message with ASCII punctuation beside Chinese fails here (code in backticks and
// times such as 14:30 excepted).
import { describe, expect, it } from 'vitest';
import { coreMessages } from '../../src/core/messages.js';
import { loadModules } from '../../src/modules.js';

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
});
