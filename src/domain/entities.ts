/**
 * The stored shape of everything heketi-ts manages. These are plain data: the repositories in
 * src/store map them to rows, src/api/mappers map them to Heketi's wire JSON. Sizes are KiB unless
 * a name says GiB, exactly as Heketi stores them.
 */

/** 32 lower-case hex characters, as Heketi's idgen produces. */
export type Id = string;

export type EntityState = 'online' | 'offline' | 'failed';

export type Tags = Record<string, string>;

export interface Cluster {
  id: Id;
  block: boolean;
  file: boolean;
}

export interface Node {
  id: Id;
  clusterId: Id;
  zone: number;
  manageHostnames: string[];
  storageHostnames: string[];
  tags: Tags;
  state: EntityState;
}

export interface Device {
  id: Id;
  nodeId: Id;
  name: string;
  tags: Tags;
  state: EntityState;
  totalKib: number;
  freeKib: number;
  usedKib: number;
  extentSizeKib: number;
  /** udev symlinks reported by the executor (empty with the mock executor). */
  paths: string[];
  pvUuid: string;
}

export type BrickSubType = 'normal' | 'arbiter';

export interface Brick {
  id: Id;
  deviceId: Id;
  nodeId: Id;
  volumeId: Id;
  /** /var/lib/heketi/mounts/vg_<device>/brick_<brick>/brick (see naming.ts). */
  path: string;
  /** Requested (virtual) size in KiB. */
  sizeKib: number;
  tpSizeKib: number;
  poolMetadataSizeKib: number;
  subType: BrickSubType;
  lvmThinPool: string;
  lvmLv: string;
  /** Position in the volume's gluster brick list (placement order, set-major). */
  position: number;
  /** Id of the operation that is creating or destroying this brick, or null. */
  pendingOpId: Id | null;
}

export type DurabilityType = 'none' | 'replicate' | 'disperse';

/**
 * Durability as the client sent it. Heketi echoes the request, not the effective defaults, so a
 * `{"type":"replicate"}` volume reports `"replicate":{}` while being built as replica 2.
 */
export interface DurabilityRequest {
  type?: string;
  replicate: { replica?: number };
  disperse: { data?: number; redundancy?: number };
}

/** Durability with Heketi's defaults applied: what the bricks are really laid out as. */
export type EffectiveDurability =
  | { type: 'none' }
  | { type: 'replicate'; replica: number; arbiter: boolean }
  | { type: 'disperse'; data: number; redundancy: number };

export type BlockRestriction = '' | 'locked' | 'locked-by-update';

export interface Volume {
  id: Id;
  clusterId: Id;
  name: string;
  sizeGib: number;
  durability: DurabilityRequest;
  gid: number;
  block: boolean;
  snapshot: { enable: boolean; factor: number };
  glusterVolumeOptions: string[];
  blockInfo: { freeSizeGib: number; reservedSizeGib: number; restriction: BlockRestriction };
  pendingOpId: Id | null;
}

export interface BlockVolume {
  id: Id;
  clusterId: Id;
  blockHostingVolumeId: Id;
  name: string;
  sizeGib: number;
  usableSizeGib: number;
  hacount: number;
  auth: boolean;
  hosts: string[];
  iqn: string;
  lun: number;
  username: string;
  password: string;
  pendingOpId: Id | null;
}

/** Heketi's persisted operation type numbers (pendingop.go); never renumber. */
export const OperationType = {
  CreateVolume: 1,
  DeleteVolume: 2,
  ExpandVolume: 3,
  CreateBlockVolume: 4,
  DeleteBlockVolume: 5,
  RemoveDevice: 6,
  CloneVolume: 7,
  EvictBrick: 8,
  ExpandBlockVolume: 9,
  /** heketi-ts: a drift repair (Heketi has none; its numbers end at 9). */
  RepairDrift: 100,
} as const;
export type OperationTypeNumber = (typeof OperationType)[keyof typeof OperationType];

/** Heketi's persisted change numbers (pendingop.go); never renumber. */
export const ChangeType = {
  AddBrick: 1,
  AddVolume: 2,
  DeleteBrick: 3,
  DeleteVolume: 4,
  ExpandVolume: 5,
  AddBlockVolume: 6,
  DeleteBlockVolume: 7,
  RemoveDevice: 8,
  CloneVolume: 9,
  SnapshotVolume: 10,
  AddVolumeClone: 11,
  ChildOperation: 12,
  ParentOperation: 13,
  ExpandBlockVolume: 14,
} as const;
export type ChangeTypeNumber = (typeof ChangeType)[keyof typeof ChangeType];

export interface OperationAction {
  change: ChangeTypeNumber;
  id: Id;
  delta?: number;
}

/** '' = new, as in Heketi. */
export type OperationStatus = '' | 'stale' | 'failed';

/**
 * Where an operation got to. Heketi keeps no such field; heketi-ts records it so that a restart
 * knows whether to roll an interrupted operation back (build/exec) or forward (exec-done).
 */
export type OperationPhase = 'build' | 'exec' | 'exec-done' | 'rollback';

export interface PendingOperation {
  id: Id;
  type: OperationTypeNumber;
  timestamp: number;
  status: OperationStatus;
  phase: OperationPhase;
  actions: OperationAction[];
}
