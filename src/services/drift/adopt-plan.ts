/**
 * What adopting a hand-made gluster volume writes to the database, worked out from the same
 * examination the drift report came from: the layout from gluster, each brick's sizes from its
 * LVs, its thin pool metadata as heketi-ts would have sized it. Pure.
 */
import type { DurabilityRequest } from '../../domain/entities.js';
import { spaceNeeded } from '../../domain/sizing.js';
import { GiB } from '../../domain/units.js';
import { kibOf } from '../../executor/commands/lvm-report.js';
import type { GlusterXmlVolume } from '../../executor/examine-types.js';
import type { AdoptedBrick, AdoptPayload } from '../../operations/repair-adopt.js';
import { parseHeketiBrickPath, type DriftInput } from './input.js';

function layout(v: GlusterXmlVolume): { durability: DurabilityRequest; dataShare: number; options: string[] } {
  if (v.DisperseCount > 0) {
    const data = v.DisperseCount - v.RedundancyCount;
    return { durability: { type: 'disperse', replicate: {}, disperse: { data, redundancy: v.RedundancyCount } }, dataShare: data / v.DisperseCount, options: [] };
  }
  if (v.ReplicaCount > 1) {
    return {
      durability: { type: 'replicate', replicate: { replica: v.ReplicaCount }, disperse: {} },
      dataShare: 1 / v.ReplicaCount,
      options: v.ArbiterCount > 0 ? ['user.heketi.arbiter true'] : [],
    };
  }
  return { durability: { type: 'none', replicate: {}, disperse: {} }, dataShare: 1, options: [] };
}

/** The adoption of gluster volume `name` of the cluster, or an error text saying why it cannot be. */
export function adoptPayload(input: DriftInput, clusterId: string, name: string, newId: () => string): AdoptPayload | string {
  const observed = input.observations.filter((o) => o.clusterId === clusterId);
  const volume = observed.flatMap((o) => o.volumeInfo?.Volumes.VolumeList ?? []).find((v) => v.VolumeName === name);
  if (!volume) return `gluster has no volume ${name}`;
  const bricks: AdoptedBrick[] = [];
  for (const b of volume.Bricks.BrickList ?? []) {
    const host = b.Name.slice(0, b.Name.indexOf(':'));
    const path = b.Name.slice(host.length + 1);
    const ids = parseHeketiBrickPath(path);
    const node = input.nodesOf(clusterId).find((n) => n.storageHostnames[0] === host);
    const device = ids ? input.device(ids.deviceId) : undefined;
    if (!ids || !node || !device) return `brick ${b.Name} is not a heketi-ts-style brick of a device in the cluster`;
    const lv = input.lv(node.id, ids.deviceId, `brick_${ids.brickId}`);
    const pool = input.lv(node.id, ids.deviceId, `tp_${ids.brickId}`);
    if (!lv || !pool) return `brick ${b.Name}: its LV or thin pool is missing`;
    const sizeKib = kibOf(lv.lv_size);
    const space = spaceNeeded(kibOf(pool.lv_size), 1, device.extentSizeKib);
    bricks.push({ id: ids.brickId, nodeId: node.id, deviceId: ids.deviceId, host, path, sizeKib, tpSizeKib: kibOf(pool.lv_size), poolMetadataSizeKib: space.poolMetadataSizeKib });
  }
  if (bricks.length === 0) return `volume ${name} has no bricks`;
  const { durability, dataShare, options } = layout(volume);
  const fromName = /^vol_([a-f0-9]{32})$/.exec(name)?.[1];
  const taken = new Set([...input.before.volumes, ...input.after.volumes].map((v) => v.id));
  return {
    type: 'adopt-volume',
    clusterId,
    volumeId: fromName && !taken.has(fromName) ? fromName : newId(),
    volumeName: name,
    sizeGib: Math.max(1, Math.floor((bricks.reduce((sum, b) => sum + b.sizeKib, 0) * dataShare) / GiB)),
    durability,
    options,
    bricks,
  };
}
