import type { BlockVolumeRequest, BlockVolumeResult } from '../executor.js';
import { plain, Timeouts, type Command, type CommandConfig } from './command.js';
import { requireHostname, requirePositiveInt, requireValid, requireVolumeName } from './validate.js';

/** gluster-block command lines and its JSON answers (Heketi's BlockVolumeCreate/Destroy/Expand). */

/** Never starting with `-` (the common argument rule, src/domain/command-arguments.ts). */
const PREALLOC_PATTERN = /^[a-zA-Z0-9_][a-zA-Z0-9_-]*$/;

const target = (bhv: string, name: string): string => `${requireVolumeName(bhv)}/${requireVolumeName(name)}`;

export const blockCreate = (config: CommandConfig, request: BlockVolumeRequest): Command => {
  const prealloc = requireValid((p) => PREALLOC_PATTERN.test(p), 'block_prealloc', config.blockPrealloc);
  return plain(
    [
      'gluster-block',
      'create',
      target(request.blockHostingVolumeName, request.name),
      'ha',
      String(requirePositiveInt(request.hacount, 'hacount')),
      'auth',
      request.auth ? 'enable' : 'disable',
      'prealloc',
      prealloc,
      request.hosts.map(requireHostname).join(','),
      `${requirePositiveInt(request.sizeGib, 'size')}GiB`,
      '--json',
    ],
    Timeouts.block,
  );
};

export const blockDelete = (bhv: string, name: string): Command =>
  plain(['gluster-block', 'delete', target(bhv, name), '--json'], Timeouts.block);

export const blockModifySize = (bhv: string, name: string, sizeGib: number): Command =>
  plain(
    ['gluster-block', 'modify', target(bhv, name), 'size', `${requirePositiveInt(sizeGib, 'size')}GiB`, '--json'],
    Timeouts.block,
  );

/** gluster-block's JSON: the answer is on stdout, or on stderr when stdout is empty. */
export const parseBlockJson = (stdout: string, stderr: string): Record<string, unknown> => {
  const text = stdout.trim() !== '' ? stdout : stderr;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below, which shows the text
  }
  throw new Error(`unable to parse gluster-block output: ${JSON.stringify(text.trim().slice(0, 300))}`);
};

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export const isBlockFailure = (json: Record<string, unknown>): boolean => str(json['RESULT']) === 'FAIL';
export const blockErrorMessage = (json: Record<string, unknown>): string => str(json['errMsg']);

/** `create --json` → IQN and credentials (the hosts are the ones requested, as in Heketi). */
export const parseBlockCreate = (json: Record<string, unknown>): Omit<BlockVolumeResult, 'hosts'> => ({
  iqn: str(json['IQN']),
  username: str(json['USERNAME']),
  password: str(json['PASSWORD']),
});

/** gluster-block's "not there" answers, which delete treats as success. */
export const isBlockMissing = (json: Record<string, unknown>, bhv: string, name: string): boolean => {
  const message = blockErrorMessage(json);
  return (
    (message.includes("doesn't exist") && message.includes(name)) ||
    (message.includes('does not exist') && message.includes(bhv))
  );
};
