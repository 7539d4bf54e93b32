import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import { createCommandExecutor } from '../../src/executor/command-executor.js';
import type { Executor } from '../../src/executor/executor.js';
import { GiB } from '../../src/domain/units.js';
import { ensurePool, brickLeftovers, brickSpec, hostPattern, loadTestbed, onNode, testbedSshConfig } from './helpers/testbed.js';
import * as cluster from './helpers/cluster.js';
import { createBricks, destroyBricks, setupDevices, teardownDevices, type NodeDevice, type PlacedBrick } from './helpers/cluster.js';
import { dropCaches, mountVolume, payloadRoundTrip, sha256File, unmountVolume, writeRandomFile } from './helpers/fuse.js';

// The command executor straight against the test bed: real sshd, glusterd, XFS and FUSE; LVM is the shim.
const tb = loadTestbed();
let executor: Executor;
let devices: NodeDevice[] = [];
const first = (): string => devices[0]?.host ?? '';

// Volumes a failed test left behind are removed in afterAll, so that the devices can be torn down.
type Volume = { name: string; bricks: PlacedBrick[] };
const live = new Set<Volume>();
const createVolume = async (...args: Parameters<typeof cluster.createVolume>): Promise<Volume> => {
  const volume = await cluster.createVolume(...args);
  live.add(volume);
  return volume;
};
const deleteVolume = async (ex: Executor, host: string, volume: Volume): Promise<void> => {
  await cluster.deleteVolume(ex, host, volume);
  live.delete(volume);
};

beforeAll(async () => {
  await ensurePool(tb);
  executor = createCommandExecutor(testbedSshConfig(tb));
  devices = await setupDevices(executor, tb);
});

afterAll(async () => {
  for (const volume of live) await cluster.deleteVolume(executor, first(), volume).catch(() => undefined);
  await teardownDevices(executor, devices);
  const pvs = await Promise.all(tb.nodes.map((host) => onNode(tb, host, '/usr/local/sbin/pvs --noheadings | wc -l')));
  await executor.close();
  expect(pvs.map((n) => n.trim())).toEqual(tb.nodes.map(() => '0'));
});

const volumeGone = async (name: string): Promise<boolean> =>
  !(await onNode(tb, first(), 'gluster --mode=script volume list')).split('\n').includes(name);

describe('executor on the test bed', () => {
  it('sets up a device and reads the VG size back', async () => {
    for (const device of devices) {
      // The disk's size from the kernel (TB_DISK_SIZE of the bed); the VG is that less the PV's metadata area.
      const diskKib = Number(await onNode(tb, device.host, 'blockdev --getsize64 /dev/sdb')) / 1024;
      expect(diskKib).toBeGreaterThanOrEqual(16 * GiB);
      expect(device.info.extentSizeKib).toBe(4096);
      expect(device.info.totalKib).toBeGreaterThan(diskKib - GiB);
      expect(device.info.totalKib).toBeLessThanOrEqual(diskKib);
      expect(device.info.freeKib).toBe(device.info.totalKib);
      expect(device.info.pvUuid).toMatch(/^[A-Za-z0-9-]{38}$/);
    }
    const again = await executor.getDeviceInfo(first(), { name: '/dev/sdb', pvUuid: devices[0]?.info.pvUuid ?? '', paths: ['/dev/sdb'] }, devices[0]?.vgId ?? '');
    expect(again.totalKib).toBe(devices[0]?.info.totalKib);
  });

  it('creates a brick (mounted, in fstab) and destroys it without leftovers', async () => {
    const [brick] = await createBricks(executor, devices.slice(0, 1));
    if (!brick) throw new Error('no brick');
    const mounts = await onNode(tb, brick.host, 'mount; cat /etc/fstab');
    expect(mounts.split('\n').filter((l) => l.includes(brick.request.name))).toHaveLength(2);
    const device = await executor.getDeviceInfo(brick.host, { name: '/dev/sdb', pvUuid: '', paths: ['/dev/sdb'] }, brick.request.vgId);
    expect(device.usedKib).toBeGreaterThan(0);
    expect(await destroyBricks(executor, [brick])).toEqual([true]);
    expect(await brickLeftovers(tb, brick.host, brick.request)).toEqual([]);
  });

  it('runs a replica-3 volume end to end: 100 MiB through FUSE, on every brick, expand, delete', async () => {
    const volume = await createVolume(executor, devices, { type: 'replicate', replica: 3, arbiter: false });
    await payloadRoundTrip(tb, first(), volume.name, volume.bricks.map((b) => ({ host: b.host, path: b.request.path })));
    const more = await createBricks(executor, devices);
    await executor.volumeExpand(first(), { name: volume.name, bricks: more.map((b) => brickSpec(b.host, b.request)), durability: { type: 'replicate', replica: 3, arbiter: false }, glusterVolumeOptions: [] });
    const info = await executor.volumeInfo(first(), volume.name);
    expect(info.bricks.map((b) => b.name)).toEqual([...volume.bricks, ...more].map((b) => `${b.host}:${b.request.path}`));
    volume.bricks.push(...more);
    await deleteVolume(executor, first(), volume);
    expect(await volumeGone(volume.name)).toBe(true);
    for (const brick of volume.bricks) expect(await brickLeftovers(tb, brick.host, brick.request)).toEqual([]);
  });

  it('runs an arbiter volume: data on two bricks, only metadata on the arbiter', async () => {
    const volume = await createVolume(executor, devices, { type: 'replicate', replica: 3, arbiter: true });
    const mnt = await mountVolume(tb, first(), volume.name);
    try {
      const sha = await writeRandomFile(`${mnt}/data`, 8);
      await dropCaches();
      expect(await sha256File(`${mnt}/data`)).toBe(sha);
    } finally {
      await unmountVolume(mnt);
    }
    const sizes = await Promise.all(volume.bricks.map((b) => onNode(tb, b.host, `stat -c %s ${b.request.path}/data`)));
    expect(sizes.map((s) => Number(s.trim()))).toEqual([8 * 1024 * 1024, 8 * 1024 * 1024, 0]);
    await deleteVolume(executor, first(), volume);
    expect(await volumeGone(volume.name)).toBe(true);
  });

  it('runs a disperse 2+1 volume', async () => {
    const volume = await createVolume(executor, devices, { type: 'disperse', data: 2, redundancy: 1 });
    const mnt = await mountVolume(tb, first(), volume.name);
    try {
      const sha = await writeRandomFile(`${mnt}/data`, 16);
      await dropCaches();
      expect(await sha256File(`${mnt}/data`)).toBe(sha);
    } finally {
      await unmountVolume(mnt);
    }
    const sizes = await Promise.all(volume.bricks.map((b) => onNode(tb, b.host, `stat -c %s ${b.request.path}/data`)));
    for (const size of sizes) expect(Number(size.trim())).toBe(8 * 1024 * 1024);
    await deleteVolume(executor, first(), volume);
    expect(await volumeGone(volume.name)).toBe(true);
  });

  it('gives a gid 2001 volume bricks that uid 3000 in group 2001 can write', async () => {
    const volume = await createVolume(executor, devices, { type: 'replicate', replica: 3, arbiter: false }, { gid: 2001 });
    const modes = await Promise.all(volume.bricks.map((b) => onNode(tb, b.host, `stat -c %a:%g ${b.request.path}`)));
    expect(modes.map((m) => m.trim())).toEqual(['2775:2001', '2775:2001', '2775:2001']);
    // uid 3000 must be able to reach the mount point: not under $TB_ROOT (mode 700)
    const mnt = await mountVolume(tb, first(), volume.name, '/tmp');
    try {
      const { execFile } = await import('node:child_process');
      const { promisify } = await import('node:util');
      await promisify(execFile)('setpriv', ['--reuid=3000', '--regid=2001', '--clear-groups', 'touch', `${mnt}/by-3000`]);
      const file = await stat(`${mnt}/by-3000`);
      expect([file.uid, file.gid]).toEqual([3000, 2001]);
    } finally {
      await unmountVolume(mnt);
    }
    await deleteVolume(executor, first(), volume);
  });

  it('answers volume info and heal info for a live volume, and destroys a missing volume quietly', async () => {
    const volume = await createVolume(executor, devices, { type: 'replicate', replica: 3, arbiter: false });
    const heal = await executor.healInfo(first(), volume.name);
    expect(heal.map((b) => b.numberOfEntries)).toEqual(['0', '0', '0']);
    await deleteVolume(executor, first(), volume);
    await expect(executor.volumeDestroy(first(), volume.name)).resolves.toBeUndefined();
    await expect(executor.volumeInfo(first(), volume.name)).rejects.toThrow(new RegExp(`host ${hostPattern(first())}: .*Volume .*does not exist`));
  });
});
