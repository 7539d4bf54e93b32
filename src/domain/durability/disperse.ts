import type { DurabilityStrategy } from './strategy.js';
import { coveringBrickSize, doublingCandidates } from './strategy.js';

/** Erasure-coded sets of data+redundancy bricks; each brick holds 1/data of its set. */
export const disperseDurability = (data: number, redundancy: number): DurabilityStrategy => ({
  bricksInSet: data + redundancy,
  minVolumeSizeKib: (brickMinSizeKib) => brickMinSizeKib * data,
  heketiCandidates: (size, limits) => doublingCandidates(size, data, limits),
  brickSizeForSets: (size, sets) => coveringBrickSize(size, sets, data),
  replacementQuorum: data,
  executorSpec: () => ({ type: 'disperse', data, redundancy }),
});
