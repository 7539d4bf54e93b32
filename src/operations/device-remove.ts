/**
 * Device removal (Heketi's DeviceRemoveOperation, pending-op type 6): every brick of an offline
 * device is evicted to a replacement, one nested evict-brick operation at a time, then the device
 * is marked failed.
 *
 * - build: refuse (409 text) when a brick of the device is pending or another removal of the same
 *   device is recorded; record RemoveDevice.
 * - exec: evict brick after brick; each eviction is a complete operation of its own (own record,
 *   ParentOperation link; the parent records ChildOperation while it runs). A failure stops the
 *   removal: bricks already moved stay moved and the device stays offline, as in Heketi.
 * - finalize: mark the device failed, drop the record.
 *
 * Recovery: exec-done rolls forward (mark failed). Anything earlier rolls back, which only drops
 * the record: the bricks moved so far are complete evictions, an interrupted eviction is recovered
 * through its own record, and the device is still offline, so the user simply asks again.
 */
import { ChangeType, OperationType, type OperationAction } from '../domain/entities.js';
import { CONFLICT_TEXT, Errors } from '../domain/errors.js';
import { NO_REPLACEMENT_TEXT } from '../domain/allocator/index.js';
import type { ServiceContext } from '../services/context.js';
import type { StoredOperation } from '../store/repos/operations.js';
import { EvictBrickOperation, NoReplacementError } from './evict-brick.js';
import { runOperationInline } from './evict-inline-runner.js';
import type { Operation } from './operation.js';
import { insertOperationRecord } from './operation-record.js';

export const REMOVE_DEVICE = 'remove-device';

export interface DeviceRemoveState {
  deviceId: string;
  healcheck: string;
  /** The eviction running now, shown as a ChildOperation action. */
  childId: string | null;
}

export const noDeviceToReplace = (deviceId: string): Error =>
  new Error(`Unable to delete device [${deviceId}] as no device was found to replace it: ${NO_REPLACEMENT_TEXT}`);

export class DeviceRemoveOperation implements Operation {
  readonly typeName = REMOVE_DEVICE;
  readonly throttled = true;
  readonly retryLimit = 0;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    private readonly state: DeviceRemoveState,
  ) {}

  static create(ctx: ServiceContext, deviceId: string, healcheck: string): DeviceRemoveOperation {
    return new DeviceRemoveOperation(ctx, ctx.ids.next(), { deviceId, healcheck, childId: null });
  }

  static load(ctx: ServiceContext, stored: StoredOperation): DeviceRemoveOperation {
    return new DeviceRemoveOperation(ctx, stored.id, stored.payload as unknown as DeviceRemoveState);
  }

  build(): void {
    const { store } = this.ctx;
    const deviceId = this.state.deviceId;
    if (!store.devices.get(deviceId)) throw Errors.notFound();
    const removalRecorded = store.operations
      .list()
      .some((op) => op.actions.some((a) => a.change === ChangeType.RemoveDevice && a.id === deviceId));
    const brickPending = store.bricks.listByDevice(deviceId).some((b) => b.pendingOpId !== null);
    if (removalRecorded || brickPending) throw Errors.internal(CONFLICT_TEXT);
    insertOperationRecord(this.ctx, this.id, OperationType.RemoveDevice, this.actions(), { ...this.state });
  }

  async exec(): Promise<void> {
    for (let brick = this.nextBrick(); brick !== null; brick = this.nextBrick()) {
      const child = EvictBrickOperation.create(this.ctx, brick, this.state.healcheck, this.id);
      this.recordChild(child.id);
      try {
        await runOperationInline(this.ctx.store, this.ctx.log, child);
      } catch (e) {
        if (e instanceof NoReplacementError) throw noDeviceToReplace(this.state.deviceId);
        throw e;
      } finally {
        this.recordChild(null);
      }
    }
    if (this.ctx.store.bricks.listByDevice(this.state.deviceId).length > 0) throw new Error(CONFLICT_TEXT);
  }

  finalize(): void {
    const { store } = this.ctx;
    const device = store.devices.get(this.state.deviceId);
    if (device) store.devices.update({ ...device, state: 'failed' });
    store.operations.delete(this.id);
  }

  async rollback(): Promise<void> {
    this.ctx.store.tx(() => this.ctx.store.operations.delete(this.id));
  }

  location(): string | null {
    return null;
  }

  recoveryDirection(phase: StoredOperation['phase']): 'forward' | 'back' {
    return phase === 'exec-done' ? 'forward' : 'back';
  }

  /** The next brick to move: one with a path that no other operation holds. */
  private nextBrick(): string | null {
    const brick = this.ctx.store.bricks.listByDevice(this.state.deviceId).find((b) => b.path !== '' && b.pendingOpId === null);
    return brick?.id ?? null;
  }

  private recordChild(childId: string | null): void {
    this.state.childId = childId;
    this.ctx.store.tx(() => this.ctx.store.operations.patch(this.id, { actions: this.actions(), payload: { ...this.state } }));
  }

  private actions(): OperationAction[] {
    const actions: OperationAction[] = [{ change: ChangeType.RemoveDevice, id: this.state.deviceId }];
    if (this.state.childId !== null) actions.push({ change: ChangeType.ChildOperation, id: this.state.childId });
    return actions;
  }
}
