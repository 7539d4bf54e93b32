import { Errors } from '../domain/errors.js';
import type { OperationRunner } from '../operations/runner.js';
import type { ServiceContext } from './context.js';

/**
 * Setting a device or node to `failed`: Heketi's state machine, then the removal itself. A device
 * without bricks becomes failed at once; one with bricks has every brick evicted to a replacement
 * first (see the device-remove operation).
 */
export class RemovalService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly runner: OperationRunner,
    private readonly evictAll: (deviceId: string, healcheck: string) => Promise<void>,
  ) {}

  startDeviceRemoval(deviceId: string, healcheck: string): Promise<string> {
    return this.runner.startJob(true, async () => {
      await this.removeDevice(deviceId, healcheck);
      return null;
    });
  }

  startNodeRemoval(nodeId: string, healcheck: string): Promise<string> {
    return this.runner.startJob(true, async () => {
      const node = this.ctx.store.nodes.get(nodeId);
      if (!node) throw Errors.notFound();
      if (node.state === 'failed') return null;
      if (node.state === 'online') {
        throw Errors.internal(`Node must be offline before remove operation is performed, node:${nodeId}`);
      }
      for (const device of this.ctx.store.devices.listByNode(nodeId)) {
        try {
          await this.evictDevice(device.id, healcheck);
        } catch (e) {
          const reason = e instanceof Error ? e.message : String(e);
          // Heketi's node text stands alone when the cause is the missing replacement.
          const noReplacement = reason.startsWith('Unable to delete device');
          throw Errors.internal(
            `Unable to remove node [${nodeId}] as no device was found to replace device [${device.id}]` +
              (noReplacement ? '' : `: ${reason}`),
          );
        }
      }
      this.ctx.store.tx(() => {
        const current = this.ctx.store.nodes.get(nodeId);
        if (current) this.ctx.store.nodes.update({ ...current, state: 'failed' });
      });
      return null;
    });
  }

  private async removeDevice(deviceId: string, healcheck: string): Promise<void> {
    const device = this.ctx.store.devices.get(deviceId);
    if (!device) throw Errors.notFound();
    if (device.state === 'failed') return;
    if (device.state === 'online') {
      throw Errors.internal(`Device must be offline before remove operation is performed, device:${deviceId}`);
    }
    await this.evictDevice(deviceId, healcheck);
  }

  /** Evicts every brick of the device, then marks it failed. */
  private async evictDevice(deviceId: string, healcheck: string): Promise<void> {
    if (this.ctx.store.bricks.listByDevice(deviceId).length > 0) await this.evictAll(deviceId, healcheck);
    this.ctx.store.tx(() => {
      const current = this.ctx.store.devices.get(deviceId);
      if (current) this.ctx.store.devices.update({ ...current, state: 'failed' });
    });
  }
}
