/**
 * One whole round on the kubebed for a heketi-ts process: topology loaded, a replica-3 volume
 * created, checked in gluster and deleted, the topology removed again, nothing left on the nodes.
 * The lookup-mode and connection tests run it with different settings; the speed test times it.
 */
import { expect } from 'vitest';
import { type VolumeInfo, leftoversOnNodes, pvCounts, unloadCluster } from '../../e2e/helpers/api-cluster.js';
import type { HeketiProcess } from '../../e2e/helpers/heketi-server.js';
import { onNode, type Testbed } from '../../e2e/helpers/testbed.js';
import { loadTopology, type TopologyNode } from './kube-suite.js';

export interface RoundTimes {
  load: number;
  creates: number[];
  deletes: number[];
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

/** Loads `nodes`, creates and deletes `rounds` replica-3 volumes one after another, unloads. */
export const volumeRound = async (tb: Testbed, heketi: HeketiProcess, nodes: TopologyNode[], rounds = 1): Promise<RoundTimes> => {
  const { api } = heketi;
  const hosts = nodes.map((n) => n.storage);
  let t0 = performance.now();
  const cluster = await loadTopology(api, nodes);
  const times: RoundTimes = { load: seconds(t0), creates: [], deletes: [] };
  const live = new Set<string>();
  try {
    for (let i = 0; i < rounds; i++) {
      t0 = performance.now();
      const volume = (await api.async<VolumeInfo>('POST', '/volumes', { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } })) as VolumeInfo;
      times.creates.push(seconds(t0));
      live.add(volume.id);
      const info = await onNode(tb, hosts[0] ?? '', `gluster --mode=script volume info ${volume.name}`);
      expect(info).toMatch(/Number of Bricks: 1 x 3 = 3/);
      t0 = performance.now();
      await api.async('DELETE', `/volumes/${volume.id}`);
      times.deletes.push(seconds(t0));
      live.delete(volume.id);
    }
    expect(await leftoversOnNodes(tb, hosts)).toEqual([]);
  } finally {
    await unloadCluster(api, cluster, live);
  }
  expect(await pvCounts(tb, hosts)).toEqual(hosts.map(() => '0'));
  return times;
};

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
