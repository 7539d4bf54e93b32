/** The placement engine's public surface. */
export type {
  AllocationFailure,
  AllocationFailureKind,
  AllocationLimits,
  BrickLocation,
  CandidateDevice,
  PlacementResult,
  PlannedBrick,
  ReplacementRequest,
  ReplacementResult,
  VolumePlacement,
  VolumePlacementRequest,
} from './types.js';
export { placeVolume } from './place-volume.js';
export { placeReplacement } from './replacement.js';
export { allocationFailure, createFailureMessage, invalidTagRuleFailure, NO_REPLACEMENT_TEXT } from './failures.js';
export { parseTagRule, tagRuleAccepts, type TagRule } from './tag-rule.js';
export { arbiterRole, ARBITER_TAG, type ArbiterRole } from './device-table.js';
