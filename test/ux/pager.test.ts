// Long output on a terminal goes through a pager ($KAOHE_PAGER, $PAGER, less -FRX); --no-pager,
// a pipe, and one screen of output print directly; a pager that cannot start means plain output.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { pagerCommand } from '../../src/core/pager.js';
import { BIN, kaohe, TZ } from '../helpers.js';

vi.setConfig({ testTimeout: 120_000 });

describe('which pager', () => {
  it('KAOHE_PAGER, else PAGER, else less -FRX; none off a terminal, with --no-pager, or with cat', () => {
    expect(pagerCommand([], {}, true)).toEqual(['less', '-FRX']);
    expect(pagerCommand([], { PAGER: 'more' }, true)).toEqual(['more']);
    expect(pagerCommand([], { PAGER: 'more', KAOHE_PAGER: 'less -S' }, true)).toEqual(['less', '-S']);
    expect(pagerCommand([], {}, false)).toBeNull();
    expect(pagerCommand(['ticket', 'list', '--no-pager'], {}, true)).toBeNull();
    expect(pagerCommand([], { KAOHE_PAGER: 'cat' }, true)).toBeNull();
    expect(pagerCommand([], { KAOHE_PAGER: '' }, true)).toBeNull();
  });
});

/** Runs the CLI on a pseudo-terminal of 20 rows and 100 columns (util-linux `script`). */
function onTerminal(args: string[], env: Record<string, string>): Promise<{ code: number | null; screen: string }> {
  const cmd = ['stty rows 20 cols 100;', [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ')].join(' ');
  return new Promise((done) => {
    const child = spawn('script', ['-qec', cmd, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', SHELL: '/bin/sh', TERM: 'xterm', HOME: '/nonexistent', KAOHE_TZ: TZ, KAOHE_LANG: 'zh', KAOHE_USER: 'tester', NO_COLOR: '1', ...env },
    });
    let screen = '';
    child.stdout.on('data', (d) => (screen += d));
    child.on('close', (code) => done({ code, screen }));
  });
}

describe('paging on a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-pager-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'demo.db');
  const env = { KAOHE_NOW: '2026-11-27 10:00', KAOHE_DB: db };
  kaohe(['demo', '--out', db, '--months', '2', '--tickets', '40'], { KAOHE_NOW: env.KAOHE_NOW });
  // a pager that marks what it shows, and keeps a copy of what it got in $PAGED_COPY (under load,
  // `script` can end before the last lines it read reach us: the copy holds them all)
  const pager = join(dir, 'fake-pager');
  writeFileSync(pager, '#!/bin/sh\necho "<<PAGED $LESS>>"\nif [ -n "$PAGED_COPY" ]; then tee "$PAGED_COPY"; else cat; fi\n');
  chmodSync(pager, 0o755);
  const long = ['ticket', 'list', '--year', '2026'];

  it('long output goes through $KAOHE_PAGER, fitted to the window, with LESS=FRX', async () => {
    const copy = join(dir, 'paged.txt');
    const r = await onTerminal(long, { ...env, KAOHE_PAGER: pager, PAGED_COPY: copy });
    expect(r.code).toBe(0);
    expect(r.screen).toContain('<<PAGED FRX>>');
    const paged = readFileSync(copy, 'utf8');
    expect(paged).toContain('T2026-0040');
    expect(paged).toContain('窗口太窄'); // the terminal's 100 columns, not COLUMNS
  });

  it('$PAGER is used when KAOHE_PAGER is not set', async () => {
    const r = await onTerminal(long, { ...env, PAGER: pager });
    expect(r.screen).toContain('<<PAGED FRX>>');
  });

  it('--no-pager, KAOHE_PAGER=cat, and output that fits one screen print directly', async () => {
    for (const [args, extra] of [[[...long, '--no-pager'], {}], [long, { KAOHE_PAGER: 'cat', PAGER: pager }], [['ticket', 'list', '--from', '2026-11-20', '--to', '2026-11-21'], {}]] as const) {
      const r = await onTerminal([...args], { ...env, KAOHE_PAGER: pager, ...extra });
      expect(r.code).toBe(0);
      expect(r.screen).not.toContain('<<PAGED');
      expect(r.screen).toContain('单号');
    }
  });

  it('a pager that is not installed: the output is printed plainly, exit 0', async () => {
    const r = await onTerminal(long, { ...env, KAOHE_PAGER: join(dir, 'no-such-pager') });
    expect(r.code).toBe(0);
    expect(r.screen).toContain('T2026-0040');
  });

  it('into a pipe nothing is paged', () => {
    const r = kaohe(long, { ...env, KAOHE_PAGER: pager });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('<<PAGED');
  });
});
