import type { Brick, Node, Volume } from '../../src/domain/entities.js';
import { GiB } from '../../src/domain/units.js';
import { brickLvName, brickPath, defaultVolumeName, thinPoolName } from '../../src/domain/naming.js';
import { spaceNeeded } from '../../src/domain/sizing.js';
import type { MockExecutor } from '../../src/executor/mock-executor.js';
import { brickRequest, brickSpaceKib } from '../../src/operations/volume-common.js';
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
  const { store, ids } = s.server.services.ctx;
  const sizeGib = options.sizeGib ?? 10;
  const replica = options.replica ?? 3;
  const id = ids.next();
  const nodes = nodeIds.slice(0, replica).map((n) => store.nodes.get(n)!);
  const volume = volumeRecord(id, nodes[0]!.clusterId, options.name ?? defaultVolumeName(id), sizeGib, replica);
  const bricks = nodes.map((node, position) => brickRecord(s, node, id, sizeGib, position));
  store.tx(() => {
    store.volumes.insert(volume);
    for (const b of bricks) {
      store.bricks.insert(b);
      store.devices.charge(b.deviceId, brickSpaceKib(b));
    }
  });
  await createOnMock(s, volume, bricks, replica);
  return { volume, bricks };
}

function volumeRecord(id: string, clusterId: string, name: string, sizeGib: number, replica: number): Volume {
  return {
    id,
    clusterId,
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
}

/** A brick of `sizeGib` on the node's first online device. */
function brickRecord(s: TestServer, node: Node, volumeId: string, sizeGib: number, position: number): Brick {
  const { store, ids } = s.server.services.ctx;
  const device = store.devices.listByNode(node.id).find((d) => d.state === 'online')!;
  const brickId = ids.next();
  const space = spaceNeeded(sizeGib * GiB, 1, device.extentSizeKib);
  return {
    id: brickId,
    deviceId: device.id,
    nodeId: node.id,
    volumeId,
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
}

/** What the real create would leave on the nodes: the bricks, then the gluster volume. */
async function createOnMock(s: TestServer, volume: Volume, bricks: Brick[], replica: number): Promise<void> {
  const { store, executor } = s.server.services.ctx;
  const mock = executor as MockExecutor;
  const nodeOf = (b: Brick) => store.nodes.get(b.nodeId)!;
  for (const b of bricks) await mock.brickCreate(nodeOf(b).manageHostnames[0]!, brickRequest(b, 0));
  await mock.volumeCreate(nodeOf(bricks[0]!).manageHostnames[0]!, {
    name: volume.name,
    bricks: bricks.map((b) => ({ host: nodeOf(b).storageHostnames[0]!, path: b.path })),
    durability: { type: 'replicate', replica, arbiter: false },
    glusterVolumeOptions: [],
  });
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
