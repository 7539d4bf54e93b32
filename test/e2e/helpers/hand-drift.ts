import type { Testbed } from './testbed.js';
import { onNode } from './testbed.js';
import { brickDevicePath, brickMountDir, brickPath } from '../../../src/domain/naming.js';

// Drift made by hand on a test-bed node, behind heketi-ts's back, the way an administrator or a
// node restart would make it: shared by the drift tests (drift, drift-repair-crash).

/** The bed's LVM (the shim heketi-ts's commands reach too). */
export const LVM = '/usr/local/sbin/lvm';
/** The mount options heketi-ts gives a brick (DefaultMountOpts in executors/cmdexec/cmdexec.go, Heketi). */
export const MOUNT_OPTIONS = 'rw,inode64,noatime,nouuid';

/** A script that undoes what a test made on a node; run after the test, also when it failed. */
export interface Leftover {
  host: string;
  script: string;
}

/** Removes a brick made by hand (or left by a failed repair): mount, fstab line, LV, thin pool, directory. */
export const removeBrickByHand = (deviceId: string, brickId: string): string =>
  `umount ${brickMountDir(deviceId, brickId)} 2>/dev/null; sed -i '/brick_${brickId}/d' /etc/fstab; ` +
  `${LVM} lvremove --autobackup=n -f vg_${deviceId}/brick_${brickId} 2>/dev/null; ${LVM} lvremove --autobackup=n -f vg_${deviceId}/tp_${brickId} 2>/dev/null; rm -rf ${brickMountDir(deviceId, brickId)}; true`;

/** Stops the brick process of one brick (as a node restart would) and unmounts its file system. */
export const killAndUnmount = async (tb: Testbed, host: string, path: string): Promise<void> => {
  const dir = path.replace(/\/brick$/, '');
  // The bracket keeps pkill's pattern from matching the shell that runs it.
  await onNode(tb, host, `pkill -f -- '[${path[0]}]${path.slice(1)}' || true; for i in $(seq 50); do umount '${dir}' 2>/dev/null && break; sleep 0.2; done; ! mountpoint -q '${dir}'`);
};

/** A brick made by hand exactly as heketi-ts makes one (LV, XFS, fstab line, mount, brick dir); its removal goes to `leftovers`. */
export const handmadeBrick = async (tb: Testbed, leftovers: Leftover[], host: string, deviceId: string, brickId: string): Promise<string> => {
  const dir = brickMountDir(deviceId, brickId);
  const dev = brickDevicePath(deviceId, brickId);
  leftovers.push({ host, script: removeBrickByHand(deviceId, brickId) });
  await onNode(
    tb,
    host,
    `set -e; mkdir -p ${dir}; ${LVM} lvcreate -qq --autobackup=n --poolmetadatasize 8192K --chunksize 256K --size 524288K --thin vg_${deviceId}/tp_${brickId} --virtualsize 524288K --name brick_${brickId}; ` +
      `mkfs.xfs -q -i size=512 -n size=8192 ${dev}; echo '${dev} ${dir} xfs ${MOUNT_OPTIONS} 1 2' >> /etc/fstab; mount -o ${MOUNT_OPTIONS} ${dev} ${dir}; mkdir ${dir}/brick`,
  );
  return `${host}:${brickPath(deviceId, brickId)}`;
};
