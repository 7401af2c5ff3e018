// A database on a network drive is refused (exit 5, naming the path and what to do): detection
// from the mount table text, injected here as Linux's /proc/self/mountinfo would give it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsTypeOf, isLocalFsMagic, isNetworkFs, onLocalFs, parseMountInfo, refuseNetworkDb } from '../../src/core/netfs.js';
import { t } from '../../src/core/i18n.js';
import { kaohe, tempDir } from '../helpers.js';

const MOUNTS = [
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
  '40 22 0:35 / /mnt/share rw,relatime shared:20 - cifs //fs01/office rw,vers=3.0',
  '41 22 0:36 / /srv/nfs rw,relatime shared:21 - nfs4 fs02:/export rw',
  '42 41 8:2 / /srv/nfs/local rw,relatime shared:22 - ext4 /dev/sdb1 rw',
  '43 22 0:37 / /home/clerk/remote rw,nosuid shared:23 - fuse.sshfs clerk@host:/data rw',
  '44 22 0:38 / /mnt/office\\040share rw shared:24 - smb3 //fs01/x rw',
  '45 22 0:39 / /mnt/c rw,noatime - 9p drvfs rw',
  '46 22 0:40 / /tmp rw - tmpfs tmpfs rw',
].join('\n');

describe('which file system holds a path', () => {
  const mounts = parseMountInfo(MOUNTS);

  it.each([
    ['/home/clerk/kaohe.db', 'ext4', false],
    ['/mnt/share/kaohe/kaohe.db', 'cifs', true],
    ['/mnt/shared/kaohe.db', 'ext4', false], // a longer name is not inside /mnt/share
    ['/srv/nfs/kaohe.db', 'nfs4', true],
    ['/srv/nfs/local/kaohe.db', 'ext4', false], // a local disk mounted inside the share
    ['/home/clerk/remote/k.db', 'fuse.sshfs', true],
    ['/mnt/office share/k.db', 'smb3', true], // \040 in the table is a space
    ['/mnt/c/Users/k.db', '9p', true],
    ['/tmp/k.db', 'tmpfs', false],
  ])('%s is on %s (network: %s)', (path, type, network) => {
    expect(fsTypeOf(path, mounts)).toBe(type);
    expect(isNetworkFs(type)).toBe(network);
  });

  it('local FUSE file systems are not network ones', () => {
    expect(isNetworkFs('fuse.sshfs')).toBe(true);
    expect(isNetworkFs('fuseblk')).toBe(false);
    expect(isNetworkFs('fuse.gvfsd-fuse')).toBe(false);
    expect(isNetworkFs('nfs')).toBe(true);
    expect(isNetworkFs('smbfs')).toBe(true);
  });
});

describe('a file statfs places on a local file system skips the mount table', () => {
  it.each([
    [0xef53, 'ext4', true],
    [0x58465342, 'xfs', true],
    [0x9123683e, 'btrfs', true],
    [0x9123683e - 2 ** 32, 'btrfs as a signed 32-bit f_type', true],
    [0x01021994, 'tmpfs', true],
    [0x794c7630, 'overlayfs', true],
    [0x2fc12fc1, 'zfs', true],
    [0x6969, 'nfs', false],
    [0x517b, 'smb', false],
    [0xff534d42, 'cifs', false],
    [0xfe534d42, 'smb2', false],
    [0x65735546, 'fuse (sshfs among them)', false],
    [0x01021997, '9p', false],
    [0x00c36400, 'ceph', false],
    [0x9fa0, 'proc', false],
    [0, 'unknown', false],
  ])('f_type %s (%s): local %s', (type, _name, local) => {
    expect(isLocalFsMagic(type)).toBe(local);
  });

  it('a file that is not there, or not on a known local type, goes to the mount table', () => {
    expect(onLocalFs(join(tempDir(), 'none.db'))).toBe(false);
    if (process.platform === 'linux') expect(onLocalFs('/proc/self/mountinfo')).toBe(false);
  });

  it('a table handed in is still asked, whatever the file\'s own disk', () => {
    const file = join(tempDir(), 'k.db');
    writeFileSync(file, '');
    expect(() => refuseNetworkDb(file, `22 1 8:1 / / rw shared:1 - nfs4 fs02:/export rw`)).toThrow(expect.objectContaining({ exitCode: 5 }));
  });
});

describe('refusing a database on a network drive', () => {
  it('exit 5 naming the path and the file system, in zh and en; an unreadable table refuses nothing', () => {
    const refused = () => refuseNetworkDb('/mnt/share/kaohe/kaohe.db', MOUNTS);
    expect(refused).toThrow(expect.objectContaining({ exitCode: 5, key: 'db.network_fs', params: { path: '/mnt/share/kaohe/kaohe.db', fs: 'cifs' } }));
    expect(() => refuseNetworkDb('/home/clerk/kaohe.db', MOUNTS)).not.toThrow();
    expect(() => refuseNetworkDb('/mnt/share/kaohe.db', null)).not.toThrow();
    const params = { path: '/mnt/share/kaohe/kaohe.db', fs: 'cifs' };
    expect(t('en', 'db.network_fs', params)).toMatch(/^\/mnt\/share\/kaohe\/kaohe\.db is on a network drive \(cifs\): .*local disk.*kaohe db backup/);
    expect(t('zh', 'db.network_fs', params)).toMatch(/^\/mnt\/share\/kaohe\/kaohe\.db 位于网络驱动器（cifs）上：.*本机磁盘.*kaohe db backup/);
  });

  it('a database on this machine\'s own disk still opens (db init, then a command)', () => {
    const file = join(tempDir(), 'k.db');
    const r = kaohe(['db', 'init'], { KAOHE_DB: file });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('keep this file on a local disk');
    expect(kaohe(['--lang', 'zh', 'db', 'init'], { KAOHE_DB: join(tempDir(), 'z.db') }).stdout).toContain('此文件须放在本机磁盘上');
  });
});
