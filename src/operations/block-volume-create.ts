/**
 * Block volume create (Heketi's BlockVolumeCreateOperation, pending-op type 4).
 *
 * - build: pick a random eligible block-hosting volume (BHV) or, when none fits and auto-create is
 *   on, lay out a new replica-3 BHV in the same operation (volume-create's buildNewVolume); save the
 *   block volume pending and take its size from the BHV's free size.
 * - exec: create the new BHV if there is one, choose the hosts, run gluster-block create; its answer
 *   (iqn, hosts, credentials) is written to the record so that a restart after exec can finalize.
 * - finalize: store the answer, clear the markers. rollback: gluster-block delete, then the new BHV
 *   (if any) is undone, else the size goes back to the existing BHV.
 * Recovery: exec-done forward, anything else back (nothing is in use before the create returns).
 */
import { ChangeType, type BlockVolume, OperationType, type OperationAction, type Volume } from '../domain/entities.js';
import { AppError, Errors } from '../domain/errors.js';
import { defaultBlockVolumeName, defaultVolumeName } from '../domain/naming.js';
import { reduceRawSize } from '../domain/sizing.js';
import { assembleVolumeOptions } from '../domain/volume-rules.js';
import type { BlockVolumeResult } from '../executor/executor.js';
import type { ServiceContext } from '../services/context.js';
import type { StoredOperation } from '../store/repos/operations.js';
import { blockHostsFor, clearBlockVolumeMarker, onceOnClusterHost } from './block-support.js';
import { insertOperationRecord } from './operation-record.js';
import type { Operation } from './operation.js';
import { buildNewVolume, createVolumeOnNodes, finalizeNewVolume, rollbackNewVolume } from './volume-create.js';

/** The validated request. */
export interface BlockVolumeCreateInput {
  sizeGib: number;
  clusterIds: string[];
  name: string;
  hacount: number;
  auth: boolean;
}

interface CreateState {
  blockVolumeId: string;
  bhvId: string;
  /** The BHV is created by this operation. */
  newBhv: boolean;
  result: BlockVolumeResult | null;
  hacount: number;
}

export class BlockVolumeCreateOperation implements Operation {
  readonly typeName = 'create-block-volume';
  readonly throttled = true;
  readonly retryLimit = 0;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    private readonly state: CreateState,
    private readonly input: BlockVolumeCreateInput | null,
  ) {}

  static start(ctx: ServiceContext, input: BlockVolumeCreateInput): BlockVolumeCreateOperation {
    const state = { blockVolumeId: ctx.ids.next(), bhvId: '', newBhv: false, result: null, hacount: input.hacount };
    return new BlockVolumeCreateOperation(ctx, ctx.ids.next(), state, input);
  }

  static load(ctx: ServiceContext, stored: StoredOperation): BlockVolumeCreateOperation {
    return new BlockVolumeCreateOperation(ctx, stored.id, stored.payload as unknown as CreateState, null);
  }

  build(): void {
    const input = this.input;
    if (input === null) throw Errors.internal('a recovered create-block-volume operation cannot be rebuilt');
    const actions: OperationAction[] = [];
    const bhv = this.pickHostingVolume(input) ?? this.buildHostingVolume(input, actions);
    this.state.bhvId = bhv.id;
    const name = input.name || defaultBlockVolumeName(this.state.blockVolumeId);
    const blockVolume: BlockVolume = {
      id: this.state.blockVolumeId,
      clusterId: bhv.clusterId,
      blockHostingVolumeId: bhv.id,
      name,
      sizeGib: input.sizeGib,
      usableSizeGib: input.sizeGib,
      hacount: input.hacount,
      auth: input.auth,
      hosts: [],
      iqn: '',
      lun: 0,
      username: '',
      password: '',
      pendingOpId: this.id,
    };
    const { store } = this.ctx;
    const current = store.volumes.get(bhv.id)!;
    store.volumes.update({ ...current, blockInfo: { ...current.blockInfo, freeSizeGib: current.blockInfo.freeSizeGib - input.sizeGib } });
    store.blockVolumes.insert(blockVolume);
    actions.push({ change: ChangeType.AddBlockVolume, id: blockVolume.id });
    insertOperationRecord(this.ctx, this.id, OperationType.CreateBlockVolume, actions, { ...this.state });
  }

  async exec(): Promise<void> {
    const { store, executor } = this.ctx;
    if (this.state.newBhv) await createVolumeOnNodes(this.ctx, this.state.bhvId, this.id);
    const bv = store.blockVolumes.get(this.state.blockVolumeId)!;
    const bhv = store.volumes.get(this.state.bhvId)!;
    const hosts = await blockHostsFor(this.ctx, bhv, bv.hacount);
    const result = await onceOnClusterHost(this.ctx, bhv.clusterId, (host) =>
      executor.blockVolumeCreate(host, {
        blockHostingVolumeName: bhv.name,
        name: bv.name,
        sizeGib: bv.sizeGib,
        hacount: hosts.length,
        auth: bv.auth,
        hosts,
      }),
    );
    this.state.result = result;
    this.state.hacount = hosts.length;
    store.tx(() => store.operations.patch(this.id, { payload: { ...this.state } }));
  }

  finalize(): void {
    const { store } = this.ctx;
    const bv = store.blockVolumes.get(this.state.blockVolumeId);
    const r = this.state.result;
    if (bv && r) {
      store.blockVolumes.update({
        ...bv,
        hosts: r.hosts,
        iqn: r.iqn,
        username: r.username,
        password: r.password,
        hacount: this.state.hacount,
        usableSizeGib: bv.sizeGib,
        pendingOpId: null,
      });
    }
    if (this.state.newBhv) finalizeNewVolume(this.ctx, this.state.bhvId, this.id);
    store.operations.delete(this.id);
  }

  async rollback(): Promise<void> {
    const { store, executor } = this.ctx;
    const bv = store.blockVolumes.get(this.state.blockVolumeId);
    const bhv = store.volumes.get(this.state.bhvId);
    if (bv && bhv) {
      await onceOnClusterHost(this.ctx, bhv.clusterId, (host) => executor.blockVolumeDestroy(host, bhv.name, bv.name));
      store.tx(() => clearBlockVolumeMarker(store, bv, !this.state.newBhv));
    }
    if (this.state.newBhv) await rollbackNewVolume(this.ctx, this.state.bhvId, this.id, () => store.operations.delete(this.id));
    else store.tx(() => store.operations.delete(this.id));
  }

  location(): string {
    return `/blockvolumes/${this.state.blockVolumeId}`;
  }

  recoveryDirection(phase: StoredOperation['phase']): 'forward' | 'back' {
    return phase === 'exec-done' ? 'forward' : 'back';
  }

  /** A random BHV that can take the block volume (Heketi's eligible volumes). */
  private pickHostingVolume(input: BlockVolumeCreateInput): Volume | null {
    const { store, rng } = this.ctx;
    const fits = this.eligibleClusterIds(input)
      .flatMap((c) => store.volumes.listByCluster(c))
      .filter(
        (v) =>
          v.block &&
          v.pendingOpId === null &&
          v.blockInfo.restriction === '' &&
          v.blockInfo.freeSizeGib >= input.sizeGib &&
          !store.blockVolumes.listByBlockHostingVolume(v.id).some((b) => input.name !== '' && b.name === input.name),
      );
    return fits.length === 0 ? null : fits[rng.int(fits.length)]!;
  }

  private eligibleClusterIds(input: BlockVolumeCreateInput): string[] {
    const ids = input.clusterIds.length > 0 ? input.clusterIds : this.ctx.store.clusters.list().map((c) => c.id);
    return ids.filter((id) => this.ctx.store.clusters.get(id)?.block === true);
  }

  /**
   * No BHV fits: Heketi's three refusals, else a new replica-3 BHV recorded in this operation.
   * Heketi's handler prefixes every refusal but the 429 with "Failed to allocate new block volume: "
   * (app_block_volume.go, OperationHttpErrorf).
   */
  private buildHostingVolume(input: BlockVolumeCreateInput, actions: OperationAction[]): Volume {
    const g = this.ctx.config.glusterfs;
    const reduced = reduceRawSize(g.blockHostingVolumeSize);
    if (input.sizeGib > reduced) {
      throw Errors.operationFailed(
        `Failed to allocate new block volume: The size configured for automatic creation of block hosting volumes (${g.blockHostingVolumeSize}) is too small to host the requested block volume of size ${input.sizeGib}. The available size on this block hosting volume, minus overhead, is ${reduced}. Please create a sufficiently large block hosting volume manually.`,
      );
    }
    if (hasPendingHostingVolume(this.ctx)) throw Errors.tooManyOperations(5);
    if (!g.autoCreateBlockHostingVolume) {
      throw Errors.operationFailed(
        'Failed to allocate new block volume: Block Hosting Volume Creation is disabled. Create a Block hosting volume and try again.',
      );
    }
    const id = this.ctx.ids.next();
    try {
      const built = buildNewVolume(this.ctx, this.id, {
        id,
        name: defaultVolumeName(id),
        sizeGib: g.blockHostingVolumeSize,
        durability: { type: 'replicate', replicate: { replica: 3 }, disperse: {} },
        gid: 0,
        block: true,
        snapshot: { enable: false, factor: 1 },
        glusterVolumeOptions: assembleVolumeOptions(g.preRequestVolumeOptions, g.blockHostingVolumeOptions, [], g.postRequestVolumeOptions),
        clusterIds: this.eligibleClusterIds(input),
        checkVolumeLimit: true,
      });
      actions.push(...built.actions);
      this.state.newBhv = true;
      return built.volume;
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw Errors.operationFailed(`Failed to allocate new block volume: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** A create-block-volume record that is creating a BHV and is not failed or stale (Heketi: 429). */
function hasPendingHostingVolume(ctx: ServiceContext): boolean {
  return ctx.store.operations
    .list()
    .some((op) => op.type === OperationType.CreateBlockVolume && op.status === '' && op.actions.some((a) => a.change === ChangeType.AddVolume));
}
