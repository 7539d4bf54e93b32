/**
 * `topology load` with Heketi's matching rules (spec §13.3): nodes are matched on manage[0]
 * across all clusters, devices on (manage[0], name) in the snapshot read once at the start; only
 * missing things are created, nothing existing is changed, so loading a file twice is a no-op.
 * Unlike heketi-cli, the whole file is validated before the first request.
 */
import type { HeketiClient } from '../client/heketi-client.js';
import type { ClusterInfo, NodeInfo } from '../client/types.js';
import type { TopologyFile, TopologyFileCluster, TopologyFileDevice } from '../domain/topology-file.js';
import { fetchTopology, type TopologyInfo } from './format/topology.js';

type Print = (text: string) => void;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

function findNode(snapshot: TopologyInfo, manage: string): NodeInfo | undefined {
  for (const cluster of snapshot.clusters) {
    const node = cluster.nodes.find((n) => n.hostnames.manage[0] === manage);
    if (node) return node;
  }
  return undefined;
}

const deviceExists = (snapshot: TopologyInfo, manage: string, name: string): boolean =>
  findNode(snapshot, manage)?.devices.some((d) => d.name === name) ?? false;

async function createCluster(client: HeketiClient, cluster: TopologyFileCluster, print: Print): Promise<ClusterInfo> {
  print('Creating cluster ... ');
  const flags = { file: cluster.file ?? true, block: cluster.block ?? true };
  const info = await client.clusterCreate(flags);
  print(`ID: ${info.id}\n`);
  if (flags.file) print('\tAllowing file volumes on cluster.\n');
  if (flags.block) print('\tAllowing block volumes on cluster.\n');
  return info;
}

async function addDevices(client: HeketiClient, snapshot: TopologyInfo, node: NodeInfo, devices: TopologyFileDevice[], print: Print) {
  const manage = node.hostnames.manage[0] ?? '';
  for (const device of devices) {
    if (deviceExists(snapshot, manage, device.name)) {
      print(`\t\tFound device ${device.name}\n`);
      continue;
    }
    print(`\t\tAdding device ${device.name} ... `);
    try {
      await client.deviceAdd({ name: device.name, node: node.id, tags: device.tags, destroydata: device.destroydata });
      print('OK\n');
    } catch (error) {
      print(`Unable to add device: ${errorText(error)}\n`);
    }
  }
}

/** Loads a validated topology file; returns the ids of clusters it created (for empty-cluster cleanup). */
async function loadClusters(client: HeketiClient, topology: TopologyFile, snapshot: TopologyInfo, print: Print, created: string[]) {
  for (const cluster of topology.clusters) {
    let current: string | undefined;
    for (const { node, devices } of cluster.nodes) {
      const manage = node.hostnames.manage[0]!;
      let nodeInfo = findNode(snapshot, manage);
      if (nodeInfo) {
        print(`\tFound node ${manage} on cluster ${nodeInfo.cluster}\n`);
        current = nodeInfo.cluster;
      } else {
        if (current === undefined) {
          current = (await createCluster(client, cluster, print)).id;
          created.push(current);
        }
        print(`\tCreating node ${manage} ... `);
        try {
          nodeInfo = await client.nodeAdd({ ...node, cluster: current });
          print(`ID: ${nodeInfo.id}\n`);
        } catch (error) {
          print(`Unable to create node: ${errorText(error)}\n`);
          continue;
        }
      }
      await addDevices(client, snapshot, nodeInfo, devices, print);
    }
  }
}

/** Deletes clusters this load created that ended up empty (every node add failed). */
async function removeEmptyClusters(client: HeketiClient, clusterIds: string[]): Promise<void> {
  for (const id of clusterIds) {
    try {
      const info = await client.clusterInfo(id);
      if (info.nodes.length === 0 && info.volumes.length === 0) await client.clusterDelete(id);
    } catch {
      // Best effort, as in heketi-cli: a cluster that cannot be inspected is left alone.
    }
  }
}

export async function loadTopology(client: HeketiClient, topology: TopologyFile, print: Print): Promise<void> {
  let snapshot: TopologyInfo;
  try {
    snapshot = await fetchTopology(client);
  } catch (error) {
    throw new Error(`Unable to get topology information: ${errorText(error)}`);
  }
  const created: string[] = [];
  try {
    await loadClusters(client, topology, snapshot, print, created);
  } finally {
    await removeEmptyClusters(client, created);
  }
}
