import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTopologyFile } from './topology-file.js';

const node = (host: string, zone: unknown = 1, devices: unknown[] = ['/dev/sdb']) => ({
  node: { hostnames: { manage: [host], storage: [host] }, zone },
  devices,
});

describe('parseTopologyFile', () => {
  it('accepts topology.example.json', () => {
    const json = JSON.parse(readFileSync(new URL('../../topology.example.json', import.meta.url), 'utf8'));
    const result = parseTopologyFile(json);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.topology.clusters[0]!.nodes.map((n) => [n.node.zone, n.node.hostnames.manage[0]])).toEqual([
      [1, '192.168.10.100'],
      [2, '192.168.10.101'],
      [3, '192.168.10.102'],
    ]);
    expect(result.topology.clusters[0]!.nodes[0]!.devices.map((d) => d.name)).toEqual(['/dev/sdb', '/dev/sdc']);
  });

  it('accepts devices as strings or objects, with Go case-insensitive keys', () => {
    const result = parseTopologyFile({
      Clusters: [{ Block: false, Nodes: [{ Node: { Zone: 2, Hostnames: { Manage: ['h1'], Storage: ['10.0.0.1'] }, tags: { Rack: 'a' } }, Devices: ['/dev/sdb', { Name: '/dev/sdc', DestroyData: true, tags: { SSD: 'yes' } }] }] }],
    });
    expect(result).toEqual({
      ok: true,
      topology: {
        clusters: [
          {
            block: false,
            nodes: [
              {
                node: { zone: 2, hostnames: { manage: ['h1'], storage: ['10.0.0.1'] }, tags: { Rack: 'a' } },
                devices: [
                  { name: '/dev/sdb', destroydata: false },
                  { name: '/dev/sdc', destroydata: true, tags: { SSD: 'yes' } },
                ],
              },
            ],
          },
        ],
      },
    });
  });

  it('reports every problem in the file, not just the first', () => {
    const result = parseTopologyFile({
      clusters: [{ nodes: [node('h1', null), node('h2', 1, ['sdb', '/dev/ok', '/dev/ok']), node('h1')] }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'clusters[0].nodes[0].node.zone: zone is missing',
      'clusters[0].nodes[1].devices[0].name: malformed device name "sdb"',
      'clusters[0].nodes[1].devices: device /dev/ok is listed twice',
      'clusters[0].nodes[2].node.hostnames.manage: duplicate manage hostname h1 (also used by clusters[0].nodes[0])',
      'clusters[0].nodes[2].node.hostnames.storage: duplicate storage hostname h1 (also used by clusters[0].nodes[0])',
    ]);
  });

  it('finds duplicate hosts across clusters and rejects bad zones, hosts and tags', () => {
    const result = parseTopologyFile({
      clusters: [
        { nodes: [node('h1', 0)] },
        { nodes: [{ node: { zone: 1, hostnames: { manage: ['h1'], storage: [] }, tags: { 'bad tag': 'x' } }, devices: [] }] },
      ],
    });
    expect(result.ok ? [] : result.errors).toEqual([
      'clusters[0].nodes[0].node.zone: must be an integer of at least 1',
      'clusters[1].nodes[0].node.hostnames.storage: must be a non-empty list of host names',
      'clusters[1].nodes[0].node.tags: invalid characters in tag name bad tag',
      'clusters[1].nodes[0].node.hostnames.manage: duplicate manage hostname h1 (also used by clusters[0].nodes[0])',
    ]);
  });

  it('rejects a host name that is neither an IP address nor a DNS name', () => {
    const result = parseTopologyFile({ clusters: [{ nodes: [node('10.0.0.1'), node('$(touch /tmp/x)')] }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toContain('[$(touch /tmp/x)] is not a valid host name');
  });

  it('rejects a file without a clusters list', () => {
    expect(parseTopologyFile([])).toEqual({ ok: false, errors: ['topology: expected an object with a "clusters" list'] });
    expect(parseTopologyFile({ nodes: [] })).toEqual({ ok: false, errors: ['clusters: expected a list of clusters'] });
  });
});
