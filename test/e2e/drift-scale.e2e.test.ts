import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCluster, type VolumeInfo, leftoversOnNodes, loadCluster, pvCounts, unloadCluster } from './helpers/api-cluster.js';
import { type ApiClient, type HeketiProcess, startHeketi } from './helpers/heketi-server.js';
import { endBrickProcesses, ensurePool, loadTestbed } from './helpers/testbed.js';

// The drift report at scale on the test bed: all six nodes and 100 volumes made through heketi-ts.
// The time of the report is printed ("drift scale:" lines), never asserted; the assertions check
// that the report saw every node and volume and found no drift.
//
// The volumes are 1 GiB with one brick each (durability none): the report reads per node one LVM
// report, the mounts, the fstab and one `gluster volume info --xml` whatever the layout, and 100
// single-brick volumes keep what this file adds to the e2e tier to a few minutes (replica 3 would
// triple the bricks, the mkfs runs and the brick processes on the 2-core machine).
const tb = loadTestbed();
const VOLUMES = 100;
const PARALLEL = 10;
const REPORTS = 3;
let heketi: HeketiProcess | undefined;
let api: ApiClient;
let cluster: ApiCluster | undefined;
const liveVolumes = new Set<string>();

const seconds = (ms: number): string => (ms / 1000).toFixed(2);

/** Runs `work` for 0..count-1 with at most `width` at once (the server's in-flight limit). */
const pool = async <T>(count: number, width: number, work: (i: number) => Promise<T>): Promise<T[]> => {
  const results: T[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
};

interface DriftReport {
  findings: unknown[];
  notChecked: string[];
  nodes: number;
  volumes: number;
  elapsedMs: number;
}

beforeAll(async () => {
  await ensurePool(tb);
  heketi = await startHeketi(tb, { dist: true, maxInflightOperations: PARALLEL });
  api = heketi.api;
  api.pollIntervalMs = 50;
  cluster = await loadCluster(api, tb.allNodes);
  const t0 = Date.now();
  await pool(VOLUMES, PARALLEL, async () => {
    const volume = (await api.async<VolumeInfo>('POST', '/volumes', { size: 1, durability: { type: 'none' } })) as VolumeInfo;
    liveVolumes.add(volume.id);
  });
  console.log(`drift scale: ${VOLUMES} volumes created in ${seconds(Date.now() - t0)} s (${PARALLEL} at once)`);
}, 900_000);

afterAll(async () => {
  try {
    const t0 = Date.now();
    // Deletion is tested elsewhere; here it only clears the bed. With the brick processes ended
    // first, glusterd's `volume stop` has none to wait for (about 1 s each, one stop at a time).
    await endBrickProcesses(tb, tb.allNodes);
    const ids = [...liveVolumes];
    await pool(ids.length, PARALLEL, async (i) => {
      await api.async('DELETE', `/volumes/${ids[i]!}`).catch(() => undefined);
    });
    console.log(`drift scale: ${liveVolumes.size} volumes deleted in ${seconds(Date.now() - t0)} s (${PARALLEL} at once)`);
    if (cluster) await unloadCluster(api, cluster, []);
  } finally {
    await heketi?.stop();
    await ensurePool(tb);
  }
  expect(await leftoversOnNodes(tb, tb.allNodes)).toEqual([]);
  expect(await pvCounts(tb, tb.allNodes)).toEqual(tb.allNodes.map(() => '0'));
}, 900_000);

describe(`drift report for ${tb.allNodes.length} nodes and ${VOLUMES} volumes`, () => {
  it('sees every node and volume, finds no drift, and prints its time', async () => {
    expect(tb.allNodes).toHaveLength(6);
    expect(liveVolumes.size).toBe(VOLUMES);
    const times: string[] = [];
    for (let i = 0; i < REPORTS; i++) {
      const t0 = performance.now();
      const report = await api.json<DriftReport>('GET', '/internal/state/drift');
      const ms = performance.now() - t0;
      times.push(`${seconds(ms)} s (nodes read in ${seconds(report.elapsedMs)} s)`);
      expect(report).toMatchObject({ nodes: 6, volumes: VOLUMES, findings: [], notChecked: [] });
    }
    const t0 = performance.now();
    const examine = await api.json<{ clusters: { NodesData: { VolumeInfo: { Volumes: { VolumeList: unknown[] } } }[] }[] }>('GET', '/internal/state/examine/gluster');
    const examineMs = performance.now() - t0;
    expect(examine.clusters[0]!.NodesData).toHaveLength(6);
    for (const node of examine.clusters[0]!.NodesData) expect(node.VolumeInfo.Volumes.VolumeList).toHaveLength(VOLUMES);
    console.log(`drift scale: drift report for 6 nodes and ${VOLUMES} volumes (API request to answer): ${times.join(', ')}; examine gluster ${seconds(examineMs)} s`);
  });
});
