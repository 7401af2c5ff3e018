// main(): global options become the Context, errors become exit codes and one line on stderr.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { initDbFile, tempDir } from '../helpers.js';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, tty = false, out?: (s: string) => void) {
  let stdout = '';
  let stderr = '';
  const io = {
    out: out ?? ((s: string) => void (stdout += s)),
    err: (s: string) => void (stderr += s),
    stdoutTTY: tty,
    stderrTTY: tty,
    stdinTTY: tty,
  };
  const code = await main(argv, { KAOHE_TZ: 'Asia/Shanghai', KAOHE_LANG: 'en', HOME: '/nonexistent', ...env }, io);
  return { code, stdout, stderr };
}

const ANSI = /\u001b\[/;

describe('exit codes', () => {
  it('a bug is exit 70 with one line, the stack only with KAOHE_DEBUG', async () => {
    const boom = () => {
      throw new TypeError('boom');
    };
    const quiet = await run(['rules', 'show'], {}, false, boom);
    expect(quiet.code).toBe(70);
    expect(quiet.stderr).toBe('kaohe: internal error (a bug in kaohe; please report it): boom\n');
    const debug = await run(['rules', 'show'], { KAOHE_DEBUG: '1' }, false, boom);
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/^kaohe: internal error .*boom\nTypeError: boom\n\s+at /);
  });

  it('input errors are 2, storage errors 5, with the translated message', async () => {
    const dir = tempDir();
    expect(await run(['check', '--within', 'x'], { KAOHE_DB: join(dir, 'k.db') })).toMatchObject({ code: 2, stdout: '' });
    const zh = await run(['--lang', 'zh', 'audit', 'verify'], { KAOHE_DB: join(dir, 'k.db') });
    expect(zh).toEqual({ code: 5, stdout: '', stderr: `kaohe: ${join(dir, 'k.db')} 没有数据库；请先运行 \`kaohe db init\`（或用 --db 指定）\n` });
  });

  it('--help and --version are 0; a group without a command shows its help and is 2', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['--version'])).code).toBe(0);
    const bare = await run(['db']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: kaohe db');
  });
});

describe('global options', () => {
  it('--db wins over KAOHE_DB, which wins over the default path', async () => {
    const dir = tempDir();
    const flag = await run(['--db', join(dir, 'flag.db'), 'audit', 'verify'], { KAOHE_DB: join(dir, 'env.db') });
    expect(flag.stderr).toContain(join(dir, 'flag.db'));
    const env = await run(['audit', 'verify'], { KAOHE_DB: join(dir, 'env.db'), XDG_DATA_HOME: join(dir, 'xdg') });
    expect(env.stderr).toContain(join(dir, 'env.db'));
    const xdg = await run(['audit', 'verify'], { XDG_DATA_HOME: join(dir, 'xdg') });
    expect(xdg.stderr).toContain(join(dir, 'xdg', 'kaohe', 'kaohe.db'));
  });

  it('global options may come after the command', async () => {
    const r = await run(['rules', 'show', 'targets', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('on_time_rate');
  });

  it('colour only on a terminal, and never with --no-color or NO_COLOR', async () => {
    expect((await run(['rules', 'show', 'targets'], {}, true)).stdout).toMatch(ANSI);
    expect((await run(['rules', 'show', 'targets'], {}, false)).stdout).not.toMatch(ANSI);
    expect((await run(['rules', 'show', 'targets', '--no-color'], {}, true)).stdout).not.toMatch(ANSI);
    expect((await run(['rules', 'show', 'targets'], { NO_COLOR: '1' }, true)).stdout).not.toMatch(ANSI);
  });

  it('--json, --csv, --excel and --xlsx exclude each other (exit 2, naming them); --excel alone means CSV for Excel', async () => {
    const both = await run(['rules', 'show', 'targets', '--json', '--csv']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--json, --csv');
    expect(both.stdout).toBe('');
    expect((await run(['rules', 'show', 'targets', '--excel', '--xlsx', 'x.xlsx'])).code).toBe(2);
    const excel = await run(['rules', 'show', 'targets', '--excel']);
    expect(excel.stdout.startsWith('\ufeffrule,value\r\n')).toBe(true);
  });
});

describe('db check speaks the user\'s language', () => {
  it('in zh the check names and details are Chinese; --json keeps the identifiers', async () => {
    const db = join(tempDir(), 'k.db');
    expect((await run(['db', 'init'], { KAOHE_DB: db })).code).toBe(0);
    const zh = await run(['--lang', 'zh', 'db', 'check'], { KAOHE_DB: db });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('审计链');
    expect(zh.stdout).toContain('服务单：状态与时间一致');
    expect(zh.stdout).not.toMatch(/integrity_check|audit_chain|status_matches_times|\bok\b|rows/);
    const json = JSON.parse((await run(['db', 'check', '--json'], { KAOHE_DB: db })).stdout);
    expect(json.checks.map((c: { name: string }) => c.name)).toContain('audit_chain');
  });
});

describe('a broken audit chain is reported in the user\'s language', () => {
  it('audit verify and db check in zh name the problem in Chinese (not "changed")', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = initDbFile(join(tempDir(), 'k.db'));
    const env = { KAOHE_DB: db, KAOHE_NOW: '2026-11-01 10:00' };
    expect((await run(['letter', 'log', '--channel', 'phone', '--from', '张伟', '--subject', '空调'], env)).code).toBe(0);
    const raw = new Database(db);
    for (const { name } of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>) raw.exec(`DROP TRIGGER ${name}`);
    raw.prepare('UPDATE audit SET actor = ? WHERE seq = 1').run('someone else');
    raw.close();
    const verify = await run(['--lang', 'zh', 'audit', 'verify'], env);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('该条被改动');
    expect(verify.stdout).not.toContain('changed');
    const check = await run(['--lang', 'zh', 'db', 'check'], env);
    expect(check.stdout).toContain('在第 1 条处断开：该条被改动');
  });
});
