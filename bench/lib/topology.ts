/**
 * Builds the same topology on either server through its REST API: one cluster, `nodes` nodes
 * (10.x addresses the mock executors never contact, zones 1..4), `devicesPerNode` devices each.
 */
import { followQueue, type SignedClient } from './http.js';
import { forEachConcurrent } from './pool.js';

export interface TopologyShape {
  nodes: number;
  devicesPerNode: number;
}

export interface SeededTopology {
  clusterId: string;
  nodeIds: string[];
  deviceIds: string[];
}

const POLL_MS = 5;
const SEED_CONCURRENCY = 8;

const hostOf = (i: number): string => `10.${Math.floor(i / 62500) + 1}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`;

async function addNode(client: SignedClient, clusterId: string, i: number): Promise<string> {
  const host = hostOf(i);
  const accepted = await client.expect(202, 'POST', '/nodes', {
    zone: (i % 4) + 1,
    cluster: clusterId,
    hostnames: { manage: [host], storage: [host] },
  });
  const done = await followQueue(client, accepted, POLL_MS);
  if (done.status !== 200) throw new Error(`node add ${host}: ${done.status} ${done.text}`);
  return (JSON.parse(done.text) as { id: string }).id;
}

async function addDevice(client: SignedClient, nodeId: string, d: number): Promise<void> {
  const name = `/dev/vd${String.fromCharCode(97 + (d % 26))}${d >= 26 ? Math.floor(d / 26) : ''}`;
  const accepted = await client.expect(202, 'POST', '/devices', { name, node: nodeId });
  const done = await followQueue(client, accepted, POLL_MS);
  if (done.status !== 204) throw new Error(`device add ${name}: ${done.status} ${done.text}`);
}

export async function seedTopology(client: SignedClient, shape: TopologyShape): Promise<SeededTopology> {
  const cluster = await client.expect(201, 'POST', '/clusters', { file: true, block: true });
  const clusterId = (JSON.parse(cluster.text) as { id: string }).id;
  const nodeIds: string[] = new Array<string>(shape.nodes);
  await forEachConcurrent(shape.nodes, SEED_CONCURRENCY, async (i) => {
    nodeIds[i] = await addNode(client, clusterId, i);
  });
  const total = shape.nodes * shape.devicesPerNode;
  await forEachConcurrent(total, SEED_CONCURRENCY, (k) =>
    addDevice(client, nodeIds[Math.floor(k / shape.devicesPerNode)]!, k % shape.devicesPerNode),
  );
  const deviceIds: string[] = [];
  for (const nodeId of nodeIds) {
    const info = JSON.parse((await client.expect(200, 'GET', `/nodes/${nodeId}`)).text) as { devices: { id: string }[] };
    deviceIds.push(...info.devices.map((d) => d.id));
  }
  return { clusterId, nodeIds, deviceIds };
}
