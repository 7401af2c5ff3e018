// issue 9 end to end: an as-of report printed, a step back-dated with --reason, the same report
// reprinted identical; the late entry marked 补录 in show and listed by `audit late`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initDbFile, kaohe, tempDir } from '../helpers.js';

describe('two times on every step, end to end', () => {
  it('an as-of report stays as printed; the back-dated step is 补录 in show, audit late and the report', () => {
    const env = (now: string, extra: Record<string, string> = {}) => ({ KAOHE_DB: join(tempDirOnce(), 'k.db'), KAOHE_NOW: now, ...extra });
    const open = kaohe(['--json', 'ticket', 'open', '--customer', '哈尔滨公交', '--phone', '0451-86661234', '--vehicle', '黑A-1', '--fault', 'body', '--distance', '35',
      '--reported-at', '2026-10-10 09:00'], env('2026-10-10 09:05'));
    expect(open.code).toBe(0);
    const id = open.json().id;
    const printed = kaohe(['report', 'sla', '--month', '2026-10', '--json'], env('2026-11-01 10:00'));
    expect(printed.json()).toMatchObject({ tickets: 1, missed: 1, late_entries: 0 });

    const bad = kaohe(['ticket', 'respond', id, '--at', '2026-10-10 20:00'], env('2026-11-10 09:00'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--reason');
    const before = kaohe(['ticket', 'respond', id, '--at', '2026-10-10 08:00', '--reason', 'x'], env('2026-11-10 09:00'));
    expect(before.code).toBe(3);
    expect(kaohe(['ticket', 'respond', id, '--at', '2026-10-10 20:00', '--reason', '纸质单迟交'], env('2026-11-10 09:00')).code).toBe(0);

    expect(kaohe(['report', 'sla', '--month', '2026-10', '--json'], env('2026-11-01 10:00')).stdout).toBe(printed.stdout);
    expect(kaohe(['report', 'sla', '--month', '2026-10', '--json'], env('2026-11-10 10:00')).json()).toMatchObject({ met: 1, missed: 0, late_entries: 1 });

    const shown = kaohe(['ticket', 'show', id], env('2026-11-10 10:00', { KAOHE_LANG: 'zh' }));
    expect(shown.stdout).toContain('补录：纸质单迟交');
    const late = kaohe(['audit', 'late', '--month', '2026-10', '--json'], env('2026-11-10 10:00')).json();
    expect(late.rows).toMatchObject([{ record_id: id, action: 'ticket.respond', reason: '纸质单迟交', at: '2026-10-10T20:00:00+08:00', entered_at: '2026-11-10T09:00:00+08:00' }]);
    expect(kaohe(['audit', 'late', '--month', '2026-10', '--csv'], env('2026-11-10 10:00')).stdout.split('\n')[0]).toBe('seq,at,entered_at,record_id,action,actor,reason');
    expect(kaohe(['audit', 'verify'], env('2026-11-10 10:00')).code).toBe(0);
  });

  it('"2026-10-110:00" is refused (exit 2), not read as Oct 11', () => {
    const r = kaohe(['ticket', 'open', '--customer', 'c', '--phone', '0451-86661234', '--vehicle', 'v', '--fault', 'body', '--distance', '3', '--reported-at', '2026-10-110:00'],
      { KAOHE_DB: join(tempDir(), 'k.db'), KAOHE_NOW: '2026-10-12 10:00' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--reported-at');
  });
});

let dir: string | undefined;
/** One initialised database folder for the story (only db init creates a database). */
function tempDirOnce(): string {
  if (dir === undefined) {
    dir = tempDir();
    initDbFile(join(dir, 'k.db'));
  }
  return dir;
}
