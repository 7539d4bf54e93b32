/**
 * Volume create as a crash-safe operation (Heketi's VolumeCreateOperation). The three building
 * blocks are exported on their own so that block volume create can make a block-hosting volume
 * inside its own operation: buildNewVolume (db, in the caller's transaction), createVolumeOnNodes
 * (remote), finalizeNewVolume / rollbackNewVolume.
 */
import type { Brick, DurabilityRequest, OperationAction, OperationPhase, Volume } from '../domain/entities.js';
import { ChangeType, OperationType } from '../domain/entities.js';
import { Errors } from '../domain/errors.js';
import { rawCapacity } from '../domain/sizing.js';
import { effectiveDurability } from '../domain/durability/index.js';
import type { StoredOperation } from '../store/repos/operations.js';
import type { ServiceContext } from '../services/context.js';
import type { Operation } from './operation.js';
import {
  brickSpec,
  bricksOfOperation,
  clearMarkers,
  createBricks,
  destroyBricks,
  expungeBricks,
  insertPlannedBrick,
  manageHostOf,
  payloadString,
  tryOnClusterHosts,
} from './volume-common.js';
import { savePendingOperation } from './operation-record.js';
import { eligibleClusters, placeNewVolume } from './volume-placement.js';

/** A volume to create, after the request checks (api §6.4 steps 1–10). */
export interface NewVolumeSpec {
  id: string;
  name: string;
  sizeGib: number;
  durability: DurabilityRequest;
  gid: number;
  block: boolean;
  snapshot: { enable: boolean; factor: number };
  /** The assembled option list (pre + block + request + post), stored as is. */
  glusterVolumeOptions: string[];
  /** Requested clusters in request order; empty means all clusters. */
  clusterIds: string[];
  /** false for a block-hosting volume placed by block volume create. */
  checkVolumeLimit: boolean;
}

/** Raised by buildNewVolume; the message is Heketi's reason text (without a prefix). */
export class VolumeAllocationError extends Error {}

const HEKETI_ID_OPTION = 'user.heketi.id';

function newVolumeRecord(spec: NewVolumeSpec, clusterId: string, opId: string): Volume {
  return {
    id: spec.id,
    clusterId,
    name: spec.name,
    sizeGib: spec.sizeGib,
    durability: spec.durability,
    gid: spec.gid,
    block: spec.block,
    snapshot: { enable: spec.snapshot.enable, factor: spec.snapshot.enable ? spec.snapshot.factor : 1 },
    glusterVolumeOptions: spec.glusterVolumeOptions,
    blockInfo: spec.block ? { ...rawCapacity(spec.sizeGib), restriction: '' } : { freeSizeGib: 0, reservedSizeGib: 0, restriction: '' },
    pendingOpId: opId,
  };
}

/**
 * Db half of a create: picks a cluster and a layout, charges the devices (tp + metadata per
 * brick) and inserts the volume and its bricks marked with `opId`. Returns Heketi's actions
 * (AddBrick per brick, then AddVolume). Call inside a transaction.
 */
export function buildNewVolume(ctx: ServiceContext, opId: string, spec: NewVolumeSpec): { volume: Volume; bricks: Brick[]; actions: OperationAction[] } {
  const eligible = eligibleClusters(ctx, { clusterIds: spec.clusterIds, block: spec.block, name: spec.name, checkVolumeLimit: spec.checkVolumeLimit });
  if ('error' in eligible) throw new VolumeAllocationError(eligible.error);
  const durability = effectiveDurability(spec.durability, spec.glusterVolumeOptions);
  const placed = placeNewVolume(ctx, eligible.ids, { durability, snapshot: spec.snapshot, glusterVolumeOptions: spec.glusterVolumeOptions }, spec.sizeGib);
  if ('error' in placed) throw new VolumeAllocationError(placed.error);
  const volume = newVolumeRecord(spec, placed.clusterId, opId);
  ctx.store.volumes.insert(volume);
  const bricks = placed.placement.bricks.map((p, position) => insertPlannedBrick(ctx, volume.id, p, position, opId));
  const actions: OperationAction[] = [
    ...bricks.map((b) => ({ change: ChangeType.AddBrick, id: b.id })),
    { change: ChangeType.AddVolume, id: volume.id },
  ];
  return { volume, bricks, actions };
}

/** Remote half: every brick in parallel, then `gluster volume create` on the first brick's node. */
export async function createVolumeOnNodes(ctx: ServiceContext, volumeId: string, opId: string): Promise<void> {
  const volume = ctx.store.volumes.get(volumeId);
  if (!volume) throw new Error(`volume ${volumeId} not found`);
  const bricks = bricksOfOperation(ctx.store, volumeId, opId);
  await createBricks(ctx, bricks, volume.gid);
  await ctx.executor.volumeCreate(manageHostOf(ctx.store, bricks[0]!.nodeId), {
    name: volume.name,
    bricks: bricks.map((b) => brickSpec(ctx.store, b)),
    durability: effectiveDurability(volume.durability, volume.glusterVolumeOptions),
    glusterVolumeOptions: [...volume.glusterVolumeOptions, `${HEKETI_ID_OPTION} ${volume.id}`],
  });
}

/** Makes the volume and its bricks visible. Call inside a transaction. */
export function finalizeNewVolume(ctx: ServiceContext, volumeId: string, opId: string): void {
  clearMarkers(ctx.store, ctx.store.volumes.get(volumeId), bricksOfOperation(ctx.store, volumeId, opId));
}

/**
 * Undoes a create wherever it got to: deletes the gluster volume (a missing one is fine), destroys
 * the bricks (missing ones are fine), then in one transaction gives back the reclaimed space and
 * deletes the rows, running `alsoInTx` (e.g. deleting the operation record) in that transaction.
 * Safe to repeat after a crash.
 */
export async function rollbackNewVolume(ctx: ServiceContext, volumeId: string, opId: string, alsoInTx: () => void = () => undefined): Promise<void> {
  const volume = ctx.store.volumes.get(volumeId);
  if (!volume) {
    ctx.store.tx(alsoInTx);
    return;
  }
  await tryOnClusterHosts(ctx, volume.clusterId, (host) => ctx.executor.volumeDestroy(host, volume.name));
  const bricks = bricksOfOperation(ctx.store, volumeId, opId);
  const reclaimed = await destroyBricks(ctx, bricks, volume.gid);
  ctx.store.tx(() => {
    expungeBricks(ctx.store, bricks, reclaimed);
    if (ctx.store.bricks.listByVolume(volumeId).length === 0) ctx.store.volumes.delete(volumeId);
    alsoInTx();
  });
}

/** POST /volumes as an operation; retried with a fresh layout up to volume_create retries. */
export class VolumeCreateOperation implements Operation {
  readonly typeName = 'create-volume';
  readonly throttled = true;
  readonly retryLimit: number;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    private readonly volumeId: string,
    private readonly spec: NewVolumeSpec | null,
  ) {
    this.retryLimit = spec === null ? 0 : Math.max(0, ctx.config.glusterfs.volumeCreateRetryLimit);
  }

  static start(ctx: ServiceContext, spec: NewVolumeSpec): VolumeCreateOperation {
    return new VolumeCreateOperation(ctx, ctx.ids.next(), spec.id, spec);
  }

  /** Rebuilds an interrupted create from its record (recovery can finish or undo it, not redo it). */
  static fromRecord(ctx: ServiceContext, stored: StoredOperation): VolumeCreateOperation {
    return new VolumeCreateOperation(ctx, stored.id, payloadString(stored.payload, 'volumeId'), null);
  }

  build(): void {
    if (this.spec === null) throw Errors.internal('a recovered create-volume operation cannot be rebuilt');
    try {
      const { actions } = buildNewVolume(this.ctx, this.id, this.spec);
      savePendingOperation(this.ctx, this.id, OperationType.CreateVolume, actions, { volumeId: this.volumeId });
    } catch (e) {
      throw Errors.operationFailed(`Failed to allocate new volume: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  exec(): Promise<void> {
    return createVolumeOnNodes(this.ctx, this.volumeId, this.id);
  }

  finalize(): void {
    finalizeNewVolume(this.ctx, this.volumeId, this.id);
    this.ctx.store.operations.delete(this.id);
  }

  rollback(): Promise<void> {
    return rollbackNewVolume(this.ctx, this.volumeId, this.id, () => this.ctx.store.operations.delete(this.id));
  }

  location(): string {
    return `/volumes/${this.volumeId}`;
  }

  recoveryDirection(phase: OperationPhase): 'forward' | 'back' {
    return phase === 'exec-done' ? 'forward' : 'back';
  }
}
