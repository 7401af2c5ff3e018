// SQLite's write-ahead log needs the shared memory of one machine: a database on a network
// drive (NFS, SMB/CIFS, sshfs, 9p...) can be corrupted by two computers writing at once. kaohe
// refuses a database path it can tell is on one (exit 5), reading the mount table (Linux:
// /proc/self/mountinfo). Elsewhere, or when the table cannot be read, nothing is refused. A file
// that statfs says is on a local disk file system needs no look at the table (every command
// opening a database paid for reading and parsing it: ISSUE 14).
import { existsSync, readFileSync, realpathSync, statfsSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { StorageError } from './errors.js';

/** File system types that live on another computer. */
const NETWORK = new Set([
  'nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'smb', 'ncpfs', '9p', 'afs', 'coda', 'ceph', 'glusterfs', 'lustre', 'gpfs', 'davfs', 'ocfs2', 'gfs2',
]);
const NETWORK_FUSE = new Set(['sshfs', 'glusterfs', 'davfs2', 'rclone', 's3fs', 'gcsfuse', 'smbnetfs', 'cifs', 'nfs']);

export function isNetworkFs(type: string): boolean {
  if (NETWORK.has(type)) return true;
  const fuse = type.match(/^fuse(?:blk)?\.(.+)$/);
  return fuse !== null && NETWORK_FUSE.has(fuse[1]);
}

/** Linux's statfs f_type of local disk and memory file systems (linux/magic.h). FUSE is not one
 *  of them (sshfs is FUSE: only the mount table names it), nor is anything unknown here. */
const LOCAL_MAGIC = new Set([
  0xef53, // ext2, ext3, ext4
  0x58465342, // xfs
  0x9123683e, // btrfs
  0x01021994, // tmpfs
  0x858458f6, // ramfs
  0x794c7630, // overlayfs (containers)
  0x2fc12fc1, // zfs
  0xf2f52010, // f2fs
  0x3153464a, // jfs
  0x52654973, // reiserfs
]);

/** Whether a statfs f_type is a local disk or memory file system (then the file is no network one). */
export function isLocalFsMagic(type: number): boolean {
  return LOCAL_MAGIC.has(type < 0 ? type + 2 ** 32 : type);
}

/** Whether statfs says the existing file `path` is on a local file system; false when it cannot
 *  tell (no file yet, another type), and then the mount table decides. */
export function onLocalFs(path: string): boolean {
  try {
    return isLocalFsMagic(statfsSync(path).type);
  } catch {
    return false;
  }
}

/** Mount points and their types from /proc/self/mountinfo text ("… mountpoint opts … - type source …"). */
export function parseMountInfo(text: string): Array<{ point: string; type: string }> {
  const out: Array<{ point: string; type: string }> = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    if (fields.length < 5 || dash < 0 || dash + 1 >= fields.length) continue;
    const point = fields[4].replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
    out.push({ point, type: fields[dash + 1] });
  }
  return out;
}

/** The type of the file system holding `path` (an absolute, resolved path): the longest mount
 *  point that contains it; the last mount of that point wins (it hides the ones under it). */
export function fsTypeOf(path: string, mounts: Array<{ point: string; type: string }>): string | null {
  let best: { point: string; type: string } | null = null;
  for (const m of mounts) {
    const inside = m.point === '/' || path === m.point || path.startsWith(m.point.endsWith(sep) ? m.point : m.point + sep);
    if (inside && (best === null || m.point.length >= best.point.length)) best = m;
  }
  return best?.type ?? null;
}

/** The path with its symlinks resolved, as far as it exists (a new file's folder may not yet). */
function realPath(path: string): string {
  let p = resolve(path);
  const missing: string[] = [];
  while (!existsSync(p) && dirname(p) !== p) {
    missing.unshift(basename(p));
    p = dirname(p);
  }
  try {
    p = realpathSync(p);
  } catch {
    // unreadable: judge the path as given
  }
  return join(p, ...missing);
}

function readMountInfo(): string | null {
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return null;
  }
}

/** Exit 5 when the database file is on a network file system. `mountInfo` is for tests; without
 *  it, a file statfs places on a local disk is let through before the mount table is read. */
export function refuseNetworkDb(path: string, mountInfo?: string | null): void {
  if (mountInfo === undefined) mountInfo = process.platform !== 'linux' || onLocalFs(path) ? null : readMountInfo();
  if (mountInfo === null) return;
  const file = realPath(path);
  const type = fsTypeOf(file, parseMountInfo(mountInfo));
  if (type !== null && isNetworkFs(type)) throw new StorageError('db.network_fs', { path: resolve(path), fs: type });
}
