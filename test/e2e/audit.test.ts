// The audit log from the command line (SPEC §0, CLI.md): `audit head`, KAOHE_ANCHOR after every
// write, `audit verify --anchor / --anchor-file / --resume`, the baseline of a database made before
// after-images existed, and verify/check beside writers (one snapshot: no false alarm).
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digest } from '../../src/core/audit.js';
import { MIGRATIONS } from '../../src/core/migrations/index.js';
import { BIN, initDbFile, kaohe, tempDir, TZ } from '../helpers.js';

const letter = (env: Record<string, string>, n: number) =>
  kaohe(['--json', 'letter', 'log', '--channel', 'phone', '--from', `来电人${n}`, '--subject', `问题${n}`], env);

describe('audit head and KAOHE_ANCHOR', () => {
  it('every write appends the new head to the anchor file; verify --anchor-file proves them all', () => {
    const dir = tempDir();
    const anchor = join(dir, 'elsewhere', 'kaohe.anchor');
    mkdirSync(join(dir, 'elsewhere'));
    const env = { KAOHE_DB: initDbFile(join(dir, 'k.db')), KAOHE_NOW: '2026-11-02 09:00', KAOHE_ANCHOR: anchor };
    for (let i = 1; i <= 3; i++) expect(letter(env, i).code).toBe(0);
    const lines = readFileSync(anchor, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    const head = kaohe(['--json', 'audit', 'head'], env).json();
    expect(lines[2].split(' ')[0]).toBe(`${head.seq}:${head.hash}`);
    expect(head.seq).toBe(3);
    expect(kaohe(['audit', 'head'], env).stdout).toBe(`${head.seq}:${head.hash}\n`);
    const v = kaohe(['--json', 'audit', 'verify', '--anchor-file', anchor], env);
    expect(v.code).toBe(0);
    expect(v.json()).toMatchObject({ ok: true, head: { seq: 3 }, records: { differs: [], untracked: [], missing: [] } });
    expect(v.json().anchors).toHaveLength(3);
  });

  it('an anchor file that cannot be written refuses the write: exit 5, nothing written', () => {
    const dir = tempDir();
    const env = { KAOHE_DB: initDbFile(join(dir, 'k.db')), KAOHE_NOW: '2026-11-02 09:00' };
    expect(letter(env, 1).code).toBe(0);
    const r = letter({ ...env, KAOHE_ANCHOR: join(dir, 'no-such-folder', 'a.anchor') }, 2);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/anchor file .*no-such-folder/);
    expect(kaohe(['--json', 'audit', 'head'], env).json().seq).toBe(1);
  });

  it('--anchor with a head that is not in the log: exit 1, named; a malformed one: exit 2', () => {
    const dir = tempDir();
    const env = { KAOHE_DB: initDbFile(join(dir, 'k.db')), KAOHE_NOW: '2026-11-02 09:00' };
    letter(env, 1);
    const bad = kaohe(['audit', 'verify', '--anchor', `7:${'a'.repeat(64)}`], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/anchor 7:aaaaaaaaaaaa…: the log no longer reaches row 7/);
    const zh = kaohe(['--lang', 'zh', 'audit', 'verify', '--anchor', `1:${'b'.repeat(64)}`], env);
    expect(zh.stdout).toMatch(/日志被重写/);
    const typo = kaohe(['audit', 'verify', '--anchor', '7:abc'], env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/--anchor: "7:abc" is not a head/);
  });

  it('the demo never touches KAOHE_ANCHOR', () => {
    const dir = tempDir();
    const anchor = join(dir, 'a.anchor');
    const r = kaohe(['demo', '--out', join(dir, 'demo.db'), '--months', '1', '--tickets', '20'], { KAOHE_ANCHOR: anchor, KAOHE_NOW: '2026-11-02 09:00' });
    expect(r.code).toBe(0);
    expect(existsSync(anchor)).toBe(false);
  });
});

describe('audit verify --resume', () => {
  it('after a full verify, checks only what came since; a record changed since is still named', () => {
    const dir = tempDir();
    const env = { KAOHE_DB: initDbFile(join(dir, 'k.db')), KAOHE_NOW: '2026-11-02 09:00' };
    for (let i = 1; i <= 3; i++) letter(env, i);
    expect(kaohe(['audit', 'verify'], env).code).toBe(0);
    const id = letter(env, 4).json().id;
    const resumed = kaohe(['--json', 'audit', 'verify', '--resume'], env).json();
    expect(resumed).toMatchObject({ ok: true, resumed_from: 3, rows: 1, records: { checked: 1 } });
    const raw = new Database(env.KAOHE_DB);
    raw.prepare("UPDATE letters SET subject = '改过' WHERE id = ?").run(id);
    raw.close();
    const caught = kaohe(['--json', 'audit', 'verify', '--resume'], env);
    expect(caught.code).toBe(1);
    expect(caught.json().records.differs).toEqual([`letters:${id}`]);
  });
});

/** A database as kaohe made it before after-images existed (schema 4): 1201 letters, the first
 *  with its audit row. */
function legacyDatabase(file: string): void {
  const raw = new Database(file);
  for (const m of MIGRATIONS.filter((x) => x.version <= 4)) raw.exec(m.sql);
  raw.pragma('application_id = 1801547624');
  raw.pragma('user_version = 4');
  const insert = raw.prepare(
    `INSERT INTO letters (id, channel, from_name, subject, received_at, logged_at, logged_by, reply_hours, deadline, status)
     VALUES (?, 'phone', '王经理', '车门异响', 1790000000000, 1790000000000, 'tester', 24, 1790086400000, 'received')`,
  );
  // more rows than one baseline batch (500): the baseline pages through the table while it writes
  for (let i = 1; i <= 1201; i++) insert.run(`L2026-${String(i).padStart(4, '0')}`);
  // a guard with an effective notice and its fine in the fund (an append-only ledger the upgrade must fill)
  raw.exec(`INSERT INTO guards (id, name, company, site, base_pay_fen, hired, status, created_at) VALUES ('GD001', '张伟', '齐铁保安', '龙华小区', 320000, '2025-03-01', 'active', 1790000000000);
    INSERT INTO guard_notices (id, rule, points, fen_per_point, at, inspector, kind, status, company_by, company_signed_at, property_by, property_signed_at, effective_at, created_at, created_by)
      VALUES ('G2026-0001', 1, 2, 200, 1790000000000, '王建国', 'spot', 'effective', '王建国', 1790000000000, '陈丽', 1790000000000, 1790000000000, 1790000000000, 'tester');
    INSERT INTO guard_notice_guards (notice_id, guard_id, points, fine_fen, compensation_fen) VALUES ('G2026-0001', 'GD001', 2, 400, 0);
    INSERT INTO guard_fund (at, kind, amount_fen, notice_id) VALUES (1790000000000, 'fine', 400, 'G2026-0001');`);
  const change = JSON.stringify({ channel: 'phone', from: '王经理' });
  const hash = digest('sha256', '0'.repeat(64) + JSON.stringify([1, 1790000000000, 'tester', 'letter.log', 'L2026-0001', change]));
  raw.prepare('INSERT INTO audit (seq, at, actor, action, record_id, change, prev_hash, hash) VALUES (1, 1790000000000, ?, ?, ?, ?, ?, ?)').run(
    'tester', 'letter.log', 'L2026-0001', change, '0'.repeat(64), hash,
  );
  raw.prepare("INSERT INTO meta (key, value) VALUES ('audit_head', ?)").run(`1:${hash}`);
  raw.close();
}

describe('a database made before after-images', () => {
  it('is migrated: its rows become the baseline, said so in the log, and verify passes', () => {
    const file = join(tempDir(), 'old.db');
    legacyDatabase(file);
    const env = { KAOHE_DB: file, KAOHE_NOW: '2026-11-02 09:00' };
    const v = kaohe(['--json', 'audit', 'verify'], env);
    expect(v.code).toBe(0);
    expect(v.json()).toMatchObject({ ok: true, records: { checked: 1205, differs: [], untracked: [], missing: [] } });
    const log = kaohe(['--json', 'audit', 'log'], env).json().rows;
    // the baseline of migration 5 in pages of 500, and again after migration 7 added entry-time
    // columns to letters
    expect(log.map((r: { action: string }) => r.action)).toEqual(['letter.log', ...Array(log.length - 1).fill('audit.baseline')]);
    expect(kaohe(['--json', 'guard', 'fund'], env).json()).toMatchObject({ balance: 4, fines_in: 4 });
    expect(kaohe(['db', 'check'], env).code).toBe(0);
    expect(log.slice(1, 4).map((r: { change: { rows: number } }) => r.change.rows)).toEqual([500, 500, 201]);
  });
});

/** Runs bin/kaohe.js without blocking the test, so several run at once. */
function start(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: '/tmp', KAOHE_TZ: TZ, KAOHE_LANG: 'en', ...env } });
    let stdout = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.on('close', (code) => done({ code: code ?? -1, stdout }));
  });
}

describe('verify and check beside writers', () => {
  it('two writers and repeated verify/check at once: every verify and check passes (one snapshot)', async () => {
    const dir = tempDir();
    const env = { KAOHE_DB: initDbFile(join(dir, 'k.db')), KAOHE_NOW: '2026-11-02 09:00' };
    letter(env, 0);
    const writer = async (who: string) => {
      for (let i = 0; i < 12; i++) await start(['letter', 'log', '--channel', 'phone', '--from', `${who}${i}`, '--subject', '问题'], env);
    };
    const checker = async (args: string[]) => {
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) codes.push((await start(args, env)).code);
      return codes;
    };
    const [, , verifies, checks] = await Promise.all([writer('甲'), writer('乙'), checker(['audit', 'verify']), checker(['db', 'check'])]);
    expect(verifies.every((c) => c === 0)).toBe(true);
    expect(checks.every((c) => c === 0)).toBe(true);
    expect(kaohe(['--json', 'audit', 'verify'], env).json()).toMatchObject({ ok: true, rows: 25, records: { checked: 25 } });
  }, 120_000);
});


describe('the audit head in the footer of what is printed or exported', () => {
  it('report sla, report letters, guard month, guard fund, the service report: table, --excel and --json', () => {
    const dir = tempDir();
    const env = { KAOHE_DB: initDbFile(join(dir, 'k.db')), KAOHE_NOW: '2026-11-02 09:00' };
    letter(env, 1);
    const t = kaohe(['--json', 'ticket', 'open', '--customer', '齐齐哈尔公交公司', '--phone', '0452-2412345', '--vehicle', '黑B-20317', '--fault', 'body', '--distance', '80'], env).json();
    const head = kaohe(['--json', 'audit', 'head'], env).json();
    const short = `${head.seq}:${head.hash.slice(0, 12)}…`;
    for (const args of [['report', 'sla', '--month', '2026-11'], ['report', 'letters', '--month', '2026-11'], ['guard', 'month', '--month', '2026-11'], ['guard', 'fund'], ['ticket', 'report', t.id]]) {
      expect(kaohe(args, env).stdout).toContain(`audit chain ${short}`);
      expect(kaohe(['--lang', 'zh', ...args], env).stdout).toContain(`审计链 ${short}`);
    }
    expect(kaohe(['--json', 'report', 'sla', '--month', '2026-11'], env).json().audit_head).toBe(`${head.seq}:${head.hash}`);
    expect(kaohe(['--excel', 'guard', 'month', '--month', '2026-11'], env).stdout.endsWith(`\r\naudit chain ${short}\r\n`)).toBe(true);
    expect(kaohe(['--csv', 'guard', 'month', '--month', '2026-11'], env).stdout).not.toContain('audit chain'); // scripts get plain rows
  });

  it('a demo database says so in the footer', () => {
    const dir = tempDir();
    const file = join(dir, 'demo.db');
    kaohe(['demo', '--out', file, '--months', '1', '--tickets', '20'], { KAOHE_NOW: '2026-11-02 09:00' });
    expect(kaohe(['--lang', 'zh', 'report', 'sla', '--month', '2026-11'], { KAOHE_DB: file }).stdout).toMatch(/审计链 \d+:[0-9a-f]{12}…  （演示数据库，非真实记录）/);
  });
});

describe('who acts', () => {
  it('the OS user when neither --as nor KAOHE_USER says (asked only when a write logs it); --as and KAOHE_USER win', () => {
    const file = initDbFile(join(tempDir(), 'k.db'));
    const env = { KAOHE_DB: file, KAOHE_NOW: '2026-11-02 09:00' };
    expect(letter({ ...env, KAOHE_USER: '' }, 1).code).toBe(0);
    expect(letter({ ...env, KAOHE_USER: '李会计', KAOHE_NOW: '2026-11-02 09:01' }, 2).code).toBe(0);
    const db = new Database(file, { readonly: true });
    const actors = (db.prepare("SELECT actor FROM audit WHERE action LIKE 'letter.%' ORDER BY seq").all() as Array<{ actor: string }>).map((r) => r.actor);
    db.close();
    expect(actors).toEqual([userInfo().username, '李会计']);
    // a read with a bad --as is refused as before (exit 2, the flag named), though it writes nothing
    const bad = kaohe(['audit', 'head', '--as', 'a\u001bb'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as');
  });
});
