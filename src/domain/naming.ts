/**
 * The names heketi-ts gives things on the storage nodes. Operators clean up by hand using these
 * names, so they are exactly Heketi's (pkg/paths) and come from this module only.
 */

export const MOUNT_ROOT = '/var/lib/heketi/mounts';

export const vgName = (deviceId: string): string => `vg_${deviceId}`;
export const thinPoolName = (brickId: string): string => `tp_${brickId}`;
export const brickLvName = (brickId: string): string => `brick_${brickId}`;

/** The directory the brick's XFS file system is mounted on. */
export const brickMountDir = (deviceId: string, brickId: string): string =>
  `${MOUNT_ROOT}/${vgName(deviceId)}/${brickLvName(brickId)}`;

/** The gluster brick directory inside the mount. */
export const brickPath = (deviceId: string, brickId: string): string => `${brickMountDir(deviceId, brickId)}/brick`;

/** Device-mapper node of a brick LV (dashes inside names are doubled by device-mapper). */
export const brickDevicePath = (deviceId: string, brickId: string): string =>
  `/dev/mapper/${vgName(deviceId).replace(/-/g, '--')}-${brickLvName(brickId).replace(/-/g, '--')}`;

export const defaultVolumeName = (volumeId: string): string => `vol_${volumeId}`;
export const defaultBlockVolumeName = (blockVolumeId: string): string => `blockvol_${blockVolumeId}`;

/** Name of the volume that holds Heketi's own database; it may not be deleted. */
export const HEKETI_DB_VOLUME_NAME = 'heketidbstorage';
