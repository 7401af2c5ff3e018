// Issue 13 item 2 on a real pseudo-terminal, in zh and en: `ticket open` asks the call's time
// first and every field of the service report; `guard deduct` asks the violation time first,
// takes several guards, offers known inspectors, asks the inspection (spot check preselected, the
// --kind default) and shows the notice, with the inspection, before saving.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { initDbFile, kaohe, tempDir } from '../helpers.js';
import { drive, KEY, type } from './pty.js';

vi.setConfig({ testTimeout: 120_000 });

const NOW = '2026-12-01 09:00';

describe('interactive ticket open on a terminal', () => {
  it('zh: the call came in yesterday evening; time, contact, address and description are asked and saved', async () => {
    const db = initDbFile(join(tempDir(), 'k.db'));
    const env = { KAOHE_DB: db, KAOHE_NOW: NOW, KAOHE_LANG: 'zh' };
    const r = await drive(['ticket', 'open'], env, [
      ['报修时间', type('2026-11-30 17:40')],
      ['用户', type('哈尔滨市公共交通集团')],
      ['电话', type('0451-86661234')],
      ['联系人', type('张队长')],
      ['车辆编号', type('黑A·12345')],
      ['车型', type('XML6125')],
      ['车辆所在地址', type('哈尔滨市道里区安静街3号')],
      ['故障类别', [KEY.enter]], // 车身, the first
      ['故障描述', type('后门关不严')],
      ['距离', type('120')],
      ['是否需要与配套厂家联系', type('n')],
      ['保存吗', type('y')],
    ]);
    expect(r.pending).toEqual([]);
    expect(r.code).toBe(0);
    // the deadline runs from the call, not from the typing
    expect(r.screen).toMatch(/报修时间 2026-11-30 17:40.*期限 2026-12-01 05:40/);
    const shown = kaohe(['ticket', 'show', 'T2026-0001', '--json'], env).json();
    expect(shown).toMatchObject({ reported_at: '2026-11-30T17:40:00+08:00', contact: '张队长', address: '哈尔滨市道里区安静街3号', description: '后门关不严' });
  });

  it('en: Enter takes now as the call time; a clerk who says no writes nothing', async () => {
    const db = initDbFile(join(tempDir(), 'k.db'));
    const env = { KAOHE_DB: db, KAOHE_NOW: NOW, KAOHE_LANG: 'en' };
    const r = await drive(['ticket', 'open', '--distance', '30'], env, [
      ['When did the call come in', [KEY.enter]],
      ['Customer', type('五常市公交公司')],
      ['Telephone', type('0451-53556677')],
      ['Contact person', [KEY.enter]],
      ['Vehicle number', type('黑A·20001')],
      ['Model', [KEY.enter]],
      ['Where is the vehicle', [KEY.enter]],
      ['Fault', [KEY.down, KEY.down, KEY.enter]], // engine
      ['Fault description', type('no start')],
      ['Save?', type('n')],
    ]);
    expect(r.pending).toEqual([]);
    expect(r.screen).toContain('Reported 2026-12-01 09:00');
    expect(r.code).toBe(2);
    expect(kaohe(['audit', 'log', '--json'], env).stdout).not.toContain('ticket.open');
  });
});

describe('interactive guard deduct on a terminal', () => {
  function roster(lang: string) {
    const db = initDbFile(join(tempDir(), 'k.db'));
    const env = { KAOHE_DB: db, KAOHE_LANG: lang };
    for (const [name, at] of [['张伟', '2026-11-01 08:00'], ['李强', '2026-11-01 08:01'], ['王磊', '2026-11-01 08:02']]) {
      expect(kaohe(['guard', 'add', '--name', name, '--company', '齐铁保安服务公司', '--site', '龙华物业小区', '--base-pay', '3000', '--hired', '2026-01-01'], { ...env, KAOHE_NOW: at }).code).toBe(0);
    }
    // an earlier notice names the inspector 王建国
    expect(kaohe(['guard', 'deduct', '--guard', '王磊', '--rule', '4', '--at', '2026-11-10 09:00', '--inspector', '王建国'], { ...env, KAOHE_NOW: '2026-11-10 10:00' }).code).toBe(0);
    return { ...env, KAOHE_NOW: NOW };
  }

  it('zh: yesterday\'s violation for two guards lands on the November sheet, after a look at the notice', async () => {
    const env = roster('zh');
    const r = await drive(['guard', 'deduct'], env, [
      ['违规时间', type('2026-11-30 08:20')],
      ['通知单上的队员', [KEY.space, KEY.down, KEY.space, KEY.enter]], // 张伟 and 李强
      ['条款', [KEY.enter]], // rule 1: 2 points
      ['考核人员', [KEY.enter]], // 王建国, offered from the earlier notice
      ['考核方式', [KEY.up, KEY.enter]], // the cursor starts on 抽查 (the default); up is 定期考核
      ['保存吗', type('y')],
    ]);
    expect(r.pending).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/定期考核[^]*抽查/); // the choices in Chinese
    expect(r.screen).toMatch(/通知单：张伟、李强，第 1 条，每人扣 2 分、罚款 4\.00 元（共 8\.00 元）；违规时间 2026-11-30 08:20，考核人员 王建国（定期考核）；记入 2026-11 工资表。/);
    const notices = kaohe(['guard', 'notices', '--all', '--json'], env);
    const json = notices.code === 0 ? notices.json() : kaohe(['guard', 'notices', '--month', '2026-11', '--json'], env).json();
    const mine = (json.notices as Array<{ id: string; at: string; inspector: string; kind: string; guards: Array<{ name: string }> }>).find((n) => n.at.startsWith('2026-11-30'));
    expect(mine).toMatchObject({ inspector: '王建国', kind: 'periodic' });
    expect(mine!.guards.map((g) => g.name)).toEqual(['张伟', '李强']);
  });

  it('zh: a violation of ten days ago is a late entry: the refusal is shown, the reason asked, and the notice saved with it', async () => {
    const env = roster('zh');
    const r = await drive(['guard', 'deduct'], env, [
      ['违规时间', type('2026-11-20 08:20')],
      ['通知单上的队员', [KEY.space, KEY.enter]], // 张伟
      ['条款', [KEY.enter]],
      ['考核人员', [KEY.enter]],
      ['考核方式', [KEY.enter]], // Enter keeps the preselected 抽查
      ['保存吗', type('y')],
      ['补录原因', type('检查记录月底才交来')],
    ]);
    expect(r.pending).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.screen).toContain('考核人员 王建国（抽查）');
    const log = kaohe(['audit', 'late', '--json'], env).stdout;
    expect(log).toContain('检查记录月底才交来');
  });

  it('en: a new inspector can be typed; declining the notice writes nothing (exit 2)', async () => {
    const env = roster('en');
    const r = await drive(['guard', 'deduct'], env, [
      ['When was the violation', type('2026-11-30 08:20')],
      ['Guards on the notice', [KEY.down, KEY.down, KEY.space, KEY.enter]], // 王磊
      ['Rule', [KEY.enter]],
      ['Inspector', [KEY.down, KEY.enter]], // (type a new one)
      ['Inspector', type('陈丽')],
      ['Inspection', [KEY.enter]], // spot check, preselected
      ['Save?', type('n')],
    ]);
    expect(r.pending).toEqual([]);
    expect(r.screen).toMatch(/periodic[^]*spot check/);
    expect(r.screen).toContain('Notice: 王磊 — rule 1, 2 points each, fine 4.00 yuan each (4.00 yuan in all); violation 2026-11-30 08:20, inspector 陈丽 (spot check); on the 2026-11 pay sheet.');
    expect(r.code).toBe(2);
    const log = kaohe(['audit', 'log', '--json'], env).stdout;
    expect(log.match(/guard\.deduct/g)).toHaveLength(1); // only the earlier notice
  });
});
