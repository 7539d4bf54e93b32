import { isValidVolumeName } from '../../domain/command-arguments.js';
import { type FieldErrors, MSG, throwIfInvalid } from '../validation.js';

/** BlockVolumeCreateRequest.Validate: size required and >= 1, name format, hacount >= 1 when set. */
export function validateBlockVolumeCreate(req: { size: number; name: string; hacount: number }): void {
  const errors: FieldErrors = new Map();
  if (req.size === 0) errors.set('size', MSG.blank);
  else if (req.size < 1) errors.set('size', MSG.min(1));
  if (req.name !== '' && !isValidVolumeName(req.name)) errors.set('name', MSG.format);
  if (req.hacount !== 0 && req.hacount < 1) errors.set('hacount', MSG.min(1));
  throwIfInvalid(errors);
}

/** BlockVolumeExpandRequest.Validate: new_size required and >= 1. */
export function validateBlockVolumeExpand(req: { new_size: number }): void {
  const errors: FieldErrors = new Map();
  if (req.new_size === 0) errors.set('new_size', MSG.blank);
  else if (req.new_size < 1) errors.set('new_size', MSG.min(1));
  throwIfInvalid(errors);
}
