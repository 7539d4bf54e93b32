/**
 * Volume expand as a crash-safe operation (Heketi's VolumeExpandOperation): new bricks are placed
 * in the volume's cluster and appended after the existing ones; the volume's size grows by the
 * delta only at finalize (a block-hosting volume also gains 98% of it as free block capacity).
 */
import type { Brick, OperationPhase } from '../domain/entities.js';
import { ChangeType, OperationType } from '../domain/entities.js';
import { CONFLICT_TEXT, Errors } from '../domain/errors.js';
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
import { placeInCluster } from './volume-placement.js';

export class VolumeExpandOperation implements Operation {
  readonly typeName = 'expand-volume';
  readonly throttled = true;
  readonly retryLimit = 0;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    private readonly volumeId: string,
    private readonly deltaGib: number,
  ) {}

  static fromRecord(ctx: ServiceContext, stored: StoredOperation): VolumeExpandOperation {
    const delta = stored.actions.find((a) => a.change === ChangeType.ExpandVolume)?.delta ?? 0;
    return new VolumeExpandOperation(ctx, stored.id, payloadString(stored.payload, 'volumeId'), delta);
  }

  build(): void {
    const { store } = this.ctx;
    const volume = store.volumes.get(this.volumeId);
    if (!volume) throw Errors.notFound();
    // A volume being deleted is not expanded (Heketi's Build did not check): the two operations
    // could not both be rolled back after a crash, and the bricks would be left behind.
    if (volume.pendingOpId !== null) throw Errors.operationFailed(`Failed to allocate volume expansion: ${CONFLICT_TEXT}`);
    const existing = store.bricks.listByVolume(volume.id);
    const durability = effectiveDurability(volume.durability, volume.glusterVolumeOptions);
    const result = placeInCluster(this.ctx, volume.clusterId, { ...volume, durability }, this.deltaGib, existing.length);
    // Heketi reports expansion failures unmapped ("Maximum number of bricks reached." etc.).
    if (!result.ok) throw Errors.operationFailed(`Failed to allocate volume expansion: ${result.error.message}`);
    const firstPosition = existing.reduce((max, b) => Math.max(max, b.position + 1), 0);
    const bricks = result.placement.bricks.map((p, i) => insertPlannedBrick(this.ctx, volume.id, p, firstPosition + i, this.id));
    savePendingOperation(
      this.ctx,
      this.id,
      OperationType.ExpandVolume,
      [...bricks.map((b) => ({ change: ChangeType.AddBrick, id: b.id })), { change: ChangeType.ExpandVolume, id: volume.id, delta: this.deltaGib }],
      { volumeId: volume.id },
    );
  }

  async exec(): Promise<void> {
    const volume = this.volume();
    const bricks = bricksOfOperation(this.ctx.store, volume.id, this.id);
    await createBricks(this.ctx, bricks, volume.gid);
    await this.ctx.executor.volumeExpand(manageHostOf(this.ctx.store, bricks[0]!.nodeId), {
      name: volume.name,
      bricks: bricks.map((b) => brickSpec(this.ctx.store, b)),
      durability: effectiveDurability(volume.durability, volume.glusterVolumeOptions),
      glusterVolumeOptions: [],
    });
  }

  finalize(): void {
    const { store } = this.ctx;
    const volume = this.volume();
    const added = volume.block ? rawCapacity(this.deltaGib) : { freeSizeGib: 0, reservedSizeGib: 0 };
    clearMarkers(store, undefined, bricksOfOperation(store, volume.id, this.id));
    store.volumes.update({
      ...volume,
      sizeGib: volume.sizeGib + this.deltaGib,
      blockInfo: {
        ...volume.blockInfo,
        freeSizeGib: volume.blockInfo.freeSizeGib + added.freeSizeGib,
        reservedSizeGib: volume.blockInfo.reservedSizeGib + added.reservedSizeGib,
      },
    });
    store.operations.delete(this.id);
  }

  /**
   * Destroys the new bricks. heketi-ts cannot remove bricks from a gluster volume, so when gluster
   * already lists all of them (the crash came after add-brick) the expansion is kept and finished
   * instead; a partial add-brick is left for an operator (the operation is marked failed).
   */
  async rollback(): Promise<void> {
    const volume = this.ctx.store.volumes.get(this.volumeId);
    const bricks = volume ? bricksOfOperation(this.ctx.store, volume.id, this.id) : [];
    if (!volume || bricks.length === 0) {
      this.ctx.store.tx(() => this.ctx.store.operations.delete(this.id));
      return;
    }
    const inGluster = await this.bricksInGluster(volume.clusterId, volume.name, bricks);
    if (inGluster === bricks.length) {
      this.ctx.log.warn({ op: this.id, volume: volume.id }, 'gluster already holds the new bricks; finishing the expansion');
      this.ctx.store.tx(() => this.finalize());
      return;
    }
    if (inGluster > 0) throw new Error(`volume ${volume.name} holds ${inGluster} of ${bricks.length} new bricks; remove them by hand, then clean up`);
    const reclaimed = await destroyBricks(this.ctx, bricks, volume.gid);
    this.ctx.store.tx(() => {
      expungeBricks(this.ctx.store, bricks, reclaimed);
      this.ctx.store.operations.delete(this.id);
    });
  }

  location(): string {
    return `/volumes/${this.volumeId}`;
  }

  recoveryDirection(phase: OperationPhase): 'forward' | 'back' {
    return phase === 'exec-done' ? 'forward' : 'back';
  }

  private volume() {
    const volume = this.ctx.store.volumes.get(this.volumeId);
    if (!volume) throw new Error(`volume ${this.volumeId} not found`);
    return volume;
  }

  private async bricksInGluster(clusterId: string, name: string, bricks: readonly Brick[]): Promise<number> {
    const info = await tryOnClusterHosts(this.ctx, clusterId, (host) => this.ctx.executor.volumeInfo(host, name));
    const names = new Set(info.bricks.map((b) => b.name));
    return bricks.filter((b) => {
      const spec = brickSpec(this.ctx.store, b);
      return names.has(`${spec.host}:${spec.path}`);
    }).length;
  }
}
