import type { BrickRequest, DeviceInfo, Executor, VolumeDurabilitySpec } from '../../../src/executor/executor.js';
import { brickRequest, brickSpec, newId, type Testbed } from './testbed.js';

export const DISK = '/dev/sdb';

/** A device set up on a node: its host and VG id. */
export interface NodeDevice {
  host: string;
  vgId: string;
  info: DeviceInfo;
}

export const setupDevices = (executor: Executor, tb: Testbed): Promise<NodeDevice[]> =>
  Promise.all(
    tb.nodes.map(async (host) => {
      const vgId = newId();
      return { host, vgId, info: await executor.deviceSetup(host, DISK, vgId, false) };
    }),
  );

export const teardownDevices = async (executor: Executor, devices: NodeDevice[]): Promise<void> => {
  await Promise.all(
    devices.map((d) => executor.deviceTeardown(d.host, { name: DISK, pvUuid: d.info.pvUuid, paths: d.info.paths }, d.vgId)),
  );
};

/** A brick placed on a node. */
export interface PlacedBrick {
  host: string;
  request: BrickRequest;
}

/** Creates one brick per given device, in parallel (as Heketi does). */
export const createBricks = async (
  executor: Executor,
  devices: NodeDevice[],
  options: { gid?: number; arbiterLast?: boolean; sizeGib?: number } = {},
): Promise<PlacedBrick[]> => {
  const bricks = devices.map((d, i) => ({
    host: d.host,
    request: brickRequest(d.vgId, {
      gid: options.gid ?? 0,
      sizeGib: options.sizeGib ?? 1,
      format: options.arbiterLast && i === devices.length - 1 ? 'arbiter' : 'normal',
    }),
  }));
  await Promise.all(bricks.map((b) => executor.brickCreate(b.host, b.request)));
  return bricks;
};

export const destroyBricks = async (executor: Executor, bricks: PlacedBrick[]): Promise<boolean[]> =>
  Promise.all(bricks.map(async (b) => (await executor.brickDestroy(b.host, b.request)).spaceReclaimed));

/** Creates bricks and a started volume over them. */
export const createVolume = async (
  executor: Executor,
  devices: NodeDevice[],
  durability: VolumeDurabilitySpec,
  options: { gid?: number; options?: string[] } = {},
): Promise<{ name: string; bricks: PlacedBrick[] }> => {
  const id = newId();
  const name = `vol_${id}`;
  const arbiterLast = durability.type === 'replicate' && durability.arbiter;
  const bricks = await createBricks(executor, devices, { arbiterLast, ...(options.gid ? { gid: options.gid } : {}) });
  await executor.volumeCreate(devices[0]?.host ?? '', {
    name,
    bricks: bricks.map((b) => brickSpec(b.host, b.request)),
    durability,
    glusterVolumeOptions: [...(options.options ?? []), `user.heketi.id ${id}`],
  });
  return { name, bricks };
};

export const deleteVolume = async (executor: Executor, host: string, volume: { name: string; bricks: PlacedBrick[] }): Promise<void> => {
  await executor.volumeDestroy(host, volume.name);
  await destroyBricks(executor, volume.bricks);
};
