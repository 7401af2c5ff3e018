// issue 9, SPEC §0 "Time zone of the file": db init keeps the zone; later commands use it when
// none is configured; a write under another configured zone is exit 2; reads may use another zone.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kaohe, tempDir } from '../helpers.js';

describe('the database keeps its time zone', () => {
  it('db init --tz, then the file zone decides the month; another zone may read but not write', () => {
    const db = join(tempDir(), 'k.db');
    const noZone = { KAOHE_DB: db, KAOHE_TZ: '', TZ: 'UTC' };
    expect(kaohe(['--json', 'db', 'init', '--tz', 'Asia/Shanghai'], { ...noZone, KAOHE_TZ: 'Asia/Shanghai' }).json()).toMatchObject({ tz: 'Asia/Shanghai' });
    // TZ=UTC is configured: the write is refused, exit 2 naming TZ
    const refused = kaohe(['letter', 'log', '--channel', 'phone', '--from', 'x', '--subject', 's', '--received-at', '2026-10-01 00:30'], { ...noZone, KAOHE_NOW: '2026-10-01 01:00' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Asia/Shanghai');
    // nothing configured: the file's zone is used (00:30 in Shanghai is October), no warning
    const env = { KAOHE_DB: db, KAOHE_TZ: '', KAOHE_NOW: '2026-10-01 01:00' };
    const logged = kaohe(['--json', 'letter', 'log', '--channel', 'phone', '--from', 'x', '--subject', 's', '--received-at', '2026-10-01 00:30'], env);
    expect(logged.stderr).toBe('');
    expect(logged.json().received_at).toBe('2026-10-01T00:30:00+08:00');
    expect(kaohe(['--json', 'report', 'letters', '--month', '2026-10'], env).json().received).toBe(1);
    // a read under another zone is allowed
    expect(kaohe(['--json', 'letter', 'show', 'L2026-0001'], { ...noZone, KAOHE_NOW: '2026-10-02 01:00' }).code).toBe(0);
    // a second init with another zone is refused
    expect(kaohe(['db', 'init', '--tz', 'Europe/Berlin'], env).code).toBe(2);
    expect(kaohe(['db', 'init', '--tz', 'Mars/Base'], { KAOHE_DB: join(tempDir(), 'm.db'), KAOHE_TZ: 'Asia/Shanghai' }).code).toBe(2);
  });

  // the machine's own zone decides whether a process without TZ runs in UTC
  const systemUtc = new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset() === 0 && new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset() === 0 && !process.env.TZ;
  it.runIf(systemUtc)('no zone anywhere and a UTC process: one warning line on stderr', () => {
    const r = kaohe(['--json', 'db', 'init'], { KAOHE_DB: join(tempDir(), 'u.db'), KAOHE_TZ: '', TZ: '' });
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('UTC');
  });
});
