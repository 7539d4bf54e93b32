/**
 * `heketi-ts db import --heketi-export FILE`: writes a `heketi db export` JSON (or a heketi-ts dump,
 * which has the same shape) into an empty heketi-ts database with the same ids, following Heketi's
 * import rules: durability comes from `durability.type` and friends, and a new DB_GENERATION_ID is
 * recorded because the database's contents no longer match any earlier generation.
 */
import type {
  BlockVolume,
  BlockRestriction,
  Brick,
  Device,
  EntityState,
  Node,
  OperationAction,
  OperationTypeNumber,
  ChangeTypeNumber,
  OperationStatus,
  Volume,
} from '../domain/entities.js';
import type { IdGen } from '../domain/ids.js';
import type { Store } from '../store/store.js';
import { DB_GENERATION_ID, HEKETI_FEATURE_ATTRIBUTES, type HeketiExport, HeketiExportSchema } from './heketi-export.js';

/** How many entries of each kind were written. */
export interface ImportSummary {
  clusters: number;
  nodes: number;
  devices: number;
  volumes: number;
  bricks: number;
  blockVolumes: number;
  pendingOperations: number;
}

/** A file that cannot be imported, with the reason in words an operator can act on. */
export class ImportError extends Error {}

const KNOWN_ATTRIBUTES = new Set<string>([...HEKETI_FEATURE_ATTRIBUTES, DB_GENERATION_ID]);

/** Parses the export text; a wrong shape is reported with the path of the first bad field. */
export function parseHeketiExport(text: string): HeketiExport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`not a JSON file: ${(e as Error).message}`);
  }
  const parsed = HeketiExportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ImportError(`not a Heketi export: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** Whether the database already holds any entity or pending operation. */
export function storeIsEmpty(store: Store): boolean {
  const tables = ['clusters', 'nodes', 'devices', 'volumes', 'bricks', 'block_volumes', 'pending_operations'];
  return tables.every((t) => store.db.prepare(`SELECT 1 FROM ${t} LIMIT 1`).get() === undefined);
}

/**
 * Writes the whole export in one transaction: all of it lands or nothing does. Refuses a database
 * that is not empty, and unknown db attributes (Heketi refuses those as "from a newer version").
 */
export function importHeketiExport(store: Store, data: HeketiExport, ids: IdGen): ImportSummary {
  const unknown = Object.values(data.dbattributeentries).filter((a) => !KNOWN_ATTRIBUTES.has(a.Key));
  if (unknown.length > 0) {
    throw new ImportError(`unknown db attributes are present (export from a newer version of heketi?): ${unknown.map((a) => a.Key).join(', ')}`);
  }
  return store.tx(() => {
    if (!storeIsEmpty(store)) throw new ImportError('the database is not empty; import needs a new database');
    try {
      return writeAll(store, data, ids);
    } catch (e) {
      if (e instanceof ImportError) throw e;
      throw new ImportError(`the export is inconsistent and cannot be stored: ${(e as Error).message}`);
    }
  });
}

function writeAll(store: Store, data: HeketiExport, ids: IdGen): ImportSummary {
  const sorted = <T>(bucket: Record<string, T>): T[] =>
    Object.keys(bucket)
      .sort()
      .map((k) => bucket[k]!);
  for (const c of sorted(data.clusterentries)) store.clusters.insert({ id: c.Info.id, block: c.Info.block, file: c.Info.file });
  for (const n of sorted(data.nodeentries)) store.nodes.insert(toNode(n));
  for (const d of sorted(data.deviceentries)) store.devices.insert(toDevice(d));
  for (const v of sorted(data.volumeentries)) store.volumes.insert(toVolume(v));
  for (const b of sorted(data.brickentries)) store.bricks.insert(toBrick(b, data));
  for (const bv of sorted(data.blockvolumeentries)) store.blockVolumes.insert(toBlockVolume(bv));
  for (const op of sorted(data.pendingoperations)) store.operations.insert({ ...toOperation(op), payload: { importedFromHeketi: true } });
  for (const a of sorted(data.dbattributeentries)) if (a.Key !== DB_GENERATION_ID) store.attributes.set(a.Key, a.Value);
  store.attributes.set(DB_GENERATION_ID, ids.next());
  return {
    clusters: Object.keys(data.clusterentries).length,
    nodes: Object.keys(data.nodeentries).length,
    devices: Object.keys(data.deviceentries).length,
    volumes: Object.keys(data.volumeentries).length,
    bricks: Object.keys(data.brickentries).length,
    blockVolumes: Object.keys(data.blockvolumeentries).length,
    pendingOperations: Object.keys(data.pendingoperations).length,
  };
}

type Entry<K extends keyof HeketiExport> = HeketiExport[K][string];

/** Heketi's states are online/offline/failed; anything else would be an older or damaged db. */
const state = (s: string): EntityState => (s === 'offline' || s === 'failed' ? s : 'online');

const nullIfEmpty = (id: string): string | null => (id === '' ? null : id);

function toNode(n: Entry<'nodeentries'>): Node {
  return {
    id: n.Info.id,
    clusterId: n.Info.cluster,
    zone: n.Info.zone,
    manageHostnames: n.Info.hostnames.manage,
    storageHostnames: n.Info.hostnames.storage,
    tags: n.Info.tags,
    state: state(n.State),
  };
}

function toDevice(d: Entry<'deviceentries'>): Device {
  return {
    id: d.Info.id,
    nodeId: d.NodeId,
    name: d.Info.name,
    tags: d.Info.tags,
    state: state(d.State),
    totalKib: d.Info.storage.total,
    freeKib: d.Info.storage.free,
    usedKib: d.Info.storage.used,
    // Databases from before Heketi recorded extents used LVM's default 4 MiB.
    extentSizeKib: d.ExtentSize || 4096,
    paths: d.Info.paths,
    pvUuid: d.Info.pv_uuid,
  };
}

function toVolume(v: Entry<'volumeentries'>): Volume {
  const durability = v.Info.durability;
  const info = v.Info.blockinfo;
  return {
    id: v.Info.id,
    clusterId: v.Info.cluster,
    name: v.Info.name,
    sizeGib: v.Info.size,
    durability: {
      ...(durability?.type ? { type: durability.type } : {}),
      replicate: durability?.replicate?.replica ? { replica: durability.replicate.replica } : {},
      disperse: {
        ...(durability?.disperse?.data ? { data: durability.disperse.data } : {}),
        ...(durability?.disperse?.redundancy ? { redundancy: durability.disperse.redundancy } : {}),
      },
    },
    gid: v.Info.gid,
    block: v.Info.block,
    snapshot: { enable: v.Info.snapshot?.enable ?? false, factor: v.Info.snapshot?.factor || 1 },
    glusterVolumeOptions: v.GlusterVolumeOptions,
    blockInfo: {
      freeSizeGib: info?.freesize ?? 0,
      reservedSizeGib: info?.reservedsize ?? 0,
      restriction: (info?.restriction ?? '') as BlockRestriction,
    },
    pendingOpId: nullIfEmpty(v.Pending.Id),
  };
}

/**
 * Heketi keeps no brick order (a volume lists its bricks sorted by id); heketi-ts needs one for
 * gluster's brick list, so an imported volume's bricks take the order of that sorted list.
 */
function toBrick(b: Entry<'brickentries'>, data: HeketiExport): Brick {
  const volumeBricks = data.volumeentries[b.Info.volume]?.Bricks ?? [];
  const position = [...volumeBricks].sort().indexOf(b.Info.id);
  return {
    id: b.Info.id,
    deviceId: b.Info.device,
    nodeId: b.Info.node,
    volumeId: b.Info.volume,
    path: b.Info.path,
    sizeKib: b.Info.size,
    tpSizeKib: b.TpSize,
    poolMetadataSizeKib: b.PoolMetadataSize,
    subType: b.SubType === 2 ? 'arbiter' : 'normal',
    lvmThinPool: b.LvmThinPool,
    lvmLv: b.LvmLv,
    position: position < 0 ? volumeBricks.length : position,
    pendingOpId: nullIfEmpty(b.Pending.Id),
  };
}

function toBlockVolume(bv: Entry<'blockvolumeentries'>): BlockVolume {
  const target = bv.Info.blockvolume;
  return {
    id: bv.Info.id,
    clusterId: bv.Info.cluster,
    blockHostingVolumeId: bv.Info.blockhostingvolume,
    name: bv.Info.name,
    sizeGib: bv.Info.size,
    usableSizeGib: bv.Info.usablesize,
    hacount: bv.Info.hacount,
    auth: bv.Info.auth,
    hosts: target.hosts,
    iqn: target.iqn,
    lun: target.lun,
    username: target.username,
    password: target.password,
    pendingOpId: nullIfEmpty(bv.Pending.Id),
  };
}

/**
 * Imported operations start in the build phase: heketi-ts's start-up recovery then rolls them
 * back, which is what Heketi's cleaner does with an operation it finds stale.
 */
function toOperation(op: Entry<'pendingoperations'>) {
  const actions: OperationAction[] = op.Actions.map((a) => ({
    change: a.Change as ChangeTypeNumber,
    id: a.Id,
    ...(a.Delta !== null && a.Delta !== undefined ? { delta: a.Delta } : {}),
  }));
  return {
    id: op.Id,
    type: op.Type as OperationTypeNumber,
    timestamp: op.Timestamp,
    status: (op.Status === 'stale' || op.Status === 'failed' ? op.Status : '') as OperationStatus,
    phase: 'build' as const,
    actions,
  };
}
