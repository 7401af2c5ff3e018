// kaohe demo: a year of realistic tickets that pass every invariant and give believable figures.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { kaohe, tempDir } from '../helpers.js';

vi.setConfig({ testTimeout: 60_000 });

describe('kaohe demo fills a year of tickets', () => {
  it('a few hundred tickets: most met, some missed, surveys mostly 4-5, a few complaints, some still open', () => {
    const out = join(tempDir(), 'demo.db');
    const env = { KAOHE_NOW: '2026-11-27 10:00' };
    const demo = kaohe(['demo', '--out', out], env);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('Service SLA 2025-12..2026-11');
    const year = kaohe(['--db', out, 'report', 'sla', '--from', '2025-12-01', '--to', '2026-11-30', '--json'], env).json();
    expect(year.tickets).toBeGreaterThan(250);
    expect(year.on_time_rate).toBeGreaterThan(0.85);
    expect(year.missed).toBeGreaterThan(5);
    expect(year.surveyed).toBeGreaterThan(100);
    expect(year.satisfaction_rate).toBeGreaterThan(0.8);
    expect(year.complaints).toBeGreaterThanOrEqual(1);
    const open = kaohe(['--db', out, 'ticket', 'list', '--from', '2026-11-20', '--to', '2026-11-27', '--json'], env).json().tickets;
    expect(open.some((t: { status: string }) => t.status !== 'approved')).toBe(true);
    expect(kaohe(['--db', out, 'db', 'check'], env).code).toBe(0);
    // the trips' expense claims: one advance left unsettled past the rule's 30 days
    const advances = kaohe(['--db', out, 'ticket', 'check', '--json'], env).json().items.filter((i: { what: string }) => i.what === 'advance');
    expect(advances).toHaveLength(1);
    expect(advances[0].overdue).toBe(true);
    // the same seed gives the same demo
    const again = join(tempDir(), 'again.db');
    kaohe(['demo', '--out', again, '--json'], env);
    expect(kaohe(['--db', again, 'report', 'sla', '--year', '2026', '--json'], env).json()).toEqual(kaohe(['--db', out, 'report', 'sla', '--year', '2026', '--json'], env).json());
  });
});

describe('kaohe demo as a load test (more than 20,000 tickets: written in bulk, baselined by SQLite)', () => {
  it('passes its own audit verify (the baseline pages of Chinese assignee names hashed as bytes)', () => {
    const out = join(tempDir(), 'load.db');
    const env = { KAOHE_NOW: '2026-11-30 10:00' };
    const demo = kaohe(['demo', '--out', out, '--tickets', '20001', '--json'], env);
    expect(demo.code).toBe(0);
    const v = kaohe(['--db', out, 'audit', 'verify', '--json'], env);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    expect(v.json()).toMatchObject({ ok: true, problem: null });
  });
});
