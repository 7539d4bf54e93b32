import type { DurabilityStrategy } from './strategy.js';
import { coveringBrickSize, doublingCandidates } from './strategy.js';

/**
 * Replica sets: every brick of a set holds the whole set's data. With `arbiter`, the third brick
 * of each set is a metadata-only arbiter (sized by the placer, not here).
 */
export const replicateDurability = (replica: number, arbiter: boolean): DurabilityStrategy => ({
  bricksInSet: replica,
  minVolumeSizeKib: (brickMinSizeKib) => brickMinSizeKib,
  heketiCandidates: (size, limits) => doublingCandidates(size, 1, limits),
  brickSizeForSets: (size, sets) => coveringBrickSize(size, sets, 1),
  // Heketi: with fewer than three copies a single good brick is enough, else a majority.
  replacementQuorum: replica < 3 ? 1 : Math.floor(replica / 2) + 1,
  executorSpec: () => ({ type: 'replicate', replica, arbiter }),
});
