import { checkTags, checkUuid, type FieldErrors, MSG, throwIfInvalid } from '../validation.js';

/** Heketi's device name rule; it also keeps the name inert on a remote command line. */
export const DEVICE_NAME = /^\/[a-zA-Z0-9_.:/-]+$/;

/** DeviceAddRequest.Validate: name (flattened from the embedded Device), node uuid, tags. */
export function validateDeviceAdd(req: { name: string; node: string; tags: Record<string, string> }): void {
  const errors: FieldErrors = new Map();
  if (req.name === '') errors.set('name', MSG.blank);
  else if (!DEVICE_NAME.test(req.name)) errors.set('name', MSG.format);
  const nodeError = checkUuid(req.node);
  if (nodeError) errors.set('node', nodeError);
  const tagError = checkTags(req.tags);
  if (tagError) errors.set('tags', tagError);
  throwIfInvalid(errors);
}
