/**
 * A synthetic `heketi db export` document: one cluster of `nodes` × `devicesPerNode` 500 GiB
 * devices and `volumes` replica-3 1 GiB volumes, shaped exactly as Heketi 10 writes them (fields
 * taken from a real export of a volume created through Heketi's API). Both servers import the same
 * file (`heketi db import`, `heketi-ts db import --heketi-export`), so P3 reads identical data;
 * seeding 10,000 volumes through Heketi's API would take hours (it runs at ~2 volumes/s there).
 */
import { createHash } from 'node:crypto';

export interface ExportShape {
  /** Nodes in all, split evenly over the clusters. */
  nodes: number;
  devicesPerNode: number;
  /** Volumes in all, dealt to the clusters in turn. */
  volumes: number;
  /** 1 unless given. Every volume lists every node of its cluster as a mount host, as in Heketi. */
  clusters?: number;
}

/** The ids of what was generated, for building request paths. */
export interface GeneratedIds {
  /** The first cluster. */
  clusterId: string;
  clusterIds: string[];
  nodeIds: string[];
  deviceIds: string[];
  volumeIds: string[];
}

const DEVICE_KIB = 500 * 1024 * 1024;
const BRICK_KIB = 1024 * 1024;
/** Heketi's thin-pool metadata for a 1 GiB brick (from a real export). */
const POOL_METADATA_KIB = 8192;

const id = (kind: string, i: number): string => createHash('md5').update(`heketi-bench:${kind}:${i}`).digest('hex');
export const hostOf = (i: number): string => `10.${Math.floor(i / 62500) + 1}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`;

type Json = Record<string, unknown>;

interface Draft {
  ids: GeneratedIds;
  nodes: Json[];
  devices: Json[];
  volumes: Record<string, Json>;
  bricks: Record<string, Json>;
  /** Per cluster: Heketi mounts through every node of the cluster, storage hostnames in node-id order. */
  mountHosts: string[][];
  /** Per cluster: its volume ids. */
  clusterVolumes: string[][];
}

const clustersOf = (shape: ExportShape): number => shape.clusters ?? 1;
const nodesPerCluster = (shape: ExportShape): number => Math.floor(shape.nodes / clustersOf(shape));

function topology(shape: ExportShape): Draft {
  const clusterIds = Array.from({ length: clustersOf(shape) }, (_, c) => id('cluster', c));
  const ids: GeneratedIds = { clusterId: clusterIds[0]!, clusterIds, nodeIds: [], deviceIds: [], volumeIds: [] };
  const nodes: Json[] = [];
  const devices: Json[] = [];
  for (let n = 0; n < shape.nodes; n++) {
    const clusterId = clusterIds[Math.floor(n / nodesPerCluster(shape))]!;
    const nodeId = id('node', n);
    const deviceIds = Array.from({ length: shape.devicesPerNode }, (_, d) => id('device', n * shape.devicesPerNode + d));
    ids.nodeIds.push(nodeId);
    ids.deviceIds.push(...deviceIds);
    nodes.push({
      State: 'online',
      Info: { zone: (n % 4) + 1, hostnames: { manage: [hostOf(n)], storage: [hostOf(n)] }, cluster: clusterId, id: nodeId },
      Devices: deviceIds,
    });
    deviceIds.forEach((deviceId, d) =>
      devices.push({
        State: 'online',
        Info: { name: `/dev/vd${String.fromCharCode(98 + (d % 24))}${d >= 24 ? d : ''}`, storage: { total: DEVICE_KIB, free: DEVICE_KIB, used: 0 }, id: deviceId },
        Bricks: [] as string[],
        NodeId: nodeId,
        ExtentSize: 4096,
      }),
    );
  }
  const perCluster = nodesPerCluster(shape);
  const mountHosts = clusterIds.map((_, c) =>
    ids.nodeIds
      .map((nodeId, n) => [nodeId, hostOf(n)] as const)
      .slice(c * perCluster, (c + 1) * perCluster)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([, host]) => host),
  );
  return { ids, nodes, devices, volumes: {}, bricks: {}, mountHosts, clusterVolumes: clusterIds.map(() => []) };
}

function brickEntry(brickId: string, device: Json, volumeId: string): Json {
  const deviceId = (device.Info as Json).id as string;
  return {
    Info: {
      id: brickId,
      path: `/var/lib/heketi/mounts/vg_${deviceId}/brick_${brickId}/brick`,
      device: deviceId,
      node: device.NodeId,
      volume: volumeId,
      size: BRICK_KIB,
    },
    TpSize: BRICK_KIB,
    PoolMetadataSize: POOL_METADATA_KIB,
    Pending: { Id: '' },
    LvmThinPool: `tp_${brickId}`,
    LvmLv: '',
    SubType: 1,
  };
}

function charge(device: Json, brickId: string): void {
  const storage = (device.Info as Json).storage as { free: number; used: number };
  storage.used += BRICK_KIB + POOL_METADATA_KIB;
  storage.free -= BRICK_KIB + POOL_METADATA_KIB;
  (device.Bricks as string[]).push(brickId);
}

/**
 * Volume k goes to cluster k mod clusters; there, as its j-th volume, on three consecutive nodes
 * from 3j (distinct zones when the cluster's nodes % 4 == 0), one device on each.
 */
function addVolume(draft: Draft, shape: ExportShape, k: number): void {
  const volumeId = id('volume', k);
  const name = `vol_${volumeId}`;
  const brickIds: string[] = [];
  const cluster = k % clustersOf(shape);
  const perCluster = nodesPerCluster(shape);
  const j = Math.floor(k / clustersOf(shape));
  for (let r = 0; r < 3; r++) {
    const slot = j * 3 + r;
    const node = cluster * perCluster + (slot % perCluster);
    const device = draft.devices[node * shape.devicesPerNode + (Math.floor(slot / perCluster) % shape.devicesPerNode)]!;
    const brickId = id('brick', k * 3 + r);
    draft.bricks[brickId] = brickEntry(brickId, device, volumeId);
    charge(device, brickId);
    brickIds.push(brickId);
  }
  const hosts = draft.mountHosts[cluster]!;
  draft.ids.volumeIds.push(volumeId);
  draft.clusterVolumes[cluster]!.push(volumeId);
  draft.volumes[volumeId] = {
    Info: {
      size: 1,
      name,
      durability: { type: 'replicate', replicate: { replica: 3 }, disperse: { data: 4, redundancy: 2 } },
      snapshot: { enable: false, factor: 1 },
      id: volumeId,
      cluster: draft.ids.clusterIds[cluster],
      mount: { glusterfs: { hosts, device: `${hosts[0]}:${name}`, options: { 'backup-volfile-servers': hosts.slice(1).join(',') } } },
      blockinfo: {},
    },
    Bricks: brickIds,
    GlusterVolumeOptions: ['', ''],
    Pending: { Id: '' },
  };
}

const byId = (entries: Json[]): Record<string, Json> => Object.fromEntries(entries.map((e) => [(e.Info as Json).id as string, e]));

const attribute = (key: string, value: string): [string, Json] => [key, { Key: key, Value: value }];

/** The export document and the ids in it. */
export function generateExport(shape: ExportShape): { document: Json; ids: GeneratedIds } {
  if (nodesPerCluster(shape) < 3) throw new Error('replica 3 needs at least 3 nodes per cluster');
  const draft = topology(shape);
  for (let k = 0; k < shape.volumes; k++) addVolume(draft, shape, k);
  const { ids } = draft;
  const perCluster = nodesPerCluster(shape);
  const document = {
    clusterentries: Object.fromEntries(
      ids.clusterIds.map((clusterId, c) => [
        clusterId,
        {
          Info: {
            id: clusterId,
            nodes: ids.nodeIds.slice(c * perCluster, (c + 1) * perCluster),
            volumes: draft.clusterVolumes[c],
            block: true,
            file: true,
            blockvolumes: [],
          },
        },
      ]),
    ),
    volumeentries: draft.volumes,
    brickentries: draft.bricks,
    nodeentries: byId(draft.nodes),
    deviceentries: byId(draft.devices),
    blockvolumeentries: {},
    dbattributeentries: Object.fromEntries([
      attribute('DB_BRICK_HAS_SUBTYPE_FIELD', 'yes'),
      attribute('DB_CLUSTER_HAS_FILE_BLOCK_FLAG', 'yes'),
      attribute('DB_DEVICE_HAS_ID_META', 'yes'),
      attribute('DB_GENERATION_ID', id('generation', shape.volumes)),
      attribute('DB_HAS_PENDING_OPS_BUCKET', 'yes'),
    ]),
    pendingoperations: {},
  };
  return { document, ids };
}
