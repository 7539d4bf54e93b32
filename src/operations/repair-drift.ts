/**
 * Drift repairs as crash-safe operations (one per repair). Build checks, in its transaction, that
 * the database still says what the drift report saw, marks what the repair touches as pending and
 * writes the record; exec does the remote work, every step of which can run again; finalize clears
 * the markers and the record. Recovery rolls these forward (exec again), since every exec is
 * repeatable; the adoption (repair-adopt.ts) is the exception and is undone unless exec finished.
 */
import type { Brick, OperationPhase, Volume } from '../domain/entities.js';
import { ChangeType, OperationType } from '../domain/entities.js';
import { CONFLICT_TEXT, Errors } from '../domain/errors.js';
import { brickLvName, brickPath, thinPoolName } from '../domain/naming.js';
import type { BrickRequest } from '../executor/executor.js';
import type { ServiceContext } from '../services/context.js';
import type { StoredOperation } from '../store/repos/operations.js';
import type { Operation } from './operation.js';
import { insertOperationRecord } from './operation-record.js';
import { brickRequest, brickSpec, clearMarkers, manageHostOf, tryOnClusterHosts } from './volume-common.js';

/** What a repair operation does; the planner's actions that touch the nodes. */
export type RepairPayload =
  | { type: 'restore-bricks'; volumeId: string; brickIds: string[] }
  | { type: 'rebuild-brick'; volumeId: string; brickId: string }
  | { type: 'remove-orphan-brick'; nodeId: string; vgId: string; brickId: string }
  | { type: 'delete-foreign-volume'; clusterId: string; volumeName: string };

/** heketi-ts's own operation type (Heketi's numbers end at 9). */
export const REPAIR_OPERATION_TYPE = OperationType.RepairDrift;

/** The request that tears down a brick the database does not know, from its names alone. */
export const orphanBrickRequest = (vgId: string, brickId: string): BrickRequest => ({
  vgId,
  name: brickId,
  tpName: thinPoolName(brickId),
  lvName: brickLvName(brickId),
  sizeKib: 1,
  tpSizeKib: 1,
  poolMetadataSizeKib: 1,
  gid: 0,
  path: brickPath(vgId, brickId),
  format: 'normal',
});

export class RepairOperation implements Operation {
  readonly typeName: string;
  readonly throttled = false;
  readonly retryLimit = 0;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    readonly payload: RepairPayload,
  ) {
    this.typeName = `repair-${payload.type}`;
  }

  static fromRecord(ctx: ServiceContext, stored: StoredOperation): RepairOperation {
    return new RepairOperation(ctx, stored.id, stored.payload as unknown as RepairPayload);
  }

  /** The volume and bricks a repair works on, refused when gone or when another operation holds them. */
  private settled(volumeId: string, brickIds: string[]): { volume: Volume; bricks: Brick[] } {
    const { store } = this.ctx;
    const volume = store.volumes.get(volumeId);
    if (!volume) throw Errors.notFoundWith(`volume ${volumeId} is gone`);
    const bricks = store.bricks.listByVolume(volumeId).filter((b) => brickIds.includes(b.id));
    if (bricks.length !== brickIds.length) throw Errors.notFoundWith(`a brick of volume ${volume.name} is gone`);
    if (volume.pendingOpId !== null || bricks.some((b) => b.pendingOpId !== null)) {
      throw Errors.operationFailed(`Failed to set up repair of ${volume.name}: ${CONFLICT_TEXT}`);
    }
    return { volume, bricks };
  }

  build(): void {
    const { store } = this.ctx;
    const p = this.payload;
    const actions: StoredOperation['actions'] = [];
    if (p.type === 'restore-bricks' || p.type === 'rebuild-brick') {
      const { volume, bricks } = this.settled(p.volumeId, p.type === 'rebuild-brick' ? [p.brickId] : p.brickIds);
      store.volumes.update({ ...volume, pendingOpId: this.id });
      for (const b of bricks) store.bricks.update({ ...b, pendingOpId: this.id });
      actions.push({ change: ChangeType.ExpandVolume, id: volume.id });
    } else if (p.type === 'remove-orphan-brick') {
      if (store.bricks.get(p.brickId)) throw Errors.operationFailed(`brick ${p.brickId} is in the database: not an orphan`);
      if (!store.nodes.get(p.nodeId)) throw Errors.notFoundWith(`node ${p.nodeId} is gone`);
    } else if (store.volumes.listByCluster(p.clusterId).some((v) => v.name === p.volumeName)) {
      throw Errors.operationFailed(`volume ${p.volumeName} is in the database: not foreign`);
    }
    insertOperationRecord(this.ctx, this.id, REPAIR_OPERATION_TYPE, actions, { ...p });
  }

  async exec(): Promise<void> {
    const { store, executor } = this.ctx;
    const p = this.payload;
    switch (p.type) {
      case 'restore-bricks': {
        const volume = store.volumes.get(p.volumeId)!;
        for (const b of store.bricks.listByVolume(volume.id).filter((x) => p.brickIds.includes(x.id))) {
          await executor.brickMount(manageHostOf(store, b.nodeId), brickRequest(b, volume.gid));
        }
        await tryOnClusterHosts(this.ctx, volume.clusterId, (host) => executor.volumeStartForce(host, volume.name));
        return;
      }
      case 'rebuild-brick':
        return this.rebuildBrick(p.volumeId, p.brickId);
      case 'remove-orphan-brick':
        await executor.brickDestroy(manageHostOf(store, p.nodeId), orphanBrickRequest(p.vgId, p.brickId));
        return;
      case 'delete-foreign-volume':
        await tryOnClusterHosts(this.ctx, p.clusterId, (host) => executor.volumeDestroy(host, p.volumeName));
    }
  }

  /**
   * Stops the brick's process, tears down what is left of the brick, makes it again empty, and has
   * gluster take it back (reset-brick) and heal it. Run again after a crash, it starts over, which
   * is safe: the brick holds nothing its replicas do not. The stop comes first because a run that
   * got as far as the commit has a brick process holding the new mount (the umount would fail
   * "target is busy", as it did on the test bed when recovery ran this again).
   */
  private async rebuildBrick(volumeId: string, brickId: string): Promise<void> {
    const { store, executor } = this.ctx;
    const volume = store.volumes.get(volumeId)!;
    const brick = store.bricks.get(brickId)!;
    const host = manageHostOf(store, brick.nodeId);
    const request = brickRequest(brick, volume.gid);
    const spec = brickSpec(store, brick);
    await executor.volumeResetBrickStart(host, volume.name, spec);
    await executor.brickDestroy(host, request);
    await executor.brickCreate(host, request);
    await executor.volumeResetBrick(host, volume.name, spec);
  }

  finalize(): void {
    const { store } = this.ctx;
    const p = this.payload;
    if (p.type === 'restore-bricks' || p.type === 'rebuild-brick') {
      const volume = store.volumes.get(p.volumeId);
      clearMarkers(store, volume, store.bricks.listByVolume(p.volumeId).filter((b) => b.pendingOpId === this.id));
    }
    store.operations.delete(this.id);
  }

  /** Nothing a repair did needs undoing (a mount, a removed leftover): the markers go, the record too. */
  async rollback(): Promise<void> {
    this.ctx.store.tx(() => this.finalize());
  }

  location(): null {
    return null;
  }

  recoveryDirection(_phase: OperationPhase): 'forward' {
    return 'forward';
  }
}
