import { describe, expect, it } from 'vitest';
import * as device from './device.js';
import { fixture, testSshConfig } from './test-config.js';

const VG_ID = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

describe('device command lines', () => {
  const config = testSshConfig();

  it('builds pvcreate and vgcreate with the configured alignment, extent size and autobackup', () => {
    expect(device.pvcreate(config, '/dev/sdb').argv).toEqual([
      '/usr/sbin/lvm', 'pvcreate', '-qq', '--metadatasize=128M', '--dataalignment=256K', '/dev/sdb',
    ]);
    expect(device.vgcreate(testSshConfig({ backupLvmMetadata: true, vgPhysicalExtentSize: '8M' }), '/dev/sdb', VG_ID).argv).toEqual([
      '/usr/sbin/lvm', 'vgcreate', '-qq', '--physicalextentsize=8M', '--autobackup=y', `vg_${VG_ID}`, '/dev/sdb',
    ]);
    expect(device.pvcreate(config, '/dev/sdb').timeoutMs).toBe(5 * 60_000);
  });

  it('puts the lvm_wrapper in front of lvm and udevadm', () => {
    const wrapped = testSshConfig({ lvmWrapper: '/usr/local/sbin/lvm-wrapper' });
    expect(device.vgdisplay(wrapped, VG_ID).argv).toEqual([
      '/usr/local/sbin/lvm-wrapper', '/usr/sbin/lvm', 'vgdisplay', '-c', `vg_${VG_ID}`,
    ]);
    expect(device.udevSymlinks(wrapped, '/dev/sdb').argv).toEqual([
      '/usr/local/sbin/lvm-wrapper', '/usr/bin/udevadm', 'info', '--query=symlink', '--name=/dev/sdb',
    ]);
  });

  it('builds the report, teardown and wipe commands', () => {
    expect(device.pvsReport(config, '/dev/sdb').argv).toEqual([
      '/usr/sbin/lvm', 'pvs', '-o', 'pv_name,pv_uuid,vg_name', '--reportformat=json', '/dev/sdb',
    ]);
    expect(device.vgremove(config, VG_ID).argv).toEqual(['/usr/sbin/lvm', 'vgremove', '-qq', `vg_${VG_ID}`]);
    expect(device.pvremove(config, '/dev/sdb').argv).toEqual(['/usr/sbin/lvm', 'pvremove', '-qq', '/dev/sdb']);
    expect(device.wipefs('/dev/sdb').argv).toEqual(['wipefs', '--all', '/dev/sdb']);
    expect(device.removeVgMountDir(VG_ID).argv).toEqual(['rmdir', `/var/lib/heketi/mounts/vg_${VG_ID}`]);
  });

  it('refuses hostile device paths and ids before building anything', () => {
    expect(() => device.pvcreate(config, '/dev/sdb;touch /tmp/pwned')).toThrow(/invalid device path/);
    expect(() => device.vgcreate(config, '/dev/sdb', 'x$(id)')).toThrow(/invalid device id/);
  });
});

describe('device output parsers', () => {
  it('reads sizes from vgdisplay -c', async () => {
    expect(device.parseVgDisplay(await fixture('vgdisplay-c.txt'))).toEqual({
      extentSizeKib: 4096,
      totalKib: 4063 * 4096,
      usedKib: 0,
      freeKib: 4063 * 4096,
    });
  });

  it('rejects vgdisplay output with fewer than 17 fields or non-numeric sizes', () => {
    expect(() => device.parseVgDisplay('vg:r/w:772')).toThrow(/unable to parse vgdisplay/);
    expect(() => device.parseVgDisplay('a:b:c:d:e:f:g:h:i:j:k:l:x:1:0:1:u')).toThrow(/field 12/);
  });

  it('reads the PV UUID from pvs and vgs JSON reports', async () => {
    expect(device.parsePvUuid(await fixture('pvs.json'))).toBe('BfuYPj-OjBz-xtZi-Utf8-MEWH-9cYc-miYTJ4');
    expect(device.parsePvUuid(await fixture('vgs.json'))).toBe('');
    expect(device.parsePvUuid('{"report":[{"vg":[{"pv_uuid":"U-1"}]}]}')).toBe('U-1');
    expect(() => device.parsePvUuid('not json')).toThrow(/LVM JSON/);
  });

  it('turns udev symlinks into /dev paths without the pv-uuid links', () => {
    expect(device.parseUdevSymlinks('disk/by-id/wwn-1 disk/by-path/pci-0 disk/by-id/lvm-pv-uuid-XYZ\n')).toEqual([
      '/dev/disk/by-id/wwn-1',
      '/dev/disk/by-path/pci-0',
    ]);
    expect(device.parseUdevSymlinks('')).toEqual([]);
  });
});
