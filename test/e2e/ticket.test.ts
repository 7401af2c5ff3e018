// The real CLI through a ticket's whole life (bin/kaohe.js, built by `npm run build`), with the
// clock fixed per step by KAOHE_NOW: open → dispatch → respond → resolve → feedback → sign →
// approve → survey → complain, the refusals on the way, show, list, the printable report,
// report sla, the deadline check for cron, and db check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { initDbFile, kaohe, tempDir } from '../helpers.js';

vi.setConfig({ testTimeout: 60_000 });

describe('kaohe ticket, end to end', () => {
  it('a chassis ticket from the first call to the archive', () => {
    const dir = tempDir();
    const db = initDbFile(join(dir, 'k.db'));
    const run = (now: string, ...args: string[]) => kaohe(args, { KAOHE_DB: db, KAOHE_NOW: now });

    const open = run('2026-10-10 09:05', 'ticket', 'open', '--customer', '大庆市公共交通总公司', '--phone', '0459-6123456', '--vehicle', '黑E·30215',
      '--model', 'XML6125', '--fault', 'chassis', '--distance', '160', '--reported-at', '2026-10-10 09:00', '--desc', '制动跑偏', '--json');
    expect(open.code).toBe(0);
    expect(open.json()).toMatchObject({ id: 'T2026-0001', status: 'open', reported_at: '2026-10-10T09:00:00+08:00', deadline: '2026-10-10T21:00:00+08:00', response_kind: 'written', sla: 'pending' });

    // cron: due within 12 h, nothing overdue yet (exit 0); after the deadline, exit 1
    expect(run('2026-10-10 10:00', 'ticket', 'check', '--within', '12h', '--json').json()).toMatchObject({ overdue: 0, due_soon: 1, items: [{ id: 'T2026-0001', what: 'response' }] });
    const late = run('2026-10-10 21:01', 'ticket', 'check');
    expect(late.code).toBe(1);
    expect(late.stdout).toContain('T2026-0001');
    expect(run('2026-10-10 21:01', 'check', '--json').code).toBe(1);

    // the customer may not sign before the service (exit 3, explained), bad input is exit 2
    const early = run('2026-10-10 10:00', 'ticket', 'sign', 'T2026-0001', '--by', '陈志强');
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('signature before resolution');
    expect(run('2026-10-10 10:00', 'ticket', 'dispatch', 'T2026-0001', '--to', '王强', '--loan', '12.345').code).toBe(2);
    expect(run('2026-10-10 10:00', 'ticket', 'show', 'T2026-0999').code).toBe(4);

    expect(run('2026-10-10 10:00', 'ticket', 'dispatch', 'T2026-0001', '--to', '王强', '--to', '李明', '--lead', '王强', '--loan', '3000').code).toBe(0);
    expect(run('2026-10-10 20:00', 'ticket', 'respond', 'T2026-0001', '--at', '2026-10-10 20:00', '--note', '已发传真联系', '--json').json()).toMatchObject({ status: 'responded', sla: 'met' });
    expect(run('2026-10-10 20:30', 'ticket', 'edit', 'T2026-0001', '--distance', '20').code).toBe(3); // frozen after the response
    expect(run('2026-10-11 18:00', 'ticket', 'resolve', 'T2026-0001', '--cause', '制动分泵卡滞', '--responsibility', 'product', '--warranty', 'yes',
      '--part', 'P-2001:2:分泵卡滞', '--major', '--json').json()).toMatchObject({ status: 'resolved', parts: [{ code: 'P-2001', qty: 2, reason: '分泵卡滞' }], major: true });
    expect(run('2026-10-11 18:30', 'ticket', 'sign', 'T2026-0001', '--by', '陈志强').code).toBe(0);
    expect(run('2026-10-11 18:40', 'ticket', 'sign', 'T2026-0001', '--by', '别人').code).toBe(3);
    const noFeedback = run('2026-10-12 09:00', 'ticket', 'approve', 'T2026-0001', '--by', '刘经理');
    expect(noFeedback.code).toBe(3);
    expect(noFeedback.stderr).toContain('feedback');
    expect(run('2026-10-12 09:00', 'ticket', 'approve', 'T2026-0001', '--by', '李明').code).toBe(3); // an assignee
    expect(run('2026-10-12 08:00', 'ticket', 'feedback', 'T2026-0001', '--note', '已书面反馈: 更换制动分泵').code).toBe(0);
    expect(run('2026-10-12 09:00', 'ticket', 'approve', 'T2026-0001', '--by', '刘经理', '--json').json()).toMatchObject({ status: 'approved', approved_by: '刘经理' });
    expect(run('2026-10-12 10:00', 'ticket', 'void', 'T2026-0001', '--reason', 'x').code).toBe(3);
    expect(run('2026-10-13 10:00', 'ticket', 'survey', 'T2026-0001', '--rating', '4').code).toBe(0);
    expect(run('2026-10-13 10:05', 'ticket', 'survey', 'T2026-0001', '--rating', '5').code).toBe(3);
    expect(run('2026-10-14 10:00', 'ticket', 'complain', 'T2026-0001', '--service-fault', 'no', '--note', '等待时间长').code).toBe(0);

    const show = run('2026-10-20 10:00', 'ticket', 'show', 'T2026-0001', '--json').json();
    expect(show).toMatchObject({ status: 'approved', sla: 'met', responded_at: '2026-10-10T20:00:00+08:00', lead: '王强', loan: 3000, survey: { rating: 4 } });
    expect(show.history.map((h: { action: string }) => h.action)).toEqual([
      'ticket.open', 'ticket.dispatch', 'ticket.respond', 'ticket.resolve', 'ticket.sign', 'ticket.feedback', 'ticket.approve', 'ticket.survey', 'ticket.complain',
    ]);
    expect(run('2026-10-20 10:00', 'ticket', 'show', 'T2026-0001').stdout).toContain('History');

    const list = run('2026-10-20 10:00', 'ticket', 'list', '--month', '2026-10', '--csv');
    expect(list.stdout.split('\n')[0]).toBe('id,status,customer,vehicle,fault,reported_at,response_kind,deadline,responded_at,sla,assignees');
    expect(list.stdout).toContain('T2026-0001,approved,大庆市公共交通总公司');
    expect(run('2026-10-20 10:00', 'ticket', 'list', '--assignee', '张三', '--json').json().tickets).toEqual([]);

    const md = run('2026-10-20 10:00', 'ticket', 'report', 'T2026-0001', '--format', 'md');
    expect(md.stdout).toContain('# Service report  T2026-0001');
    expect(md.stdout).toContain('| P-2001 | 2 | 分泵卡滞 |');
    expect(md.stdout).toContain('Customer signature: 陈志强');
    const html = join(dir, 'r.html');
    expect(run('2026-10-20 10:00', 'ticket', 'report', 'T2026-0001', '--format', 'html', '--out', html, '--lang', 'zh').code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/<h1>服务报告  T2026-0001<\/h1>[\s\S]*领导审批/);
    // an --out that cannot be written (no such folder, a directory) is exit 2 naming --out, not a crash (70)
    for (const bad of [join(dir, 'no-such-folder', 'r.html'), dir]) {
      const r = run('2026-10-20 10:00', 'ticket', 'report', 'T2026-0001', '--out', bad);
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--out: cannot write')]);
    }

    const sla = run('2026-10-20 10:00', 'report', 'sla', '--month', '2026-10', '--json').json();
    expect(sla).toMatchObject({
      period: { from: '2026-10-01', to: '2026-10-31' }, tickets: 1, met: 1, missed: 0, pending: 0, on_time_rate: 1,
      surveyed: 1, satisfied: 1, satisfaction_rate: 1, complaints: 0, complaint_rate: 0,
      targets: { on_time_rate: 0.9, satisfaction_rate: 0.85, complaint_rate: 0.03 }, meets: { on_time_rate: true, satisfaction_rate: true, complaint_rate: true },
    });
    expect(run('2026-10-20 10:00', 'report', 'sla', '--month', '2026-09', '--strict').code).toBe(0); // nothing to judge
    expect(run('2026-10-20 10:00', 'report', 'sla', '--month', '2026-10', '--by', 'week').code).toBe(2);
    expect(run('2026-10-20 10:00', 'db', 'check').code).toBe(0);
    expect(run('2026-10-20 10:00', 'audit', 'verify').code).toBe(0);
  });

  it('report sla --strict exits 1 when a target is missed', () => {
    const db = initDbFile(join(tempDir(), 'k.db'));
    const run = (now: string, ...args: string[]) => kaohe(args, { KAOHE_DB: db, KAOHE_NOW: now });
    run('2026-10-01 09:00', 'ticket', 'open', '--customer', '五常市公交公司', '--phone', '0451-53556677', '--vehicle', '黑A·20001', '--fault', 'body', '--distance', '100');
    const r = run('2026-10-05 09:00', 'report', 'sla', '--month', '2026-10', '--strict', '--csv');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('2026-10,1,0,1,0,0,0,0,,0,0,false,,true');
  });

  it('a missing required flag without a terminal is exit 2 naming it', () => {
    const r = kaohe(['ticket', 'open', '--customer', 'x', '--phone', '13800138000', '--vehicle', 'v', '--distance', '5'], { KAOHE_DB: join(tempDir(), 'k.db'), KAOHE_NOW: '2026-10-01 09:00' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fault');
  });
});
