import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { seedTopology, type SeededTopology } from '../helpers/topology.js';

describe('GET /topology', () => {
  let s: TestServer;
  let topo: SeededTopology;

  beforeAll(async () => {
    s = await TestServer.start();
    topo = await seedTopology(s, 3, 2);
  });
  afterAll(async () => {
    await s.dispose();
  });

  it("answers what heketi-cli topology info --json prints, built from the same GET answers", async () => {
    const volume = (await s.run('POST', '/volumes', { size: 2, durability: { type: 'replicate', replicate: { replica: 3 } } })).json();
    const r = await s.request('GET', '/topology');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const body = r.json();
    expect(body.clusters).toHaveLength(1);
    const cluster = body.clusters[0];
    expect(Object.keys(cluster)).toEqual(['volumes', 'nodes', 'id', 'block', 'file']);
    expect(cluster.id).toBe(topo.clusterId);
    expect(cluster.block).toBe(true);
    expect(cluster.file).toBe(true);
    expect(cluster.volumes).toEqual([(await s.request('GET', `/volumes/${volume.id}`)).json()]);
    const nodes = await Promise.all([...topo.nodeIds].sort().map(async (id) => (await s.request('GET', `/nodes/${id}`)).json()));
    expect(cluster.nodes).toEqual(nodes);
  });

  it('needs an admin token and is read-only', async () => {
    expect((await s.request('GET', '/topology', undefined, { authorization: '' })).status).toBe(401);
    expect((await s.request('GET', '/topology', undefined, { authorization: `bearer ${s.token('GET', '/topology', 'user')}` })).status).toBe(401);
    expect((await s.request('POST', '/topology', {})).status).toBe(405);
  });
});
