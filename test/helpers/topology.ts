import type { TestServer } from './server.js';

export interface SeededTopology {
  clusterId: string;
  nodeIds: string[];
  deviceIds: string[];
}

/** Creates a file+block cluster with `nodes` nodes (zone i+1), each with `devicesPerNode` devices. */
export async function seedTopology(s: TestServer, nodes = 3, devicesPerNode = 1, zones?: number): Promise<SeededTopology> {
  const cluster = await s.request('POST', '/clusters', { file: true, block: true });
  if (cluster.status !== 201) throw new Error(cluster.text);
  const clusterId = cluster.json().id as string;
  const nodeIds: string[] = [];
  const deviceIds: string[] = [];
  for (let i = 0; i < nodes; i++) {
    const host = `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    const node = await s.run('POST', '/nodes', {
      zone: zones ? (i % zones) + 1 : i + 1,
      cluster: clusterId,
      hostnames: { manage: [host], storage: [host] },
    });
    if (node.status !== 200) throw new Error(node.text);
    const nodeId = node.json().id as string;
    nodeIds.push(nodeId);
    for (let d = 0; d < devicesPerNode; d++) {
      const added = await s.run('POST', '/devices', { name: `/dev/sd${String.fromCharCode(98 + d)}`, node: nodeId });
      if (added.status !== 204) throw new Error(added.text);
    }
    const info = await s.request('GET', `/nodes/${nodeId}`);
    deviceIds.push(...(info.json().devices as { id: string }[]).map((d) => d.id));
  }
  return { clusterId, nodeIds, deviceIds };
}
