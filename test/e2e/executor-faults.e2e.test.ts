import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createCommandExecutor } from '../../src/executor/command-executor.js';
import type { Executor } from '../../src/executor/executor.js';
import { ensurePool, brickLeftovers, brickRequest, hostPattern, loadTestbed, newId, onNode, spareAddress, testbedSshConfig } from './helpers/testbed.js';
import { createVolume, deleteVolume, setupDevices, teardownDevices, type NodeDevice } from './helpers/cluster.js';

// Failure paths and hostile input, against the real nodes.
const tb = loadTestbed();
let executor: Executor;
let devices: NodeDevice[] = [];
const host = (i: number): string => devices[i]?.host ?? '';
const vg = (i: number): string => devices[i]?.vgId ?? '';

const marker = `/tmp/pwned-${newId()}`;
const PAYLOADS = [
  `;touch ${marker}`,
  `$(touch ${marker})`,
  `\`touch ${marker}\``,
  `'; touch ${marker}; '`,
  `"; touch ${marker}; "`,
  `\ntouch ${marker}`,
  ` touch ${marker}`,
  `| touch ${marker}`,
  `&& touch ${marker}`,
];

beforeAll(async () => {
  await ensurePool(tb);
  executor = createCommandExecutor(testbedSshConfig(tb));
  devices = await setupDevices(executor, tb);
});

afterAll(async () => {
  await teardownDevices(executor, devices);
  await executor.close();
});

describe('brick creation failure on a node', () => {
  it('removes everything it made when lvcreate fails (fault injected in the LVM shim)', async () => {
    await onNode(tb, host(0), "mkdir -p /run/lvmshim/inject && echo 'injected: thin pool metadata failure' > /run/lvmshim/inject/lvcreate");
    const brick = brickRequest(vg(0));
    await expect(executor.brickCreate(host(0), brick)).rejects.toThrow(
      new RegExp(`host ${hostPattern(host(0))}: command ".*lvcreate .*" failed with exit code 5: injected: thin pool metadata failure`),
    );
    expect(await brickLeftovers(tb, host(0), brick)).toEqual([]);
    const device = await executor.getDeviceInfo(host(0), { name: '/dev/sdb', pvUuid: '', paths: [] }, vg(0));
    expect(device.usedKib).toBe(0);
  });

  it('removes LV, thin pool, fstab line and mount dir when mount fails late in the sequence', async () => {
    // xfs refuses an unknown mount option: mount fails after lvcreate, mkfs and the fstab append.
    const config = { ...testbedSshConfig(tb), mountopts: 'rw,inode64,noatime,nouuid,heketi_ts_bogus' };
    const failing = createCommandExecutor(config);
    const brick = brickRequest(vg(1));
    try {
      await expect(failing.brickCreate(host(1), brick)).rejects.toThrow(new RegExp(`host ${hostPattern(host(1))}: command "mount -o .*heketi_ts_bogus`));
    } finally {
      await failing.close();
    }
    expect(await brickLeftovers(tb, host(1), brick)).toEqual([]);
    const device = await executor.getDeviceInfo(host(1), { name: '/dev/sdb', pvUuid: '', paths: [] }, vg(1));
    expect(device.usedKib).toBe(0);
  });

  it('names host and command when a node is unreachable', async () => {
    const nowhere = spareAddress(tb, 99);
    const quoted = hostPattern(nowhere);
    await expect(executor.glusterdCheck(nowhere)).rejects.toThrow(
      new RegExp(`host ${quoted}: command "systemctl status glusterd" could not be run: ssh to ${quoted}:22`),
    );
  });
});

describe('injection payloads', () => {
  it('refuses them in volume names, device paths, hostnames and brick paths', async () => {
    const bricks = devices.map((d) => ({ host: d.host, path: brickRequest(d.vgId).path }));
    for (const payload of PAYLOADS) {
      const durability = { type: 'replicate', replica: 3, arbiter: false } as const;
      await expect(executor.volumeCreate(host(0), { name: `vol${payload}`, bricks, durability, glusterVolumeOptions: [] })).rejects.toThrow(/invalid volume name/);
      await expect(executor.deviceSetup(host(0), `/dev/sdc${payload}`, newId(), true)).rejects.toThrow(/invalid device path/);
      await expect(executor.peerProbe(host(0), `${spareAddress(tb, 50)}${payload}`)).rejects.toThrow(/invalid hostname/);
      await expect(executor.glusterdCheck(`${host(0)}${payload}`)).rejects.toThrow(/invalid host name/);
      const hostile = { ...bricks[0], host: `${host(0)}${payload}`, path: bricks[0]?.path ?? '' };
      await expect(executor.volumeCreate(host(0), { name: 'vol_x', bricks: [hostile, ...bricks.slice(1)], durability, glusterVolumeOptions: [] })).rejects.toThrow(/invalid hostname/);
      const brick = { ...brickRequest(vg(0)), path: `/var/lib/heketi/mounts/x${payload}/brick` };
      await expect(executor.brickCreate(host(0), brick)).rejects.toThrow(/invalid brick path/);
    }
  });

  it('passes them as inert option values, stored literally by gluster', async () => {
    const printable = PAYLOADS.filter((p) => !p.includes('\n'));
    const options = printable.map((p, i) => `user.payload${i} ${p}`);
    const volume = await createVolume(executor, devices, { type: 'replicate', replica: 3, arbiter: false }, { options });
    try {
      for (const [i, payload] of printable.entries()) {
        const out = await onNode(tb, host(0), `gluster --mode=script volume get ${volume.name} user.payload${i}`);
        expect(out).toContain(payload.trim());
      }
      await expect(
        executor.volumeCreate(host(0), { name: 'vol_nl', bricks: [{ host: host(0), path: '/x/brick' }], durability: { type: 'none' }, glusterVolumeOptions: [`user.x a\ntouch ${marker}`] }),
      ).rejects.toThrow(/invalid gluster volume option/);
    } finally {
      await deleteVolume(executor, host(0), volume);
    }
  });

  it('never made the marker file appear, here or on any node', async () => {
    expect(existsSync(marker)).toBe(false);
    for (const node of tb.nodes) expect((await onNode(tb, node, `test -e ${marker} && echo yes || echo no`)).trim()).toBe('no');
  });
});
