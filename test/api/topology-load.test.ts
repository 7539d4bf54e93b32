import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TopologyFile } from '../../src/domain/topology-file.js';
import { loadTopology } from '../../src/services/topology-load.js';
import { TestServer } from '../helpers/server.js';

const node = (host: string, zone: number, storage = host) => ({ zone, hostnames: { manage: [host], storage: [storage] } });
const device = (name: string) => ({ name, destroydata: false });

const TOPOLOGY: TopologyFile = {
  clusters: [
    {
      nodes: [
        { node: node('10.5.0.1', 1), devices: [device('/dev/sdb'), device('/dev/sdc')] },
        { node: node('10.5.0.2', 2), devices: [device('/dev/sdb')] },
      ],
    },
  ],
};

/** A cluster whose only node reuses a stored node's storage hostname: the add fails, the cluster goes. */
const DOOMED = { block: false, nodes: [{ node: node('10.5.0.9', 1, '10.5.0.1'), devices: [device('/dev/sdb')] }] };

describe('serve --topology (services/topology-load)', () => {
  let s: TestServer | null = null;
  afterEach(async () => {
    await s?.dispose();
    s = null;
  });

  it('creates what is missing at start-up, then finds everything on a second load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-topology-'));
    writeFileSync(join(dir, 'topology.json'), JSON.stringify(TOPOLOGY));
    s = await TestServer.start((c) => (c.topologyFile = join(dir, 'topology.json')), dir);
    const { store } = s.server.services;
    const clusters = store.clusters.list();
    expect(clusters).toHaveLength(1);
    expect(store.nodes.list().map((n) => n.manageHostnames[0]).sort()).toEqual(['10.5.0.1', '10.5.0.2']);
    expect(store.devices.list().map((d) => d.name).sort()).toEqual(['/dev/sdb', '/dev/sdb', '/dev/sdc']);

    const again = await loadTopology(s.server.services.ctx, s.server.services, { clusters: [...TOPOLOGY.clusters, DOOMED] });
    const clusterId = clusters[0]!.id;
    expect(again.lines.slice(0, 6)).toEqual([
      `\tFound node 10.5.0.1 on cluster ${clusterId}`,
      '\t\tFound device /dev/sdb',
      '\t\tFound device /dev/sdc',
      `\tFound node 10.5.0.2 on cluster ${clusterId}`,
      '\t\tFound device /dev/sdb',
      expect.stringMatching(/^Creating cluster \.\.\. ID: [0-9a-f]{32}$/),
    ]);
    expect(again.lines).toHaveLength(6);
    expect(again.errors).toHaveLength(1);
    expect(again.errors[0]).toMatch(/^Unable to create node 10\.5\.0\.9: /);
    expect(store.clusters.list()).toEqual(clusters);
    expect(store.devices.list()).toHaveLength(3);
  });

  it('reports each node and device it creates', async () => {
    s = await TestServer.start();
    const report = await loadTopology(s.server.services.ctx, s.server.services, TOPOLOGY);
    const nodes = s.server.services.store.nodes.list();
    const idOf = (host: string) => nodes.find((n) => n.manageHostnames[0] === host)!.id;
    expect(report).toEqual({
      lines: [
        `Creating cluster ... ID: ${nodes[0]!.clusterId}`,
        `\tCreating node 10.5.0.1 ... ID: ${idOf('10.5.0.1')}`,
        '\t\tAdding device /dev/sdb ... OK',
        '\t\tAdding device /dev/sdc ... OK',
        `\tCreating node 10.5.0.2 ... ID: ${idOf('10.5.0.2')}`,
        '\t\tAdding device /dev/sdb ... OK',
      ],
      errors: [],
    });
  });
});
