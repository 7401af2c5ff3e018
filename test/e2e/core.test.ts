// The real bin/kaohe.js (built by `npm run build`) on temp files: database creation and modes
// under any umask, refusals with exit codes, the audit chain, rules, backup, demo and check.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../src/core/db.js';
import { BIN, initDbFile, kaohe, ROOT, tempDir, testContext, TZ } from '../helpers.js';

// each test spawns the CLI a few times; leave room for a busy machine
vi.setConfig({ testTimeout: 30_000 });

const mode = (p: string) => statSync(p).mode & 0o777;
const NOW = '2026-11-01 10:00';

/** Runs bin/kaohe.js through sh with the given umask. */
function withUmask(umask: string, args: string[], env: Record<string, string>) {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const r = spawnSync('sh', ['-c', `umask ${umask}; exec "${process.execPath}" "${BIN}" ${quoted}`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: env.HOME ?? '/nonexistent', KAOHE_TZ: TZ, KAOHE_LANG: 'en', KAOHE_USER: 'tester', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A database with `n` audit rows, written the way modules write them. */
function dbWithAudit(n: number): string {
  const tc = testContext();
  for (let i = 1; i <= n; i++) tc.ctx.write((db) => tc.ctx.audit(db, 'test.step', `R-${i}`, { step: i, 客户: '张伟' }));
  tc.ctx.close();
  return tc.ctx.dbPath;
}

function tamper(path: string, sql: string): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  raw.exec(sql);
  raw.close();
}

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('file modes whatever the umask', () => {
  it.each(['000', '022'])('umask %s: --db in a new folder gives a 0700 folder and a 0600 file', (umask) => {
    const dir = join(tempDir(), 'new', 'folder');
    const file = join(dir, 'kaohe.db');
    const r = withUmask(umask, ['db', 'init'], { KAOHE_DB: file });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`database ready: ${file} (schema version ${SCHEMA_VERSION})\nkeep this file on a local disk, never on a network drive; copy backups to a share with \`kaohe db backup FILE\`\n`);
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });

  it.each(['000', '022'])('umask %s: the default path is $XDG_DATA_HOME/kaohe/kaohe.db', (umask) => {
    const xdg = join(tempDir(), 'xdg');
    const r = withUmask(umask, ['db', 'init'], { XDG_DATA_HOME: xdg, HOME: join(xdg, 'not-used') });
    expect(r.code).toBe(0);
    expect(mode(join(xdg, 'kaohe'))).toBe(0o700);
    expect(mode(join(xdg, 'kaohe', 'kaohe.db'))).toBe(0o600);
    expect(existsSync(join(xdg, 'not-used'))).toBe(false);
  });

  it('without XDG_DATA_HOME the default is ~/.local/share/kaohe/kaohe.db', () => {
    const home = tempDir();
    const r = withUmask('000', ['db', 'init'], { HOME: home });
    expect(r.code).toBe(0);
    expect(mode(join(home, '.local', 'share', 'kaohe'))).toBe(0o700);
    expect(mode(join(home, '.local', 'share', 'kaohe', 'kaohe.db'))).toBe(0o600);
  });

  it('under umask 000 the -wal and -shm of a kept-open connection are 0600 too', () => {
    const file = join(tempDir(), 'kaohe.db');
    expect(withUmask('000', ['db', 'init'], { KAOHE_DB: file }).code).toBe(0);
    // a second process with umask 000 writes through a connection it keeps open, and reports the modes
    const script = `
      const { createRequire } = require('node:module');
      const { statSync } = require('node:fs');
      const Database = createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('better-sqlite3');
      const db = new Database(process.argv[1]);
      db.prepare("INSERT INTO meta (key, value) VALUES ('x', '1')").run();
      const m = (p) => (statSync(p).mode & 0o777).toString(8);
      console.log(JSON.stringify({ journal: db.pragma('journal_mode', { simple: true }), db: m(process.argv[1]), wal: m(process.argv[1] + '-wal'), shm: m(process.argv[1] + '-shm') }));
      db.close();`;
    const r = spawnSync('sh', ['-c', `umask 000; exec "${process.execPath}" -e "$0" "$1"`, script, file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ journal: 'wal', db: '600', wal: '600', shm: '600' });
  });

  it('under umask 000 a backup is 0600', () => {
    const file = dbWithAudit(2);
    const copy = join(tempDir(), 'backup.db');
    const r = withUmask('000', ['db', 'backup', copy], { KAOHE_DB: file });
    expect(r.code).toBe(0);
    expect(mode(copy)).toBe(0o600);
  });
});

/** Starts the CLI without waiting, so that several run at once. */
function kaoheAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KAOHE_TZ: TZ, KAOHE_LANG: 'en', KAOHE_USER: 'tester', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('several processes at once', () => {
  it('ten `db init` at once on a new file, then the first commands: all succeed, with unique consecutive ids and an intact chain', async () => {
    const dir = join(tempDir(), 'shared');
    const file = join(dir, 'kaohe.db');
    const env = { KAOHE_DB: file, KAOHE_NOW: NOW };
    const inits = await Promise.all(Array.from({ length: 10 }, () => kaoheAsync(['db', 'init'], env)));
    expect(inits.map((r) => r.stderr).filter((e) => e !== '')).toEqual([]);
    expect(inits.map((r) => r.code)).toEqual(Array(10).fill(0));
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, i) => kaoheAsync(['letter', 'log', '--channel', 'phone', '--from', `客户${i}`, '--subject', `s${i}`, '--json'], env)),
    );
    expect(runs.map((r) => r.stderr).filter((e) => e !== '')).toEqual([]);
    expect(runs.map((r) => r.code)).toEqual(Array(10).fill(0));
    const ids = runs.map((r) => JSON.parse(r.stdout).id as string).sort();
    expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => `L2026-${String(i + 1).padStart(4, '0')}`));
    expect(kaohe(['audit', 'verify'], env).stdout).toMatch(/^audit chain intact: 10 rows\n/);
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), typing `answer` at the first prompt. */
function onTerminal(args: string[], env: Record<string, string>, answer: string): Promise<{ code: number | null; screen: string }> {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((done) => {
    const child = spawn('script', ['-qec', cmd, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', SHELL: '/bin/sh', TERM: 'xterm', HOME: '/nonexistent', KAOHE_TZ: TZ, KAOHE_LANG: 'en', KAOHE_USER: 'tester', ...env },
    });
    let screen = '';
    let typed = false;
    child.stdout.on('data', (d) => {
      screen += d;
      // inquirer marks its question with '?'; answer once it is on the screen
      if (!typed && screen.includes('?')) {
        typed = true;
        child.stdin.write(`${answer}\r`);
      }
    });
    child.on('close', (code) => done({ code, screen }));
  });
}

describe('prompts', () => {
  it('at a terminal a missing value is asked for, and the answer is used', async () => {
    const file = initDbFile(join(tempDir(), 'k.db'));
    const env = { KAOHE_DB: file, KAOHE_NOW: NOW };
    const r = await onTerminal(['letter', 'log', '--channel', 'phone', '--subject', '发票'], env, '张三');
    expect(r.code).toBe(0);
    const letters = kaohe(['letter', 'list', '--month', '2026-11', '--json'], env).json().letters;
    expect(letters.map((l: { from: string; subject: string }) => [l.from, l.subject])).toEqual([['张三', '发票']]);
  });

  it('--no-input at a terminal: exit 2 naming the flag, nothing asked, nothing created', async () => {
    const file = join(tempDir(), 'k.db');
    const r = await onTerminal(['letter', 'log', '--channel', 'phone', '--subject', '发票', '--no-input'], { KAOHE_DB: file, KAOHE_NOW: NOW }, 'x');
    expect(r.code).toBe(2);
    expect(r.screen).toContain('kaohe: --from is required');
    expect(existsSync(file)).toBe(false);
  });

  it('without a terminal: exit 2 naming the flag', () => {
    const file = join(tempDir(), 'k.db');
    const r = kaohe(['letter', 'log', '--channel', 'phone', '--subject', '发票'], { KAOHE_DB: file, KAOHE_NOW: NOW }, '张三\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kaohe: --from is required\n');
    expect(existsSync(file)).toBe(false);
  });
});

describe('a read on a missing database', () => {
  it.each([['audit', 'verify'], ['audit', 'log'], ['db', 'check'], ['check'], ['db', 'backup', 'copy.db']])(
    '`kaohe %s` says so, exit 5, and creates nothing',
    (...args) => {
      const dir = join(tempDir(), 'missing');
      const file = join(dir, 'kaohe.db');
      const r = kaohe(args, { KAOHE_DB: file, KAOHE_NOW: NOW });
      expect(r.code).toBe(5);
      expect(r.stderr).toBe(`kaohe: no database at ${file}; create it with \`kaohe db init\` (or give --db)\n`);
      expect(r.stdout).toBe('');
      expect(existsSync(dir)).toBe(false);
    },
  );

  it('the message is in Chinese with --lang zh', () => {
    const file = join(tempDir(), 'none.db');
    const r = kaohe(['--lang', 'zh', 'audit', 'verify'], { KAOHE_DB: file });
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(`kaohe: ${file} 没有数据库；请先运行 \`kaohe db init\`（或用 --db 指定）\n`);
  });
});

describe('a database the program cannot use', () => {
  it('a newer schema is exit 5 with a clear message, and the file is left alone', () => {
    const file = join(tempDir(), 'newer.db');
    const raw = new Database(file);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const before = readFileSync(file);
    for (const args of [['db', 'init'], ['db', 'check'], ['audit', 'verify']]) {
      const r = kaohe(args, { KAOHE_DB: file });
      expect(r.code).toBe(5);
      expect(r.stderr).toBe(`kaohe: ${file} has schema version ${SCHEMA_VERSION + 5}, newer than this kaohe knows (${SCHEMA_VERSION}); upgrade kaohe\n`);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a file that is not a database is exit 5 without a stack trace', () => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, 'not a database at all '.repeat(100));
    const r = kaohe(['db', 'check'], { KAOHE_DB: file });
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(`kaohe: ${file} is not a database (not an SQLite file); check --db / KAOHE_DB\n`);
    noStack(r.stderr);
  });
});

describe('the audit log from the command line', () => {
  it('verify passes, log lists the rows as JSON and CSV', () => {
    const file = dbWithAudit(3);
    const v = kaohe(['audit', 'verify'], { KAOHE_DB: file });
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^audit chain intact: 3 rows\n/);
    const log = kaohe(['audit', 'log', '--id', 'R-2', '--json'], { KAOHE_DB: file });
    expect(log.json()).toEqual({
      rows: [{ seq: 2, at: '2026-11-01T10:00:00+08:00', actor: 'tester', action: 'test.step', record_id: 'R-2', change: { step: 2, 客户: '张伟' } }],
    });
    const csv = kaohe(['audit', 'log', '--csv'], { KAOHE_DB: file });
    expect(csv.stdout.split('\n')[0]).toBe('seq,at,actor,action,record_id,change');
    expect(csv.stdout.split('\n')[1]).toBe('1,2026-11-01T10:00:00+08:00,tester,test.step,R-1,"{""step"":1,""客户"":""张伟""}"');
  });

  it.each([
    ['a changed row', `UPDATE audit SET actor = 'mallory' WHERE seq = 2`, 2, 'changed'],
    ['a deleted row', 'DELETE FROM audit WHERE seq = 3', 3, 'missing'],
    ['the last row deleted', 'DELETE FROM audit WHERE seq = 4', 4, 'truncated'],
    ['two swapped rows', 'UPDATE audit SET seq = 0 WHERE seq = 1; UPDATE audit SET seq = 1 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 0;', 1, 'reordered'],
  ])('%s: verify exits 1 naming row %i, and db check exits 1', (_what, sql, seq, problem) => {
    const file = dbWithAudit(4);
    tamper(file, sql);
    const v = kaohe(['audit', 'verify'], { KAOHE_DB: file });
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(new RegExp(`^audit chain broken at row ${seq} \\(${problem}\\)`));
    const j = kaohe(['audit', 'verify', '--json'], { KAOHE_DB: file });
    expect(j.code).toBe(1);
    expect(j.json()).toMatchObject({ ok: false, first_bad: seq, problem });
    const check = kaohe(['db', 'check', '--json'], { KAOHE_DB: file });
    expect(check.code).toBe(1);
    const doc = check.json();
    expect(doc.ok).toBe(false);
    expect(doc.checks.find((c: { name: string }) => c.name === 'audit_chain')).toEqual({ name: 'audit_chain', ok: false, detail: `row ${seq}: ${problem}` });
  });

  it('the actor of a real write is --as, else KAOHE_USER', () => {
    const file = initDbFile(join(tempDir(), 'k.db'));
    const env = { KAOHE_DB: file, KAOHE_NOW: NOW, KAOHE_USER: '王会计' };
    expect(kaohe(['letter', 'log', '--channel', 'phone', '--from', 'A', '--subject', 's1', '--as', '李秘书'], env).code).toBe(0);
    expect(kaohe(['letter', 'log', '--channel', 'phone', '--from', 'B', '--subject', 's2'], env).code).toBe(0);
    const rows = kaohe(['audit', 'log', '--json'], env).json().rows;
    expect(rows.map((r: { seq: number; actor: string }) => [r.seq, r.actor])).toEqual([
      [1, '李秘书'],
      [2, '王会计'],
    ]);
    expect(kaohe(['audit', 'verify'], env).stdout).toMatch(/^audit chain intact: 2 rows\n/);
  });

  it('the triggers refuse UPDATE and DELETE when they are in place', () => {
    const file = dbWithAudit(1);
    const raw = new Database(file);
    expect(() => raw.exec('DELETE FROM audit')).toThrow(/append-only/);
    raw.close();
    expect(kaohe(['audit', 'verify'], { KAOHE_DB: file }).code).toBe(0);
  });
});

describe('db init, backup and check', () => {
  it('init twice is fine and check passes on a fresh database', () => {
    const file = join(tempDir(), 'k.db');
    expect(kaohe(['--db', file, 'db', 'init']).code).toBe(0);
    expect(kaohe(['--db', file, 'db', 'init']).code).toBe(0);
    const c = kaohe(['--db', file, 'db', 'check', '--json']);
    expect(c.code).toBe(0);
    expect(c.json().ok).toBe(true);
    expect(c.json().checks.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['integrity_check', 'foreign_key_check', 'audit_chain']));
  });

  it('backup copies every row into a new 0600 file and refuses to overwrite', () => {
    const file = dbWithAudit(3);
    const copy = join(tempDir(), 'copy.db');
    const r = kaohe(['db', 'backup', copy, '--json'], { KAOHE_DB: file });
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ file: copy });
    expect(mode(copy)).toBe(0o600);
    const b = new Database(copy, { readonly: true });
    expect(b.prepare('SELECT count(*) AS n FROM audit').get()).toEqual({ n: 3 });
    b.close();
    expect(kaohe(['audit', 'verify'], { KAOHE_DB: copy }).stdout).toMatch(/^audit chain intact: 3 rows\n/);
    const again = kaohe(['db', 'backup', copy], { KAOHE_DB: file });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`kaohe: FILE: ${copy} already exists; choose another name\n`);
  });
});

describe('db backup is SQLite\'s online backup, not a file copy', () => {
  it('rows still in the -wal of an open connection are in the copy; an open write does not block it', () => {
    const file = dbWithAudit(1);
    const keep = new Database(file);
    keep.pragma('wal_autocheckpoint = 0'); // keep the new rows in the -wal, out of the main file
    keep.prepare("INSERT INTO meta (key, value) VALUES ('committed', 'yes')").run();
    keep.exec('BEGIN IMMEDIATE');
    keep.prepare("INSERT INTO meta (key, value) VALUES ('uncommitted', 'no')").run();
    try {
      const copy = join(tempDir(), 'copy.db');
      const r = kaohe(['db', 'backup', copy], { KAOHE_DB: file });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const b = new Database(copy, { readonly: true });
      expect(b.prepare("SELECT key FROM meta WHERE key IN ('committed', 'uncommitted')").all()).toEqual([{ key: 'committed' }]);
      b.close();
    } finally {
      keep.exec('ROLLBACK');
      keep.close();
    }
  });
});

describe('db backup to a place it cannot write', () => {
  it('a folder that does not exist is exit 5 naming the file and what to do, not an internal error', () => {
    const file = dbWithAudit(1);
    const target = join(tempDir(), 'no-such-folder', 'copy.db');
    const r = kaohe(['db', 'backup', target], { KAOHE_DB: file });
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(`kaohe: the folder of ${target} does not exist; create it first or choose another place\n`);
    noStack(r.stderr);
  });
});

describe('rules', () => {
  it('rules show SECTION --json prints that section of the file in force', () => {
    const r = kaohe(['rules', 'show', 'targets', '--json']);
    expect(r.code).toBe(0);
    const shipped = JSON.parse(readFileSync(join(ROOT, 'data', 'rules.json'), 'utf8'));
    expect(r.json()).toEqual(shipped.targets);
  });

  it('rules show lists every section as a table', () => {
    const r = kaohe(['rules', 'show']);
    expect(r.code).toBe(0);
    for (const key of ['sla.distance_limit_km', 'targets.on_time_rate.min', 'letter.reply_hours.phone', 'guard.rules[0].points', 'review.weights.duty']) {
      expect(r.stdout).toContain(key);
    }
  });

  it('an unknown section is exit 2 naming the choices', () => {
    const r = kaohe(['rules', 'show', 'bonus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kaohe: section: "bonus" is not a section; sections: sla | targets | letter | stock | guard | review | backdate\n');
  });

  it.each(['--rules', 'KAOHE_RULES'])('a bad rule file from %s is exit 2 naming the JSON path', (how) => {
    const raw = JSON.parse(readFileSync(join(ROOT, 'data', 'rules.json'), 'utf8'));
    raw.sla.faults.engine.near.hours = 'soon';
    const file = join(tempDir(), 'custom.json');
    writeFileSync(file, JSON.stringify(raw));
    const r = how === '--rules' ? kaohe(['--rules', file, 'rules', 'show']) : kaohe(['rules', 'show'], { KAOHE_RULES: file });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kaohe: rule file ${file}: sla.faults.engine.near.hours must be a number from 0.01 to 8760\n`);
    expect(r.stdout).toBe('');
  });

  it('a custom rule file that is valid is the one shown', () => {
    const raw = JSON.parse(readFileSync(join(ROOT, 'data', 'rules.json'), 'utf8'));
    raw.guard.yuan_per_point = 3;
    const file = join(tempDir(), 'custom.json');
    writeFileSync(file, JSON.stringify(raw));
    expect(kaohe(['rules', 'show', 'guard', '--json'], { KAOHE_RULES: file }).json().yuan_per_point).toBe(3);
  });
});

describe('demo', () => {
  it('refuses to overwrite a file that is not a demo database, and leaves it as it was', () => {
    const dir = tempDir();
    const real = join(dir, 'real.db');
    expect(kaohe(['--db', real, 'db', 'init']).code).toBe(0);
    const before = readFileSync(real);
    const r = kaohe(['demo', '--out', real], { KAOHE_DB: join(dir, 'other.db') });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`kaohe: --out: ${real} exists and is not a kaohe demo database; refusing to overwrite it\n`);
    expect(readFileSync(real).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['real.db']);
  });

  it('refuses a text file too, without leaving -wal/-shm beside it', () => {
    const dir = tempDir();
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'shopping list');
    const r = kaohe(['demo', '--out', notes], { KAOHE_DB: join(dir, 'real.db') });
    expect(r.code).toBe(3);
    expect(readFileSync(notes, 'utf8')).toBe('shopping list');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('never writes the real database (--db or KAOHE_DB), even when --out names it', () => {
    const dir = tempDir();
    const real = join(dir, 'real.db');
    const viaFlag = kaohe(['--db', real, 'demo', '--out', real]);
    expect(viaFlag.code).toBe(3);
    expect(viaFlag.stderr).toBe(`kaohe: --out: ${real} is your real database (--db/KAOHE_DB); the demo never writes there\n`);
    expect(kaohe(['demo', '--out', real], { KAOHE_DB: real }).code).toBe(3);
    expect(existsSync(real)).toBe(false);
  });

  it('writes a fresh demo file, may overwrite its own demo file, and does not create --db', () => {
    const dir = tempDir();
    const real = join(dir, 'real.db');
    const out = join(dir, 'demo.db');
    const first = kaohe(['demo', '--out', out, '--json', '--months', '2', '--tickets', '10'], { KAOHE_DB: real, KAOHE_NOW: NOW });
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ file: out, months: 2, seed: 1 });
    const second = kaohe(['demo', '--out', out, '--json', '--months', '2', '--tickets', '10'], { KAOHE_DB: real, KAOHE_NOW: NOW });
    expect(second.code).toBe(0);
    expect(second.json()).toEqual(first.json());
    expect(existsSync(real)).toBe(false);
    expect(mode(out)).toBe(0o600);
    // closed cleanly: no -wal/-shm left behind
    expect(readdirSync(dir)).toEqual(['demo.db']);
  });

  it('bad demo options are exit 2 naming the flag', () => {
    const r = kaohe(['demo', '--out', join(tempDir(), 'd.db'), '--months', 'twelve']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kaohe: --months: "twelve" is not a whole number from 1 to 120\n');
  });
});

describe('kaohe check', () => {
  it('--json is {as_of, items, overdue, due_soon}, as of --now', () => {
    const file = join(tempDir(), 'k.db');
    kaohe(['db', 'init'], { KAOHE_DB: file });
    const r = kaohe(['check', '--json', '--now', '2026-10-01 09:00'], { KAOHE_DB: file });
    expect(r.code).toBe(0);
    expect(Object.keys(r.json())).toEqual(['as_of', 'items', 'overdue', 'due_soon']);
    expect(r.json()).toMatchObject({ as_of: '2026-10-01T09:00:00+08:00', overdue: 0, due_soon: 0 });
  });

  it('exit 1 when something is overdue, 0 when it is only due soon (a letter as the example)', () => {
    const file = initDbFile(join(tempDir(), 'k.db'));
    const log = kaohe(['letter', 'log', '--channel', 'phone', '--from', '张三', '--subject', '发票', '--no-input'], { KAOHE_DB: file, KAOHE_NOW: '2026-11-01 09:00' });
    expect(log.code).toBe(0);
    const late = kaohe(['check', '--json'], { KAOHE_DB: file, KAOHE_NOW: '2026-11-10 09:00' });
    expect(late.code).toBe(1);
    expect(late.json()).toMatchObject({ as_of: '2026-11-10T09:00:00+08:00', overdue: 1, due_soon: 0 });
    expect(late.json().items).toEqual([expect.objectContaining({ kind: 'letter', overdue: true })]);
    const early = kaohe(['check', '--json', '--within', '30d'], { KAOHE_DB: file, KAOHE_NOW: '2026-11-01 10:00' });
    expect(early.code).toBe(0);
    expect(early.json()).toMatchObject({ overdue: 0, due_soon: 1 });
  });

  it('KAOHE_NOW is the clock when --now is not given', () => {
    const file = join(tempDir(), 'k.db');
    kaohe(['db', 'init'], { KAOHE_DB: file });
    expect(kaohe(['check', '--json'], { KAOHE_DB: file, KAOHE_NOW: '2026年11月27日 14:30' }).json().as_of).toBe('2026-11-27T14:30:00+08:00');
    expect(kaohe(['check', '--json', '--now', '2026-12-01 08:00'], { KAOHE_DB: file, KAOHE_NOW: '2026-11-27 14:30' }).json().as_of).toBe(
      '2026-12-01T08:00:00+08:00',
    );
  });

  it('--within takes a duration; a bad one is exit 2 naming the flag', () => {
    const file = join(tempDir(), 'k.db');
    kaohe(['db', 'init'], { KAOHE_DB: file });
    expect(kaohe(['check', '--within', '90min'], { KAOHE_DB: file, KAOHE_NOW: NOW }).code).toBe(0);
    const r = kaohe(['check', '--within', 'soon'], { KAOHE_DB: file, KAOHE_NOW: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kaohe: --within: "soon" is not a valid duration; accepted: 90m | 2h | 1h30m | 3d | 1w\n');
  });
});

describe('JSON of the foundation commands', () => {
  const keysOf = (v: unknown, out: string[] = []): string[] => {
    if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(k), keysOf(x, out);
    return out;
  };

  it('uses snake_case keys everywhere', () => {
    const dir = tempDir();
    const file = join(dir, 'k.db');
    const env = { KAOHE_DB: file, KAOHE_NOW: NOW };
    const docs = [
      kaohe(['db', 'init', '--json'], env),
      kaohe(['letter', 'log', '--channel', 'phone', '--from', 'A', '--subject', 's', '--json'], env),
      kaohe(['db', 'check', '--json'], env),
      kaohe(['db', 'backup', join(dir, 'b.db'), '--json'], env),
      kaohe(['audit', 'verify', '--json'], env),
      kaohe(['check', '--json'], env),
      kaohe(['demo', '--out', join(dir, 'd.db'), '--json', '--months', '1', '--tickets', '5'], env),
    ].map((r) => r.json());
    const log = kaohe(['audit', 'log', '--json'], env).json();
    for (const row of log.rows) delete row.change; // a record's own fields, checked by its module
    const bad = [...docs, log].flatMap((d) => keysOf(d)).filter((k) => !/^[a-z][a-z0-9_]*$/.test(k));
    expect([...new Set(bad)]).toEqual([]);
  });
});

describe('global options and usage errors', () => {
  it.each([
    [['no-such-command'], "kaohe: unknown command 'no-such-command'\n"],
    [['db', 'nope'], "kaohe: unknown command 'nope'\n"],
    [['--bogus', 'db', 'check'], "kaohe: unknown option '--bogus'\n"],
    [['db', 'check', '--bogus'], "kaohe: unknown option '--bogus'\n"],
    [['db', 'backup'], "kaohe: missing required argument 'file'\n"],
    [['db', 'init', 'extra'], "kaohe: too many arguments for 'init'. Expected 0 arguments but got 1.\n"],
  ])('%j is exit 2 with one line and no stack trace', (args, message) => {
    const r = kaohe(args, { KAOHE_DB: join(tempDir(), 'k.db') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
    noStack(r.stderr);
  });

  it('a record that does not exist is exit 4 with one line (a letter as the example)', () => {
    const file = join(tempDir(), 'k.db');
    kaohe(['db', 'init'], { KAOHE_DB: file });
    const r = kaohe(['letter', 'show', 'L2026-0099'], { KAOHE_DB: file });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^kaohe: [^\n]*L2026-0099[^\n]*\n$/);
    expect(r.stdout).toBe('');
  });

  it('usage errors are in Chinese with --lang zh, with the suggestion', () => {
    const r = kaohe(['--lang', 'zh', 'no-such-command']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kaohe: 没有“no-such-command”这个命令\n');
    const hint = kaohe(['chek'], { KAOHE_LANG: 'zh' });
    expect(hint.code).toBe(2);
    expect(hint.stderr).toBe('kaohe: 没有“chek”这个命令\n（是不是 check？）\n');
    expect(kaohe(['chek']).stderr).toBe("kaohe: unknown command 'chek'\n(Did you mean check?)\n");
    const missing = kaohe(['--lang', 'zh', 'db', 'backup']);
    expect([missing.code, missing.stderr]).toEqual([2, 'kaohe: 缺少参数 file\n']);
  });

  it('an unknown --lang is exit 2', () => {
    const r = kaohe(['--lang', 'fr', 'rules', 'show']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kaohe: --lang: "fr" is not one of: zh, en\n');
    expect(r.stdout).toBe('');
  });

  it('the language comes from --lang, else KAOHE_LANG, else LANG', () => {
    const file = join(tempDir(), 'none.db');
    const zh = `kaohe: ${file} 没有数据库；请先运行 \`kaohe db init\`（或用 --db 指定）\n`;
    const en = `kaohe: no database at ${file}; create it with \`kaohe db init\` (or give --db)\n`;
    expect(kaohe(['audit', 'verify'], { KAOHE_DB: file, KAOHE_LANG: '', LANG: 'zh_CN.UTF-8' }).stderr).toBe(zh);
    expect(kaohe(['audit', 'verify'], { KAOHE_DB: file, KAOHE_LANG: 'en', LANG: 'zh_CN.UTF-8' }).stderr).toBe(en);
    expect(kaohe(['audit', 'verify', '--lang', 'zh'], { KAOHE_DB: file, KAOHE_LANG: 'en' }).stderr).toBe(zh);
    expect(kaohe(['audit', 'verify'], { KAOHE_DB: file, KAOHE_LANG: '', LANG: 'en_US.UTF-8' }).stderr).toBe(en);
  });

  it('a bad --now or KAOHE_NOW is exit 2 naming it', () => {
    const file = join(tempDir(), 'k.db');
    expect(kaohe(['check', '--now', '2026-02-30 10:00'], { KAOHE_DB: file }).stderr).toMatch(/^kaohe: --now: "2026-02-30 10:00" is not a valid moment/);
    const env = kaohe(['check'], { KAOHE_DB: file, KAOHE_NOW: 'tomorrow' });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/^kaohe: KAOHE_NOW: "tomorrow" is not a valid moment/);
    expect(existsSync(file)).toBe(false);
  });

  it('an unknown KAOHE_TZ is exit 2', () => {
    const r = kaohe(['rules', 'show'], { KAOHE_TZ: 'Nowhere/Atlantis' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kaohe: KAOHE_TZ: "Nowhere/Atlantis" is not a known time zone (e.g. Asia/Shanghai)\n');
  });

  it('--excel writes a BOM, CRLF and translated headers; --csv the keys and LF', () => {
    const excel = kaohe(['rules', 'show', 'targets', '--excel', '--lang', 'zh']);
    expect(excel.code).toBe(0);
    expect(excel.stdout.startsWith('\ufeff规则,数值\r\n')).toBe(true);
    expect(excel.stdout.split('\r\n').length).toBeGreaterThan(3);
    const csv = kaohe(['rules', 'show', 'targets', '--csv']);
    expect(csv.stdout.startsWith('key,value\n')).toBe(true);
    expect(csv.stdout).not.toContain('\r');
  });

  it('--excel of kaohe check has a translated header for every column', () => {
    const file = join(tempDir(), 'k.db');
    kaohe(['db', 'init'], { KAOHE_DB: file });
    const en = kaohe(['check', '--excel'], { KAOHE_DB: file, KAOHE_NOW: NOW });
    expect(en.stdout).toBe('\ufeffkind,id,what,due,state,detail\r\n');
    const zh = kaohe(['check', '--excel', '--lang', 'zh'], { KAOHE_DB: file, KAOHE_NOW: NOW });
    expect(zh.stdout).toBe('\ufeff类别,编号,事项,期限,状态,说明\r\n');
  });

  it('--version and --help are exit 0', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(kaohe(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = kaohe(['db', 'init', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:\n  $ kaohe db init');
  });
});
