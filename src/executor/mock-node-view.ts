/**
 * What the mock executor's pretend nodes show the examiner: LVM reports, mounts, the fstab and
 * gluster's volume info, derived from the mock's state. Tests make drift by editing that state
 * (a brick left unmounted, an LV removed, a volume made "by hand") through MockExecutor.tamper.
 */
import { GiB } from '../domain/units.js';
import { brickDevicePath, brickLvName, brickMountDir, thinPoolName, vgName } from '../domain/naming.js';
import type { FstabEntry, LvRow, LvsReport, MountEntry, MountState, PvsReport, VgsReport, VolInfo } from './examine-types.js';
import type { VolumeDurabilitySpec } from './executor.js';

export interface MockBrick {
  host: string;
  vgId: string;
  path: string;
  usedKib: number;
  /** Virtual size; absent in state files written before it was kept. */
  sizeKib?: number;
  /** false: the LV and its pool are gone (and so is the mount). */
  lv?: boolean;
  /** false: not mounted (a node restart without the fstab line, say). */
  mounted?: boolean;
  /** false: no fstab line. */
  fstab?: boolean;
  /** The thin pool the brick's LV lives in (a clone's bricks share their sources'); absent in older state files. */
  pool?: string;
}

export interface MockVolume {
  bricks: string[];
  durability?: VolumeDurabilitySpec;
  options?: string[];
  stopped?: boolean;
}

export interface MockDevice {
  host: string;
  name: string;
  vgId: string;
}

const MOUNT_OPTIONS = 'rw,inode64,noatime,nouuid';
const k = (kib: number): string => `${kib.toFixed(2)}k`;

const lvRow = (name: string, vg: string, sizeKib: number, pool: string): LvRow => ({
  lv_name: name,
  vg_name: vg,
  lv_attr: pool === '' ? 'twi-aotz--' : 'Vwi-aotz--',
  lv_size: k(sizeKib),
  pool_lv: pool,
  origin: '',
  data_percent: '0.00',
  metadata_percent: pool === '' ? '0.00' : '',
  move_pv: '',
  mirror_log: '',
  copy_percent: '',
  convert_lv: '',
});

const bricksOn = (bricks: Record<string, MockBrick>, host: string): [string, MockBrick][] =>
  Object.entries(bricks).filter(([, b]) => b.host === host);

export const mockPvs = (devices: MockDevice[], host: string, sizeGb: number): PvsReport => ({
  report: [
    {
      pv: devices
        .filter((d) => d.host === host)
        .map((d) => ({ pv_name: d.name, vg_name: vgName(d.vgId), pv_fmt: 'lvm2', pv_attr: 'a--', pv_size: k(sizeGb * GiB), pv_free: '' })),
    },
  ],
});

export const mockVgs = (devices: MockDevice[], bricks: Record<string, MockBrick>, host: string, sizeGb: number): VgsReport => ({
  report: [
    {
      vg: devices
        .filter((d) => d.host === host)
        .map((d) => {
          const used = bricksOn(bricks, host).filter(([, b]) => b.vgId === d.vgId && b.lv !== false);
          const usedKib = used.reduce((sum, [, b]) => sum + b.usedKib, 0);
          return {
            vg_name: vgName(d.vgId),
            'pv_count:': '',
            lv_count: String(used.length * 2),
            snap_count: '0',
            vg_attr: 'wz--n-',
            vg_size: k(sizeGb * GiB),
            vg_free: k(sizeGb * GiB - usedKib),
          };
        }),
    },
  ],
});

export const mockLvs = (bricks: Record<string, MockBrick>, host: string): LvsReport => ({
  report: [
    {
      lv: bricksOn(bricks, host)
        // clone bricks are LVs gluster's snapshot made inside their sources' pools, not heketi-ts's
        .filter(([, b]) => b.lv !== false && !isSnapshotPath(b.path))
        .flatMap(([id, b]) => [
          lvRow(brickLvName(id), vgName(b.vgId), b.sizeKib ?? b.usedKib, thinPoolName(id)),
          lvRow(thinPoolName(id), vgName(b.vgId), b.usedKib, ''),
        ]),
    },
  ],
});

/** Snapshot (clone) bricks are mounted by gluster, under /run/gluster, and have no fstab line. */
const isSnapshotPath = (path: string): boolean => path.startsWith('/run/gluster/');

export const mockMountState = (bricks: Record<string, MockBrick>, host: string): MountState => {
  const mounts: MountEntry[] = [];
  const fstab: FstabEntry[] = [];
  for (const [id, b] of bricksOn(bricks, host)) {
    if (isSnapshotPath(b.path)) continue;
    const device = brickDevicePath(b.vgId, id);
    const dir = brickMountDir(b.vgId, id);
    if (b.lv !== false && b.mounted !== false) {
      mounts.push({ device, mountPoint: dir, type: 'xfs', options: MOUNT_OPTIONS, line: `${device} on ${dir} type xfs (${MOUNT_OPTIONS})` });
    }
    if (b.fstab !== false) fstab.push({ device, mountPoint: dir, type: 'xfs', options: MOUNT_OPTIONS, line: `${device} ${dir} xfs ${MOUNT_OPTIONS} 1 2` });
  }
  return { mounts, fstab };
};

const typeOf = (d: VolumeDurabilitySpec | undefined, bricks: number): { Type: number; TypeStr: string } => {
  if (d?.type === 'replicate') return bricks > d.replica ? { Type: 7, TypeStr: 'Distributed-Replicate' } : { Type: 2, TypeStr: 'Replicate' };
  if (d?.type === 'disperse') {
    return bricks > d.data + d.redundancy ? { Type: 9, TypeStr: 'Distributed-Disperse' } : { Type: 4, TypeStr: 'Disperse' };
  }
  return { Type: 0, TypeStr: 'Distribute' };
};

const name = (local: string) => ({ Space: '', Local: local });

export const mockVolInfo = (volumes: Record<string, MockVolume>): VolInfo => {
  const list = Object.entries(volumes).map(([volumeName, v], i) => {
    const d = v.durability;
    const options = (v.options ?? []).filter((o) => o.trim() !== '').map((o) => {
      const [key = '', ...rest] = o.trim().split(/\s+/);
      return { Name: key, Value: rest.join(' ') };
    });
    return {
      XMLName: name('volume'),
      VolumeName: volumeName,
      ID: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      Status: v.stopped ? 2 : 1,
      StatusStr: v.stopped ? 'Stopped' : 'Started',
      BrickCount: v.bricks.length,
      DistCount: 1,
      StripeCount: 0,
      ReplicaCount: d?.type === 'replicate' ? d.replica : 1,
      ArbiterCount: d?.type === 'replicate' && d.arbiter ? 1 : 0,
      DisperseCount: d?.type === 'disperse' ? d.data + d.redundancy : 0,
      RedundancyCount: d?.type === 'disperse' ? d.redundancy : 0,
      ...typeOf(d, v.bricks.length),
      Transport: 0,
      Bricks: {
        XMLName: name('bricks'),
        BrickList: v.bricks.length > 0 ? v.bricks.map((b) => ({ UUID: '', Name: b, HostUUID: '', IsArbiter: 0 })) : null,
      },
      OptCount: options.length,
      Options: { XMLName: name('options'), OptionList: options.length > 0 ? options : null },
    };
  });
  return {
    XMLName: name('volInfo'),
    Volumes: { XMLName: name('volumes'), Count: list.length, VolumeList: list.length > 0 ? list : null },
  };
};
