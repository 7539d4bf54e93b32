/** Rebuilds drift repair operations from their records (recovery, /operations/pending/cleanup). */
import type { ServiceContext } from '../services/context.js';
import type { StoredOperation } from '../store/repos/operations.js';
import type { Operation } from './operation.js';
import { AdoptVolumeOperation } from './repair-adopt.js';
import { REPAIR_OPERATION_TYPE, RepairOperation } from './repair-drift.js';

export function loadRepairOperation(ctx: ServiceContext, stored: StoredOperation): Operation | null {
  if (stored.type !== REPAIR_OPERATION_TYPE) return null;
  return stored.payload['type'] === 'adopt-volume' ? AdoptVolumeOperation.fromRecord(ctx, stored) : RepairOperation.fromRecord(ctx, stored);
}
