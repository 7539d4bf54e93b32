/**
 * Adopting a gluster volume made by hand on heketi-ts-style bricks: build writes the volume and
 * its bricks (pending) and charges their space to the devices; exec checks that gluster still has
 * the volume with exactly those bricks; finalize makes them visible. Interrupted before exec
 * finished, it is undone (the rows go, the space comes back), never finished blind.
 */
import type { DurabilityRequest, OperationPhase, Volume } from '../domain/entities.js';
import { ChangeType } from '../domain/entities.js';
import { Errors } from '../domain/errors.js';
import type { ServiceContext } from '../services/context.js';
import type { StoredOperation } from '../store/repos/operations.js';
import type { Operation } from './operation.js';
import { insertOperationRecord } from './operation-record.js';
import { REPAIR_OPERATION_TYPE } from './repair-drift.js';
import { brickSpaceKib, clearMarkers, expungeBricks, tryOnClusterHosts } from './volume-common.js';

export interface AdoptedBrick {
  id: string;
  nodeId: string;
  deviceId: string;
  /** Storage hostname, as gluster names the brick. */
  host: string;
  path: string;
  sizeKib: number;
  tpSizeKib: number;
  poolMetadataSizeKib: number;
}

export interface AdoptPayload {
  type: 'adopt-volume';
  clusterId: string;
  volumeId: string;
  volumeName: string;
  sizeGib: number;
  durability: DurabilityRequest;
  options: string[];
  /** In gluster's order. */
  bricks: AdoptedBrick[];
}

export class AdoptVolumeOperation implements Operation {
  readonly typeName = 'repair-adopt-volume';
  readonly throttled = false;
  readonly retryLimit = 0;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    readonly payload: AdoptPayload,
  ) {}

  static fromRecord(ctx: ServiceContext, stored: StoredOperation): AdoptVolumeOperation {
    return new AdoptVolumeOperation(ctx, stored.id, stored.payload as unknown as AdoptPayload);
  }

  build(): void {
    const { store } = this.ctx;
    const p = this.payload;
    if (store.volumes.get(p.volumeId) || store.volumes.list().some((v) => v.name === p.volumeName)) {
      throw Errors.operationFailed(`volume ${p.volumeName} is already in the database`);
    }
    for (const b of p.bricks) {
      const device = store.devices.get(b.deviceId);
      if (store.bricks.get(b.id)) throw Errors.operationFailed(`brick ${b.id} is already in the database`);
      if (!device || device.nodeId !== b.nodeId || store.nodes.get(b.nodeId)?.clusterId !== p.clusterId) {
        throw Errors.operationFailed(`brick ${b.id}: device ${b.deviceId} is not in cluster ${p.clusterId}`);
      }
    }
    const volume: Volume = {
      id: p.volumeId,
      clusterId: p.clusterId,
      name: p.volumeName,
      sizeGib: p.sizeGib,
      durability: p.durability,
      gid: 0,
      block: false,
      snapshot: { enable: false, factor: 1 },
      glusterVolumeOptions: p.options,
      blockInfo: { freeSizeGib: 0, reservedSizeGib: 0, restriction: '' },
      pendingOpId: this.id,
    };
    store.volumes.insert(volume);
    p.bricks.forEach((b, position) => {
      store.bricks.insert({
        id: b.id, deviceId: b.deviceId, nodeId: b.nodeId, volumeId: p.volumeId, path: b.path, sizeKib: b.sizeKib,
        tpSizeKib: b.tpSizeKib, poolMetadataSizeKib: b.poolMetadataSizeKib, subType: 'normal',
        lvmThinPool: `tp_${b.id}`, lvmLv: `brick_${b.id}`, position, pendingOpId: this.id,
      });
      store.devices.charge(b.deviceId, brickSpaceKib(b));
    });
    const actions = [...p.bricks.map((b) => ({ change: ChangeType.AddBrick, id: b.id })), { change: ChangeType.AddVolume, id: p.volumeId }];
    insertOperationRecord(this.ctx, this.id, REPAIR_OPERATION_TYPE, actions, { ...p });
  }

  async exec(): Promise<void> {
    const p = this.payload;
    const info = await tryOnClusterHosts(this.ctx, p.clusterId, (host) => this.ctx.executor.volumeInfo(host, p.volumeName));
    const expected = p.bricks.map((b) => `${b.host}:${b.path}`);
    const actual = info.bricks.map((b) => b.name);
    if (expected.join('\n') !== actual.join('\n')) {
      throw new Error(`volume ${p.volumeName} changed since it was examined: bricks ${actual.join(' ')}`);
    }
  }

  finalize(): void {
    const { store } = this.ctx;
    clearMarkers(store, store.volumes.get(this.payload.volumeId), store.bricks.listByVolume(this.payload.volumeId));
    store.operations.delete(this.id);
  }

  async rollback(): Promise<void> {
    const { store } = this.ctx;
    store.tx(() => {
      const bricks = store.bricks.listByVolume(this.payload.volumeId).filter((b) => b.pendingOpId === this.id);
      expungeBricks(store, bricks, new Set(bricks.map((b) => b.id)));
      if (store.volumes.get(this.payload.volumeId)?.pendingOpId === this.id) store.volumes.delete(this.payload.volumeId);
      store.operations.delete(this.id);
    });
  }

  location(): string {
    return `/volumes/${this.payload.volumeId}`;
  }

  recoveryDirection(phase: OperationPhase): 'forward' | 'back' {
    return phase === 'exec-done' ? 'forward' : 'back';
  }
}
