/**
 * Rebuilds the volume operations from their pending-operation records, for start-up recovery and
 * POST /operations/pending/cleanup. Other types return null so a combined loader can try the next.
 */
import { OperationType } from '../domain/entities.js';
import type { StoredOperation } from '../store/repos/operations.js';
import type { ServiceContext } from '../services/context.js';
import type { Operation } from './operation.js';
import { VolumeCloneOperation } from './volume-clone.js';
import { VolumeCreateOperation } from './volume-create.js';
import { VolumeDeleteOperation } from './volume-delete.js';
import { VolumeExpandOperation } from './volume-expand.js';

export function loadVolumeOperation(ctx: ServiceContext, stored: StoredOperation): Operation | null {
  switch (stored.type) {
    case OperationType.CreateVolume:
      return VolumeCreateOperation.fromRecord(ctx, stored);
    case OperationType.ExpandVolume:
      return VolumeExpandOperation.fromRecord(ctx, stored);
    case OperationType.DeleteVolume:
      return VolumeDeleteOperation.fromRecord(ctx, stored);
    case OperationType.CloneVolume:
      return VolumeCloneOperation.fromRecord(ctx, stored);
    default:
      return null;
  }
}
