/**
 * The allocator's contract. Callers hand it a snapshot of eligible devices (online devices on
 * online nodes, with free space as stored) and get back a layout or a typed failure; it never
 * touches the store or the executor, and never mutates its input.
 */
import type { EffectiveDurability, Tags } from '../entities.js';

/** A device placement may use. */
export interface CandidateDevice {
  id: string;
  nodeId: string;
  zone: number;
  freeKib: number;
  extentSizeKib: number;
  /** Node tags merged with device tags; the device's value wins. */
  tags: Tags;
}

/** Heketi's volume limits (brick_min_size_gb, brick_max_size_gb, max_bricks_per_volume) in KiB. */
export interface AllocationLimits {
  brickMinSizeKib: number;
  brickMaxSizeKib: number;
  maxBricksPerVolume: number;
}

/** What to place: a new volume, or the delta of an expansion. */
export interface VolumePlacementRequest {
  /** Create: the volume size; expand: the delta. */
  sizeGib: number;
  durability: EffectiveDurability;
  /** 1 when snapshots are off. */
  snapshotFactor: number;
  averageFileSizeKib: number;
  zoneChecking: 'none' | 'strict';
  /** Raw `user.heketi.device-tag-match` rule, or null. */
  tagMatch: string | null;
  /** Bricks the volume already has (expand); they count against maxBricksPerVolume. */
  existingBrickCount: number;
  limits: AllocationLimits;
}

/** One brick to create, with the space it takes from its device. */
export interface PlannedBrick {
  deviceId: string;
  nodeId: string;
  /** Set number within this placement (0-based; an expansion's sets start again at 0). */
  setIndex: number;
  indexInSet: number;
  subType: 'normal' | 'arbiter';
  sizeKib: number;
  tpSizeKib: number;
  poolMetadataSizeKib: number;
}

/** A complete layout. */
export interface VolumePlacement {
  setCount: number;
  /** Data brick size; arbiter bricks are smaller (see PlannedBrick.sizeKib). */
  brickSizeKib: number;
  /** Placement order: set-major, index order within a set (the gluster brick order). */
  bricks: PlannedBrick[];
}

export type AllocationFailureKind =
  | 'no-space'
  | 'max-bricks'
  | 'min-brick-size'
  | 'empty-cluster'
  | 'no-storage'
  | 'invalid-tag-rule'
  | 'arbiter-too-small'
  | 'no-replacement';

/**
 * Why nothing could be placed. `message` is Heketi's text for the kind (what the API returns);
 * `detail` says which constraint failed, for logs and for heketi-ts's richer errors.
 */
export interface AllocationFailure {
  kind: AllocationFailureKind;
  message: string;
  detail: string;
}

export type PlacementResult = { ok: true; placement: VolumePlacement } | { ok: false; error: AllocationFailure };

/** Where an existing brick lives. */
export interface BrickLocation {
  deviceId: string;
  nodeId: string;
  zone: number;
}

/** A brick to move off its device (device removal, brick eviction). */
export interface ReplacementRequest {
  old: BrickLocation;
  /** The other bricks of the set; their nodes (and zones under strict checking) are off limits. */
  others: BrickLocation[];
  /** Size of the brick being replaced (already discounted for an arbiter). */
  sizeKib: number;
  subType: 'normal' | 'arbiter';
  snapshotFactor: number;
  zoneChecking: 'none' | 'strict';
  tagMatch: string | null;
  /**
   * heketi-ts addition: true when the volume has `user.heketi.arbiter` set, so the arbiter tags
   * choose the candidate devices as Heketi's arbiter placer does. Defaults to false.
   */
  arbiterVolume?: boolean;
  /** Position copied into the returned brick; defaults to set 0, index 0. */
  position?: { setIndex: number; indexInSet: number };
}

export type ReplacementResult = { ok: true; brick: PlannedBrick } | { ok: false; error: AllocationFailure };
