import { describe, expect, it } from 'vitest';
import { blockVolumeList, catFstab, lvmReport, mountList, volumesInfoXml } from './examine.js';
import { volumeHealFull, volumeResetBrick, volumeResetBrickStart, volumeStartForce } from './repair.js';
import { parseVolInfo } from './gluster-xml.js';
import { kibOf, parseLvsReport, parsePvsReport, parseVgsReport, rowsOf } from './lvm-report.js';
import { brickMountStatus, parseFstab, parseMountOutput } from './mounts.js';
import { fixture, testSshConfig } from './test-config.js';

const config = testSshConfig();
const VG = 'vg_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B1 = 'brick_b1bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

describe('examiner command lines', () => {
  it('are Heketi’s read-only commands, each argument separate', () => {
    expect(lvmReport(config, 'lvs').argv).toEqual(['/usr/sbin/lvm', 'lvs', '--reportformat', 'json', '--units', 'k']);
    expect(lvmReport(testSshConfig({ lvmWrapper: '/w' }), 'pvs').argv).toEqual(['/w', '/usr/sbin/lvm', 'pvs', '--reportformat', 'json', '--units', 'k']);
    expect(mountList().argv).toEqual(['mount']);
    expect(catFstab(testSshConfig({ fstab: '/etc/fstab.heketi' })).argv).toEqual(['cat', '/etc/fstab.heketi']);
    expect(volumesInfoXml(config).argv).toEqual(['gluster', '--mode=script', '--timeout=600', '--xml', '--', 'volume', 'info']);
    expect(blockVolumeList('vol_x').argv).toEqual(['gluster-block', 'list', 'vol_x', '--json']);
  });

  it('repairs: start force, reset-brick of the same brick (start, then commit), heal full', () => {
    expect(volumeStartForce(config, 'vol_x').argv.slice(4)).toEqual(['volume', 'start', 'vol_x', 'force']);
    const brick = { host: '10.0.0.1', path: '/var/lib/heketi/mounts/vg_a/brick_b/brick' };
    expect(volumeResetBrickStart(config, 'vol_x', brick).argv.slice(4)).toEqual(['volume', 'reset-brick', 'vol_x', `10.0.0.1:${brick.path}`, 'start']);
    expect(() => volumeResetBrickStart(config, '-x', brick)).toThrow(/invalid volume name/);
    expect(volumeResetBrick(config, 'vol_x', brick).argv.slice(4)).toEqual([
      'volume', 'reset-brick', 'vol_x', `10.0.0.1:${brick.path}`, `10.0.0.1:${brick.path}`, 'commit', 'force',
    ]);
    expect(volumeHealFull(config, 'vol_x').argv.slice(4)).toEqual(['volume', 'heal', 'vol_x', 'full']);
    expect(() => volumeResetBrick(config, 'vol_x', { host: '-oProxy', path: brick.path })).toThrow(/invalid hostname/);
  });

  it('refuse names that could be read as options or paths', () => {
    expect(() => blockVolumeList('-x')).toThrow(/invalid volume name/);
    expect(() => volumeStartForce(config, 'a b')).toThrow(/invalid volume name/);
    expect(() => catFstab(testSshConfig({ fstab: 'relative' }))).toThrow(/invalid fstab/);
  });
});

describe('LVM JSON reports', () => {
  it('keep the fields of Heketi’s structs, in order, "" for absent ones', async () => {
    const lvs = parseLvsReport(await fixture('lvs.json'));
    const rows = rowsOf<{ lv_name: string; lv_size: string }>(lvs, 'lv');
    expect(rows.map((r) => r.lv_name)).toEqual([B1, 'tp_b1bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb']);
    expect(Object.keys(rows[0]!)).toEqual([
      'lv_name', 'vg_name', 'lv_attr', 'lv_size', 'pool_lv', 'origin', 'data_percent', 'metadata_percent', 'move_pv', 'mirror_log', 'copy_percent', 'convert_lv',
    ]);
    expect(kibOf(rows[0]!.lv_size)).toBe(1048576);
    const vgs = parseVgsReport(await fixture('vgs.json'));
    expect(vgs.report?.[0]?.vg?.[0]).toEqual({ vg_name: VG, 'pv_count:': '', lv_count: '', snap_count: '', vg_attr: '', vg_size: '', vg_free: '' });
    const pvs = parsePvsReport(await fixture('pvs.json'));
    expect(Object.keys(pvs.report?.[0]?.pv?.[0] ?? {})).toEqual(['pv_name', 'vg_name', 'pv_fmt', 'pv_attr', 'pv_size', 'pv_free']);
  });

  it('fail with Heketi’s words on output that is not a report', () => {
    expect(() => parseLvsReport('not json')).toThrow(/^Unable to determine LVM LVs : /);
    expect(() => parseVgsReport('{}')).toThrow(/Unable to determine LVM VGs : no "report" list/);
    expect(kibOf('12.5g')).toBeNaN();
  });
});

describe('mount and fstab', () => {
  it('derive Heketi’s brick mount status: fstab lines, mounted when the device is in mount', async () => {
    const state = { mounts: parseMountOutput(await fixture('mount.txt')), fstab: parseFstab(await fixture('fstab.txt')) };
    expect(state.mounts).toHaveLength(3);
    expect(state.mounts[2]).toMatchObject({ device: `/dev/mapper/${VG}-${B1}`, mountPoint: `/var/lib/heketi/mounts/${VG}/${B1}`, type: 'xfs' });
    expect(state.fstab.map((f) => f.mountPoint)).toEqual([`/var/lib/heketi/mounts/${VG}/${B1}`, `/var/lib/heketi/mounts/${VG}/brick_b2bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb`]);
    const status = brickMountStatus(state);
    expect(status.Statuses?.map((s) => s.Mounted)).toEqual([true, false]);
    expect(status.Statuses?.[0]).toEqual({
      Device: `/dev/mapper/${VG}-${B1}`,
      MountPoint: `/var/lib/heketi/mounts/${VG}/${B1}`,
      Type: 'xfs',
      MountOptions: 'rw,inode64,noatime,nouuid',
      Mounted: true,
    });
    expect(brickMountStatus({ mounts: [], fstab: [] })).toEqual({ Statuses: null });
  });
});

describe('gluster volume info --xml as Heketi’s VolInfo', () => {
  it('has every key of Heketi’s structs, XML names included', async () => {
    const info = parseVolInfo(await fixture('volume-info.xml'));
    expect(info.XMLName).toEqual({ Space: '', Local: 'volInfo' });
    expect(info.Volumes.Count).toBe(1);
    const volume = info.Volumes.VolumeList?.[0];
    expect(Object.keys(volume ?? {})).toEqual([
      'XMLName', 'VolumeName', 'ID', 'Status', 'StatusStr', 'BrickCount', 'DistCount', 'StripeCount', 'ReplicaCount',
      'ArbiterCount', 'DisperseCount', 'RedundancyCount', 'Type', 'TypeStr', 'Transport', 'Bricks', 'OptCount', 'Options',
    ]);
    expect(volume).toMatchObject({ VolumeName: 'vol_fixture', Status: 1, StatusStr: 'Started', ReplicaCount: 3, TypeStr: 'Replicate', StripeCount: 0, OptCount: 6 });
    expect(volume?.Bricks.BrickList?.[0]).toEqual({
      UUID: '24e061b7-a681-43bf-892f-8193b5e6a965',
      Name: `10.213.77.11:/var/lib/heketi/mounts/${VG}/${B1}/brick`,
      HostUUID: '24e061b7-a681-43bf-892f-8193b5e6a965',
      IsArbiter: 0,
    });
    expect(volume?.Options.OptionList?.[1]).toEqual({ Name: 'cluster.granular-entry-heal', Value: 'on' });
  });

  it('gives a null list for a pool without volumes, and throws gluster’s error', async () => {
    const missing = await fixture('volume-info-missing.xml');
    const empty = '<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><volInfo><volumes><count>0</count></volumes></volInfo></cliOutput>';
    expect(parseVolInfo(empty).Volumes).toEqual({ XMLName: { Space: '', Local: 'volumes' }, Count: 0, VolumeList: null });
    expect(() => parseVolInfo(missing)).toThrow('Volume does not exist');
  });
});
