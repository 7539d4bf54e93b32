/**
 * `topology info`: the client-side topology (Heketi has no topology route) and heketi-cli's
 * default template output, reproduced whitespace for whitespace.
 */
import type { HeketiClient } from '../../client/heketi-client.js';
import type { BrickInfo, DeviceInfo, NodeInfo, VolumeInfo } from '../../client/types.js';
import { entryState, kibToGib, padRight, sortedEntries } from './go-print.js';
import { mountOptions } from './volumes.js';

/** One cluster of heketi-cli's TopologyInfoResponse, in Go's field order. */
export interface TopologyCluster {
  volumes: VolumeInfo[];
  nodes: NodeInfo[];
  id: string;
  block: boolean;
  file: boolean;
}

export interface TopologyInfo {
  clusters: TopologyCluster[];
}

/** Builds the topology the way Heketi's Go client does: clusters, then each volume and node. */
export async function fetchTopology(client: HeketiClient): Promise<TopologyInfo> {
  const clusters: TopologyCluster[] = [];
  for (const clusterId of (await client.clusterList()).clusters) {
    const info = await client.clusterInfo(clusterId);
    const cluster: TopologyCluster = { volumes: [], nodes: [], id: info.id, block: info.block, file: info.file };
    for (const volumeId of info.volumes) {
      const volume = await client.volumeInfo(volumeId);
      if (volume.cluster === info.id) cluster.volumes.push(volume);
    }
    for (const nodeId of info.nodes) cluster.nodes.push(await client.nodeInfo(nodeId));
    clusters.push(cluster);
  }
  return { clusters };
}

const inlineTags = (tags: Record<string, string> | undefined) => sortedEntries(tags).map(([k, v]) => ` ${k}:${v}`).join('');

function volumeBrick(b: BrickInfo): string {
  return `\n\t\t\tId: ${b.id}\n\t\t\tPath: ${b.path}\n\t\t\tSize (GiB): ${kibToGib(b.size)}\n\t\t\tNode: ${b.node}\n\t\t\tDevice: ${b.device}\n`;
}

function volumeDurability(v: VolumeInfo): string {
  const d = v.durability;
  if (d.type === 'replicate') return `\n\tReplica: ${d.replicate?.replica ?? 0}`;
  if (d.type === 'disperse') return `\n\tDisperse Data: ${d.disperse?.data ?? 0}\n\tDisperse Redundancy: ${d.disperse?.redundancy ?? 0}`;
  return '';
}

function topologyVolume(v: VolumeInfo): string {
  const snapshot = v.snapshot.enable
    ? `\n\tSnapshot: Enabled\n\tSnapshot Factor: ${v.snapshot.factor.toFixed(2)}\n`
    : '\n\tSnapshot: Disabled\n';
  return (
    `\n\tName: ${v.name}\n\tSize: ${v.size}\n\tId: ${v.id}\n\tCluster Id: ${v.cluster}` +
    `\n\tMount: ${v.mount.glusterfs.device}\n\tMount Options: ${mountOptions(v)}` +
    `\n\tDurability Type: ${v.durability.type ?? ''}${volumeDurability(v)}${snapshot}` +
    `\n\t\tBricks:${v.bricks.map(volumeBrick).join('')}\n`
  );
}

function topologyDevice(d: DeviceInfo): string {
  const tags = sortedEntries(d.tags).length > 0 ? `\n\t\t\tTags:${inlineTags(d.tags)}\n` : '';
  const paths = d.paths && d.paths.length > 0 ? d.paths.map((p) => ` ${p}`).join('') : ` ${d.name}`;
  const bricks = d.bricks
    .map((b) => `\n\t\t\t\tId:${padRight(b.id, 35)}Size (GiB):${padRight(kibToGib(b.size), 8)}Path: ${b.path}`)
    .join('');
  return (
    `\n\t\tId:${padRight(d.id, 35)}State:${padRight(entryState(d.state), 10)}` +
    `Size (GiB):${padRight(kibToGib(d.storage.total), 8)}Used (GiB):${padRight(kibToGib(d.storage.used), 8)}` +
    `Free (GiB):${padRight(kibToGib(d.storage.free), 8)}${tags}\n\t\t\tKnown Paths:${paths}\n\n\t\t\tBricks:${bricks}`
  );
}

function topologyNode(n: NodeInfo): string {
  const tags = sortedEntries(n.tags).length > 0 ? `\n\tTags:${inlineTags(n.tags)}\n` : '';
  return (
    `\n\tNode Id: ${n.id}\n\tState: ${entryState(n.state)}\n\tCluster Id: ${n.cluster}\n\tZone: ${n.zone}` +
    `\n\tManagement Hostnames: ${n.hostnames.manage.join(', ')}\n\tStorage Hostnames: ${n.hostnames.storage.join(', ')}` +
    `${tags}\n\tDevices:${n.devices.map(topologyDevice).join('')}\n`
  );
}

function topologyCluster(c: TopologyCluster): string {
  return (
    `\nCluster Id: ${c.id}\n    File:  ${c.file}\n    Block: ${c.block}\n    Volumes:\n` +
    c.volumes.map(topologyVolume).join('') +
    '\n    Nodes:\n' +
    c.nodes.map(topologyNode).join('')
  );
}

export function formatTopologyInfo(topology: TopologyInfo): string {
  return `${topology.clusters.map(topologyCluster).join('')}\n`;
}
