import { gluster, lvm, plain, Timeouts, type Command, type CommandConfig } from './command.js';
import { requirePath } from './validate.js';
import { volumeArg } from './repair.js';

/**
 * The examiner's read-only command lines (Heketi's PVS, VGS, LVS, GetBrickMountStatus,
 * VolumesInfo and ListBlockVolumes). None takes anything from a user except the block hosting
 * volume's name, which is validated.
 */

export type LvmReportKind = 'pvs' | 'vgs' | 'lvs';

/** `lvm pvs|vgs|lvs --reportformat json --units k`. */
export const lvmReport = (config: CommandConfig, kind: LvmReportKind): Command =>
  lvm(config, [kind, '--reportformat', 'json', '--units', 'k']);

/** `mount` with no arguments: every mounted file system. */
export const mountList = (): Command => plain(['mount']);

/** `cat <fstab>`. */
export const catFstab = (config: CommandConfig): Command => plain(['cat', requirePath(config.fstab, 'fstab')]);

/** `gluster volume info --xml`: every volume of the pool. */
export const volumesInfoXml = (config: CommandConfig): Command => gluster(config, ['volume', 'info'], { xml: true });

/** `gluster-block list <volume> --json`. */
export const blockVolumeList = (blockHostingVolume: string): Command =>
  plain(['gluster-block', 'list', volumeArg(blockHostingVolume), '--json'], Timeouts.block);
