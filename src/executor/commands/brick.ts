import { posix } from 'node:path';
import type { BrickRequest } from '../executor.js';
import { vgName } from '../../domain/naming.js';
import { autobackup, lvm, plain, Timeouts, type Command, type CommandConfig } from './command.js';
import {
  isValidMountOptions,
  requireEntityId,
  requirePath,
  requirePositiveInt,
  requireUint32,
  requireValid,
} from './validate.js';

/**
 * Brick command lines (Heketi's BrickCreate / BrickDestroy). Heketi appended the fstab line with
 * `awk` inside `bash -c` and removed it with `sed -i` inside `bash -c`; here both are fixed programs
 * whose data arrive as separate, validated arguments, so nothing a user chose is shell-interpreted.
 */

/** Validated names of one brick, derived once per request. */
export interface BrickNames {
  vg: string;
  /** Where the XFS file system is mounted: the brick path without its last component. */
  mountDir: string;
  /** The device-mapper node of the brick LV. */
  device: string;
  brickId: string;
  tpName: string;
  lvName: string;
}

const LV_NAME_PATTERN = /^[a-zA-Z0-9_][a-zA-Z0-9_.+-]*$/;
const requireLvName = (name: string): string => requireValid((n) => LV_NAME_PATTERN.test(n), 'LV name', name);

/** device-mapper doubles the dashes inside VG and LV names. */
const dmEscape = (name: string): string => name.replace(/-/g, '--');

export const brickNames = (brick: BrickRequest): BrickNames => {
  const vg = vgName(requireEntityId(brick.vgId, 'device id'));
  const lvName = requireLvName(brick.lvName);
  return {
    vg,
    mountDir: posix.dirname(requirePath(brick.path, 'brick path')),
    device: `/dev/mapper/${dmEscape(vg)}-${dmEscape(lvName)}`,
    brickId: requireEntityId(brick.name, 'brick id'),
    tpName: requireLvName(brick.tpName),
    lvName,
  };
};

const ARBITER_CHUNK_SIZE = '256K';

export const makeMountDir = (names: BrickNames): Command => plain(['mkdir', '-p', names.mountDir], Timeouts.brick);

export const lvcreateThin = (config: CommandConfig, brick: BrickRequest, names: BrickNames): Command =>
  lvm(
    config,
    [
      'lvcreate',
      '-qq',
      `--autobackup=${autobackup(config)}`,
      '--poolmetadatasize',
      `${requirePositiveInt(brick.poolMetadataSizeKib, 'pool metadata size')}K`,
      '--chunksize',
      brick.format === 'arbiter' ? ARBITER_CHUNK_SIZE : config.lvChunkSize,
      '--size',
      `${requirePositiveInt(brick.tpSizeKib, 'thin pool size')}K`,
      '--thin',
      `${names.vg}/${names.tpName}`,
      '--virtualsize',
      `${requirePositiveInt(brick.sizeKib, 'brick size')}K`,
      '--name',
      names.lvName,
    ],
    Timeouts.brick,
  );

/** mkfs.xfs: su/sw striping when both are configured, `maxpct=100` (and no striping) for arbiter bricks. */
export const mkfsXfs = (config: CommandConfig, brick: BrickRequest, names: BrickNames): Command => {
  const inode = brick.format === 'arbiter' ? ['-i', 'size=512', '-i', 'maxpct=100'] : ['-i', 'size=512'];
  const stripe =
    brick.format !== 'arbiter' && config.xfsSu > 0 && config.xfsSw > 0
      ? ['-d', `su=${config.xfsSu},sw=${config.xfsSw}`]
      : [];
  return plain(['mkfs.xfs', ...inode, ...stripe, '-n', 'size=8192', names.device], Timeouts.brick);
};

const mountOptions = (config: CommandConfig): string =>
  requireValid(isValidMountOptions, 'mount options', config.mountopts);

/** Appends `DEV MNT xfs <opts> 1 2` to the fstab: the awk program is fixed, the data are its ARGV. */
export const FSTAB_APPEND_PROGRAM =
  'BEGIN { printf("%s %s xfs %s 1 2\\n", ARGV[1], ARGV[2], ARGV[3]) >> ARGV[4]; exit 0 }';

export const fstabAppend = (config: CommandConfig, names: BrickNames): Command => ({
  ...plain(
    ['awk', FSTAB_APPEND_PROGRAM, names.device, names.mountDir, mountOptions(config), requirePath(config.fstab, 'fstab')],
    Timeouts.brick,
  ),
  edits: 'fstab',
});

export const mountBrick = (config: CommandConfig, names: BrickNames): Command =>
  plain(['mount', '-o', mountOptions(config), names.device, names.mountDir], Timeouts.brick);

export const makeBrickDir = (brick: BrickRequest): Command =>
  plain(['mkdir', requirePath(brick.path, 'brick path')], Timeouts.brick);

/** For gid ≠ 0: the brick directory belongs to the group and is setgid, as Heketi does. */
export const brickGroupCommands = (brick: BrickRequest): Command[] =>
  requireUint32(brick.gid, 'gid') === 0
    ? []
    : [
        plain(['chown', `:${brick.gid}`, brick.path], Timeouts.brick),
        plain(['chmod', '2775', brick.path], Timeouts.brick),
      ];

/** The whole creation sequence, in Heketi's order. */
export const brickCreateSequence = (config: CommandConfig, brick: BrickRequest): Command[] => {
  const names = brickNames(brick);
  return [
    makeMountDir(names),
    lvcreateThin(config, brick, names),
    mkfsXfs(config, brick, names),
    fstabAppend(config, names),
    mountBrick(config, names),
    makeBrickDir(brick),
    ...brickGroupCommands(brick),
  ];
};

export const umountBrick = (names: BrickNames): Command => plain(['umount', names.mountDir]);

/** `mount` with no arguments: used to tell "not mounted" from a real umount failure. */
export const listMounts = (): Command => plain(['mount']);

export const lsofMountDir = (names: BrickNames): Command => plain(['lsof', names.mountDir], Timeouts.lvm, [0, 1]);

/** Deletes the brick's fstab lines by its (validated, hex-only) id; keeps `<fstab>.save` like Heketi. */
export const fstabRemove = (config: CommandConfig, names: BrickNames): Command => ({
  ...plain(['sed', '-i.save', '-e', `/brick_${names.brickId}/d`, requirePath(config.fstab, 'fstab')]),
  edits: 'fstab',
});

/** Clone bricks live under /run/gluster (gluster's snapshot mounts) and have no fstab line. */
export const isSnapshotBrickPath = (path: string): boolean =>
  path.startsWith('/run/gluster/') || path.startsWith('/var/run/gluster/');

export const lvremove = (config: CommandConfig, names: BrickNames, lv: string): Command =>
  lvm(config, ['lvremove', `--autobackup=${autobackup(config)}`, '-f', `${names.vg}/${lv}`]);

export const thinCount = (config: CommandConfig, names: BrickNames): Command =>
  lvm(config, ['lvs', '--noheadings', '--options=thin_count', `${names.vg}/${names.tpName}`]);

export const removeMountDir = (names: BrickNames): Command => plain(['rmdir', names.mountDir]);

/** LVM's "not found" answers, which brick destroy treats as already done. */
export const isLvNotFound = (stderr: string): boolean => /not found|failed to find/i.test(stderr);

/** `lvs --options=thin_count` output → number of thin LVs left in the pool. */
export const parseThinCount = (output: string): number => {
  const count = Number(output.trim());
  if (output.trim() === '' || !Number.isSafeInteger(count) || count < 0) {
    throw new Error(`unable to parse thin_count: ${JSON.stringify(output.trim())}`);
  }
  return count;
};

/** Whether `mount` output lists the directory as a mount point. */
export const isMounted = (mountOutput: string, mountDir: string): boolean =>
  mountOutput.split('\n').some((line) => line.split(' ')[2] === mountDir);
