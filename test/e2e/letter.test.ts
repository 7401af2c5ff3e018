// A letter's life through the real bin/kaohe.js (run `npm run build` first).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initDbFile, kaohe, tempDir } from '../helpers.js';

describe('kaohe letter, end to end', () => {
  it('log → list → note → reply → archive → show, with checks and the report on the way', () => {
    const db = initDbFile(join(tempDir(), 'k.db'));
    const env = (now: string) => ({ KAOHE_DB: db, KAOHE_NOW: now });

    const logged = kaohe(['letter', 'log', '--channel', 'phone', '--from', '王建国', '--org', '哈尔滨公交公司', '--contact', '13804510000',
      '--subject', '空调不制冷', '--content', '出风不凉', '--received-at', '2026-11-26 09:00', '--json'], env('2026-11-26 09:10'));
    expect(logged.code).toBe(0);
    expect(logged.json()).toMatchObject({ id: 'L2026-0001', status: 'received', channel: 'phone', reply_hours: 24,
      received_at: '2026-11-26T09:00:00+08:00', deadline: '2026-11-27T09:00:00+08:00' });

    // a letter is logged even without a terminal when all required flags are there; a missing one is exit 2
    const missing = kaohe(['letter', 'log', '--channel', 'email', '--from', '李红'], env('2026-11-26 09:20'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--subject');

    const list = kaohe(['letter', 'list', '--pending'], env('2026-11-26 10:00'));
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('L2026-0001');
    expect(list.stdout).toContain('空调不制冷');

    // near the deadline: due soon (exit 0); past it: overdue (exit 1)
    const soon = kaohe(['letter', 'check', '--within', '2h', '--json'], env('2026-11-27 08:00'));
    expect(soon.code).toBe(0);
    expect(soon.json()).toMatchObject({ overdue: 0, due_soon: 1, items: [{ kind: 'letter', id: 'L2026-0001', what: 'reply', overdue: false }] });
    const late = kaohe(['check', '--json'], env('2026-11-27 09:01'));
    expect(late.code).toBe(1);
    expect(late.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'letter', id: 'L2026-0001', overdue: true })]));

    expect(kaohe(['letter', 'archive', 'L2026-0001'], env('2026-11-26 12:00')).code).toBe(3);
    const noted = kaohe(['letter', 'note', 'L2026-0001', '--text', '已联系服务站', '--json'], env('2026-11-26 11:00'));
    expect(noted.json()).toMatchObject({ status: 'investigating', note: { text: '已联系服务站', by: 'tester' } });

    const replied = kaohe(['letter', 'reply', 'L2026-0001', '--text', '已更换压缩机', '--by', '张明', '--json'], env('2026-11-26 15:30'));
    expect(replied.code).toBe(0);
    expect(replied.json()).toMatchObject({ status: 'replied', reply_channel: 'phone', replied_by: '张明', replied_at: '2026-11-26T15:30:00+08:00', reply_state: 'on_time' });
    expect(kaohe(['letter', 'reply', 'L2026-0001', '--text', 'x', '--by', 'y'], env('2026-11-26 16:00')).code).toBe(3);

    expect(kaohe(['letter', 'archive', 'L2026-0001'], env('2026-11-26 17:00')).code).toBe(0);
    const refused = kaohe(['letter', 'note', 'L2026-0001', '--text', 'x'], env('2026-11-26 17:10'));
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('archived');

    const shown = kaohe(['letter', 'show', 'l2026-0001', '--json'], env('2026-11-27 10:00'));
    expect(shown.json()).toMatchObject({ id: 'L2026-0001', status: 'archived', archived_at: '2026-11-26T17:00:00+08:00', notes: [{ text: '已联系服务站' }] });
    expect(shown.json().history.map((h: { action: string }) => h.action)).toEqual(['letter.log', 'letter.note', 'letter.reply', 'letter.archive']);
    expect(kaohe(['letter', 'show', 'L2026-0042'], env('2026-11-27 10:00')).code).toBe(4);

    const report = kaohe(['report', 'letters', '--month', '2026-11', '--json'], env('2026-11-27 10:00'));
    expect(report.json()).toEqual({ period: { from: '2026-11-01', to: '2026-11-30' }, received: 1, replied: 1, replied_on_time: 1, replied_late: 0,
      open: 0, overdue_open: 0, on_time_rate: 1, median_reply_hours: 6.5, late_entries: 0, audit_head: expect.stringMatching(/^4:[0-9a-f]{64}$/) });
    const csv = kaohe(['report', 'letters', '--month', '2026-11', '--csv'], env('2026-11-27 10:00'));
    expect(csv.stdout.split('\n')[0]).toBe('from,to,received,replied,replied_on_time,replied_late,open,overdue_open,on_time_rate,median_reply_hours');
    const table = kaohe(['report', 'letters', '--month', '2026-11'], env('2026-11-27 10:00'));
    expect(table.stdout).toContain('6.5 h');
    const byMonth = kaohe(['report', 'letters', '--quarter', '2026Q4', '--by', 'month', '--json'], env('2026-11-27 10:00')).json();
    expect(byMonth.rows.map((r: { key: string; received: number }) => [r.key, r.received])).toEqual([['2026-10', 0], ['2026-11', 1], ['2026-12', 0]]);
    expect(kaohe(['report', 'letters', '--by', 'week'], env('2026-11-27 10:00')).code).toBe(2);

    expect(kaohe(['db', 'check'], env('2026-11-27 10:00')).code).toBe(0);
  });

  it('Chinese names and subjects line up in `letter list`', () => {
    const db = initDbFile(join(tempDir(), 'k.db'));
    const env = { KAOHE_DB: db, KAOHE_NOW: '2026-11-27 10:00', KAOHE_LANG: 'zh' };
    kaohe(['letter', 'log', '--channel', 'visit', '--from', '欧阳春生', '--org', '长春客运公司', '--subject', '车门故障', '--received-at', '2026-11-27 08:00'], env);
    kaohe(['letter', 'log', '--channel', 'email', '--from', 'Li', '--subject', 'parts price', '--received-at', '2026-11-27 09:00'], env);
    const out = kaohe(['letter', 'list'], env).stdout;
    const rows = out.split('\n').filter((l) => l.startsWith('│'));
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
    const bars = (s: string) => {
      const out: number[] = [];
      let w = 0;
      for (const ch of s) {
        if (ch === '│') out.push(w);
        w += width(ch);
      }
      return out;
    };
    expect(rows.length).toBe(3);
    for (const r of rows) expect(bars(r)).toEqual(bars(rows[0]));
    expect(out).toContain('欧阳春生（长春客运公司）');
  });
});
