import { describe, expect, it } from 'vitest';
import { generateExport } from './heketi-export.js';

type Entry = Record<string, any>;

describe('generateExport', () => {
  const { document, ids } = generateExport({ nodes: 5, devicesPerNode: 2, volumes: 7 });
  const volumes = document.volumeentries as Record<string, Entry>;
  const bricks = document.brickentries as Record<string, Entry>;
  const devices = document.deviceentries as Record<string, Entry>;

  it('has every entry the ids name, with 32-hex ids', () => {
    expect(ids.nodeIds).toHaveLength(5);
    expect(ids.deviceIds).toHaveLength(10);
    expect(ids.volumeIds).toHaveLength(7);
    expect(Object.keys(bricks)).toHaveLength(21);
    for (const x of [ids.clusterId, ...ids.nodeIds, ...ids.deviceIds, ...ids.volumeIds]) expect(x).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(Object.keys(bricks)).size).toBe(21);
  });

  it('puts the three bricks of a volume on three nodes (three zones when nodes are a multiple of 4)', () => {
    const eight = generateExport({ nodes: 8, devicesPerNode: 1, volumes: 20 }).document;
    for (const doc of [document, eight]) {
      const nodes = doc.nodeentries as Record<string, Entry>;
      const docBricks = doc.brickentries as Record<string, Entry>;
      for (const v of Object.values(doc.volumeentries as Record<string, Entry>)) {
        const nodeIds = (v.Bricks as string[]).map((b) => docBricks[b]!.Info.node as string);
        expect(new Set(nodeIds).size).toBe(3);
        expect(v.Info.mount.glusterfs.hosts).toHaveLength(Object.keys(nodes).length);
        if (doc === eight) expect(new Set(nodeIds.map((n) => nodes[n]!.Info.zone)).size).toBe(3);
      }
    }
  });

  it('keeps device space and brick lists consistent', () => {
    for (const d of Object.values(devices)) {
      const { total, free, used } = d.Info.storage;
      expect(free + used).toBe(total);
      expect(used).toBe((d.Bricks as string[]).length * (1048576 + 8192));
      for (const b of d.Bricks as string[]) expect(bricks[b]!.Info.device).toBe(d.Info.id);
    }
  });

  it('is deterministic', () => {
    expect(generateExport({ nodes: 5, devicesPerNode: 2, volumes: 7 }).document).toEqual(document);
  });

  it('deals volumes to several clusters, each mounting through its own nodes only', () => {
    const { document: doc, ids: multi } = generateExport({ nodes: 12, devicesPerNode: 2, volumes: 9, clusters: 3 });
    expect(multi.clusterIds).toHaveLength(3);
    const nodes = doc.nodeentries as Record<string, Entry>;
    const docBricks = doc.brickentries as Record<string, Entry>;
    const clusters = doc.clusterentries as Record<string, Entry>;
    for (const [clusterId, cluster] of Object.entries(clusters)) {
      expect(cluster.Info.nodes).toHaveLength(4);
      expect(cluster.Info.volumes).toHaveLength(3);
      const hosts = new Set((cluster.Info.nodes as string[]).map((n) => nodes[n]!.Info.hostnames.storage[0]));
      for (const v of cluster.Info.volumes as string[]) {
        const volume = (doc.volumeentries as Record<string, Entry>)[v]!;
        expect(volume.Info.cluster).toBe(clusterId);
        expect(new Set(volume.Info.mount.glusterfs.hosts)).toEqual(hosts);
        for (const b of volume.Bricks as string[]) expect(nodes[docBricks[b]!.Info.node]!.Info.cluster).toBe(clusterId);
      }
    }
  });

  it('refuses fewer than three nodes', () => {
    expect(() => generateExport({ nodes: 2, devicesPerNode: 1, volumes: 1 })).toThrow(/3 nodes/);
  });
});
