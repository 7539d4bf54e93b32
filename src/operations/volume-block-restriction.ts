/**
 * POST /volumes/{id}/block-restriction (Heketi's VolumeSetBlockRestrictionOperation). Locking is
 * applied in build, so no block volume can land on the volume from then on; unlocking is applied
 * in finalize. Nothing runs on the nodes and no pending-operation record is written, so there is
 * nothing to recover after a crash.
 */
import type { BlockRestriction, OperationPhase, Volume } from '../domain/entities.js';
import { Errors } from '../domain/errors.js';
import { reduceRawSize } from '../domain/sizing.js';
import type { ServiceContext } from '../services/context.js';
import type { Operation } from './operation.js';

const fail = (reason: string) => Errors.operationFailed(`Failed to set block restriction: ${reason}`);

/** Heketi's checkCanUnlock: a volume locked by an upgrade needs its 2% reserve free first. */
function unlockError(volume: Volume, target: BlockRestriction): string | null {
  const current = volume.blockInfo.restriction;
  if (current !== 'locked-by-update' || current === target || volume.blockInfo.reservedSizeGib > 0) return null;
  const reserve = volume.sizeGib - reduceRawSize(volume.sizeGib);
  if (volume.blockInfo.freeSizeGib >= reserve) return null;
  return `Can not unlock volume. ${reserve}GiB free space is required, but found ${volume.blockInfo.freeSizeGib}GiB`;
}

/** Moves the 2% reserve out of free space when a volume locked by an upgrade is unlocked. */
function withReserve(volume: Volume): Volume['blockInfo'] {
  if (volume.blockInfo.restriction !== 'locked-by-update' || volume.blockInfo.reservedSizeGib > 0) return volume.blockInfo;
  const reserve = volume.sizeGib - reduceRawSize(volume.sizeGib);
  return {
    ...volume.blockInfo,
    freeSizeGib: volume.blockInfo.freeSizeGib - reserve,
    reservedSizeGib: volume.blockInfo.reservedSizeGib + reserve,
  };
}

export class VolumeBlockRestrictionOperation implements Operation {
  readonly typeName = 'block-restriction';
  readonly throttled = true;
  readonly retryLimit = 0;

  constructor(
    private readonly ctx: ServiceContext,
    readonly id: string,
    private readonly volumeId: string,
    private readonly restriction: BlockRestriction,
  ) {}

  build(): void {
    const volume = this.volume();
    if (!volume.block) throw fail('Block restrictions can only be set on block hosting volumes');
    const error = unlockError(volume, this.restriction);
    if (error) throw fail(error);
    if (this.restriction === '') return;
    this.ctx.store.volumes.update({ ...volume, blockInfo: { ...volume.blockInfo, restriction: this.restriction } });
  }

  async exec(): Promise<void> {}

  finalize(): void {
    if (this.restriction !== '') return;
    const volume = this.volume();
    const error = unlockError(volume, this.restriction);
    if (error) throw new Error(error);
    this.ctx.store.volumes.update({ ...volume, blockInfo: { ...withReserve(volume), restriction: '' } });
  }

  async rollback(): Promise<void> {}

  location(): string {
    return `/volumes/${this.volumeId}`;
  }

  recoveryDirection(_phase: OperationPhase): 'forward' {
    return 'forward';
  }

  private volume(): Volume {
    const volume = this.ctx.store.volumes.get(this.volumeId);
    if (!volume) throw Errors.notFound();
    return volume;
  }
}
