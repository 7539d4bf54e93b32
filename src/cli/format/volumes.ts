/** heketi-cli's text output for volumes and block volumes (volume.go template, types.go String()). */
import type { BlockVolumeInfo, VolumeInfo } from '../../client/types.js';
import { goSlice, padRight, sortedEntries } from './go-print.js';

/** Bricks per distribute set, as heketi-cli computes it (0 where Go would divide by zero). */
function distributeCount(volume: VolumeInfo): number {
  const bricks = volume.bricks.length;
  const d = volume.durability;
  const divide = (by: number) => (by > 0 ? Math.trunc(bricks / by) : 0);
  if (d.type === 'none') return bricks;
  if (d.type === 'replicate') return divide(d.replicate?.replica ?? 0);
  if (d.type === 'disperse') return divide((d.disperse?.data ?? 0) + (d.disperse?.redundancy ?? 0));
  return 0;
}

function durabilityLines(volume: VolumeInfo): string {
  const d = volume.durability;
  if (d.type === 'replicate') return `\nReplica Count: ${d.replicate?.replica ?? 0}`;
  if (d.type === 'disperse') {
    return `\nDisperse Data Count: ${d.disperse?.data ?? 0}\nDisperse Redundancy Count: ${d.disperse?.redundancy ?? 0}`;
  }
  return '';
}

export const mountOptions = (volume: VolumeInfo): string =>
  sortedEntries(volume.mount.glusterfs.options).map(([k, v]) => `${k}=${v}`).join('');

/** Go's BlockRestriction String(). */
export function restrictionText(restriction: string | undefined): string {
  if (!restriction) return '(none)';
  return restriction === 'locked' || restriction === 'locked-by-update' ? restriction : 'unknown';
}

export function formatVolumeInfo(volume: VolumeInfo): string {
  const snapshot = volume.snapshot.enable ? `\nSnapshot Factor: ${volume.snapshot.factor.toFixed(2)}\n` : '';
  return (
    `Name: ${volume.name}\n` +
    `Size: ${volume.size}\n` +
    `Volume Id: ${volume.id}\n` +
    `Cluster Id: ${volume.cluster}\n` +
    `Mount: ${volume.mount.glusterfs.device}\n` +
    `Mount Options: ${mountOptions(volume)}\n` +
    `Block: ${volume.block ?? false}\n` +
    `Free Size: ${volume.blockinfo.freesize ?? 0}\n` +
    `Reserved Size: ${volume.blockinfo.reservedsize ?? 0}\n` +
    `Block Hosting Restriction: ${restrictionText(volume.blockinfo.restriction)}\n` +
    `Block Volumes: ${goSlice(volume.blockinfo.blockvolume)}\n` +
    `Durability Type: ${volume.durability.type ?? ''}\n` +
    `Distribute Count: ${distributeCount(volume)}` +
    durabilityLines(volume) +
    snapshot +
    '\n'
  );
}

export function formatVolumeListLine(volume: VolumeInfo): string {
  return `Id:${padRight(volume.id, 35)} Cluster:${padRight(volume.cluster, 35)} Name:${volume.name}${volume.block ? ' [block]' : ''}\n`;
}

export function formatBlockVolumeInfo(v: BlockVolumeInfo): string {
  return (
    `Name: ${v.name}\n` +
    `Size: ${v.size}\n` +
    `UsableSize: ${v.usablesize ?? 0}\n` +
    `Volume Id: ${v.id}\n` +
    `Cluster Id: ${v.cluster ?? ''}\n` +
    `Hosts: ${goSlice(v.blockvolume.hosts)}\n` +
    `IQN: ${v.blockvolume.iqn}\n` +
    `LUN: ${v.blockvolume.lun}\n` +
    `Hacount: ${v.hacount ?? 0}\n` +
    `Username: ${v.blockvolume.username}\n` +
    `Password: ${v.blockvolume.password}\n` +
    `Block Hosting Volume: ${v.blockhostingvolume ?? ''}\n`
  );
}

export function formatBlockVolumeListLine(v: BlockVolumeInfo): string {
  return `Id:${padRight(v.id, 35)} Cluster:${padRight(v.cluster ?? '', 35)} Name:${v.name}\n`;
}
