import type { BlockVolume } from '../domain/entities.js';
import { Errors } from '../domain/errors.js';
import { BlockVolumeCreateOperation, type BlockVolumeCreateInput } from '../operations/block-volume-create.js';
import { BlockVolumeDeleteOperation } from '../operations/block-volume-delete.js';
import { BlockVolumeExpandOperation } from '../operations/block-volume-expand.js';
import type { Operation } from '../operations/operation.js';
import type { OperationRunner } from '../operations/runner.js';
import { OperationType } from '../domain/entities.js';
import type { StoredOperation } from '../store/repos/operations.js';
import type { ServiceContext } from './context.js';

/** Block volume use cases; every change is an operation run by the runner (throttled, 202). */
export class BlockVolumeService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly runner: OperationRunner,
  ) {}

  /** Ids of the block volumes no operation is creating or deleting. */
  list(): string[] {
    return this.ctx.store.blockVolumes.listVisibleIds();
  }

  /** 404 for an unknown or pending block volume. */
  get(id: string): BlockVolume {
    const bv = this.ctx.store.blockVolumes.get(id);
    if (!bv || bv.pendingOpId !== null) throw Errors.notFound();
    return bv;
  }

  /** The cluster checks (400), then the operation; returns the queue job id. */
  startCreate(input: BlockVolumeCreateInput): Promise<string> {
    const clusters = this.ctx.store.clusters.list();
    if (clusters.length === 0) throw Errors.badRequest('No clusters configured');
    for (const id of input.clusterIds) {
      if (!clusters.some((c) => c.id === id)) throw Errors.badRequest(`Cluster id ${id} not found`);
    }
    return this.runner.start(BlockVolumeCreateOperation.start(this.ctx, input));
  }

  startDelete(id: string): Promise<string> {
    this.get(id);
    return this.runner.start(new BlockVolumeDeleteOperation(this.ctx, this.ctx.ids.next(), id));
  }

  startExpand(id: string, newSizeGib: number): Promise<string> {
    this.get(id);
    return this.runner.start(new BlockVolumeExpandOperation(this.ctx, this.ctx.ids.next(), id, newSizeGib));
  }

  /** Rebuilds the block volume records for recovery; null for other types. */
  loadOperation = (stored: StoredOperation): Operation | null => {
    switch (stored.type) {
      case OperationType.CreateBlockVolume:
        return BlockVolumeCreateOperation.load(this.ctx, stored);
      case OperationType.DeleteBlockVolume:
        return BlockVolumeDeleteOperation.load(this.ctx, stored);
      case OperationType.ExpandBlockVolume:
        return BlockVolumeExpandOperation.load(this.ctx, stored);
      default:
        return null;
    }
  };
}
