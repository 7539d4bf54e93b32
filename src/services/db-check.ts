/**
 * `GET /db/check`: Heketi's consistency check, run over the export structure (as Heketi runs it
 * over its dump) so it works the same on heketi-ts's database and on a Heketi export before import.
 * Messages are Heketi's; entries are visited in id order so the output is stable.
 */
import { ChangeType } from '../domain/entities.js';
import { thinPoolName } from '../domain/naming.js';
import type {
  BlockVolumeEntryJson,
  BrickEntryJson,
  ClusterEntryJson,
  DeviceEntryJson,
  HeketiDump,
  NodeEntryJson,
  PendingOperationJson,
  VolumeEntryJson,
} from './heketi-export.js';

/** One bucket's summary; `inconsistencies` is null when there are none, as Go's nil slice. */
export interface BucketCheck {
  total: number;
  pending: number;
  ok: number;
  notok: number;
  inconsistencies: string[] | null;
}

/** The db-check answer, keys in Heketi's order. `dbattributes` is never computed (all zero). */
export interface DbCheckResponse {
  clusters: BucketCheck;
  volumes: BucketCheck;
  bricks: BucketCheck;
  nodes: BucketCheck;
  devices: BucketCheck;
  blockvolumes: BucketCheck;
  dbattributes: BucketCheck;
  pendingoperations: BucketCheck;
  totalinconsistencies: number;
}

interface EntryCheck {
  pending: boolean;
  problems: string[];
}

function checkBucket<E>(entries: Record<string, E>, check: (entry: E) => EntryCheck): BucketCheck {
  const result: BucketCheck = { total: 0, pending: 0, ok: 0, notok: 0, inconsistencies: null };
  for (const entry of Object.values(entries)) {
    const { pending, problems } = check(entry);
    result.total++;
    if (pending) result.pending++;
    if (problems.length === 0) {
      result.ok++;
      continue;
    }
    result.notok++;
    result.inconsistencies = [...(result.inconsistencies ?? []), ...problems];
  }
  return result;
}

/** The shared two-way link check: `owner` lists `id`, and the entry found there points back. */
function checkLinks(
  problems: string[],
  ids: string[],
  lookup: (id: string) => { pointsBack: boolean } | undefined,
  unknown: (id: string) => string,
  noLinkBack: (id: string) => string,
): void {
  for (const id of ids) {
    const found = lookup(id);
    if (!found) problems.push(unknown(id));
    else if (!found.pointsBack) problems.push(noLinkBack(id));
  }
}

function pendingCheck(problems: string[], dump: HeketiDump, kind: string, id: string, opId: string): boolean {
  if (opId === '') return false;
  if (!(opId in dump.pendingoperations)) problems.push(`${kind} ${id} marked pending but no pending op ${opId}`);
  return true;
}

const back = (ok: boolean) => ({ pointsBack: ok });

function checkCluster(dump: HeketiDump, c: ClusterEntryJson): EntryCheck {
  const id = c.Info.id;
  const problems: string[] = [];
  for (const [list, bucket, kind] of [
    [c.Info.nodes, dump.nodeentries, 'node'],
    [c.Info.volumes, dump.volumeentries, 'volume'],
    [c.Info.blockvolumes, dump.blockvolumeentries, 'blockvolume'],
  ] as const) {
    checkLinks(
      problems,
      list,
      (x) => {
        const entry = (bucket as Record<string, { Info: { cluster?: string } }>)[x];
        return entry && back(entry.Info.cluster === id);
      },
      (x) => `Cluster ${id} unknown ${kind} ${x}`,
      (x) => `Cluster ${id} no link back to cluster from ${kind} ${x}`,
    );
  }
  return { pending: false, problems };
}

function checkNode(dump: HeketiDump, n: NodeEntryJson): EntryCheck {
  const id = n.Info.id;
  const problems: string[] = [];
  checkLinks(
    problems,
    n.Devices,
    (d) => dump.deviceentries[d] && back(dump.deviceentries[d].NodeId === id),
    (d) => `Node ${id} unknown device ${d}`,
    (d) => `Node ${id} no link back to node from device ${d}`,
  );
  const cluster = dump.clusterentries[n.Info.cluster];
  if (!cluster) problems.push(`Node ${id} unknown cluster ${n.Info.cluster}`);
  else if (!cluster.Info.nodes.includes(id)) problems.push(`Node ${id} no link back to node from cluster ${n.Info.cluster}`);
  return { pending: false, problems };
}

function checkDevice(dump: HeketiDump, d: DeviceEntryJson): EntryCheck {
  const id = d.Info.id;
  const problems: string[] = [];
  const node = dump.nodeentries[d.NodeId];
  if (!node) problems.push(`Device ${id} unknown node ${d.NodeId}`);
  else if (!node.Devices.includes(id)) problems.push(`Device ${id} no link back to device from node ${d.NodeId}`);
  // Space is charged per thin pool: a clone's bricks live in their sources' pools and charge
  // nothing (Heketi adds them without space), so each pool counts once. Heketi summed every brick
  // and so reported a clean clone as inconsistent.
  const pools = new Map<string, number>();
  checkLinks(
    problems,
    d.Bricks,
    (b) => {
      const brick = dump.brickentries[b];
      if (brick) pools.set(brick.LvmThinPool || thinPoolName(b), brick.TpSize + brick.PoolMetadataSize);
      return brick && back(brick.Info.device === id);
    },
    (b) => `Device ${id} unknown brick ${b}`,
    (b) => `Device ${id} no link back to device from brick ${b}`,
  );
  const { total, free, used } = d.Info.storage;
  if (total !== free + used) {
    problems.push(`Device ${id} size values differ Total(${total}) != Free(${free}) + Used(${used})`);
  }
  const bricksSize = [...pools.values()].reduce((sum, size) => sum + size, 0);
  if (bricksSize !== used) problems.push(`Device ${id} size values differ Used(${used}) != aggregateBricksSize(${bricksSize})`);
  return { pending: false, problems };
}

function checkVolume(dump: HeketiDump, v: VolumeEntryJson): EntryCheck {
  const id = v.Info.id;
  const problems: string[] = [];
  const pending = pendingCheck(problems, dump, 'Volume', id, v.Pending.Id);
  const cluster = dump.clusterentries[v.Info.cluster];
  if (!cluster) problems.push(`Volume ${id} unknown cluster ${v.Info.cluster}`);
  else {
    if (!cluster.Info.volumes.includes(id)) problems.push(`Volume ${id} no link back to volume from cluster ${v.Info.cluster}`);
    const hosts = v.Info.mount.glusterfs.hosts;
    if (hosts.length !== cluster.Info.nodes.length) {
      problems.push(
        `Volume ${id} mount hosts list([${hosts.join(' ')}]) is not same as list of all nodes of the cluster([${cluster.Info.nodes.join(' ')}])`,
      );
    }
  }
  checkLinks(
    problems,
    v.Bricks,
    (b) => dump.brickentries[b] && back(dump.brickentries[b].Info.volume === id),
    (b) => `Volume ${id} unknown brick ${b}`,
    (b) => `Volume ${id} no link back to volume from brick ${b}`,
  );
  checkBlockHosting(dump, v, problems);
  return { pending, problems };
}

function checkBlockHosting(dump: HeketiDump, v: VolumeEntryJson, problems: string[]): void {
  const id = v.Info.id;
  let hostedSize = 0;
  checkLinks(
    problems,
    v.Info.blockinfo.blockvolume ?? [],
    (b) => {
      const bv = dump.blockvolumeentries[b];
      if (bv) hostedSize += bv.Info.size;
      return bv && back(bv.Info.blockhostingvolume === id);
    },
    (b) => `Volume ${id} unknown blockvolume ${b}`,
    (b) => `Volume ${id} no link back to volume from blockvolume ${b}`,
  );
  const free = v.Info.blockinfo.freesize ?? 0;
  const reserved = v.Info.blockinfo.reservedsize ?? 0;
  if (v.Info.block === true) {
    if (hostedSize !== v.Info.size - free - reserved) {
      problems.push(
        `Volume ${id} blocksize differs aggregateSize ${hostedSize} != volumeSize ${v.Info.size} - freeSize ${free} - reservedSize ${reserved}`,
      );
    }
  } else if (hostedSize !== 0) {
    problems.push(`Volume ${id} has blockvolumes but not block flag`);
  }
}

function checkBrick(dump: HeketiDump, b: BrickEntryJson): EntryCheck {
  const id = b.Info.id;
  const problems: string[] = [];
  const pending = pendingCheck(problems, dump, 'Brick', id, b.Pending.Id);
  if (!dump.nodeentries[b.Info.node]) problems.push(`Brick ${id} unknown node ${b.Info.node}`);
  const volume = dump.volumeentries[b.Info.volume];
  if (!volume) problems.push(`Brick ${id} unknown volume ${b.Info.volume}`);
  else if (!volume.Bricks.includes(id)) problems.push(`Brick ${id} no link back to brick from volume ${b.Info.volume}`);
  const device = dump.deviceentries[b.Info.device];
  if (!device) problems.push(`Brick ${id} unknown device ${b.Info.device}`);
  else if (!device.Bricks.includes(id)) problems.push(`Brick ${id} no link back to brick from device ${b.Info.device}`);
  return { pending, problems };
}

function checkBlockVolume(dump: HeketiDump, bv: BlockVolumeEntryJson): EntryCheck {
  const id = bv.Info.id;
  const problems: string[] = [];
  const pending = pendingCheck(problems, dump, 'BlockVolume', id, bv.Pending.Id);
  const clusterId = bv.Info.cluster ?? '';
  const cluster = dump.clusterentries[clusterId];
  if (!cluster) problems.push(`BlockVolume ${id} unknown cluster ${clusterId}`);
  else if (!cluster.Info.blockvolumes.includes(id)) {
    problems.push(`BlockVolume ${id} no link back to blockVolume from cluster ${clusterId}`);
  }
  const bhvId = bv.Info.blockhostingvolume ?? '';
  const bhv = dump.volumeentries[bhvId];
  if (!bhv) problems.push(`BlockVolume ${id} unknown volume ${bhvId}`);
  else if (!(bhv.Info.blockinfo.blockvolume ?? []).includes(id)) {
    problems.push(`BlockVolume ${id} no link back to blockVolume from volume ${bhvId}`);
  }
  return { pending, problems };
}

const MARKED_CHANGES: Record<number, [keyof HeketiDump, string]> = {
  [ChangeType.AddBrick]: ['brickentries', 'bricks'],
  [ChangeType.DeleteBrick]: ['brickentries', 'bricks'],
  [ChangeType.AddVolume]: ['volumeentries', 'volumes'],
  [ChangeType.DeleteVolume]: ['volumeentries', 'volumes'],
  [ChangeType.CloneVolume]: ['volumeentries', 'volumes'],
  [ChangeType.SnapshotVolume]: ['volumeentries', 'volumes'],
  [ChangeType.AddVolumeClone]: ['volumeentries', 'volumes'],
  [ChangeType.AddBlockVolume]: ['blockvolumeentries', 'blockvolumes'],
  [ChangeType.DeleteBlockVolume]: ['blockvolumeentries', 'blockvolumes'],
};

const EXISTING_CHANGES: Record<number, [keyof HeketiDump, string]> = {
  [ChangeType.ExpandVolume]: ['volumeentries', 'volumes'],
  [ChangeType.ExpandBlockVolume]: ['blockvolumeentries', 'blockvolumes'],
};

/** Heketi checks only the changes it knows; child/parent links count as unexpected, as there. */
function checkOperation(dump: HeketiDump, op: PendingOperationJson): EntryCheck {
  const problems: string[] = [];
  for (const action of op.Actions) {
    const marked = MARKED_CHANGES[action.Change];
    const existing = EXISTING_CHANGES[action.Change];
    if (marked) {
      const entry = (dump[marked[0]] as Record<string, { Pending?: { Id: string } }>)[action.Id];
      if ((entry?.Pending?.Id ?? '') !== op.Id) {
        problems.push(`pending op ${op.Id} id in change missing ${action.Id} not found in ${marked[1]}`);
      }
    } else if (existing) {
      if (!(action.Id in dump[existing[0]])) {
        problems.push(`pending op ${op.Id}: change id missing ${action.Id} not found in ${existing[1]}`);
      }
    } else if (action.Change !== ChangeType.RemoveDevice) {
      problems.push(`Pending Op ${op.Id} unexpected change type ${action.Change}`);
    }
  }
  return { pending: false, problems };
}

/** Runs every bucket's check; the total counts inconsistencies, not entries. */
export function checkDump(dump: HeketiDump): DbCheckResponse {
  const response: DbCheckResponse = {
    clusters: checkBucket(dump.clusterentries, (c) => checkCluster(dump, c)),
    volumes: checkBucket(dump.volumeentries, (v) => checkVolume(dump, v)),
    bricks: checkBucket(dump.brickentries, (b) => checkBrick(dump, b)),
    nodes: checkBucket(dump.nodeentries, (n) => checkNode(dump, n)),
    devices: checkBucket(dump.deviceentries, (d) => checkDevice(dump, d)),
    blockvolumes: checkBucket(dump.blockvolumeentries, (b) => checkBlockVolume(dump, b)),
    dbattributes: { total: 0, pending: 0, ok: 0, notok: 0, inconsistencies: null },
    pendingoperations: checkBucket(dump.pendingoperations, (op) => checkOperation(dump, op)),
    totalinconsistencies: 0,
  };
  const buckets = [response.clusters, response.volumes, response.bricks, response.nodes, response.devices, response.blockvolumes];
  response.totalinconsistencies = [...buckets, response.pendingoperations].reduce(
    (sum, b) => sum + (b.inconsistencies?.length ?? 0),
    0,
  );
  return response;
}
