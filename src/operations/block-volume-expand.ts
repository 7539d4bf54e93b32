/**
 * Block volume expand (type 9), `new_size` absolute in GiB. Build refuses a pending block volume
 * or BHV, an unchanged size, a shrink, or a BHV without the free space, then takes the delta from
 * the BHV (the block volume is not marked pending). Exec: gluster-block modify. Finalize: the new
 * size. Rollback gives the delta back. Recovery: exec-done forward, else back.
 */
import { ChangeType, OperationType } from '../domain/entities.js';
import { Errors } from '../domain/errors.js';
import type { ServiceContext } from '../services/context.js';
import type { StoredOperation } from '../store/repos/operations.js';
import { takeFromHostingVolume } from './block-support.js';
import { insertOperationRecord } from './operation-record.js';
import type { Operation } from './operation.js';
import { onceOnClusterHost } from './block-support.js';

const refuse = (reason: string) => Errors.operationFailed(`Failed to allocate block volume expansion: ${reason}`);

export class BlockVolumeExpandOperation implements Operation {
  readonly typeName = 'expand-block-volume';
  readonly throttled = true;
  readonly retryLimit = 0;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    private readonly blockVolumeId: string,
    private readonly newSizeGib: number,
  ) {}

  static load(ctx: ServiceContext, stored: StoredOperation): BlockVolumeExpandOperation {
    return new BlockVolumeExpandOperation(ctx, stored.id, String(stored.payload.blockVolumeId), Number(stored.payload.newSizeGib));
  }

  build(): void {
    const { store } = this.ctx;
    const bv = store.blockVolumes.get(this.blockVolumeId);
    if (!bv) throw Errors.notFound();
    const bhv = store.volumes.get(bv.blockHostingVolumeId);
    if (bv.pendingOpId !== null || !bhv || bhv.pendingOpId !== null) throw refuse(Errors.conflict().message);
    const size = bv.sizeGib;
    if (this.newSizeGib === size && bv.usableSizeGib === size) {
      throw refuse(`Requested new-size ${this.newSizeGib} is same as current block volume size ${size}, nothing to be done.`);
    }
    if (this.newSizeGib < size) {
      throw refuse(`Requested new-size ${this.newSizeGib} is less than current block volume size ${size}, shrinking is not allowed.`);
    }
    const delta = this.newSizeGib - size;
    if (bhv.blockInfo.freeSizeGib < delta) throw refuse('No space');
    takeFromHostingVolume(store, bhv.id, delta);
    const actions = [{ change: ChangeType.ExpandBlockVolume, id: bv.id, delta }];
    insertOperationRecord(this.ctx, this.id, OperationType.ExpandBlockVolume, actions, {
      blockVolumeId: bv.id,
      newSizeGib: this.newSizeGib,
      deltaGib: delta,
    });
  }

  async exec(): Promise<void> {
    const bv = this.ctx.store.blockVolumes.get(this.blockVolumeId)!;
    const bhv = this.ctx.store.volumes.get(bv.blockHostingVolumeId)!;
    await onceOnClusterHost(this.ctx, bv.clusterId, (host) =>
      this.ctx.executor.blockVolumeExpand(host, bhv.name, bv.name, this.newSizeGib),
    );
  }

  finalize(): void {
    const bv = this.ctx.store.blockVolumes.get(this.blockVolumeId);
    if (bv) this.ctx.store.blockVolumes.update({ ...bv, sizeGib: this.newSizeGib, usableSizeGib: this.newSizeGib });
    this.ctx.store.operations.delete(this.id);
  }

  async rollback(): Promise<void> {
    const { store } = this.ctx;
    store.tx(() => {
      const stored = store.operations.get(this.id);
      const bv = store.blockVolumes.get(this.blockVolumeId);
      if (stored && bv) takeFromHostingVolume(store, bv.blockHostingVolumeId, -Number(stored.payload.deltaGib));
      store.operations.delete(this.id);
    });
  }

  location(): string {
    return `/blockvolumes/${this.blockVolumeId}`;
  }

  recoveryDirection(phase: StoredOperation['phase']): 'forward' | 'back' {
    return phase === 'exec-done' ? 'forward' : 'back';
  }
}
