import type { DurabilityStrategy } from './strategy.js';
import { coveringBrickSize, doublingCandidates } from './strategy.js';

/** Plain distribute: one brick per set (Heketi reuses the replica generator with replica 1). */
export const noneDurability = (): DurabilityStrategy => ({
  bricksInSet: 1,
  minVolumeSizeKib: (brickMinSizeKib) => brickMinSizeKib,
  heketiCandidates: (size, limits) => doublingCandidates(size, 1, limits),
  brickSizeForSets: (size, sets) => coveringBrickSize(size, sets, 1),
  replacementQuorum: 1,
  executorSpec: () => ({ type: 'none' }),
});
