import { MOUNT_ROOT, vgName } from '../../domain/naming.js';
import { autobackup, lvm, plain, udevadm, type Command, type CommandConfig } from './command.js';
import { requireEntityId, requirePath } from './validate.js';

/** Device (PV + VG) command lines, as Heketi's DeviceSetup / DeviceTeardown run them. */

const vg = (vgId: string): string => vgName(requireEntityId(vgId, 'device id'));

export const wipefs = (device: string): Command => plain(['wipefs', '--all', requirePath(device, 'device path')]);

export const pvcreate = (config: CommandConfig, device: string): Command =>
  lvm(config, [
    'pvcreate',
    '-qq',
    '--metadatasize=128M',
    `--dataalignment=${config.pvDataAlignment}`,
    requirePath(device, 'device path'),
  ]);

export const vgcreate = (config: CommandConfig, device: string, vgId: string): Command =>
  lvm(config, [
    'vgcreate',
    '-qq',
    `--physicalextentsize=${config.vgPhysicalExtentSize}`,
    `--autobackup=${autobackup(config)}`,
    vg(vgId),
    requirePath(device, 'device path'),
  ]);

/** `pvs` JSON report of one device: gives its PV UUID. */
export const pvsReport = (config: CommandConfig, device: string): Command =>
  lvm(config, ['pvs', '-o', 'pv_name,pv_uuid,vg_name', '--reportformat=json', requirePath(device, 'device path')]);

/** `vgs` JSON report of a VG: used to learn the PV UUID of a device stored without one. */
export const vgsReport = (config: CommandConfig, vgId: string): Command =>
  lvm(config, ['vgs', '-o', 'pv_name,pv_uuid,vg_name', '--reportformat=json', vg(vgId)]);

export const udevSymlinks = (config: CommandConfig, device: string): Command =>
  udevadm(config, ['info', '--query=symlink', `--name=${requirePath(device, 'device path')}`]);

export const vgdisplay = (config: CommandConfig, vgId: string): Command => lvm(config, ['vgdisplay', '-c', vg(vgId)]);

export const vgremove = (config: CommandConfig, vgId: string): Command => lvm(config, ['vgremove', '-qq', vg(vgId)]);

export const pvremove = (config: CommandConfig, device: string): Command =>
  lvm(config, ['pvremove', '-qq', requirePath(device, 'device path')]);

/** The VG's directory under the brick mount root. */
export const removeVgMountDir = (vgId: string): Command => plain(['rmdir', `${MOUNT_ROOT}/${vg(vgId)}`]);

/** The path LVM knows a PV by, once its UUID is known. */
export const pvUuidPath = (pvUuid: string): string => `/dev/disk/by-id/lvm-pv-uuid-${pvUuid}`;

/** Sizes read back from `vgdisplay -c`, in KiB. */
export interface VgSizes {
  totalKib: number;
  freeKib: number;
  usedKib: number;
  extentSizeKib: number;
}

/** Parses `vgdisplay -c`: colon separated, ≥ 17 fields; [12] PE KiB, [13] total, [14] allocated, [15] free PE. */
export const parseVgDisplay = (output: string): VgSizes => {
  const fields = output.trim().split(':');
  if (fields.length < 17) throw new Error(`unable to parse vgdisplay output: ${JSON.stringify(output.trim())}`);
  const number = (index: number): number => {
    const value = Number(fields[index]);
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`unable to parse vgdisplay field ${index}: ${JSON.stringify(fields[index])}`);
    }
    return value;
  };
  const extentSizeKib = number(12);
  return {
    extentSizeKib,
    totalKib: number(13) * extentSizeKib,
    usedKib: number(14) * extentSizeKib,
    freeKib: number(15) * extentSizeKib,
  };
};

/** The PV UUID from an LVM JSON report (`pvs` gives report[0].pv, `vgs` report[0].vg); '' when absent. */
export const parsePvUuid = (output: string): string => {
  let report: unknown;
  try {
    report = JSON.parse(output);
  } catch {
    throw new Error(`unable to parse LVM JSON report: ${JSON.stringify(output.slice(0, 200))}`);
  }
  const first = (report as { report?: Array<Record<string, Array<{ pv_uuid?: unknown }>>> }).report?.[0];
  const row = first?.['pv']?.[0] ?? first?.['vg']?.[0];
  return typeof row?.pv_uuid === 'string' ? row.pv_uuid : '';
};

/** `udevadm info --query=symlink` output → `/dev/<link>` paths, without LVM's own pv-uuid links. */
export const parseUdevSymlinks = (output: string): string[] =>
  output
    .split(/\s+/)
    .filter((link) => link !== '' && !link.includes('lvm-pv-uuid-'))
    .map((link) => `/dev/${link}`);
