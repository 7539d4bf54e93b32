/**
 * The JSON that Heketi's `GET /db/dump` and `heketi db export` write, and `heketi db import`
 * reads: one map per bucket from id to entry, with Go's capitalised entry field names. These
 * types describe that wire format; db-dump.ts produces it from SQLite, heketi-import.ts reads it.
 */
import { z } from 'zod';

export interface PendingItem {
  Id: string;
}

export interface ClusterInfoJson {
  id: string;
  nodes: string[];
  volumes: string[];
  block: boolean;
  file: boolean;
  blockvolumes: string[];
}

export interface NodeInfoJson {
  zone: number;
  hostnames: { manage: string[]; storage: string[] };
  cluster: string;
  tags?: Record<string, string>;
  id: string;
}

export interface DeviceInfoJson {
  name: string;
  tags?: Record<string, string>;
  storage: { total: number; free: number; used: number };
  id: string;
  paths?: string[];
  pv_uuid?: string;
}

export interface BrickInfoJson {
  id: string;
  path: string;
  device: string;
  node: string;
  volume: string;
  size: number;
}

export interface DurabilityJson {
  type?: string;
  replicate: { replica?: number };
  disperse: { data?: number; redundancy?: number };
}

export interface VolumeInfoJson {
  size: number;
  clusters?: string[];
  name: string;
  durability: DurabilityJson;
  gid?: number;
  block?: boolean;
  snapshot: { enable: boolean; factor: number };
  id: string;
  cluster: string;
  mount: { glusterfs: { hosts: string[]; device: string; options: Record<string, string> } };
  blockinfo: { freesize?: number; reservedsize?: number; blockvolume?: string[]; restriction?: string };
}

export interface BlockVolumeInfoJson {
  size: number;
  clusters?: string[];
  name: string;
  hacount?: number;
  auth?: boolean;
  id: string;
  blockvolume: { hosts: string[]; iqn: string; lun: number; username: string; password: string };
  cluster?: string;
  blockhostingvolume?: string;
  usablesize?: number;
}

export interface ClusterEntryJson {
  Info: ClusterInfoJson;
}

export interface NodeEntryJson {
  State: string;
  Info: NodeInfoJson;
  Devices: string[];
}

export interface DeviceEntryJson {
  State: string;
  Info: DeviceInfoJson;
  Bricks: string[];
  NodeId: string;
  ExtentSize: number;
}

/** SubType: 0 unknown (pre-arbiter databases), 1 normal, 2 arbiter. */
export interface BrickEntryJson {
  Info: BrickInfoJson;
  TpSize: number;
  PoolMetadataSize: number;
  Pending: PendingItem;
  LvmThinPool: string;
  LvmLv: string;
  SubType: number;
}

export interface VolumeEntryJson {
  Info: VolumeInfoJson;
  Bricks: string[];
  GlusterVolumeOptions: string[];
  Pending: PendingItem;
}

export interface BlockVolumeEntryJson {
  Info: BlockVolumeInfoJson;
  Pending: PendingItem;
}

export interface DbAttributeEntryJson {
  Key: string;
  Value: string;
}

/** Delta is Go's `interface{}`: null, or a number for expand changes. */
export interface PendingActionJson {
  Change: number;
  Id: string;
  Delta: number | null;
}

export interface PendingOperationJson {
  Id: string;
  Timestamp: number;
  Type: number;
  Actions: PendingActionJson[];
  Status: string;
}

/** The whole export, keys in Heketi's order. */
export interface HeketiDump {
  clusterentries: Record<string, ClusterEntryJson>;
  volumeentries: Record<string, VolumeEntryJson>;
  brickentries: Record<string, BrickEntryJson>;
  nodeentries: Record<string, NodeEntryJson>;
  deviceentries: Record<string, DeviceEntryJson>;
  blockvolumeentries: Record<string, BlockVolumeEntryJson>;
  dbattributeentries: Record<string, DbAttributeEntryJson>;
  pendingoperations: Record<string, PendingOperationJson>;
}

/** The attributes a Heketi database of the current schema carries with the value `yes`. */
export const HEKETI_FEATURE_ATTRIBUTES = [
  'DB_BRICK_HAS_SUBTYPE_FIELD',
  'DB_CLUSTER_HAS_FILE_BLOCK_FLAG',
  'DB_DEVICE_HAS_ID_META',
  'DB_HAS_PENDING_OPS_BUCKET',
] as const;

export const DB_GENERATION_ID = 'DB_GENERATION_ID';

// ---- Reading an export: tolerant like Go's json.Unmarshal (missing fields are zero values). ----

const str = z.string().nullish().transform((v) => v ?? '');
const num = z.number().nullish().transform((v) => v ?? 0);
const bool = z.boolean().nullish().transform((v) => v ?? false);
const strList = z.array(z.string()).nullish().transform((v) => v ?? []);
const strMap = z.record(z.string(), z.string()).nullish().transform((v) => v ?? {});
const pending = z.object({ Id: str }).nullish().transform((v) => ({ Id: v?.Id ?? '' }));
const bucket = <T extends z.ZodType>(entry: T) => z.record(z.string(), entry).nullish().transform((v) => v ?? {});

const ClusterEntrySchema = z.object({
  Info: z.object({ id: z.string(), block: bool, file: bool }),
});

const NodeEntrySchema = z.object({
  State: str,
  Info: z.object({
    zone: num,
    hostnames: z.object({ manage: strList, storage: strList }),
    cluster: z.string(),
    tags: strMap,
    id: z.string(),
  }),
});

const DeviceEntrySchema = z.object({
  State: str,
  Info: z.object({
    name: str,
    tags: strMap,
    storage: z.object({ total: num, free: num, used: num }),
    id: z.string(),
    paths: strList,
    pv_uuid: str,
  }),
  NodeId: z.string(),
  ExtentSize: num,
});

const BrickEntrySchema = z.object({
  Info: z.object({ id: z.string(), path: str, device: z.string(), node: z.string(), volume: z.string(), size: num }),
  TpSize: num,
  PoolMetadataSize: num,
  Pending: pending,
  LvmThinPool: str,
  LvmLv: str,
  SubType: num,
});

const VolumeEntrySchema = z.object({
  Info: z.object({
    size: num,
    name: str,
    durability: z
      .object({
        type: z.string().nullish(),
        replicate: z.object({ replica: z.number().nullish() }).nullish(),
        disperse: z.object({ data: z.number().nullish(), redundancy: z.number().nullish() }).nullish(),
      })
      .nullish(),
    gid: num,
    block: bool,
    snapshot: z.object({ enable: bool, factor: num }).nullish(),
    id: z.string(),
    cluster: z.string(),
    blockinfo: z.object({ freesize: num, reservedsize: num, restriction: str }).nullish(),
  }),
  Bricks: strList,
  GlusterVolumeOptions: strList,
  Pending: pending,
});

const BlockVolumeEntrySchema = z.object({
  Info: z.object({
    size: num,
    name: str,
    hacount: num,
    auth: bool,
    id: z.string(),
    blockvolume: z.object({ hosts: strList, iqn: str, lun: num, username: str, password: str }),
    cluster: z.string(),
    blockhostingvolume: z.string(),
    usablesize: num,
  }),
  Pending: pending,
});

const PendingOperationSchema = z.object({
  Id: z.string(),
  Timestamp: num,
  Type: z.number(),
  Actions: z
    .array(z.object({ Change: z.number(), Id: str, Delta: z.number().nullish() }))
    .nullish()
    .transform((v) => v ?? []),
  Status: str,
});

/** What heketi-import.ts needs from an export; unknown fields are ignored, as Go does. */
export const HeketiExportSchema = z.object({
  clusterentries: bucket(ClusterEntrySchema),
  volumeentries: bucket(VolumeEntrySchema),
  brickentries: bucket(BrickEntrySchema),
  nodeentries: bucket(NodeEntrySchema),
  deviceentries: bucket(DeviceEntrySchema),
  blockvolumeentries: bucket(BlockVolumeEntrySchema),
  dbattributeentries: bucket(z.object({ Key: z.string(), Value: str })),
  pendingoperations: bucket(PendingOperationSchema),
});

export type HeketiExport = z.output<typeof HeketiExportSchema>;
