/**
 * Volume clone (POST /volumes/{id}/clone, Heketi's VolumeCloneOperation). The clone's bricks are
 * snapshots inside the source bricks' thin pools, so they charge no device space; they keep the
 * source's pool name and learn their path and LV from gluster's answer. The source is marked
 * pending (hidden, not deletable) while the clone runs.
 *
 * Unlike Heketi, which left a failed clone's rows behind, the rollback deletes the clone's gluster
 * volume and its rows. The clone's paths are only known in memory between exec and finalize, so an
 * interrupted clone is always undone.
 */
import type { Brick, OperationPhase, Volume } from '../domain/entities.js';
import { ChangeType, OperationType } from '../domain/entities.js';
import { CONFLICT_TEXT, Errors } from '../domain/errors.js';
import { brickPath, defaultVolumeName, thinPoolName } from '../domain/naming.js';
import type { GlusterVolumeInfo } from '../executor/executor.js';
import type { StoredOperation } from '../store/repos/operations.js';
import type { ServiceContext } from '../services/context.js';
import type { Operation } from './operation.js';
import { bricksOfOperation, clearMarkers, manageHostOf, payloadString, tryOnClusterHosts } from './volume-common.js';
import { savePendingOperation } from './operation-record.js';

export class VolumeCloneOperation implements Operation {
  readonly typeName = 'clone-volume';
  readonly throttled = true;
  readonly retryLimit = 0;
  private result: GlusterVolumeInfo | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    private readonly sourceId: string,
    private readonly cloneId: string,
    private readonly requestedName: string,
  ) {}

  static fromRecord(ctx: ServiceContext, stored: StoredOperation): VolumeCloneOperation {
    return new VolumeCloneOperation(ctx, stored.id, payloadString(stored.payload, 'sourceId'), payloadString(stored.payload, 'cloneId'), '');
  }

  build(): void {
    const { store } = this.ctx;
    const source = store.volumes.get(this.sourceId);
    if (!source) throw Errors.notFound();
    const fail = (reason: string) => Errors.operationFailed(`Failed clone volume ${source.id}: ${reason}`);
    if (source.block) throw fail('Cloning of block hosting volumes is not supported');
    const sourceBricks = store.bricks.listByVolume(source.id);
    if (source.pendingOpId !== null || sourceBricks.some((b) => b.pendingOpId !== null)) throw fail(CONFLICT_TEXT);
    const name = this.requestedName || defaultVolumeName(this.cloneId);
    if (store.volumes.findByName(source.clusterId, name)) throw fail(`Volume name '${name}' already in use`);
    const clone: Volume = { ...source, id: this.cloneId, name, pendingOpId: this.id };
    store.volumes.insert(clone);
    store.volumes.update({ ...source, pendingOpId: this.id });
    const bricks = sourceBricks.map((b): Brick => {
      const id = this.ctx.ids.next();
      return { ...b, id, volumeId: clone.id, path: brickPath(b.deviceId, id), lvmThinPool: b.lvmThinPool || thinPoolName(b.id), lvmLv: '', pendingOpId: this.id };
    });
    for (const b of bricks) store.bricks.insert(b);
    savePendingOperation(
      this.ctx,
      this.id,
      OperationType.CloneVolume,
      [
        { change: ChangeType.CloneVolume, id: source.id },
        { change: ChangeType.AddVolumeClone, id: clone.id },
        ...bricks.map((b) => ({ change: ChangeType.AddBrick, id: b.id })),
      ],
      { sourceId: source.id, cloneId: clone.id },
    );
  }

  async exec(): Promise<void> {
    const { store } = this.ctx;
    const source = store.volumes.get(this.sourceId)!;
    const clone = store.volumes.get(this.cloneId)!;
    const first = store.nodes.listByCluster(source.clusterId)[0];
    if (!first) throw new Error(`cluster ${source.clusterId} has no nodes`);
    const brickIds = bricksOfOperation(store, this.cloneId, this.id).map((b) => b.id);
    this.result = await this.ctx.executor.volumeClone(manageHostOf(store, first.id), source.name, clone.name, brickIds);
  }

  finalize(): void {
    const { store } = this.ctx;
    if (this.result === null) throw new Error('clone results are missing (exec did not run in this process)');
    const lv = `${this.result.id.replace(/-/g, '')}_0`;
    const bricks = bricksOfOperation(store, this.cloneId, this.id);
    bricks.forEach((b, i) => {
      const name = this.result!.bricks[i]?.name ?? '';
      const path = name.includes(':') ? name.slice(name.indexOf(':') + 1) : b.path;
      store.bricks.update({ ...b, path, lvmLv: lv, pendingOpId: null });
    });
    clearMarkers(store, store.volumes.get(this.cloneId), []);
    clearMarkers(store, store.volumes.get(this.sourceId), []);
    store.operations.delete(this.id);
  }

  async rollback(): Promise<void> {
    const { store } = this.ctx;
    const clone = store.volumes.get(this.cloneId);
    if (clone) await tryOnClusterHosts(this.ctx, clone.clusterId, (host) => this.ctx.executor.volumeDestroy(host, clone.name));
    store.tx(() => {
      for (const b of bricksOfOperation(store, this.cloneId, this.id)) store.bricks.delete(b.id);
      if (clone) store.volumes.delete(clone.id);
      const source = store.volumes.get(this.sourceId);
      if (source?.pendingOpId === this.id) clearMarkers(store, source, []);
      store.operations.delete(this.id);
    });
  }

  location(): string {
    return `/volumes/${this.cloneId}`;
  }

  recoveryDirection(_phase: OperationPhase): 'back' {
    return 'back';
  }
}
