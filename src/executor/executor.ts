/**
 * The executor: the domain verbs heketi-ts needs from the storage nodes. Two implementations sit
 * behind it, as in Heketi: the mock (in memory, for development and the API tests) and the SSH
 * command executor (real LVM, XFS and gluster command lines). Services never see which one runs.
 *
 * Conventions:
 * - `host` is the node's manage hostname: where the command is executed.
 * - brick and volume specs carry storage hostnames (what gluster sees).
 * - Sizes are KiB. Every failure is thrown as an Error whose message is shown to the user through
 *   the queue (HTTP 500), so it must name the host and what failed.
 */

import type { LvsReport, MountState, PvsReport, VgsReport, VolInfo } from './examine-types.js';

export interface DeviceInfo {
  totalKib: number;
  freeKib: number;
  usedKib: number;
  extentSizeKib: number;
  pvUuid: string;
  /** udev symlinks of the device, `/dev/...`; empty when unknown. */
  paths: string[];
}

/** How to address a device on its node: by name, and by PV UUID once it is known. */
export interface DeviceHandle {
  name: string;
  pvUuid: string;
  paths: string[];
}

export interface BrickRequest {
  /** Device id; the VG is vg_<vgId>. */
  vgId: string;
  /** Brick id; the LV is brick_<name>. */
  name: string;
  tpName: string;
  lvName: string;
  sizeKib: number;
  tpSizeKib: number;
  poolMetadataSizeKib: number;
  gid: number;
  /** Brick directory: /var/lib/heketi/mounts/vg_<vgId>/brick_<name>/brick */
  path: string;
  format: 'normal' | 'arbiter';
}

export interface BrickSpec {
  /** Storage hostname of the brick's node. */
  host: string;
  path: string;
}

export type VolumeDurabilitySpec =
  | { type: 'none' }
  | { type: 'replicate'; replica: number; arbiter: boolean }
  | { type: 'disperse'; data: number; redundancy: number };

export interface VolumeRequest {
  name: string;
  /** All bricks in placement order (set-major); for expand, only the new ones. */
  bricks: BrickSpec[];
  durability: VolumeDurabilitySpec;
  /** Options as "key value" strings; empty strings are skipped. */
  glusterVolumeOptions: string[];
}

export interface GlusterBrick {
  /** `host:path` as gluster prints it. */
  name: string;
}

export interface GlusterVolumeInfo {
  name: string;
  id: string;
  bricks: GlusterBrick[];
}

export interface HealInfoBrick {
  name: string;
  status: string;
  numberOfEntries: string;
}

export interface BlockVolumeRequest {
  blockHostingVolumeName: string;
  name: string;
  sizeGib: number;
  hacount: number;
  auth: boolean;
  hosts: string[];
}

export interface BlockVolumeResult {
  iqn: string;
  username: string;
  password: string;
  hosts: string[];
}

export interface Executor {
  glusterdCheck(host: string): Promise<void>;
  peerProbe(host: string, newStorageHost: string): Promise<void>;
  peerDetach(host: string, storageHost: string): Promise<void>;

  deviceSetup(host: string, device: string, vgId: string, destroyData: boolean): Promise<DeviceInfo>;
  getDeviceInfo(host: string, device: DeviceHandle, vgId: string): Promise<DeviceInfo>;
  deviceTeardown(host: string, device: DeviceHandle, vgId: string): Promise<void>;
  /** Best effort teardown that never fails (Heketi's DeviceForget). */
  deviceForget(host: string, device: DeviceHandle, vgId: string): Promise<void>;

  brickCreate(host: string, brick: BrickRequest): Promise<void>;
  /** Returns whether the thin pool was removed, i.e. the device space really came back. */
  brickDestroy(host: string, brick: BrickRequest): Promise<{ spaceReclaimed: boolean }>;

  volumeCreate(host: string, volume: VolumeRequest): Promise<void>;
  volumeExpand(host: string, volume: VolumeRequest): Promise<void>;
  /** Stops and deletes the gluster volume; a volume that does not exist is not an error. */
  volumeDestroy(host: string, volumeName: string): Promise<void>;
  volumeInfo(host: string, volumeName: string): Promise<GlusterVolumeInfo>;
  volumeReplaceBrick(host: string, volumeName: string, oldBrick: BrickSpec, newBrick: BrickSpec): Promise<void>;
  healInfo(host: string, volumeName: string): Promise<HealInfoBrick[]>;
  /**
   * Snapshots the volume and makes the clone from it. `cloneBrickIds` are the ids heketi-ts gave
   * the clone's bricks, in brick order: gluster names the bricks itself, the mock records them.
   */
  volumeClone(host: string, volumeName: string, cloneName: string, cloneBrickIds?: string[]): Promise<GlusterVolumeInfo>;

  blockVolumeCreate(host: string, request: BlockVolumeRequest): Promise<BlockVolumeResult>;
  blockVolumeDestroy(host: string, blockHostingVolumeName: string, name: string): Promise<void>;
  blockVolumeExpand(host: string, blockHostingVolumeName: string, name: string, newSizeGib: number): Promise<void>;

  // The examiner's reads (Heketi's PVS, VGS, LVS, GetBrickMountStatus, VolumesInfo,
  // ListBlockVolumes). Read only; each throws when the node cannot answer.
  pvs(host: string): Promise<PvsReport>;
  vgs(host: string): Promise<VgsReport>;
  lvs(host: string): Promise<LvsReport>;
  /** `mount` and the fstab of the node. */
  mountState(host: string): Promise<MountState>;
  /** Every gluster volume the node's glusterd knows. */
  volumesInfo(host: string): Promise<VolInfo>;
  blockVolumeList(host: string, blockHostingVolumeName: string): Promise<string[]>;

  // Repairs. Each is idempotent: after a crash it runs again over what it already did.
  /** Puts an existing brick LV back: its fstab line when missing, its mount directory, the mount. */
  brickMount(host: string, brick: BrickRequest): Promise<void>;
  /** `volume start <name> force`: starts brick processes that are down (a no-op for running ones). */
  volumeStartForce(host: string, volumeName: string): Promise<void>;
  /** `volume reset-brick <name> <brick> start`: stops the brick's process (a no-op for a stopped brick). */
  volumeResetBrickStart(host: string, volumeName: string, brick: BrickSpec): Promise<void>;
  /** `volume reset-brick <name> <brick> <brick> commit force`: takes a rebuilt, empty brick back in. */
  volumeResetBrick(host: string, volumeName: string, brick: BrickSpec): Promise<void>;

  /** Releases connections; called once at shutdown. */
  close(): Promise<void>;
}
