/**
 * Brick eviction (Heketi's BrickEvictOperation): replace one brick of a volume with a newly placed
 * one, for POST /bricks/to-evict/{id} and for device removal.
 *
 * - build: refuse a pending brick or a volume with pending bricks; mark the brick pending and
 *   record the operation (DeleteBrick).
 * - exec: find the brick's set from gluster's brick order, run the heal check, then place the
 *   replacement. As in Heketi the placement is its own transaction inside exec (it needs gluster's
 *   answer first): the new brick is saved pending, its device charged, AddBrick recorded. Then the
 *   brick is created, `replace-brick` runs, and the old brick is destroyed.
 * - finalize: drop the old brick (its space back when the thin pool really went), clear the new one.
 *
 * Recovery direction: once gluster has accepted the replace-brick, the old brick may already hold
 * nothing, so the only safe way is forward (destroy the old brick, keep the new one). Before that,
 * undoing is safe: destroy the new brick and give its space back. `replaced` is written to the
 * record right after replace-brick returns; a crash in the tiny window before that write is covered
 * by rollback asking gluster whether the new brick is in the volume (Heketi's Clean does the same).
 */
import { placeReplacement, NO_REPLACEMENT_TEXT } from '../domain/allocator/index.js';
import { durabilityStrategy, effectiveDurability } from '../domain/durability/index.js';
import { ChangeType, type Brick, type Node, type OperationAction, OperationType, type Volume } from '../domain/entities.js';
import { Errors } from '../domain/errors.js';
import { parseEngineOptions } from '../domain/volume-rules.js';
import type { ServiceContext } from '../services/context.js';
import type { StoredOperation } from '../store/repos/operations.js';
import {
  brickNameMap,
  findBrickSet,
  glusterBrickName,
  healCheckError,
  workingHost,
  type BrickSetMatch,
} from './evict-support.js';
import type { Operation } from './operation.js';
import { insertOperationRecord } from './operation-record.js';
import { brickRequest, brickSpaceKib, insertPlannedBrick } from './volume-common.js';
import { candidateDevices, snapshotFactorOf } from './volume-placement.js';

/** Thrown when no device can take the brick; device removal turns it into Heketi's device text. */
export class NoReplacementError extends Error {
  constructor() {
    super(NO_REPLACEMENT_TEXT);
    this.name = 'NoReplacementError';
  }
}

/** What the record's payload keeps so that a restart can finish or undo the eviction. */
export interface EvictState {
  brickId: string;
  healcheck: string;
  newBrickId: string | null;
  /** Gluster accepted replace-brick: from here on only forward. */
  replaced: boolean;
  oldSpaceReclaimed: boolean;
  /** The remove-device operation this eviction runs under, if any. */
  parentId: string | null;
}

interface OldBrick {
  brick: Brick;
  volume: Volume;
  node: Node;
}

export const EVICT_BRICK = 'evict-brick';

export class EvictBrickOperation implements Operation {
  readonly typeName = EVICT_BRICK;
  readonly throttled = true;
  readonly retryLimit = 0;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    private readonly state: EvictState,
  ) {}

  static create(ctx: ServiceContext, brickId: string, healcheck: string, parentId: string | null = null): EvictBrickOperation {
    const state = { brickId, healcheck, newBrickId: null, replaced: false, oldSpaceReclaimed: false, parentId };
    return new EvictBrickOperation(ctx, ctx.ids.next(), state);
  }

  static load(ctx: ServiceContext, stored: StoredOperation): EvictBrickOperation {
    return new EvictBrickOperation(ctx, stored.id, stored.payload as unknown as EvictState);
  }

  build(): void {
    const { store } = this.ctx;
    const brick = store.bricks.get(this.state.brickId);
    if (!brick) throw Errors.notFound();
    if (brick.pendingOpId !== null) throw Errors.operationFailed(`Can not evict brick ${brick.id}: brick is pending`);
    if (store.bricks.listByVolume(brick.volumeId).some((b) => b.pendingOpId !== null)) {
      throw Errors.operationFailed(`Can not evict brick ${brick.id} from volume ${brick.volumeId}: volume has pending bricks`);
    }
    store.bricks.update({ ...brick, pendingOpId: this.id });
    insertOperationRecord(this.ctx, this.id, OperationType.EvictBrick, this.actions(), { ...this.state });
  }

  async exec(): Promise<void> {
    if (!this.state.replaced) {
      if (this.state.newBrickId === null) this.placeReplacement(await this.checkBrickSet());
      await this.replaceBrick();
    }
    await this.destroyOldBrick();
  }

  finalize(): void {
    const { store } = this.ctx;
    const old = store.bricks.get(this.state.brickId);
    if (old) {
      store.bricks.delete(old.id);
      if (this.state.oldSpaceReclaimed) store.devices.charge(old.deviceId, -brickSpaceKib(old));
    }
    const added = this.state.newBrickId === null ? undefined : store.bricks.get(this.state.newBrickId);
    if (added) store.bricks.update({ ...added, pendingOpId: null });
    store.operations.delete(this.id);
  }

  async rollback(): Promise<void> {
    if (this.state.newBrickId !== null && (this.state.replaced || (await this.glusterHasNewBrick()))) {
      this.state.replaced = true;
      await this.destroyOldBrick();
      this.ctx.store.tx(() => this.finalize());
      return;
    }
    const reclaimed = await this.destroyNewBrick();
    this.ctx.store.tx(() => this.revert(reclaimed));
  }

  location(): string | null {
    return null;
  }

  recoveryDirection(phase: StoredOperation['phase']): 'forward' | 'back' {
    return phase === 'exec-done' || this.state.replaced ? 'forward' : 'back';
  }

  private old(): OldBrick {
    const { store } = this.ctx;
    const brick = store.bricks.get(this.state.brickId);
    const volume = brick && store.volumes.get(brick.volumeId);
    const node = brick && store.nodes.get(brick.nodeId);
    if (!brick || !volume || !node) throw Errors.internal(`brick ${this.state.brickId} is no longer in the database`);
    return { brick, volume, node };
  }

  private async hostNear(node: Node): Promise<string> {
    return workingHost(this.ctx.store, this.ctx.executor, node.clusterId, node.manageHostnames[0]!);
  }

  /** Exec I: the set from gluster's brick order, then the heal check unless disabled. */
  private async checkBrickSet(): Promise<BrickSetMatch> {
    const { store, executor } = this.ctx;
    const old = this.old();
    const host = await this.hostNear(old.node);
    const info = await executor.volumeInfo(host, old.volume.name);
    const byName = brickNameMap(store, old.volume.id);
    const strategy = durabilityStrategy(effectiveDurability(old.volume.durability, old.volume.glusterVolumeOptions));
    const names = info.bricks.map((b) => b.name);
    const match = findBrickSet(names, byName, strategy.bricksInSet, old.brick.id);
    if (!match) throw Errors.notFound();
    if (this.state.healcheck !== 'disable') {
      const refusal = healCheckError(await executor.healInfo(host, old.volume.name), byName, match, strategy.replacementQuorum);
      if (refusal) throw new Error(refusal);
    }
    return match;
  }

  /** Exec II: place, save and charge the new brick in one transaction. */
  private placeReplacement(match: BrickSetMatch): void {
    const { store, config } = this.ctx;
    store.tx(() => {
      const old = this.old();
      const zoneOf = (nodeId: string) => store.nodes.get(nodeId)?.zone ?? 0;
      const options = parseEngineOptions(old.volume.glusterVolumeOptions);
      const result = placeReplacement(
        candidateDevices(store, old.volume.clusterId) ?? [],
        {
          old: { deviceId: old.brick.deviceId, nodeId: old.brick.nodeId, zone: old.node.zone },
          others: match.set.filter((b) => b.id !== old.brick.id).map((b) => ({ deviceId: b.deviceId, nodeId: b.nodeId, zone: zoneOf(b.nodeId) })),
          sizeKib: old.brick.sizeKib,
          subType: old.brick.subType,
          snapshotFactor: snapshotFactorOf(old.volume),
          zoneChecking: options.zoneChecking ?? config.glusterfs.zoneChecking,
          tagMatch: options.tagMatch,
          arbiterVolume: options.arbiter,
        },
        this.ctx.rng,
      );
      if (!result.ok) {
        this.ctx.log.info({ brick: old.brick.id, detail: result.error.detail }, 'no replacement for brick');
        if (result.error.kind === 'invalid-tag-rule') throw new Error(result.error.message);
        throw new NoReplacementError();
      }
      this.state.newBrickId = insertPlannedBrick(this.ctx, old.volume.id, result.brick, old.brick.position, this.id).id;
      this.saveRecord();
    });
  }

  /** Exec III: create the new brick and swap it in on gluster. */
  private async replaceBrick(): Promise<void> {
    const { store, executor } = this.ctx;
    const old = this.old();
    const added = store.bricks.get(this.state.newBrickId!);
    const newNode = added && store.nodes.get(added.nodeId);
    if (!added || !newNode) throw Errors.internal(`replacement brick ${this.state.newBrickId} is missing`);
    await executor.brickCreate(newNode.manageHostnames[0]!, brickRequest(added, old.volume.gid));
    const host = await this.hostNear(newNode);
    await executor.volumeReplaceBrick(
      host,
      old.volume.name,
      { host: old.node.storageHostnames[0]!, path: old.brick.path },
      { host: newNode.storageHostnames[0]!, path: added.path },
    );
    this.state.replaced = true;
    store.tx(() => this.saveRecord());
  }

  private async destroyOldBrick(): Promise<void> {
    const old = this.ctx.store.bricks.get(this.state.brickId);
    if (!old) return;
    const volume = this.ctx.store.volumes.get(old.volumeId);
    const node = this.ctx.store.nodes.get(old.nodeId);
    const result = await this.ctx.executor.brickDestroy(node!.manageHostnames[0]!, brickRequest(old, volume?.gid ?? 0));
    this.state.oldSpaceReclaimed = result.spaceReclaimed;
    this.ctx.store.tx(() => this.saveRecord());
  }

  /** Whether gluster already lists the new brick in the volume (replace-brick went through). */
  private async glusterHasNewBrick(): Promise<boolean> {
    const { store, executor } = this.ctx;
    const added = store.bricks.get(this.state.newBrickId!);
    if (!added) return false;
    const old = this.old();
    const info = await executor.volumeInfo(await this.hostNear(old.node), old.volume.name);
    const name = glusterBrickName(store, added);
    return info.bricks.some((b) => b.name === name);
  }

  private async destroyNewBrick(): Promise<boolean> {
    const { store, executor } = this.ctx;
    const added = this.state.newBrickId === null ? undefined : store.bricks.get(this.state.newBrickId);
    if (!added) return false;
    const node = store.nodes.get(added.nodeId)!;
    const gid = store.volumes.get(added.volumeId)?.gid ?? 0;
    return (await executor.brickDestroy(node.manageHostnames[0]!, brickRequest(added, gid))).spaceReclaimed;
  }

  /** Undo build and exec II in the database: the old brick stays, the new one goes. */
  private revert(newSpaceReclaimed: boolean): void {
    const { store } = this.ctx;
    const added = this.state.newBrickId === null ? undefined : store.bricks.get(this.state.newBrickId);
    if (added) {
      store.bricks.delete(added.id);
      if (newSpaceReclaimed) store.devices.charge(added.deviceId, -brickSpaceKib(added));
    }
    const old = store.bricks.get(this.state.brickId);
    if (old && old.pendingOpId === this.id) store.bricks.update({ ...old, pendingOpId: null });
    store.operations.delete(this.id);
  }

  private actions(): OperationAction[] {
    const actions: OperationAction[] = [{ change: ChangeType.DeleteBrick, id: this.state.brickId }];
    if (this.state.newBrickId !== null) actions.push({ change: ChangeType.AddBrick, id: this.state.newBrickId });
    if (this.state.parentId !== null) actions.push({ change: ChangeType.ParentOperation, id: this.state.parentId });
    return actions;
  }

  private saveRecord(): void {
    this.ctx.store.operations.patch(this.id, { actions: this.actions(), payload: { ...this.state } });
  }
}
