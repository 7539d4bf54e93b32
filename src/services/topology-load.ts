import type { Node } from '../domain/entities.js';
import type { TopologyFile, TopologyFileCluster, TopologyFileDevice, TopologyFileNode } from '../domain/topology-file.js';
import type { ClusterService } from './clusters.js';
import type { ServiceContext } from './context.js';
import type { DeviceService } from './devices.js';
import type { NodeService } from './nodes.js';

export interface TopologyLoadReport {
  lines: string[];
  errors: string[];
}

interface LoadServices {
  clusters: ClusterService;
  nodes: NodeService;
  devices: DeviceService;
}

/** `<manage[0]>\0<device name>`: how heketi-cli recognises a device that already exists. */
const deviceKey = (manage: string, name: string): string => `${manage}\u0000${name}`;

/**
 * Loads a parsed (and so already fully validated) topology file with heketi-cli's rules: a node is
 * matched on manage[0] across all clusters, a device on (manage[0], name); what exists is never
 * changed, what is missing is created, so loading the same file twice changes nothing.
 */
export async function loadTopology(ctx: ServiceContext, services: LoadServices, topology: TopologyFile): Promise<TopologyLoadReport> {
  const report: TopologyLoadReport = { lines: [], errors: [] };
  const manageOf = (nodeId: string) => ctx.store.nodes.get(nodeId)?.manageHostnames[0] ?? '';
  const existingDevices = new Set(ctx.store.devices.list().map((d) => deviceKey(manageOf(d.nodeId), d.name)));
  for (const cluster of topology.clusters) {
    let clusterId: string | null = null;
    for (const entry of cluster.nodes) {
      const manage = entry.node.hostnames.manage[0]!;
      let node = ctx.store.nodes.list().find((n) => n.manageHostnames[0] === manage);
      if (node) {
        clusterId = node.clusterId;
        report.lines.push(`\tFound node ${manage} on cluster ${clusterId}`);
      } else {
        clusterId ??= createCluster(services.clusters, cluster, report);
        node = await addNode(ctx, services.nodes, clusterId, entry.node, report);
        if (!node) continue;
      }
      await addMissingDevices(services.devices, node, entry.devices, existingDevices, report);
    }
    if (clusterId !== null) removeIfEmpty(ctx, services.clusters, clusterId);
  }
  return report;
}

function createCluster(clusters: ClusterService, cluster: TopologyFileCluster, report: TopologyLoadReport): string {
  const id = clusters.create({ block: cluster.block ?? true, file: cluster.file ?? true }).id;
  report.lines.push(`Creating cluster ... ID: ${id}`);
  return id;
}

/** Adds the node to the cluster; a failure is reported and gives undefined. */
async function addNode(
  ctx: ServiceContext,
  nodes: NodeService,
  clusterId: string,
  entry: TopologyFileNode,
  report: TopologyLoadReport,
): Promise<Node | undefined> {
  const manage = entry.hostnames.manage[0]!;
  try {
    const add = await nodes.prepareAdd({
      zone: entry.zone,
      clusterId,
      manageHostnames: entry.hostnames.manage,
      storageHostnames: entry.hostnames.storage,
      tags: entry.tags ?? {},
    });
    const location = await add();
    const node = ctx.store.nodes.get(location.split('/').pop()!)!;
    report.lines.push(`\tCreating node ${manage} ... ID: ${node.id}`);
    return node;
  } catch (e) {
    report.errors.push(`Unable to create node ${manage}: ${(e as Error).message.trim()}`);
    return undefined;
  }
}

/** Adds the node's devices that `existing` does not know yet (and records them there). */
async function addMissingDevices(
  devices: DeviceService,
  node: Node,
  wanted: readonly TopologyFileDevice[],
  existing: Set<string>,
  report: TopologyLoadReport,
): Promise<void> {
  const manage = node.manageHostnames[0]!;
  for (const device of wanted) {
    if (existing.has(deviceKey(manage, device.name))) {
      report.lines.push(`\t\tFound device ${device.name}`);
      continue;
    }
    try {
      await devices.prepareAdd({ name: device.name, nodeId: node.id, tags: device.tags ?? {}, destroyData: device.destroydata })();
      existing.add(deviceKey(manage, device.name));
      report.lines.push(`\t\tAdding device ${device.name} ... OK`);
    } catch (e) {
      report.errors.push(`Unable to add device ${device.name} on ${manage}: ${(e as Error).message.trim()}`);
    }
  }
}

/** heketi-cli deletes a cluster it created when no node could be added to it. */
function removeIfEmpty(ctx: ServiceContext, clusters: ClusterService, clusterId: string): void {
  if (ctx.store.nodes.listByCluster(clusterId).length === 0) clusters.delete(clusterId);
}
