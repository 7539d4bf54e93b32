/** heketi-cli's text output for clusters, nodes and devices (client/cli/go/cmds). */
import type { ClusterInfo, DeviceInfo, NodeInfo } from '../../client/types.js';
import { entryState, kibToGib, padRight, sortedEntries } from './go-print.js';

export function formatClusterInfo(info: ClusterInfo): string {
  return (
    `Cluster id: ${info.id}\n` +
    `Nodes:\n${info.nodes.join('\n')}` +
    `\nVolumes:\n${info.volumes.join('\n')}` +
    `\nBlock: ${info.block}\n` +
    `\nFile: ${info.file}\n`
  );
}

/** One `cluster list` line: Id:<id> [file][block]. */
export function formatClusterListLine(info: ClusterInfo): string {
  const usage = `${info.file ? '[file]' : ''}${info.block ? '[block]' : ''}` || '[]';
  return `Id:${info.id} ${usage}\n`;
}

function formatTags(tags: Record<string, string> | undefined): string {
  const entries = sortedEntries(tags);
  if (entries.length === 0) return '';
  return `Tags:\n${entries.map(([k, v]) => `  ${k}: ${v}\n`).join('')}`;
}

/** The node header shared by `node info` and `node add`. */
export function formatNodeSummary(info: NodeInfo): string {
  return (
    `Node Id: ${info.id}\n` +
    `State: ${entryState(info.state)}\n` +
    `Cluster Id: ${info.cluster}\n` +
    `Zone: ${info.zone}\n` +
    `Management Hostname: ${info.hostnames.manage[0] ?? ''}\n` +
    `Storage Hostname: ${info.hostnames.storage[0] ?? ''}\n` +
    formatTags(info.tags)
  );
}

function formatNodeDeviceLine(d: DeviceInfo): string {
  return (
    `Id:${padRight(d.id, 35)}` +
    `Name:${padRight(d.name, 20)}` +
    `State:${padRight(entryState(d.state), 10)}` +
    `Size (GiB):${padRight(kibToGib(d.storage.total), 8)}` +
    `Used (GiB):${padRight(kibToGib(d.storage.used), 8)}` +
    `Free (GiB):${padRight(kibToGib(d.storage.free), 8)}` +
    `Bricks:${padRight(d.bricks.length, 8)}\n`
  );
}

export function formatNodeInfo(info: NodeInfo): string {
  return `${formatNodeSummary(info)}Devices:\n${info.devices.map(formatNodeDeviceLine).join('')}`;
}

export function formatDeviceInfo(info: DeviceInfo): string {
  const bricks = info.bricks
    .map((b) => `Id:${padRight(b.id, 35)}Size (GiB):${padRight(kibToGib(b.size), 8)}Path: ${b.path}\n`)
    .join('');
  return (
    `Device Id: ${info.id}\n` +
    `State: ${entryState(info.state)}\n` +
    `Size (GiB): ${kibToGib(info.storage.total)}\n` +
    `Used (GiB): ${kibToGib(info.storage.used)}\n` +
    `Free (GiB): ${kibToGib(info.storage.free)}\n` +
    `Create Path: ${info.name}\n` +
    `Physical Volume UUID: ${info.pv_uuid ?? ''}\n` +
    `Known Paths: ${(info.paths ?? []).join(' ')}\n` +
    formatTags(info.tags) +
    `Bricks:\n${bricks}`
  );
}
