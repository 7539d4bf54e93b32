import type { BlockVolume } from '../../domain/entities.js';

/** BlockVolumeInfoResponse: `auth` and `clusters` are never echoed; hacount omitted when 0. */
export const toBlockVolumeInfo = (bv: BlockVolume) => ({
  size: bv.sizeGib,
  name: bv.name,
  ...(bv.hacount !== 0 ? { hacount: bv.hacount } : {}),
  id: bv.id,
  blockvolume: { hosts: bv.hosts, iqn: bv.iqn, lun: bv.lun, username: bv.username, password: bv.password },
  cluster: bv.clusterId,
  blockhostingvolume: bv.blockHostingVolumeId,
  usablesize: bv.usableSizeGib,
});
