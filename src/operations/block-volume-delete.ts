/**
 * Block volume delete (type 5): build marks the block volume pending (hidden), exec runs
 * gluster-block delete once on a working host (a missing one is fine), finalize deletes the row and
 * gives the size back to the BHV. An empty BHV is kept, as in Heketi. Recovery always goes forward:
 * the delete is safe to repeat; rollback only clears the marker.
 */
import { ChangeType, OperationType } from '../domain/entities.js';
import { CONFLICT_TEXT, Errors } from '../domain/errors.js';
import type { ServiceContext } from '../services/context.js';
import type { StoredOperation } from '../store/repos/operations.js';
import { clearBlockVolumeMarker } from './block-support.js';
import { insertOperationRecord } from './operation-record.js';
import type { Operation } from './operation.js';
import { onceOnClusterHost } from './block-support.js';

export class BlockVolumeDeleteOperation implements Operation {
  readonly typeName = 'delete-block-volume';
  readonly throttled = true;
  readonly retryLimit = 0;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    private readonly blockVolumeId: string,
  ) {}

  static load(ctx: ServiceContext, stored: StoredOperation): BlockVolumeDeleteOperation {
    return new BlockVolumeDeleteOperation(ctx, stored.id, String(stored.payload.blockVolumeId));
  }

  build(): void {
    const bv = this.ctx.store.blockVolumes.get(this.blockVolumeId);
    if (!bv) throw Errors.notFound();
    if (bv.pendingOpId !== null) throw Errors.operationFailed(CONFLICT_TEXT);
    this.ctx.store.blockVolumes.update({ ...bv, pendingOpId: this.id });
    const actions = [{ change: ChangeType.DeleteBlockVolume, id: bv.id }];
    insertOperationRecord(this.ctx, this.id, OperationType.DeleteBlockVolume, actions, { blockVolumeId: bv.id });
  }

  async exec(): Promise<void> {
    const bv = this.ctx.store.blockVolumes.get(this.blockVolumeId);
    const bhv = bv && this.ctx.store.volumes.get(bv.blockHostingVolumeId);
    if (!bv || !bhv) return;
    await onceOnClusterHost(this.ctx, bv.clusterId, (host) => this.ctx.executor.blockVolumeDestroy(host, bhv.name, bv.name));
  }

  finalize(): void {
    const bv = this.ctx.store.blockVolumes.get(this.blockVolumeId);
    if (bv) clearBlockVolumeMarker(this.ctx.store, bv, true);
    this.ctx.store.operations.delete(this.id);
  }

  async rollback(): Promise<void> {
    const { store } = this.ctx;
    store.tx(() => {
      const bv = store.blockVolumes.get(this.blockVolumeId);
      if (bv && bv.pendingOpId === this.id) store.blockVolumes.update({ ...bv, pendingOpId: null });
      store.operations.delete(this.id);
    });
  }

  location(): null {
    return null;
  }

  recoveryDirection(): 'forward' {
    return 'forward';
  }
}
