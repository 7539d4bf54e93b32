import { isIP } from 'node:net';
import { Errors } from '../../domain/errors.js';

/**
 * The input rules of the SSH executor. Every name, path, host and option that reaches a node is
 * checked here before a command is built, even though the transport quotes every argument: a
 * value that fails these rules is refused, never "escaped". The API layer reuses the predicates
 * so that bad input is refused with 400 before an operation starts.
 */

export const VOLUME_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;
export const DEVICE_PATH_PATTERN = /^\/[a-zA-Z0-9_.:/-]+$/;
export const ENTITY_ID_PATTERN = /^[a-f0-9]{32}$/;
export const OPTION_KEY_PATTERN = /^[a-zA-Z0-9_.-]+$/;
/** Printable ASCII and non-ASCII text; no control characters (newlines, tabs, NUL, DEL, C1). */
const OPTION_VALUE_PATTERN = /^[^\u0000-\u001f\u007f-\u009f]+$/;
const DNS_LABEL = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const MOUNT_OPTIONS_PATTERN = /^[a-zA-Z0-9_.,=:/+-]+$/;
const MAX_NAME_LENGTH = 255;

export const isValidVolumeName = (name: string): boolean =>
  name.length <= MAX_NAME_LENGTH && VOLUME_NAME_PATTERN.test(name);

/** Absolute paths of devices, brick directories and files; `..` components are refused. */
export const isValidPath = (path: string): boolean =>
  path.length <= 4096 && DEVICE_PATH_PATTERN.test(path) && !path.split('/').includes('..');

export const isValidDevicePath = isValidPath;

export const isValidEntityId = (id: string): boolean => ENTITY_ID_PATTERN.test(id);

/** An IPv4/IPv6 address or a DNS name: labels of 1-63 letters, digits and inner hyphens, 253 chars in all. */
export const isValidHostname = (host: string): boolean => {
  if (isIP(host) !== 0) return true;
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => DNS_LABEL.test(label));
};

export const isValidOptionKey = (key: string): boolean => OPTION_KEY_PATTERN.test(key);

export const isValidOptionValue = (value: string): boolean => OPTION_VALUE_PATTERN.test(value);

/** A gluster volume option as heketi stores it: `"<key> <value>"`. */
export interface GlusterOption {
  key: string;
  value: string;
}

/** Splits `"key value"` at the first run of spaces; `undefined` when either half is invalid. */
export const parseGlusterOption = (option: string): GlusterOption | undefined => {
  const match = /^\s*(\S+)\s+(.*?)\s*$/s.exec(option);
  if (!match) return undefined;
  const [, key = '', value = ''] = match;
  return isValidOptionKey(key) && isValidOptionValue(value) ? { key, value } : undefined;
};

export const isValidGlusterOption = (option: string): boolean => parseGlusterOption(option) !== undefined;

export const isValidMountOptions = (options: string): boolean => MOUNT_OPTIONS_PATTERN.test(options);

const fail = (what: string, value: string): never => {
  throw Errors.validation(`invalid ${what}: ${JSON.stringify(value)}`);
};

/** Throws a VALIDATION_FAILED AppError naming the field when the check fails. */
export const requireValid = (check: (value: string) => boolean, what: string, value: string): string =>
  check(value) ? value : fail(what, value);

export const requireVolumeName = (name: string): string => requireValid(isValidVolumeName, 'volume name', name);
export const requirePath = (path: string, what = 'path'): string => requireValid(isValidPath, what, path);
export const requireHostname = (host: string): string => requireValid(isValidHostname, 'hostname', host);
export const requireEntityId = (id: string, what = 'id'): string => requireValid(isValidEntityId, what, id);

export const requireGlusterOption = (option: string): GlusterOption =>
  parseGlusterOption(option) ?? fail('gluster volume option', option);

/** A non-negative integer below 2^32 (gids, counts). */
export const requireUint32 = (value: number, what: string): number =>
  Number.isInteger(value) && value >= 0 && value < 2 ** 32 ? value : fail(what, String(value));

/** A positive safe integer (sizes in KiB or GiB). */
export const requirePositiveInt = (value: number, what: string): number =>
  Number.isSafeInteger(value) && value > 0 ? value : fail(what, String(value));
