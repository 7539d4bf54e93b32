import type { TopologyFile } from '../domain/topology-file.js';
import type { ClusterService } from './clusters.js';
import type { ServiceContext } from './context.js';
import type { DeviceService } from './devices.js';
import type { NodeService } from './nodes.js';

export interface TopologyLoadReport {
  lines: string[];
  errors: string[];
}

/**
 * Loads a parsed (and so already fully validated) topology file with heketi-cli's rules: a node is
 * matched on manage[0] across all clusters, a device on (manage[0], name); what exists is never
 * changed, what is missing is created, so loading the same file twice changes nothing.
 */
export async function loadTopology(
  ctx: ServiceContext,
  services: { clusters: ClusterService; nodes: NodeService; devices: DeviceService },
  topology: TopologyFile,
): Promise<TopologyLoadReport> {
  const report: TopologyLoadReport = { lines: [], errors: [] };
  const existingDevices = new Set(
    ctx.store.devices.list().map((d) => `${ctx.store.nodes.get(d.nodeId)?.manageHostnames[0]}\u0000${d.name}`),
  );
  for (const cluster of topology.clusters) {
    let clusterId: string | null = null;
    for (const entry of cluster.nodes) {
      const manage = entry.node.hostnames.manage[0]!;
      let node = ctx.store.nodes.list().find((n) => n.manageHostnames[0] === manage);
      if (node) {
        clusterId = node.clusterId;
        report.lines.push(`\tFound node ${manage} on cluster ${clusterId}`);
      } else {
        if (clusterId === null) {
          clusterId = services.clusters.create({ block: cluster.block ?? true, file: cluster.file ?? true }).id;
          report.lines.push(`Creating cluster ... ID: ${clusterId}`);
        }
        try {
          const add = await services.nodes.prepareAdd({
            zone: entry.node.zone,
            clusterId,
            manageHostnames: entry.node.hostnames.manage,
            storageHostnames: entry.node.hostnames.storage,
            tags: entry.node.tags ?? {},
          });
          const location = await add();
          node = ctx.store.nodes.get(location.split('/').pop()!)!;
          report.lines.push(`\tCreating node ${manage} ... ID: ${node.id}`);
        } catch (e) {
          report.errors.push(`Unable to create node ${manage}: ${(e as Error).message.trim()}`);
          continue;
        }
      }
      for (const device of entry.devices) {
        if (existingDevices.has(`${manage}\u0000${device.name}`)) {
          report.lines.push(`\t\tFound device ${device.name}`);
          continue;
        }
        try {
          await services.devices.prepareAdd({
            name: device.name,
            nodeId: node.id,
            tags: device.tags ?? {},
            destroyData: device.destroydata,
          })();
          existingDevices.add(`${manage}\u0000${device.name}`);
          report.lines.push(`\t\tAdding device ${device.name} ... OK`);
        } catch (e) {
          report.errors.push(`Unable to add device ${device.name} on ${manage}: ${(e as Error).message.trim()}`);
        }
      }
    }
    if (clusterId !== null) removeIfEmpty(ctx, services.clusters, clusterId);
  }
  return report;
}

/** heketi-cli deletes a cluster it created when no node could be added to it. */
function removeIfEmpty(ctx: ServiceContext, clusters: ClusterService, clusterId: string): void {
  if (ctx.store.nodes.listByCluster(clusterId).length === 0) clusters.delete(clusterId);
}
