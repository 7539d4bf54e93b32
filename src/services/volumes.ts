import type { BlockRestriction, DurabilityRequest, Volume } from '../domain/entities.js';
import { AppError, Errors } from '../domain/errors.js';
import { defaultVolumeName, HEKETI_DB_VOLUME_NAME } from '../domain/naming.js';
import { GiB } from '../domain/units.js';
import { assembleVolumeOptions, volumeCreateError } from '../domain/volume-rules.js';
import type { OperationRunner } from '../operations/runner.js';
import { VolumeBlockRestrictionOperation } from '../operations/volume-block-restriction.js';
import { VolumeCloneOperation } from '../operations/volume-clone.js';
import { VolumeCreateOperation } from '../operations/volume-create.js';
import { VolumeDeleteOperation } from '../operations/volume-delete.js';
import { VolumeExpandOperation } from '../operations/volume-expand.js';
import type { StampedInfoView } from '../store/repos/volumes.js';
import type { ServiceContext } from './context.js';

/** POST /volumes after decoding and ozzo validation. */
export interface VolumeCreateInput {
  sizeGib: number;
  clusters: string[];
  name: string;
  durability: DurabilityRequest;
  gid: number;
  glusterVolumeOptions: string[];
  block: boolean;
  snapshot: { enable: boolean; factor: number };
}

/**
 * Volume use cases. Every change is an operation started through the runner (throttle, build in
 * the request, the rest in a queue job), so each method returns the queue job id for the 202.
 */
export class VolumeService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly runner: OperationRunner,
  ) {}

  /** A volume no operation is creating or deleting; pending ones are 404 as in Heketi. */
  get(id: string): Volume {
    const v = this.ctx.store.volumes.get(id);
    if (!v || v.pendingOpId !== null) throw Errors.notFound();
    return v;
  }

  /**
   * As get, with what the volume's info body lists of its bricks and block volumes, and the change
   * stamp and its info revision read in the same statement (VolumeRepo.infoView).
   */
  infoView(id: string): StampedInfoView {
    const read = this.ctx.store.volumes.infoView(id);
    if (!read || read.view.volume.pendingOpId !== null) throw Errors.notFound();
    return read;
  }

  list(): string[] {
    return this.ctx.store.volumes.listVisibleIds();
  }

  /** api §6.4 steps 3–12 (steps 1–2 are the route's): the checks, then the create operation. */
  create(input: VolumeCreateInput): Promise<string> {
    const g = this.ctx.config.glusterfs;
    const durability: DurabilityRequest = { ...input.durability, type: input.durability.type || 'none' };
    const error = volumeCreateError(
      { sizeGib: input.sizeGib, gid: input.gid, durability: input.durability, snapshot: input.snapshot },
      g.brickMinSizeGb * GiB,
      () => this.clusterError(input.clusters),
    );
    if (error) throw Errors.badRequest(error);
    const id = this.ctx.ids.next();
    const op = VolumeCreateOperation.start(this.ctx, {
      id,
      name: input.name || defaultVolumeName(id),
      sizeGib: input.sizeGib,
      durability,
      gid: input.gid,
      block: input.block,
      snapshot: input.snapshot,
      glusterVolumeOptions: assembleVolumeOptions(
        g.preRequestVolumeOptions,
        input.block ? g.blockHostingVolumeOptions : null,
        input.glusterVolumeOptions,
        g.postRequestVolumeOptions,
      ),
      clusterIds: input.clusters,
      checkVolumeLimit: true,
    });
    return this.runner.start(op);
  }

  expand(id: string, deltaGib: number): Promise<string> {
    this.existing(id);
    return this.runner.start(new VolumeExpandOperation(this.ctx, this.ctx.ids.next(), id, deltaGib));
  }

  /** 409 for Heketi's own database volume and for a block-hosting volume with block volumes. */
  delete(id: string): Promise<string> {
    const volume = this.existing(id);
    if (volume.name === HEKETI_DB_VOLUME_NAME) {
      throw new AppError('CONFLICT', 409, 'Cannot delete volume containing the Heketi database');
    }
    if (volume.block && this.ctx.store.blockVolumes.listByBlockHostingVolume(id).length > 0) {
      throw new AppError('CONFLICT', 409, 'Cannot delete a block hosting volume containing block volumes');
    }
    return this.runner.start(new VolumeDeleteOperation(this.ctx, this.ctx.ids.next(), id));
  }

  /** Returns the job id; the job ends with a 303 to the new volume. */
  clone(id: string, name: string): Promise<string> {
    this.existing(id);
    return this.runner.start(new VolumeCloneOperation(this.ctx, this.ctx.ids.next(), id, this.ctx.ids.next(), name));
  }

  setBlockRestriction(id: string, restriction: BlockRestriction): Promise<string> {
    this.existing(id);
    return this.runner.start(new VolumeBlockRestrictionOperation(this.ctx, this.ctx.ids.next(), id, restriction));
  }

  /** Heketi's handlers load the entry without looking at pending markers; build checks those. */
  private existing(id: string): Volume {
    const v = this.ctx.store.volumes.get(id);
    if (!v) throw Errors.notFound();
    return v;
  }

  /** Step 9: at least one cluster, and every requested one known. */
  private clusterError(requested: string[]): string | null {
    if (this.ctx.store.clusters.list().length === 0) return 'No clusters configured';
    const unknown = requested.find((c) => !this.ctx.store.clusters.get(c));
    return unknown === undefined ? null : `Cluster id ${unknown} not found`;
  }
}
