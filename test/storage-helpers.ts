// Running the real CLI where the storage misbehaves: as an unprivileged user (root ignores
// permission bits, so read-only files and folders need someone else), inside a private mount
// namespace (a read-only or a tiny tmpfs: EROFS and a real ENOSPC), or under strace injecting
// an errno into the k-th write. Each says whether it can run here; tests skip with a reason.
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { BIN, TZ, type RunResult } from './helpers.js';

const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

function works(cmd: string[]): boolean {
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8' });
  return r.status === 0;
}

/** root that can drop to `nobody` with setpriv (the read-only file and folder tests). */
// ... and nobody can read the checkout (a clone inside a private 0700 folder, as `mktemp -d` makes
// it, cannot be run as another user: those tests skip there instead of failing)
export const canRunAsNobody = process.getuid?.() === 0 && works([...NOBODY, 'test', '-r', BIN]);
/** a private mount namespace where tmpfs can be mounted (EROFS, a full disk). */
export const canMount = process.getuid?.() === 0 && works(['unshare', '-m', '--propagation', 'private', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d" && rmdir "$d"']);
/** strace with fault injection (`apt-get install -y strace`). */
export const canStrace = works(['strace', '-f', '-o', '/dev/null', '-e', 'trace=none', 'true']);

function envOf(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KAOHE_TZ: TZ, KAOHE_LANG: 'en', KAOHE_USER: 'tester', ...env };
}

function result(r: ReturnType<typeof spawnSync>): RunResult {
  const stdout = String(r.stdout ?? '');
  return { code: r.status ?? -1, stdout, stderr: String(r.stderr ?? ''), json: () => JSON.parse(stdout) };
}

/** bin/kaohe.js as the user nobody. */
export function kaoheAsNobody(args: string[], env: Record<string, string> = {}): RunResult {
  return result(spawnSync(NOBODY[0], [...NOBODY.slice(1), process.execPath, BIN, ...args], { encoding: 'utf8', env: envOf(env) }));
}

/** bin/kaohe.js with errno `error` injected into the `when`-th call of `syscall`. */
export function kaoheUnderStrace(syscall: string, error: string, when: number, args: string[], env: Record<string, string> = {}): RunResult {
  const strace = ['-f', '-o', '/dev/null', '-e', `trace=${syscall}`, '-e', `inject=${syscall}:error=${error}:when=${when}`];
  return result(spawnSync('strace', [...strace, process.execPath, BIN, ...args], { encoding: 'utf8', env: envOf(env) }));
}

/** bin/kaohe.js in a private mount namespace, after `setup` (a shell script; $NODE and $BIN are
 *  set) has mounted what it needs, and `after` (a shell script) looked at the result there.
 *  The mounts vanish with the process. */
export function kaoheInNamespace(setup: string, args: string[], env: Record<string, string> = {}, after = ''): RunResult {
  const script = `${setup} || exit 99\n"$NODE" "$BIN" "$@"\nrc=$?\n${after}\nexit $rc`;
  return result(
    spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', ...args], { encoding: 'utf8', env: { ...envOf(env), NODE: process.execPath, BIN } }),
  );
}

/** A copy of `file` that another user may read but not write, in a folder they may not write. */
export function readOnlyCopy(file: string, dir: string, name = 'copy.db'): string {
  const copy = `${dir}/${name}`;
  copyFileSync(file, copy);
  chmodSync(copy, 0o644);
  chmodSync(dir, 0o755);
  return copy;
}

/** Overwrites one of the audit table's leaf pages in the middle of `file` with junk (what a bad
 *  sector or a torn copy leaves) and returns its page number. The file needs a few hundred audit
 *  rows (several pages). */
export function damageAuditPage(file: string): number {
  const raw = new Database(file);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  const leaves = raw.prepare("SELECT pageno FROM dbstat WHERE name = 'audit' AND pagetype = 'leaf' ORDER BY pageno").all() as Array<{ pageno: number }>;
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  raw.close();
  const page = leaves[Math.floor(leaves.length / 2)].pageno;
  const bytes = readFileSync(file);
  bytes.fill(0x5a, (page - 1) * pageSize + 8, page * pageSize - 8);
  writeFileSync(file, bytes);
  return page;
}
