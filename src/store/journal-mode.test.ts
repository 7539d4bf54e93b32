import { describe, expect, it } from 'vitest';
import { chooseJournalMode, filesystemFromMagic, filesystemOf, isSharedFilesystem, parseMountInfo } from './journal-mode.js';

// Lines as the kernel writes them (proc(5)), including a FUSE mount with a space in its path.
const MOUNTINFO = [
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
  '40 22 0:35 / /var/lib/heketi rw,relatime shared:20 - xfs /dev/sdb rw',
  '41 40 0:36 / /var/lib/heketi/db rw,relatime shared:21 - fuse.glusterfs 10.0.0.1:/heketidbstorage rw,user_id=0',
  '42 22 0:37 / /mnt/with\\040space rw,relatime - nfs4 srv:/export rw,vers=4.2',
  '43 22 0:38 / /mnt/over rw - tmpfs tmpfs rw',
  '44 22 0:39 / /mnt/over rw - fuse.sshfs me@host:/ rw',
].join('\n');

describe('parseMountInfo + filesystemOf', () => {
  const mounts = parseMountInfo(MOUNTINFO);

  it('reads the mount point and the type, unescaping octal escapes', () => {
    expect(mounts).toContainEqual({ mountPoint: '/mnt/with space', fsType: 'nfs4' });
    expect(mounts).toHaveLength(6);
  });

  it('takes the deepest mount that holds the directory', () => {
    expect(filesystemOf('/var/lib/heketi/db', mounts)).toBe('fuse.glusterfs');
    expect(filesystemOf('/var/lib/heketi/db/sub', mounts)).toBe('fuse.glusterfs');
    expect(filesystemOf('/var/lib/heketi', mounts)).toBe('xfs');
    expect(filesystemOf('/var/lib/heketi-other', mounts)).toBe('ext4');
    expect(filesystemOf('/mnt/with space/x', mounts)).toBe('nfs4');
  });

  it('takes the later of two mounts on the same place (the one that hides the other)', () => {
    expect(filesystemOf('/mnt/over', mounts)).toBe('fuse.sshfs');
  });

  it('knows nothing without a root mount', () => {
    expect(filesystemOf('/x', [])).toBeUndefined();
  });
});

describe('chooseJournalMode', () => {
  it('uses WAL on local file systems and TRUNCATE on FUSE and network ones', () => {
    for (const fs of ['ext4', 'xfs', 'btrfs', 'tmpfs', 'overlay']) expect(chooseJournalMode('auto', fs)).toBe('wal');
    for (const fs of ['fuse.glusterfs', 'fuse', 'nfs', 'nfs4', 'cifs', 'smb3', 'ceph', 'glusterfs']) {
      expect(chooseJournalMode('auto', fs)).toBe('truncate');
    }
    expect(chooseJournalMode('auto', undefined)).toBe('wal');
  });

  it('lets the configuration force a mode either way', () => {
    expect(chooseJournalMode('delete', 'ext4')).toBe('delete');
    expect(chooseJournalMode('wal', 'fuse.glusterfs')).toBe('wal');
    expect(chooseJournalMode('truncate', undefined)).toBe('truncate');
  });

  it('names shared file systems from statfs magic numbers', () => {
    expect(filesystemFromMagic(0x65735546)).toBe('fuse');
    expect(filesystemFromMagic(0x6969)).toBe('nfs');
    expect(filesystemFromMagic(0xef53)).toBeUndefined();
    expect(isSharedFilesystem('fuse.glusterfs')).toBe(true);
    expect(isSharedFilesystem('xfs')).toBe(false);
  });
});
