/** Heketi's texts for allocation failures (apps/glusterfs/errors.go) and helpers around them. */
import type { AllocationFailure, AllocationFailureKind } from './types.js';

export const NO_REPLACEMENT_TEXT = 'No Replacement was found for resource requested to be removed';

const MESSAGES: Record<Exclude<AllocationFailureKind, 'invalid-tag-rule' | 'arbiter-too-small'>, string> = {
  'no-space': 'No space',
  'max-bricks': 'Maximum number of bricks reached.',
  'min-brick-size': 'Minimum brick size limit reached.  Out of space.',
  'empty-cluster': 'No nodes in cluster',
  'no-storage': 'No online storage devices in cluster',
  'no-replacement': NO_REPLACEMENT_TEXT,
};

/** A failure carrying Heketi's fixed text for its kind. */
export function allocationFailure(kind: keyof typeof MESSAGES, detail: string): AllocationFailure {
  return { kind, message: MESSAGES[kind], detail };
}

export function invalidTagRuleFailure(rule: string): AllocationFailure {
  return {
    kind: 'invalid-tag-rule',
    message: `Invalid tag matching rule: Invalid tag match rule: ${rule}`,
    detail: 'a rule is key=value or key!=value, using only letters, digits and the characters . to _ (no "-")',
  };
}

/**
 * The text a volume create reports for one cluster: Heketi maps the space-like failures
 * (max bricks, minimum brick size, no space) to `No space`; expand reports them unmapped.
 */
export function createFailureMessage(failure: AllocationFailure): string {
  switch (failure.kind) {
    case 'max-bricks':
    case 'min-brick-size':
    case 'no-space':
      return MESSAGES['no-space'];
    default:
      return failure.message;
  }
}
