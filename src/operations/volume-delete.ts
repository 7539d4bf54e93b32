/**
 * Volume delete as a crash-safe operation (Heketi's VolumeDeleteOperation). Build hides the volume
 * (marks it and its bricks pending); exec deletes the gluster volume and destroys the bricks;
 * finalize gives the space back and removes the rows. Every step is repeatable, so recovery always
 * rolls a delete forward.
 */
import type { OperationPhase } from '../domain/entities.js';
import { ChangeType, OperationType } from '../domain/entities.js';
import { CONFLICT_TEXT, Errors } from '../domain/errors.js';
import type { StoredOperation } from '../store/repos/operations.js';
import type { ServiceContext } from '../services/context.js';
import type { Operation } from './operation.js';
import {
  bricksOfOperation,
  clearMarkers,
  destroyBricks,
  expungeBricks,
  payloadString,
  tryOnClusterHosts,
} from './volume-common.js';
import { savePendingOperation } from './operation-record.js';

export class VolumeDeleteOperation implements Operation {
  readonly typeName = 'delete-volume';
  readonly throttled = true;
  readonly retryLimit = 0;
  /** Bricks whose space came back in this run's exec; null when exec did not run in this process. */
  private reclaimed: Set<string> | null = null;
  /** Whether exec got past deleting the gluster volume. */
  private destroyStarted = false;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    private readonly volumeId: string,
  ) {}

  static fromRecord(ctx: ServiceContext, stored: StoredOperation): VolumeDeleteOperation {
    return new VolumeDeleteOperation(ctx, stored.id, payloadString(stored.payload, 'volumeId'));
  }

  build(): void {
    const { store } = this.ctx;
    const volume = store.volumes.get(this.volumeId);
    if (!volume) throw Errors.notFound();
    const bricks = store.bricks.listByVolume(volume.id);
    if (volume.pendingOpId !== null || bricks.some((b) => b.pendingOpId !== null)) {
      throw Errors.operationFailed(`Failed to set up volume delete: ${CONFLICT_TEXT}`);
    }
    store.volumes.update({ ...volume, pendingOpId: this.id });
    for (const b of bricks) store.bricks.update({ ...b, pendingOpId: this.id });
    savePendingOperation(
      this.ctx,
      this.id,
      OperationType.DeleteVolume,
      [...bricks.map((b) => ({ change: ChangeType.DeleteBrick, id: b.id })), { change: ChangeType.DeleteVolume, id: volume.id }],
      { volumeId: volume.id },
    );
  }

  async exec(): Promise<void> {
    const volume = this.ctx.store.volumes.get(this.volumeId);
    if (!volume) return;
    await tryOnClusterHosts(this.ctx, volume.clusterId, (host) => this.ctx.executor.volumeDestroy(host, volume.name));
    this.destroyStarted = true;
    this.reclaimed = await destroyBricks(this.ctx, bricksOfOperation(this.ctx.store, volume.id, this.id), volume.gid);
  }

  /**
   * Removes the rows. After a restart between exec and finalize the destroy results are gone; the
   * thin pools were removed with their bricks, so the space is given back for all of them.
   */
  finalize(): void {
    const { store } = this.ctx;
    const bricks = bricksOfOperation(store, this.volumeId, this.id);
    expungeBricks(store, bricks, this.reclaimed ?? new Set(bricks.map((b) => b.id)));
    if (store.volumes.get(this.volumeId)) store.volumes.delete(this.volumeId);
    store.operations.delete(this.id);
  }

  /**
   * Heketi only clears the pending markers. That is right when nothing was destroyed yet; once
   * the gluster volume may be gone, making the volume visible again would show a volume that no
   * longer exists, so heketi-ts keeps it pending and lets the operation be marked failed: POST
   * /operations/pending/cleanup (or the next start) finishes the delete.
   */
  async rollback(): Promise<void> {
    if (this.destroyStarted) {
      throw new Error('volume delete stopped after the gluster volume was removed; it is finished by /operations/pending/cleanup');
    }
    const { store } = this.ctx;
    store.tx(() => {
      clearMarkers(store, store.volumes.get(this.volumeId), bricksOfOperation(store, this.volumeId, this.id));
      store.operations.delete(this.id);
    });
  }

  location(): null {
    return null;
  }

  recoveryDirection(_phase: OperationPhase): 'forward' {
    return 'forward';
  }
}
