// The clerk's-day fixes end to end (issue 13 part A) on the real bin/kaohe.js: a silent check
// for cron, db path, completion scripts, exclusive output formats, and Ctrl-C (exit 130, nothing
// written) at a prompt on a real pseudo-terminal and in a long-running write.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BIN, initDbFile, kaohe, tempDir, TZ } from '../helpers.js';

vi.setConfig({ testTimeout: 60_000 });

const NOW = { KAOHE_NOW: '2026-12-01 09:00' };

describe('kaohe check for cron', () => {
  it('prints nothing and exits 0 when nothing is due; --json still prints its document', () => {
    const db = initDbFile();
    const r = kaohe(['check'], { KAOHE_DB: db, ...NOW });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(kaohe(['check', '--json'], { KAOHE_DB: db, ...NOW }).json()).toMatchObject({ items: [], overdue: 0 });
  });

  it('prints the items and exits 1 when something is overdue', () => {
    const db = initDbFile();
    expect(kaohe(['letter', 'log', '--channel', 'phone', '--from', '王', '--subject', '咨询', '--received-at', '2026-12-01 08:00'], { KAOHE_DB: db, ...NOW }).code).toBe(0);
    const r = kaohe(['check'], { KAOHE_DB: db, KAOHE_NOW: '2026-12-02 09:00' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('L2026-0001');
  });
});

describe('kaohe db path', () => {
  it('names the file in use, where the name came from, and whether it exists', () => {
    const db = initDbFile();
    expect(kaohe(['db', 'path', '--json'], { KAOHE_DB: db }).json()).toEqual({ path: db, exists: true, from: 'KAOHE_DB' });
    const missing = join(tempDir(), 'none.db');
    const r = kaohe(['--db', missing, 'db', 'path', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ path: missing, exists: false, from: '--db' });
    expect(existsSync(missing)).toBe(false); // asking never creates it
    expect(kaohe(['--lang', 'zh', '--db', missing, 'db', 'path']).stdout).toContain('尚不存在');
  });
});

describe('kaohe completion', () => {
  it('bash: completes groups, subcommands and options from the command tree', () => {
    const script = kaohe(['completion', 'bash']).stdout;
    const file = join(tempDir(), 'kaohe.bash');
    writeFileSync(file, script);
    const complete = (words: string[]) => {
      const r = spawnSync('bash', ['-c', `source "${file}"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _kaohe; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
      return r.stdout.trim().split(/\s+/);
    };
    expect(complete(['kaohe', 'tic'])).toEqual(['ticket']);
    expect(complete(['kaohe', '--db', 'x.db', 'letter', ''])).toEqual(expect.arrayContaining(['log', 'list', 'show', 'reply', 'void', 'check']));
    expect(complete(['kaohe', 'ticket', 'list', '--c'])).toEqual(expect.arrayContaining(['--customer', '--csv']));
    expect(complete(['kaohe', 'db', ''])).toEqual(expect.arrayContaining(['init', 'backup', 'check', 'path']));
  });

  it('zsh and fish scripts name the subcommands too; an unknown shell is exit 2', () => {
    const zsh = kaohe(['completion', 'zsh']).stdout;
    expect(zsh).toContain('compdef _kaohe kaohe');
    expect(zsh).toContain("'guard') echo '");
    const fish = kaohe(['--lang', 'zh', 'completion', 'fish']).stdout;
    expect(fish).toMatch(/complete -c kaohe -f -n 'test \(__kaohe_path\) = '\\''letter'\\''' -a 'void' -d '作废/);
    const bad = kaohe(['completion', 'powershell']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bash | zsh | fish');
  });
});

describe('output formats exclude each other', () => {
  it.each([[['--json', '--csv']], [['--csv', '--excel']], [['--json', '--xlsx', 'x.xlsx']]])('%j is exit 2', (flags) => {
    const db = initDbFile();
    const r = kaohe([...flags, 'ticket', 'list'], { KAOHE_DB: db, ...NOW });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

describe('Ctrl-C', () => {
  const python = spawnSync('python3', ['-c', 'import pty'], { encoding: 'utf8' }).status === 0;

  it.skipIf(!python)('at a prompt on a terminal: exit 130, nothing written', () => {
    const db = initDbFile();
    // a real pseudo-terminal (python's pty): wait for the first question, then press Ctrl-C
    const driver = `
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out, sent, end = b'', False, time.time() + 40
while time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if not sent and b'?' in out:
            time.sleep(0.3)
            os.write(fd, b'\\x03')
            sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors='replace'))
sys.exit(os.waitstatus_to_exitcode(status))
`;
    const r = spawnSync('python3', ['-c', driver, process.execPath, BIN, 'letter', 'log'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: '/tmp', KAOHE_TZ: TZ, KAOHE_LANG: 'zh', KAOHE_DB: db, ...NOW },
    });
    expect(r.status).toBe(130);
    expect(r.stdout).toContain('已中断（Ctrl-C），未写入任何内容');
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM letters').get()).toEqual({ n: 0 });
    raw.close();
  });

  it('in a long write: killed by SIGINT (the shell shows 130) and the transaction is not committed', async () => {
    const out = join(tempDir(), 'demo.db');
    const child = spawn(process.execPath, [BIN, 'demo', '--out', out, '--tickets', '100000', '--months', '12'], {
      env: { PATH: process.env.PATH ?? '', HOME: '/tmp', KAOHE_TZ: TZ, KAOHE_LANG: 'en', ...NOW },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('exit', (c, s) => done([c, s])));
    let running = true;
    void exited.then(() => { running = false; });
    // interrupt once the file is being filled (the demo writes FILE.building and renames it only
    // when complete), well before the end: the load writes no progress to a pipe, so the file's
    // growth is the sign, not stderr
    const building = `${out}.building`;
    const deadline = Date.now() + 30_000;
    while (running && Date.now() < deadline && !(existsSync(building) && statSync(building).size > 1_000_000)) {
      await new Promise((done) => setTimeout(done, 50));
    }
    expect(running, 'the demo ended before it could be interrupted').toBe(true);
    child.kill('SIGINT');
    const [code, signal] = await exited;
    expect(code === 130 || signal === 'SIGINT').toBe(true);
    // nothing under the asked-for name: the file is renamed into place only when complete
    expect(existsSync(out)).toBe(false);
  });
});
