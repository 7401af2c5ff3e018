// The database is 0600 (its -wal/-shm too, its folder 0700 when we make it) whatever the umask,
// also when `db init` goes through a symlink or finds an empty file made by someone else.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, TZ, tempDir } from '../helpers.js';

const mode = (p: string) => statSync(p).mode & 0o777;

function initUnder(umask: string, db: string): { code: number | null; stderr: string } {
  const r = spawnSync('sh', ['-c', `umask ${umask}; exec "${process.execPath}" "${BIN}" db init`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KAOHE_TZ: TZ, KAOHE_LANG: 'en', KAOHE_DB: db },
  });
  return { code: r.status, stderr: r.stderr };
}

/** Opens `db` in a process with umask 000 and keeps it open while writing: the modes of the
 *  -wal and -shm SQLite makes beside the real file. */
function sideModes(db: string, real: string): { wal: string; shm: string } {
  const script = `
    const Database = require('node:module').createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('better-sqlite3');
    const { statSync } = require('node:fs');
    const db = new Database(process.argv[1]);
    db.prepare("INSERT INTO meta (key, value) VALUES ('x', '1')").run();
    const m = (p) => (statSync(p).mode & 0o777).toString(8);
    console.log(JSON.stringify({ wal: m(process.argv[2] + '-wal'), shm: m(process.argv[2] + '-shm') }));
    db.close();`;
  const r = spawnSync('sh', ['-c', `umask 000; exec "${process.execPath}" -e "$0" "$1" "$2"`, script, db, real], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe.each(['000', '022'])('umask %s', (umask) => {
  it('db init through a symlink to a file not made yet: the real file is 0600, the link stays a link', () => {
    const dir = tempDir();
    const real = join(dir, 'real.db');
    const link = join(dir, 'link.db');
    symlinkSync(real, link);
    expect(initUnder(umask, link)).toEqual({ code: 0, stderr: '' });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(mode(real)).toBe(0o600);
    expect(sideModes(link, real)).toEqual({ wal: '600', shm: '600' });
  });

  it('db init through a symlink to an empty 0644 file: the real file becomes 0600', () => {
    const dir = tempDir();
    const real = join(dir, 'real.db');
    writeFileSync(real, '', { mode: 0o644 });
    const link = join(dir, 'link.db');
    symlinkSync(real, link);
    expect(initUnder(umask, link)).toEqual({ code: 0, stderr: '' });
    expect(mode(real)).toBe(0o600);
  });

  it('db init on an existing empty 0666 file: it becomes 0600', () => {
    const file = join(tempDir(), 'empty.db');
    writeFileSync(file, '');
    expect(statSync(file).size).toBe(0);
    spawnSync('chmod', ['666', file]);
    expect(initUnder(umask, file)).toEqual({ code: 0, stderr: '' });
    expect(mode(file)).toBe(0o600);
    expect(sideModes(file, file)).toEqual({ wal: '600', shm: '600' });
  });

  it('db init in folders it makes: each new folder 0700, an existing one left as it was', () => {
    const top = tempDir();
    const kept = join(top, 'kept');
    mkdirSync(kept, { mode: 0o755 });
    spawnSync('chmod', ['755', kept]);
    const file = join(kept, 'a', 'b', 'kaohe.db');
    expect(initUnder(umask, file)).toEqual({ code: 0, stderr: '' });
    expect(mode(kept)).toBe(0o755);
    expect(mode(join(kept, 'a'))).toBe(0o700);
    expect(mode(join(kept, 'a', 'b'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });
});
