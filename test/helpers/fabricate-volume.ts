import type { Brick, Volume } from '../../src/domain/entities.js';
import { GiB } from '../../src/domain/units.js';
import { brickLvName, brickPath, defaultVolumeName, thinPoolName } from '../../src/domain/naming.js';
import { spaceNeeded } from '../../src/domain/sizing.js';
import type { MockExecutor } from '../../src/executor/mock-executor.js';
import type { TestServer } from './server.js';

/**
 * Puts a replica-N volume straight into the database and onto the mock executor, one brick on
 * the first online device of each of the first `replica` nodes given. Eviction and removal tests
 * use it so that they depend on neither volume placement nor POST /volumes.
 */
export async function fabricateVolume(
  s: TestServer,
  nodeIds: string[],
  options: { sizeGib?: number; replica?: number; name?: string } = {},
): Promise<{ volume: Volume; bricks: Brick[] }> {
  const { store, executor } = s.server.services.ctx;
  const sizeGib = options.sizeGib ?? 10;
  const replica = options.replica ?? 3;
  const id = s.server.services.ctx.ids.next();
  const name = options.name ?? defaultVolumeName(id);
  const nodes = nodeIds.slice(0, replica).map((n) => store.nodes.get(n)!);
  const volume: Volume = {
    id,
    clusterId: nodes[0]!.clusterId,
    name,
    sizeGib,
    durability: { type: 'replicate', replicate: { replica }, disperse: {} },
    gid: 0,
    block: false,
    snapshot: { enable: false, factor: 1 },
    glusterVolumeOptions: [],
    blockInfo: { freeSizeGib: 0, reservedSizeGib: 0, restriction: '' },
    pendingOpId: null,
  };
  const bricks = nodes.map((node, position): Brick => {
    const device = store.devices.listByNode(node.id).find((d) => d.state === 'online')!;
    const brickId = s.server.services.ctx.ids.next();
    const space = spaceNeeded(sizeGib * GiB, 1, device.extentSizeKib);
    return {
      id: brickId,
      deviceId: device.id,
      nodeId: node.id,
      volumeId: id,
      path: brickPath(device.id, brickId),
      sizeKib: sizeGib * GiB,
      tpSizeKib: space.tpSizeKib,
      poolMetadataSizeKib: space.poolMetadataSizeKib,
      subType: 'normal',
      lvmThinPool: thinPoolName(brickId),
      lvmLv: brickLvName(brickId),
      position,
      pendingOpId: null,
    };
  });
  store.tx(() => {
    store.volumes.insert(volume);
    for (const b of bricks) {
      store.bricks.insert(b);
      store.devices.charge(b.deviceId, b.tpSizeKib + b.poolMetadataSizeKib);
    }
  });
  const mock = executor as MockExecutor;
  for (const b of bricks) {
    const node = store.nodes.get(b.nodeId)!;
    await mock.brickCreate(node.manageHostnames[0]!, {
      vgId: b.deviceId,
      name: b.id,
      tpName: b.lvmThinPool,
      lvName: b.lvmLv,
      sizeKib: b.sizeKib,
      tpSizeKib: b.tpSizeKib,
      poolMetadataSizeKib: b.poolMetadataSizeKib,
      gid: 0,
      path: b.path,
      format: 'normal',
    });
  }
  await mock.volumeCreate(nodes[0]!.manageHostnames[0]!, {
    name,
    bricks: bricks.map((b) => ({ host: store.nodes.get(b.nodeId)!.storageHostnames[0]!, path: b.path })),
    durability: { type: 'replicate', replica, arbiter: false },
    glusterVolumeOptions: [],
  });
  return { volume, bricks };
}

/** Everything eviction may touch, for "nothing changed" assertions. */
export function storageSnapshot(s: TestServer) {
  const { store } = s.server.services.ctx;
  return {
    bricks: store.bricks.list(),
    devices: store.devices.list(),
    volumes: store.volumes.list(),
    operations: store.operations.list(),
    mock: (s.server.services.ctx.executor as MockExecutor).snapshot(),
  };
}
