import { OperationType } from '../domain/entities.js';
import { Errors, isAppError } from '../domain/errors.js';
import { DeviceRemoveOperation } from '../operations/device-remove.js';
import { EvictBrickOperation } from '../operations/evict-brick.js';
import { runOperationInline } from '../operations/evict-inline-runner.js';
import type { Operation } from '../operations/operation.js';
import type { OperationRunner } from '../operations/runner.js';
import type { StoredOperation } from '../store/repos/operations.js';
import type { ServiceContext } from './context.js';

/** Brick eviction (POST /bricks/to-evict/{id}) and the eviction of a whole device for removal. */
export class EvictService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly runner: OperationRunner,
  ) {}

  /**
   * 404 for an unknown brick; throttled (429); build errors are synchronous 500s with Heketi's
   * "Failed to set up brick eviction: " before them (app_device.go, OperationHttpErrorf).
   * Returns the job id.
   */
  async startEvict(brickId: string, healcheck: string): Promise<string> {
    if (!this.ctx.store.bricks.get(brickId)) throw Errors.notFound();
    try {
      return await this.runner.start(EvictBrickOperation.create(this.ctx, brickId, healcheck));
    } catch (e) {
      if (isAppError(e) && e.httpStatus === 500) throw Errors.operationFailed(`Failed to set up brick eviction: ${e.message}`);
      throw e;
    }
  }

  /**
   * Moves every brick off the device, recorded as a remove-device operation, and marks the device
   * failed. Runs inside RemovalService's throttled job, so it takes no slot of its own.
   */
  evictAll = async (deviceId: string, healcheck: string): Promise<void> => {
    await runOperationInline(this.ctx.store, this.ctx.log, DeviceRemoveOperation.create(this.ctx, deviceId, healcheck));
  };

  /** Rebuilds evict-brick and remove-device records for recovery; null for other types. */
  loadOperation = (stored: StoredOperation): Operation | null => {
    if (stored.type === OperationType.EvictBrick) return EvictBrickOperation.load(this.ctx, stored);
    if (stored.type === OperationType.RemoveDevice) return DeviceRemoveOperation.load(this.ctx, stored);
    return null;
  };
}
