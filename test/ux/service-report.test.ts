// Issue 13 item 10: the printed service report has a letterhead (rule file `org`, or KAOHE_ORG),
// the print date, and a signature line for every service person, the customer and the approver.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { defaultRulesPath } from '../../src/core/rules.js';
import { initDbFile, kaohe, tempDir } from '../helpers.js';

vi.setConfig({ testTimeout: 60_000 });

function ticketWithTwoPeople(extra: Record<string, string> = {}) {
  const dir = tempDir();
  const rules = join(dir, 'rules.json');
  writeFileSync(rules, JSON.stringify({ ...JSON.parse(readFileSync(defaultRulesPath(), 'utf8')), org: { name: '齐齐哈尔客车有限公司', department: '售后服务部' } }));
  const env = { KAOHE_DB: initDbFile(join(dir, 'k.db')), KAOHE_RULES: rules, ...extra };
  const at = (now: string) => ({ ...env, KAOHE_NOW: now });
  expect(kaohe(['ticket', 'open', '--customer', '哈尔滨市公共交通集团', '--phone', '0451-86661234', '--vehicle', '黑A·12345', '--fault', 'body', '--distance', '35', '--reported-at', '2026-11-30 09:00', '--desc', '后门关不严'], at('2026-11-30 09:05')).code).toBe(0);
  expect(kaohe(['ticket', 'dispatch', 'T2026-0001', '--to', '王强', '--to', '李明', '--lead', '李明', '--at', '2026-11-30 09:30'], at('2026-11-30 09:35')).code).toBe(0);
  return at('2026-12-01 10:00');
}

describe('the service report', () => {
  it('zh text: letterhead, print date, a line for each service person, the customer and the leader', () => {
    const env = ticketWithTwoPeople();
    const r = kaohe(['--lang', 'zh', 'ticket', 'report', 'T2026-0001'], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0].trim()).toBe('齐齐哈尔客车有限公司');
    expect(lines[1].trim()).toBe('售后服务部');
    expect(r.stdout).toContain('服务报告  T2026-0001');
    expect(r.stdout).toContain('打印日期 2026-12-01');
    const signs = lines.filter((l) => /签字|服务人员（|领导审批/.test(l));
    expect(signs.filter((l) => l.startsWith('服务人员（'))).toEqual([
      expect.stringMatching(/^服务人员（李明）： _+ {3}日期 _+$/), // the lead first
      expect.stringMatching(/^服务人员（王强）： _+ {3}日期 _+$/),
    ]);
    expect(signs.some((l) => l.startsWith('用户签字'))).toBe(true);
    expect(signs.some((l) => l.startsWith('领导审批'))).toBe(true);
    expect(r.stdout).toContain('故障描述');
    expect(r.stdout).toContain('后门关不严');
  });

  it('en html and md carry the letterhead and the print date; KAOHE_ORG overrides the rule file', () => {
    const env = ticketWithTwoPeople({ KAOHE_ORG: 'Qiqihar Coach Co.' });
    const html = kaohe(['ticket', 'report', 'T2026-0001', '--format', 'html'], env).stdout;
    expect(html).toContain('<header><div>Qiqihar Coach Co.</div><div>售后服务部</div></header>');
    expect(html).toContain('<p class="printed">printed 2026-12-01</p>');
    expect(html.match(/Service person \((王强|李明)\)/g)).toHaveLength(2);
    const md = kaohe(['ticket', 'report', 'T2026-0001', '--format', 'md'], env).stdout;
    expect(md.startsWith('**Qiqihar Coach Co.**  \n**售后服务部**  \n\n# ')).toBe(true);
  });

  it('without an org there is no letterhead, and an unassigned ticket gets one blank staff line', () => {
    const dir = tempDir();
    const env = { KAOHE_DB: initDbFile(join(dir, 'k.db')), KAOHE_NOW: '2026-11-30 09:05' };
    kaohe(['ticket', 'open', '--customer', 'x', '--phone', '13800138000', '--vehicle', 'v1', '--fault', 'engine', '--distance', '5'], env);
    const r = kaohe(['ticket', 'report', 'T2026-0001'], env);
    expect(r.stdout.split('\n')[0]).toMatch(/^Service report {2}T2026-0001$|^.*T2026-0001$/);
    expect(r.stdout.split('\n').filter((l) => /_{5}/.test(l))).toHaveLength(3);
  });
});
