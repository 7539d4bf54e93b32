import { ChangeType, type Device, type Tags } from '../domain/entities.js';
import { AppError, CONFLICT_TEXT, Errors } from '../domain/errors.js';
import type { DeviceHandle } from '../executor/executor.js';
import type { ServiceContext } from './context.js';
import { applyTagChange, type TagChangeType } from './tags.js';

export interface DeviceAddInput {
  name: string;
  nodeId: string;
  tags: Tags;
  destroyData: boolean;
}

export const deviceHandle = (d: Device): DeviceHandle => ({ name: d.name, pvUuid: d.pvUuid, paths: d.paths });

/** Device use cases other than removal (see device-remove.ts). */
export class DeviceService {
  constructor(private readonly ctx: ServiceContext) {}

  get(id: string): Device {
    const d = this.ctx.store.devices.get(id);
    if (!d) throw Errors.notFound();
    return d;
  }

  /** 404 for an unknown node; the background part sets the disk up and saves the device online. */
  prepareAdd(input: DeviceAddInput): () => Promise<null> {
    const node = this.ctx.store.nodes.get(input.nodeId);
    if (!node) throw Errors.notFoundWith('Node id does not exist');
    const host = node.manageHostnames[0]!;
    return async () => {
      const id = this.ctx.ids.next();
      const info = await this.ctx.executor.deviceSetup(host, input.name, id, input.destroyData);
      const device: Device = {
        id,
        nodeId: input.nodeId,
        name: input.name,
        tags: input.tags,
        state: 'online',
        totalKib: info.totalKib,
        freeKib: info.freeKib,
        usedKib: info.usedKib,
        extentSizeKib: info.extentSizeKib,
        paths: info.paths,
        pvUuid: info.pvUuid,
      };
      try {
        this.ctx.store.tx(() => {
          if (!this.ctx.store.nodes.get(input.nodeId)) throw Errors.notFoundWith('Node id does not exist');
          this.ctx.store.devices.insert(device);
        });
      } catch (e) {
        // Never leave a VG on the node that the database does not know.
        await this.ctx.executor.deviceTeardown(host, deviceHandle(device), id).catch(() => undefined);
        throw e;
      }
      return null;
    };
  }

  /** 400 unless failed, 409 with bricks; the background part tears the VG down (or forgets it). */
  prepareDelete(id: string, forceForget: boolean): () => Promise<null> {
    const device = this.get(id);
    if (device.state !== 'failed') throw Errors.badRequest(`device: ${id} is not in failed state`);
    this.assertNoBricks(id);
    const host = this.hostOf(device);
    return async () => {
      if (forceForget) await this.ctx.executor.deviceForget(host, deviceHandle(device), id);
      else await this.ctx.executor.deviceTeardown(host, deviceHandle(device), id);
      this.ctx.store.tx(() => {
        this.assertNoBricks(id);
        this.ctx.store.devices.delete(id);
      });
      return null;
    };
  }

  /** Re-reads the device's sizes from the node (GET /devices/{id}/resync). */
  prepareResync(id: string): () => Promise<null> {
    const device = this.get(id);
    return async () => {
      if (this.hasPendingWork(id)) throw Errors.internal(CONFLICT_TEXT);
      const info = await this.ctx.executor.getDeviceInfo(this.hostOf(device), deviceHandle(device), id);
      this.ctx.store.tx(() => {
        const current = this.get(id);
        this.ctx.store.devices.update({ ...current, totalKib: info.totalKib, freeKib: info.freeKib, usedKib: info.usedKib });
      });
      return null;
    };
  }

  /** online <-> offline and failed -> offline; `failed` itself goes through device removal. */
  setSimpleState(id: string, state: 'online' | 'offline'): void {
    this.ctx.store.tx(() => {
      const device = this.get(id);
      if (device.state === state) return;
      if (device.state === 'failed' && state === 'online') {
        throw Errors.internal('Cannot move a failed/removed device to online state');
      }
      this.ctx.store.devices.update({ ...device, state });
    });
  }

  setTags(id: string, change: TagChangeType, tags: Tags): Tags {
    return this.ctx.store.tx(() => {
      const device = this.get(id);
      const next = applyTagChange(device.tags, change, tags);
      this.ctx.store.devices.update({ ...device, tags: next });
      return next;
    });
  }

  hostOf(device: Device): string {
    const node = this.ctx.store.nodes.get(device.nodeId);
    if (!node) throw Errors.internal(`device ${device.id} has no node`);
    return node.manageHostnames[0]!;
  }

  private assertNoBricks(id: string): void {
    if (this.ctx.store.bricks.listByDevice(id).length > 0) {
      throw new AppError('CONFLICT', 409, `Unable to delete device [${id}] because it contains bricks`);
    }
  }

  /** A brick of the device is being changed, or a removal of the device is under way. */
  private hasPendingWork(deviceId: string): boolean {
    const { store } = this.ctx;
    if (store.bricks.listByDevice(deviceId).some((b) => b.pendingOpId !== null)) return true;
    return store.operations.list().some((op) => op.actions.some((a) => a.change === ChangeType.RemoveDevice && a.id === deviceId));
  }
}
