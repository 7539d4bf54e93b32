import { Errors } from '../domain/errors.js';

export { isHost } from '../domain/hostnames.js';

/**
 * Validation messages in ozzo-validation's format, which Heketi's clients print verbatim:
 * `field: msg; field2: msg2.` with fields sorted by JSON name; nested structs render as
 * `hostnames: (manage: cannot be blank.).`
 */
export type FieldErrors = Map<string, string>;

export function formatFieldErrors(errors: FieldErrors): string {
  const keys = [...errors.keys()].sort();
  return keys.map((k) => `${k}: ${errors.get(k)}`).join('; ') + '.';
}

/** Wraps nested field errors as ozzo prints an invalid embedded struct. */
export function nested(errors: FieldErrors): string {
  return `(${formatFieldErrors(errors)})`;
}

/** Throws 400 `validation failed: …` when any field failed. */
export function throwIfInvalid(errors: FieldErrors): void {
  if (errors.size > 0) throw Errors.validation(formatFieldErrors(errors));
}

export const MSG = {
  blank: 'cannot be blank',
  format: 'must be in a valid format',
  invalidValue: 'must be a valid value',
  min: (n: number) => `must be no less than ${n}`,
};

export const UUID_PATTERN = /^[a-fA-F0-9]{32}$/;

/** Heketi's `IsValidUUID`: exactly 32 hex characters. */
export function checkUuid(value: string): string | null {
  if (value === '') return MSG.blank;
  return UUID_PATTERN.test(value) ? null : `${value} is not a valid UUID`;
}

const TAG_NAME = /^[a-zA-Z0-9_.-]+$/;

/** Heketi's tag map rules (pkg/glusterfs/api ValidateTags): count, key length and charset, value length. */
export function checkTags(tags: Record<string, string>): string | null {
  const keys = Object.keys(tags);
  if (keys.length > 32) return `too many tags specified (${keys.length}), up to 32 supported`;
  for (const k of keys.sort()) {
    if (k.length === 0) return 'tag names may not be empty';
    if ([...k].length > 32) return `tag name ${k}: the length must be between 1 and 32`;
    if ([...(tags[k] ?? '')].length > 64) return `value of tag ${k}: the length must be no more than 64`;
    if (!TAG_NAME.test(k)) return `invalid characters in tag name ${k}`;
  }
  return null;
}
