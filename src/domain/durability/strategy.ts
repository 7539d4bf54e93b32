/**
 * One durability strategy per volume type (Heketi's volume_durability_*.go). A strategy knows how
 * many bricks make a set, how a volume size turns into brick sizes, and what the executor is told.
 */
import type { EffectiveDurability } from '../entities.js';

/** One way to lay a volume out: `setCount` sets of bricks of `brickSizeKib` each. */
export interface BrickSizeCandidate {
  setCount: number;
  brickSizeKib: number;
}

/** The brick size bounds (Heketi's BrickMinSize / BrickMaxSize, in KiB). */
export interface BrickSizeLimits {
  brickMinSizeKib: number;
  brickMaxSizeKib: number;
}

/** How a durability type lays bricks out. Implementations are pure and stateless. */
export interface DurabilityStrategy {
  /** Bricks per set: replica count, data+redundancy, or 1. */
  readonly bricksInSet: number;
  /** Smallest volume Heketi accepts (MinVolumeSize). */
  minVolumeSizeKib(brickMinSizeKib: number): number;
  /**
   * Heketi's candidates in the order its generator yields them: 1, 2, 4, 8 … sets, skipping bricks
   * above the maximum and stopping before a brick below the minimum. Running past the last one is
   * Heketi's ErrMinimumBrickSize.
   */
  heketiCandidates(volumeSizeKib: number, limits: BrickSizeLimits): BrickSizeCandidate[];
  /** The brick size for an arbitrary set count, rounded up so the sets cover the volume. */
  brickSizeForSets(volumeSizeKib: number, setCount: number): number;
  /** Bricks of a set that must stay healthy while one of them is replaced. */
  readonly replacementQuorum: number;
  /**
   * What the executor's volume create/expand request carries. Same shape as the executor's
   * VolumeDurabilitySpec (the domain does not import src/executor).
   */
  executorSpec(): EffectiveDurability;
}

/**
 * Heketi's doubling generator. `dataBricks` divides the per-set size further (disperse); the
 * division is integer at each step, exactly as Go's uint64 arithmetic does it.
 */
export function doublingCandidates(
  volumeSizeKib: number,
  dataBricks: number,
  limits: BrickSizeLimits,
): BrickSizeCandidate[] {
  const candidates: BrickSizeCandidate[] = [];
  const minimum = Math.max(limits.brickMinSizeKib, 1);
  for (let sets = 1; ; sets *= 2) {
    const brickSizeKib = Math.floor(Math.floor(volumeSizeKib / sets) / dataBricks);
    if (brickSizeKib < minimum) return candidates;
    if (brickSizeKib <= limits.brickMaxSizeKib) candidates.push({ setCount: sets, brickSizeKib });
  }
}

/** ceil(volume / (sets × dataBricks)) in integers. */
export const coveringBrickSize = (volumeSizeKib: number, setCount: number, dataBricks: number): number =>
  Math.ceil(volumeSizeKib / (setCount * dataBricks));
