import { isValidPath } from '../../domain/command-arguments.js';
import { checkTags, checkUuid, type FieldErrors, MSG, throwIfInvalid } from '../validation.js';

/** DeviceAddRequest.Validate: name (flattened from the embedded Device), node uuid, tags. */
export function validateDeviceAdd(req: { name: string; node: string; tags: Record<string, string> }): void {
  const errors: FieldErrors = new Map();
  if (req.name === '') errors.set('name', MSG.blank);
  // Heketi's device name characters; heketi-ts also refuses a `..` component here, not only in the executor.
  else if (!isValidPath(req.name)) errors.set('name', MSG.format);
  const nodeError = checkUuid(req.node);
  if (nodeError) errors.set('node', nodeError);
  const tagError = checkTags(req.tags);
  if (tagError) errors.set('tags', tagError);
  throwIfInvalid(errors);
}
