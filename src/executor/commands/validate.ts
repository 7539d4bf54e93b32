import { isIP } from 'node:net';
import {
  glusterOptionProblem,
  isValidOptionKey,
  isValidPath,
  isValidVolumeName,
  parseGlusterOption,
  type GlusterOption,
} from '../../domain/command-arguments.js';
import { Errors } from '../../domain/errors.js';

/**
 * The input rules of the SSH executor. Every name, path, host and option that reaches a node is
 * checked here before a command is built, even though the transport quotes every argument: a
 * value that fails these rules is refused, never "escaped". The rules for user-chosen values live
 * in src/domain/command-arguments.ts (no value may start with `-`), which the API applies first.
 */

export const ENTITY_ID_PATTERN = /^[a-f0-9]{32}$/;
const DNS_LABEL = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
/** `-o` options of mount: never starting with `-` (the common argument rule). */
const MOUNT_OPTIONS_PATTERN = /^[a-zA-Z0-9_.,=:/+][a-zA-Z0-9_.,=:/+-]*$/;

export { isValidOptionKey, isValidPath, isValidVolumeName, parseGlusterOption, type GlusterOption };

export const isValidDevicePath = isValidPath;

export const isValidEntityId = (id: string): boolean => ENTITY_ID_PATTERN.test(id);

/** An IPv4/IPv6 address or a DNS name: labels of 1-63 letters, digits and inner hyphens, 253 chars in all. */
export const isValidHostname = (host: string): boolean => {
  if (isIP(host) !== 0) return true;
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => DNS_LABEL.test(label));
};

export const isValidGlusterOption = (option: string): boolean => glusterOptionProblem(option) === null;

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

/** Throws `invalid gluster volume option: "<option>": <why>`. */
export const requireGlusterOption = (option: string): GlusterOption => {
  const parsed = parseGlusterOption(option);
  if (parsed) return parsed;
  throw Errors.validation(`invalid gluster volume option: ${JSON.stringify(option)}: ${glusterOptionProblem(option)}`);
};

/** A non-negative integer below 2^32 (gids, counts). */
export const requireUint32 = (value: number, what: string): number =>
  Number.isInteger(value) && value >= 0 && value < 2 ** 32 ? value : fail(what, String(value));

/** A positive safe integer (sizes in KiB or GiB). */
export const requirePositiveInt = (value: number, what: string): number =>
  Number.isSafeInteger(value) && value > 0 ? value : fail(what, String(value));
