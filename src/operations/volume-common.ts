/**
 * What the volume and brick operations share: saving the bricks the allocator planned, turning
 * stored bricks into executor requests, creating and destroying bricks in parallel, running a
 * command on some reachable node of a cluster.
 */
import type { PlannedBrick } from '../domain/allocator/index.js';
import type { Brick, Volume } from '../domain/entities.js';
import { brickLvName, brickPath, thinPoolName } from '../domain/naming.js';
import type { BrickRequest, BrickSpec } from '../executor/executor.js';
import type { ServiceContext } from '../services/context.js';
import type { Store } from '../store/store.js';

const hostsOf = (store: Store, nodeId: string) => {
  const node = store.nodes.get(nodeId);
  if (!node) throw new Error(`node ${nodeId} not found`);
  return { manage: node.manageHostnames[0]!, storage: node.storageHostnames[0]! };
};

/** Where commands for the node run. */
export const manageHostOf = (store: Store, nodeId: string): string => hostsOf(store, nodeId).manage;

/** What gluster calls the brick: storage hostname and path. */
export const brickSpec = (store: Store, brick: Brick): BrickSpec => ({
  host: hostsOf(store, brick.nodeId).storage,
  path: brick.path,
});

/** The executor's view of a stored brick; the gid is the volume's, as Heketi re-supplies it. */
export function brickRequest(brick: Brick, gid: number): BrickRequest {
  return {
    vgId: brick.deviceId,
    name: brick.id,
    tpName: brick.lvmThinPool || thinPoolName(brick.id),
    lvName: brick.lvmLv || brickLvName(brick.id),
    sizeKib: brick.sizeKib,
    tpSizeKib: brick.tpSizeKib,
    poolMetadataSizeKib: brick.poolMetadataSizeKib,
    gid,
    path: brick.path,
    format: brick.subType === 'arbiter' ? 'arbiter' : 'normal',
  };
}

/** The space a brick holds on its device: its thin pool plus the pool's metadata. */
export const brickSpaceKib = (brick: Pick<Brick, 'tpSizeKib' | 'poolMetadataSizeKib'>): number =>
  brick.tpSizeKib + brick.poolMetadataSizeKib;

/**
 * Saves a brick the allocator planned, pending under `opId`, and charges its space to its device.
 * The brick's path and LVM names follow from its new id. Call inside a transaction.
 */
export function insertPlannedBrick(ctx: ServiceContext, volumeId: string, planned: PlannedBrick, position: number, opId: string): Brick {
  const id = ctx.ids.next();
  const brick: Brick = {
    id,
    deviceId: planned.deviceId,
    nodeId: planned.nodeId,
    volumeId,
    path: brickPath(planned.deviceId, id),
    sizeKib: planned.sizeKib,
    tpSizeKib: planned.tpSizeKib,
    poolMetadataSizeKib: planned.poolMetadataSizeKib,
    subType: planned.subType,
    lvmThinPool: thinPoolName(id),
    lvmLv: brickLvName(id),
    position,
    pendingOpId: opId,
  };
  ctx.store.devices.charge(brick.deviceId, brickSpaceKib(brick));
  ctx.store.bricks.insert(brick);
  return brick;
}

/** Runs every task, waits for all of them, and throws the first failure (if any). */
async function settleAll<T>(tasks: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Creates the bricks in parallel on their nodes; a failure leaves cleanup to the rollback. */
export async function createBricks(ctx: ServiceContext, bricks: readonly Brick[], gid: number): Promise<void> {
  await settleAll(bricks.map((b) => ctx.executor.brickCreate(manageHostOf(ctx.store, b.nodeId), brickRequest(b, gid))));
}

/**
 * Destroys the bricks in parallel (a brick that is already gone is not an error) and returns the
 * ids of those whose space really came back.
 */
export async function destroyBricks(ctx: ServiceContext, bricks: readonly Brick[], gid: number): Promise<Set<string>> {
  const results = await settleAll(
    bricks.map(async (b) => {
      const { spaceReclaimed } = await ctx.executor.brickDestroy(manageHostOf(ctx.store, b.nodeId), brickRequest(b, gid));
      return spaceReclaimed ? b.id : null;
    }),
  );
  return new Set(results.filter((id): id is string => id !== null));
}

/**
 * Runs `fn` on the manage host of the cluster's nodes, online ones first, until one succeeds
 * (Heketi's tryOnHosts); the error names every host that failed.
 */
export async function tryOnClusterHosts<T>(
  ctx: ServiceContext,
  clusterId: string,
  fn: (host: string) => Promise<T>,
): Promise<T> {
  const nodes = ctx.store.nodes.listByCluster(clusterId);
  const ordered = [...nodes.filter((n) => n.state === 'online'), ...nodes.filter((n) => n.state !== 'online')];
  const errors: string[] = [];
  for (const node of ordered) {
    const host = node.manageHostnames[0]!;
    try {
      return await fn(host);
    } catch (e) {
      errors.push(`Host ${host}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (errors.length === 0) throw new Error(`no hosts available (${nodes.length} total)`);
  if (errors.length === 1) throw new Error(errors[0]!.replace(/^Host [^:]+: /, ''));
  throw new Error(errors.join('\n'));
}

/**
 * Removes bricks from the database, giving back to their devices the space of those whose thin
 * pool was really removed. Call inside a transaction.
 */
export function expungeBricks(store: Store, bricks: readonly Brick[], reclaimed: ReadonlySet<string>): void {
  for (const b of bricks) {
    if (reclaimed.has(b.id)) store.devices.charge(b.deviceId, -brickSpaceKib(b));
    store.bricks.delete(b.id);
  }
}

/** The bricks of a volume that an operation has marked, in gluster order. */
export const bricksOfOperation = (store: Store, volumeId: string, opId: string): Brick[] =>
  store.bricks.listByVolume(volumeId).filter((b) => b.pendingOpId === opId);

/** Clears the pending marker of a volume and bricks. Call inside a transaction. */
export function clearMarkers(store: Store, volume: Volume | undefined, bricks: readonly Brick[]): void {
  if (volume && volume.pendingOpId !== null) store.volumes.update({ ...volume, pendingOpId: null });
  for (const b of bricks) if (b.pendingOpId !== null) store.bricks.update({ ...b, pendingOpId: null });
}

/** Reads the string `key` of an operation payload, or throws (a record heketi-ts did not write). */
export function payloadString(payload: Record<string, unknown>, key: string): string {
  const value = payload[key];
  if (typeof value !== 'string') throw new Error(`pending operation payload lacks "${key}"`);
  return value;
}
