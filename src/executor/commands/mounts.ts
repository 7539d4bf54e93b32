import type { BricksMountStatus, FstabEntry, MountEntry, MountState } from '../examine-types.js';

/** Parsers for `mount` output and the fstab, and Heketi's brick mount status derived from both. */

const MOUNT_LINE = /^(\S+) on (\S+) type (\S+) \((.*)\)\s*$/;

/** `DEV on DIR type TYPE (OPTS)` lines; anything else is skipped. */
export const parseMountOutput = (output: string): MountEntry[] =>
  output.split('\n').flatMap((line) => {
    const match = MOUNT_LINE.exec(line);
    if (!match) return [];
    const [, device = '', mountPoint = '', type = '', options = ''] = match;
    return [{ device, mountPoint, type, options, line }];
  });

/** Non-blank lines that do not start with `#`, as Heketi reads them; lines with fewer than 4 fields are skipped. */
export const parseFstab = (text: string): FstabEntry[] =>
  text.split('\n').flatMap((line) => {
    if (line.trim() === '' || line.startsWith('#')) return [];
    const [device, mountPoint, type, options] = line.trim().split(/\s+/);
    if (options === undefined) return [];
    return [{ device: device ?? '', mountPoint: mountPoint ?? '', type: type ?? '', options, line }];
  });

/** Heketi's GetBrickMountStatus: every fstab line, mounted when its device appears in `mount`. */
export const brickMountStatus = (state: MountState): BricksMountStatus => {
  const mounted = new Set(state.mounts.map((m) => m.device));
  const statuses = state.fstab.map((f) => ({
    Device: f.device,
    MountPoint: f.mountPoint,
    Type: f.type,
    MountOptions: f.options,
    Mounted: mounted.has(f.device),
  }));
  return { Statuses: statuses.length > 0 ? statuses : null };
};
