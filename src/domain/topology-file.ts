/**
 * Heketi's topology file (heketi-cli `topology load --json`, and `serve --topology`):
 * {"clusters":[{"block"?,"file"?,"nodes":[{"node":NodeAddRequest-without-cluster,"devices":[...]}]}]}
 * where a device is a name string or {"name","destroydata"?,"tags"?}. The whole file is validated
 * before anything is applied, so a bad entry deep in the file never leaves a half-loaded topology.
 * Keys match case-insensitively as Go's decoder does; tag names keep their case.
 */
import type { Tags } from './entities.js';
import { isValidPath } from './command-arguments.js';
import { isHost } from './hostnames.js';

export interface TopologyFileDevice {
  name: string;
  destroydata: boolean;
  tags?: Tags;
}

export interface TopologyFileNode {
  zone: number;
  hostnames: { manage: string[]; storage: string[] };
  tags?: Tags;
}

export interface TopologyFileCluster {
  /** Absent means true: topology load creates clusters allowing both volume types. */
  block?: boolean;
  file?: boolean;
  nodes: { node: TopologyFileNode; devices: TopologyFileDevice[] }[];
}

export interface TopologyFile {
  clusters: TopologyFileCluster[];
}

export type TopologyParseResult = { ok: true; topology: TopologyFile } | { ok: false; errors: string[] };

const TAG_NAME = /^[a-zA-Z0-9_.-]+$/;

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Go's field lookup: the exact key first, otherwise the first case-insensitive match. */
function field(obj: Obj, name: string): unknown {
  if (name in obj) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : obj[key];
}

class Collector {
  readonly errors: string[] = [];
  add(where: string, problem: string): void {
    this.errors.push(`${where}: ${problem}`);
  }
}

function parseTags(value: unknown, where: string, out: Collector): Tags | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) return out.add(where, 'tags must be an object of strings'), undefined;
  const entries = Object.entries(value);
  if (entries.length > 32) out.add(where, `too many tags specified (${entries.length}), up to 32 supported`);
  for (const [key, tagValue] of entries) {
    if (key.length === 0) out.add(where, 'tag names may not be empty');
    else if ([...key].length > 32) out.add(where, `tag name ${key}: the length must be between 1 and 32`);
    else if (!TAG_NAME.test(key)) out.add(where, `invalid characters in tag name ${key}`);
    if (typeof tagValue !== 'string') out.add(where, `value of tag ${key} must be a string`);
    else if ([...tagValue].length > 64) out.add(where, `value of tag ${key}: the length must be no more than 64`);
  }
  return value as Tags;
}

function parseHostList(value: unknown, where: string, out: Collector): string[] {
  if (!Array.isArray(value) || value.length === 0) return out.add(where, 'must be a non-empty list of host names'), [];
  if (value.some((host) => typeof host !== 'string' || host.trim() === '')) out.add(where, 'host names must be non-empty strings');
  else if (!value.every(isHost)) out.add(where, `[${value.join(' ')}] is not a valid host name (an IP address or a DNS name)`);
  return value.filter((host): host is string => typeof host === 'string');
}

function parseNode(value: unknown, where: string, out: Collector): TopologyFileNode {
  const node: TopologyFileNode = { zone: 0, hostnames: { manage: [], storage: [] } };
  if (!isObject(value)) return out.add(where, 'node is missing'), node;
  const zone = field(value, 'zone');
  if (zone === undefined || zone === null) out.add(`${where}.zone`, 'zone is missing');
  else if (typeof zone !== 'number' || !Number.isInteger(zone) || zone < 1) out.add(`${where}.zone`, 'must be an integer of at least 1');
  else node.zone = zone;
  const hostnames = field(value, 'hostnames');
  if (!isObject(hostnames)) {
    out.add(`${where}.hostnames`, 'hostnames are missing');
  } else {
    node.hostnames.manage = parseHostList(field(hostnames, 'manage'), `${where}.hostnames.manage`, out);
    node.hostnames.storage = parseHostList(field(hostnames, 'storage'), `${where}.hostnames.storage`, out);
  }
  const tags = parseTags(field(value, 'tags'), `${where}.tags`, out);
  if (tags) node.tags = tags;
  return node;
}

function parseDevice(value: unknown, where: string, out: Collector): TopologyFileDevice {
  if (typeof value === 'string') value = { name: value };
  const device: TopologyFileDevice = { name: '', destroydata: false };
  if (!isObject(value)) return out.add(where, 'a device must be a name or an object with a name'), device;
  const name = field(value, 'name');
  if (typeof name !== 'string' || !isValidPath(name)) out.add(`${where}.name`, `malformed device name ${JSON.stringify(name ?? '')}`);
  else device.name = name;
  const destroy = field(value, 'destroydata');
  if (destroy !== undefined && destroy !== null && typeof destroy !== 'boolean') out.add(`${where}.destroydata`, 'must be true or false');
  else device.destroydata = destroy === true;
  const tags = parseTags(field(value, 'tags'), `${where}.tags`, out);
  if (tags) device.tags = tags;
  return device;
}

function parseDevices(value: unknown, where: string, out: Collector): TopologyFileDevice[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return out.add(where, 'devices must be a list'), [];
  const devices = value.map((device, i) => parseDevice(device, `${where}[${i}]`, out));
  const seen = new Set<string>();
  for (const device of devices) {
    if (device.name !== '' && seen.has(device.name)) out.add(where, `device ${device.name} is listed twice`);
    seen.add(device.name);
  }
  return devices;
}

function parseCluster(value: unknown, where: string, out: Collector): TopologyFileCluster {
  const cluster: TopologyFileCluster = { nodes: [] };
  if (!isObject(value)) return out.add(where, 'a cluster must be an object'), cluster;
  for (const flag of ['block', 'file'] as const) {
    const flagValue = field(value, flag);
    if (flagValue === undefined || flagValue === null) continue;
    if (typeof flagValue !== 'boolean') out.add(`${where}.${flag}`, 'must be true or false');
    else cluster[flag] = flagValue;
  }
  const nodes = field(value, 'nodes');
  if (nodes !== undefined && nodes !== null && !Array.isArray(nodes)) out.add(`${where}.nodes`, 'nodes must be a list');
  for (const [i, entry] of (Array.isArray(nodes) ? nodes : []).entries()) {
    const at = `${where}.nodes[${i}]`;
    const node = parseNode(isObject(entry) ? field(entry, 'node') : undefined, `${at}.node`, out);
    cluster.nodes.push({ node, devices: parseDevices(isObject(entry) ? field(entry, 'devices') : undefined, `${at}.devices`, out) });
  }
  return cluster;
}

/** Reports host names used by more than one node of the file (Heketi would refuse the second). */
function checkDuplicateHosts(topology: TopologyFile, out: Collector): void {
  for (const kind of ['manage', 'storage'] as const) {
    const owners = new Map<string, string>();
    topology.clusters.forEach((cluster, c) =>
      cluster.nodes.forEach(({ node }, n) => {
        const host = node.hostnames[kind][0];
        if (host === undefined) return;
        const where = `clusters[${c}].nodes[${n}]`;
        const first = owners.get(host);
        if (first) out.add(`${where}.node.hostnames.${kind}`, `duplicate ${kind} hostname ${host} (also used by ${first})`);
        else owners.set(host, where);
      }),
    );
  }
}

/** Validates a whole topology file; returns every problem found, each prefixed with its location. */
export function parseTopologyFile(json: unknown): TopologyParseResult {
  const out = new Collector();
  if (!isObject(json)) return { ok: false, errors: ['topology: expected an object with a "clusters" list'] };
  const clusters = field(json, 'clusters');
  if (!Array.isArray(clusters)) return { ok: false, errors: ['clusters: expected a list of clusters'] };
  const topology: TopologyFile = { clusters: clusters.map((cluster, i) => parseCluster(cluster, `clusters[${i}]`, out)) };
  checkDuplicateHosts(topology, out);
  return out.errors.length === 0 ? { ok: true, topology } : { ok: false, errors: out.errors };
}
