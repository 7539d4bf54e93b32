/**
 * Heketi's export JSON (`GET /db/dump`, `heketi-ts db export`) built from SQLite. Lists Heketi
 * kept inside its entries (cluster nodes, device bricks…) are derived from the foreign keys, so
 * they are always consistent; pending entries are included, exactly as Heketi's buckets hold them.
 */
import type { BlockVolume, Brick, Cluster, Device, Node, Volume } from '../domain/entities.js';
import { goJson } from '../api/http/go-json.js';
import type { StoredOperation } from '../store/repos/operations.js';
import type { Store } from '../store/store.js';
import {
  type BlockVolumeEntryJson,
  type BrickEntryJson,
  type ClusterEntryJson,
  type DbAttributeEntryJson,
  type DeviceEntryJson,
  type DurabilityJson,
  type HeketiDump,
  HEKETI_FEATURE_ATTRIBUTES,
  type NodeEntryJson,
  type PendingOperationJson,
  type VolumeEntryJson,
} from './heketi-export.js';

/** Everything in the store, read in one transaction so the buckets agree with each other. */
export interface Snapshot {
  clusters: Cluster[];
  nodes: Node[];
  devices: Device[];
  bricks: Brick[];
  volumes: Volume[];
  blockVolumes: BlockVolume[];
  operations: StoredOperation[];
  attributes: { key: string; value: string }[];
}

export function readSnapshot(store: Store): Snapshot {
  return store.db.transaction(() => ({
    clusters: store.clusters.list(),
    nodes: store.nodes.list(),
    devices: store.devices.list(),
    bricks: store.bricks.list(),
    volumes: store.volumes.list(),
    blockVolumes: store.blockVolumes.list(),
    operations: store.operations.list(),
    attributes: store.attributes.list(),
  }))();
}

/** Groups ids by a key; every list comes out sorted because the inputs are listed by id. */
function idsBy<T extends { id: string }>(items: T[], key: (item: T) => string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item.id);
    else map.set(k, [item.id]);
  }
  return map;
}

const byId = <T extends { id: string }, E>(items: T[], entry: (item: T) => E): Record<string, E> =>
  Object.fromEntries(items.map((item) => [item.id, entry(item)]));

const nonEmptyTags = (tags: Record<string, string>) =>
  Object.keys(tags).length > 0 ? { tags: Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1))) } : {};

const pendingItem = (opId: string | null) => ({ Id: opId ?? '' });

/** Heketi's durability echo with Go's omitempty: zero numbers and an empty type are left out. */
export function durabilityJson(d: Volume['durability']): DurabilityJson {
  return {
    ...(d.type ? { type: d.type } : {}),
    replicate: d.replicate.replica ? { replica: d.replicate.replica } : {},
    disperse: {
      ...(d.disperse.data ? { data: d.disperse.data } : {}),
      ...(d.disperse.redundancy ? { redundancy: d.disperse.redundancy } : {}),
    },
  };
}

/** Mount hosts: storage[0] of every node of the cluster, in node-id order. */
function mountHosts(s: Snapshot): Map<string, string[]> {
  const hosts = new Map<string, string[]>();
  for (const n of s.nodes) {
    const list = hosts.get(n.clusterId) ?? [];
    list.push(n.storageHostnames[0] ?? '');
    hosts.set(n.clusterId, list);
  }
  return hosts;
}

function clusterEntries(s: Snapshot): Record<string, ClusterEntryJson> {
  const nodes = idsBy(s.nodes, (n) => n.clusterId);
  const volumes = idsBy(s.volumes, (v) => v.clusterId);
  const blockVolumes = idsBy(s.blockVolumes, (b) => b.clusterId);
  return byId(s.clusters, (c) => ({
    Info: {
      id: c.id,
      nodes: nodes.get(c.id) ?? [],
      volumes: volumes.get(c.id) ?? [],
      block: c.block,
      file: c.file,
      blockvolumes: blockVolumes.get(c.id) ?? [],
    },
  }));
}

function nodeEntries(s: Snapshot): Record<string, NodeEntryJson> {
  const devices = idsBy(s.devices, (d) => d.nodeId);
  return byId(s.nodes, (n) => ({
    State: n.state,
    Info: {
      zone: n.zone,
      hostnames: { manage: n.manageHostnames, storage: n.storageHostnames },
      cluster: n.clusterId,
      ...nonEmptyTags(n.tags),
      id: n.id,
    },
    Devices: devices.get(n.id) ?? [],
  }));
}

function deviceEntries(s: Snapshot): Record<string, DeviceEntryJson> {
  const bricks = idsBy(s.bricks, (b) => b.deviceId);
  return byId(s.devices, (d) => ({
    State: d.state,
    Info: {
      name: d.name,
      ...nonEmptyTags(d.tags),
      storage: { total: d.totalKib, free: d.freeKib, used: d.usedKib },
      id: d.id,
      ...(d.paths.length > 0 ? { paths: d.paths } : {}),
      ...(d.pvUuid !== '' ? { pv_uuid: d.pvUuid } : {}),
    },
    Bricks: bricks.get(d.id) ?? [],
    NodeId: d.nodeId,
    ExtentSize: d.extentSizeKib,
  }));
}

function brickEntries(s: Snapshot): Record<string, BrickEntryJson> {
  return byId(s.bricks, (b) => ({
    Info: { id: b.id, path: b.path, device: b.deviceId, node: b.nodeId, volume: b.volumeId, size: b.sizeKib },
    TpSize: b.tpSizeKib,
    PoolMetadataSize: b.poolMetadataSizeKib,
    Pending: pendingItem(b.pendingOpId),
    LvmThinPool: b.lvmThinPool,
    LvmLv: b.lvmLv,
    SubType: b.subType === 'arbiter' ? 2 : 1,
  }));
}

function volumeEntries(s: Snapshot): Record<string, VolumeEntryJson> {
  const bricks = idsBy(s.bricks, (b) => b.volumeId);
  const blockVolumes = idsBy(s.blockVolumes, (b) => b.blockHostingVolumeId);
  const hosts = mountHosts(s);
  return byId(s.volumes, (v) => {
    const h = hosts.get(v.clusterId) ?? [];
    const hosted = blockVolumes.get(v.id) ?? [];
    return {
      Info: {
        size: v.sizeGib,
        name: v.name,
        durability: durabilityJson(v.durability),
        ...(v.gid !== 0 ? { gid: v.gid } : {}),
        ...(v.block ? { block: true } : {}),
        snapshot: { enable: v.snapshot.enable, factor: v.snapshot.factor },
        id: v.id,
        cluster: v.clusterId,
        mount: {
          glusterfs: { hosts: h, device: `${h[0] ?? ''}:${v.name}`, options: { 'backup-volfile-servers': h.slice(1).join(',') } },
        },
        blockinfo: {
          ...(v.blockInfo.freeSizeGib !== 0 ? { freesize: v.blockInfo.freeSizeGib } : {}),
          ...(v.blockInfo.reservedSizeGib !== 0 ? { reservedsize: v.blockInfo.reservedSizeGib } : {}),
          ...(hosted.length > 0 ? { blockvolume: hosted } : {}),
          ...(v.blockInfo.restriction !== '' ? { restriction: v.blockInfo.restriction } : {}),
        },
      },
      Bricks: bricks.get(v.id) ?? [],
      GlusterVolumeOptions: v.glusterVolumeOptions,
      Pending: pendingItem(v.pendingOpId),
    };
  });
}

function blockVolumeEntries(s: Snapshot): Record<string, BlockVolumeEntryJson> {
  return byId(s.blockVolumes, (b) => ({
    Info: {
      size: b.sizeGib,
      name: b.name,
      ...(b.hacount !== 0 ? { hacount: b.hacount } : {}),
      ...(b.auth ? { auth: true } : {}),
      id: b.id,
      blockvolume: { hosts: b.hosts, iqn: b.iqn, lun: b.lun, username: b.username, password: b.password },
      ...(b.clusterId !== '' ? { cluster: b.clusterId } : {}),
      ...(b.blockHostingVolumeId !== '' ? { blockhostingvolume: b.blockHostingVolumeId } : {}),
      ...(b.usableSizeGib !== 0 ? { usablesize: b.usableSizeGib } : {}),
    },
    Pending: pendingItem(b.pendingOpId),
  }));
}

/**
 * The stored attributes plus Heketi's feature markers: heketi-ts's schema has every feature they
 * announce, and a Heketi importing this dump without them would "upgrade" (and so change) it.
 */
function attributeEntries(s: Snapshot): Record<string, DbAttributeEntryJson> {
  const values = new Map<string, string>(HEKETI_FEATURE_ATTRIBUTES.map((k) => [k, 'yes']));
  for (const a of s.attributes) values.set(a.key, a.value);
  const keys = [...values.keys()].sort();
  return Object.fromEntries(keys.map((k) => [k, { Key: k, Value: values.get(k)! }]));
}

function operationEntries(s: Snapshot): Record<string, PendingOperationJson> {
  return Object.fromEntries(
    s.operations.map((op) => [
      op.id,
      {
        Id: op.id,
        Timestamp: op.timestamp,
        Type: op.type,
        Actions: op.actions.map((a) => ({ Change: a.change, Id: a.id, Delta: a.delta ?? null })),
        Status: op.status,
      },
    ]),
  );
}

/** The whole database as Heketi's export structure. */
export function buildDump(store: Store): HeketiDump {
  return dumpOf(readSnapshot(store));
}

/** The export structure of a snapshot already read (the examiner compares the nodes with the same one). */
export function dumpOf(s: Snapshot): HeketiDump {
  return {
    clusterentries: clusterEntries(s),
    volumeentries: volumeEntries(s),
    brickentries: brickEntries(s),
    nodeentries: nodeEntries(s),
    deviceentries: deviceEntries(s),
    blockvolumeentries: blockVolumeEntries(s),
    dbattributeentries: attributeEntries(s),
    pendingoperations: operationEntries(s),
  };
}

/**
 * The dump as Heketi prints it: 4-space indentation, Go's escaping, trailing newline. Two calls
 * return the same bytes exactly when the stored state is the same, which tests use to prove that
 * a rejected request changed nothing.
 */
export function dumpDatabase(store: Store): string {
  return goJson(buildDump(store), 4);
}
