/**
 * Durability entry points: Heketi's defaults (volume_entry.go NewVolumeEntryFromRequest) and the
 * strategy for an effective durability.
 */
import type { DurabilityRequest, EffectiveDurability } from '../entities.js';
import { parseEngineOptions } from '../volume-rules.js';
import { disperseDurability } from './disperse.js';
import { noneDurability } from './none.js';
import { replicateDurability } from './replicate.js';
import type { DurabilityStrategy } from './strategy.js';

export type { BrickSizeCandidate, BrickSizeLimits, DurabilityStrategy } from './strategy.js';

export const DEFAULT_REPLICA = 2;
export const DEFAULT_DISPERSE_DATA = 4;
export const DEFAULT_DISPERSE_REDUNDANCY = 2;

/**
 * What the bricks are really laid out as: "" means none, a missing or zero replica means 2, a
 * missing or zero data/redundancy means 4/2, and the arbiter comes from `user.heketi.arbiter`.
 * Run the request checks (volume-rules) first: an unknown type is a programming error here.
 */
export function effectiveDurability(request: DurabilityRequest, options: readonly string[]): EffectiveDurability {
  const type = request.type ?? '';
  switch (type) {
    case '':
    case 'none':
      return { type: 'none' };
    case 'replicate':
      return {
        type: 'replicate',
        replica: request.replicate.replica || DEFAULT_REPLICA,
        arbiter: parseEngineOptions(options).arbiter,
      };
    case 'disperse':
      return {
        type: 'disperse',
        data: request.disperse.data || DEFAULT_DISPERSE_DATA,
        redundancy: request.disperse.redundancy || DEFAULT_DISPERSE_REDUNDANCY,
      };
    default:
      throw new Error(`Unknown durability type: ${type}`);
  }
}

/** The strategy for an effective durability. */
export function durabilityStrategy(durability: EffectiveDurability): DurabilityStrategy {
  switch (durability.type) {
    case 'none':
      return noneDurability();
    case 'replicate':
      return replicateDurability(durability.replica, durability.arbiter);
    case 'disperse':
      return disperseDurability(durability.data, durability.redundancy);
  }
}
