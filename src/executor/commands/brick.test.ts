import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrickRequest } from '../executor.js';
import * as brick from './brick.js';
import { fixture, testSshConfig } from './test-config.js';

const VG = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const ID = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const MNT = `/var/lib/heketi/mounts/vg_${VG}/brick_${ID}`;
const DEV = `/dev/mapper/vg_${VG}-brick_${ID}`;

const request = (overrides: Partial<BrickRequest> = {}): BrickRequest => ({
  vgId: VG,
  name: ID,
  tpName: `tp_${ID}`,
  lvName: `brick_${ID}`,
  sizeKib: 1048576,
  tpSizeKib: 1048576,
  poolMetadataSizeKib: 8192,
  gid: 0,
  path: `${MNT}/brick`,
  format: 'normal',
  ...overrides,
});

describe('brick create sequence', () => {
  it("is Heketi's sequence, with data as separate arguments", () => {
    const lines = brick.brickCreateSequence(testSshConfig(), request()).map((c) => c.argv);
    expect(lines).toEqual([
      ['mkdir', '-p', MNT],
      ['/usr/sbin/lvm', 'lvcreate', '-qq', '--autobackup=n', '--poolmetadatasize', '8192K', '--chunksize', '256K',
        '--size', '1048576K', '--thin', `vg_${VG}/tp_${ID}`, '--virtualsize', '1048576K', '--name', `brick_${ID}`],
      ['mkfs.xfs', '-i', 'size=512', '-n', 'size=8192', DEV],
      ['awk', brick.FSTAB_APPEND_PROGRAM, DEV, MNT, 'rw,inode64,noatime,nouuid', '/etc/fstab'],
      ['mount', '-o', 'rw,inode64,noatime,nouuid', DEV, MNT],
      ['mkdir', `${MNT}/brick`],
    ]);
  });

  it('adds chown :gid and chmod 2775 when gid is not 0', () => {
    const lines = brick.brickCreateSequence(testSshConfig(), request({ gid: 2001 })).map((c) => c.argv);
    expect(lines.slice(-2)).toEqual([
      ['chown', ':2001', `${MNT}/brick`],
      ['chmod', '2775', `${MNT}/brick`],
    ]);
  });

  it('uses su/sw only when both are set, and maxpct=100 with a 256K chunk for arbiter bricks', () => {
    const config = testSshConfig({ xfsSu: 64, xfsSw: 4, lvChunkSize: '512K' });
    const names = brick.brickNames(request());
    expect(brick.mkfsXfs(config, request(), names).argv).toEqual(['mkfs.xfs', '-i', 'size=512', '-d', 'su=64,sw=4', '-n', 'size=8192', DEV]);
    expect(brick.mkfsXfs(testSshConfig({ xfsSu: 64 }), request(), names).argv).not.toContain('-d');
    const arbiter = request({ format: 'arbiter' });
    expect(brick.mkfsXfs(config, arbiter, names).argv).toEqual(['mkfs.xfs', '-i', 'size=512', '-i', 'maxpct=100', '-n', 'size=8192', DEV]);
    expect(brick.lvcreateThin(config, arbiter, names).argv).toContain('256K');
    expect(brick.lvcreateThin(config, request(), names).argv).toContain('512K');
  });

  it('doubles dashes in device-mapper names', () => {
    expect(brick.brickNames(request({ lvName: 'my-lv' })).device).toBe(`/dev/mapper/vg_${VG}-my--lv`);
  });

  it('refuses hostile paths, ids, mount options and sizes', () => {
    expect(() => brick.brickCreateSequence(testSshConfig(), request({ path: '/x/$(touch /tmp/pwned)/brick' }))).toThrow(/brick path/);
    expect(() => brick.brickCreateSequence(testSshConfig(), request({ name: 'b;rm' }))).toThrow(/brick id/);
    expect(() => brick.brickCreateSequence(testSshConfig({ mountopts: 'rw;id' }), request())).toThrow(/mount options/);
    expect(() => brick.brickCreateSequence(testSshConfig(), request({ sizeKib: -1 }))).toThrow(/brick size/);
    expect(() => brick.brickCreateSequence(testSshConfig(), request({ gid: 1.5 }))).toThrow(/gid/);
  });

  it('appends exactly one fstab line with the fixed awk program (run locally)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fstab-'));
    const fstab = join(dir, 'fstab');
    writeFileSync(fstab, '# header\n');
    const names = brick.brickNames(request());
    const [, ...args] = brick.fstabAppend(testSshConfig({ fstab }), names).argv;
    execFileSync('awk', args);
    expect(readFileSync(fstab, 'utf8')).toBe(`# header\n${DEV} ${MNT} xfs rw,inode64,noatime,nouuid 1 2\n`);
    const [, ...sedArgs] = brick.fstabRemove(testSshConfig({ fstab }), names).argv;
    execFileSync('sed', sedArgs);
    expect(readFileSync(fstab, 'utf8')).toBe('# header\n');
    expect(readFileSync(`${fstab}.save`, 'utf8')).toContain(MNT);
  });
});

describe('brick destroy commands and parsers', () => {
  const names = brick.brickNames(request());
  const config = testSshConfig({ backupLvmMetadata: true });

  it('builds the destroy commands', () => {
    expect(brick.umountBrick(names).argv).toEqual(['umount', MNT]);
    expect(brick.fstabRemove(config, names).argv).toEqual(['sed', '-i.save', '-e', `/brick_${ID}/d`, '/etc/fstab']);
    expect(brick.lvremove(config, names, `brick_${ID}`).argv).toEqual(['/usr/sbin/lvm', 'lvremove', '--autobackup=y', '-f', `vg_${VG}/brick_${ID}`]);
    expect(brick.thinCount(config, names).argv).toEqual(['/usr/sbin/lvm', 'lvs', '--noheadings', '--options=thin_count', `vg_${VG}/tp_${ID}`]);
    expect(brick.removeMountDir(names).argv).toEqual(['rmdir', MNT]);
  });

  it('parses thin_count and recognises not-found answers', async () => {
    expect(brick.parseThinCount(await fixture('lvs-thin-count.txt'))).toBe(1);
    expect(brick.parseThinCount('  0\n')).toBe(0);
    expect(() => brick.parseThinCount('')).toThrow();
    expect(brick.isLvNotFound(`  Failed to find logical volume "vg_${VG}/tp_x"`)).toBe(true);
    expect(brick.isLvNotFound('  One or more specified logical volume(s) not found.')).toBe(true);
    expect(brick.isLvNotFound('contains a filesystem in use.')).toBe(false);
  });

  it('tells mount points from mere prefixes in mount output', () => {
    const output = `${DEV} on ${MNT} type xfs (rw)\n/dev/sda1 on / type ext4 (rw)\n`;
    expect(brick.isMounted(output, MNT)).toBe(true);
    expect(brick.isMounted(output, `${MNT}x`)).toBe(false);
    expect(brick.isSnapshotBrickPath('/run/gluster/snaps/x/brick1')).toBe(true);
    expect(brick.isSnapshotBrickPath(MNT)).toBe(false);
  });
});
