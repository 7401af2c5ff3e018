// Chinese text uses full-width punctuation (issue 13): no ASCII , : ; ( ) beside Chinese in the zh
// catalogs. `node tools/zh-punct.mjs` rewrites what this finds (about 530 strings); the tests that
// quote Chinese messages change with it, so the rewrite is one step at merge time. Until then this
// is a ratchet: the count may only go down, and new messages (issue 13 on) are written full-width.
import { describe, expect, it } from 'vitest';
import { coreMessages } from '../../src/core/messages.js';
import { loadModules } from '../../src/modules.js';

/** Offending zh messages before the rewrite (tools/zh-punct.mjs brings it to 0). */
const BASELINE = 666;

const CHINESE = /[\u2018\u2019\u201c\u201d\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** ASCII , : ; ( ) whose neighbour (spaces skipped) is Chinese; 14:30 is a time, not punctuation. */
export function asciiBesideChinese(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!',:;()'.includes(text[i])) continue;
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
  });

  it('ASCII , : ; ( ) beside Chinese in the zh messages only ever decreases; the new ones have none', async () => {
    const catalogs = [coreMessages, ...(await loadModules()).map((m) => m.messages)];
    const bad: string[] = [];
    for (const c of catalogs) for (const [key, text] of Object.entries(c.zh)) if (asciiBesideChinese(text).length > 0) bad.push(key);
    expect(bad.length).toBeLessThanOrEqual(BASELINE);
    const added = ['output.fit.dropped', 'opt.no_pager', 'db.network_fs', 'db.init.local_disk', 'prompt.pick_one', 'ticket.prompt.reported_at', 'ticket.prompt.contact',
      'ticket.prompt.address', 'ticket.prompt.desc', 'ticket.doc.sign_person', 'guard.prompt.at', 'guard.prompt.guards', 'guard.deduct.preview'];
    expect(bad.filter((k) => added.includes(k))).toEqual([]);
  });
});
