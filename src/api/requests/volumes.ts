import { glusterOptionProblem, isValidVolumeName } from '../../domain/command-arguments.js';
import { Errors } from '../../domain/errors.js';
import { type FieldErrors, MSG, throwIfInvalid, UUID_PATTERN } from '../validation.js';

/** ozzo's Required + Min(1): blank for zero, the minimum for a negative number. */
function checkPositive(errors: FieldErrors, field: string, value: number): void {
  if (value === 0) errors.set(field, MSG.blank);
  else if (value < 1) errors.set(field, MSG.min(1));
}

/** Heketi's name rule `^[a-zA-Z0-9_-]+$`, and (heketi-ts) no leading `-`, which gluster would read as an option. */
function checkName(errors: FieldErrors, name: string): void {
  if (name !== '' && !isValidVolumeName(name)) errors.set('name', MSG.format);
}

/** VolumeCreateRequest.Validate: size required and >= 1, name format; clusters are not checked. */
export function validateVolumeCreate(req: { size: number; name: string }): void {
  const errors: FieldErrors = new Map();
  checkPositive(errors, 'size', req.size);
  checkName(errors, req.name);
  throwIfInvalid(errors);
}

/**
 * heketi-ts addition: every non-empty gluster option must be `<key> <value>` with a key in gluster's
 * key grammar and a printable value that does not start with `-` (src/domain/command-arguments.ts),
 * so a bad option is a 400 here and never reaches a node. Heketi passed any text on to a root shell.
 */
export function validateVolumeOptions(options: string[]): void {
  for (const option of options) {
    if (option.trim() === '') continue;
    const problem = glusterOptionProblem(option);
    if (problem !== null) throw Errors.validation(`invalid gluster volume option: ${JSON.stringify(option)}: ${problem}`);
  }
}

/** VolumeExpandRequest.Validate. */
export function validateVolumeExpand(req: { expand_size: number }): void {
  const errors: FieldErrors = new Map();
  checkPositive(errors, 'expand_size', req.expand_size);
  throwIfInvalid(errors);
}

/** VolumeCloneRequest.Validate. */
export function validateVolumeClone(req: { name: string }): void {
  const errors: FieldErrors = new Map();
  checkName(errors, req.name);
  throwIfInvalid(errors);
}

/** VolumeBlockRestrictionRequest.Validate: "" or locked (locked-by-update is set by upgrades only). */
export function validateBlockRestriction(req: { restriction: string }): void {
  const errors: FieldErrors = new Map();
  if (req.restriction !== '' && req.restriction !== 'locked') errors.set('restriction', MSG.invalidValue);
  throwIfInvalid(errors);
}

/** PendingOperationsCleanRequest.Validate: at most 32 ids, each 32 hex characters. */
export function validateOperationsCleanup(req: { operations: string[] }): void {
  const errors: FieldErrors = new Map();
  if (req.operations.length > 32) {
    errors.set('operations', `too many ids specified (${req.operations.length}), up to 32 supported`);
  } else {
    const bad = req.operations.find((id) => !UUID_PATTERN.test(id));
    if (bad !== undefined) errors.set('operations', `${bad} is not a valid UUID`);
  }
  throwIfInvalid(errors);
}
