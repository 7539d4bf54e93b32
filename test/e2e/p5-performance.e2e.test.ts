import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePool, loadTestbed } from './helpers/testbed.js';
import { startHeketi, type ApiClient, type HeketiProcess } from './helpers/heketi-server.js';
import { deviceFree, leftoversOnNodes, loadCluster, unloadCluster, type ApiCluster, type VolumeInfo } from './helpers/api-cluster.js';

// Benchmark P5 on the real test bed. Figures go to the log as "P5: ..." lines (grep P5:); the
// assertions only check that every volume was made and removed, never a time.
const tb = loadTestbed();
const run = promisify(execFile);
const ROUNDS = 3;
const replica3 = { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } };
let heketi: HeketiProcess;
let api: ApiClient;
let cluster: ApiCluster | undefined;
const liveVolumes = new Set<string>();

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const seconds = (ms: number): string => (ms / 1000).toFixed(2);

/** Runs raw-create-floor.sh: the same command lines over ssh from a plain script; its round times. */
const rawFloor = async (mode: 'mux' | 'plain', rounds: number): Promise<number[]> => {
  const script = new URL('./testbed/raw-create-floor.sh', import.meta.url).pathname;
  const { stdout } = await run('bash', [script, String(rounds), mode], { env: { ...process.env, TB_ROOT: tb.root } });
  const times = [...stdout.matchAll(/round \d+: (\d+) ms/g)].map((m) => Number(m[1]));
  expect(times).toHaveLength(rounds);
  return times;
};

const createVolume = async (): Promise<VolumeInfo> => {
  const volume = (await api.async<VolumeInfo>('POST', '/volumes', replica3)) as VolumeInfo;
  liveVolumes.add(volume.id);
  return volume;
};

const deleteVolume = async (id: string): Promise<void> => {
  await api.async('DELETE', `/volumes/${id}`);
  liveVolumes.delete(id);
};

const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
  const t0 = performance.now();
  const result = await work();
  return { result, ms: performance.now() - t0 };
};

beforeAll(async () => {
  await ensurePool(tb);
});

afterAll(async () => {
  try {
    if (cluster) await unloadCluster(api, cluster, liveVolumes);
  } finally {
    await heketi?.stop();
    await ensurePool(tb);
  }
});

describe('P5: volume create on the test bed', () => {
  it('one replica-3 create through heketi-ts against the raw-command floor', async () => {
    // the floor first, while heketi-ts holds no device on the nodes
    const floor = await rawFloor('mux', ROUNDS);
    const plain = await rawFloor('plain', 1);
    // ten operations at once: Heketi's default limit of 8 would answer two of them 429 + Retry-After 5 s
    heketi = await startHeketi(tb, { maxInflightOperations: 10 });
    api = heketi.api;
    api.pollIntervalMs = 20;
    cluster = await loadCluster(api, tb.nodes);
    const freeBefore = await deviceFree(api, cluster);
    const ours: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const { result, ms } = await timed(createVolume);
      ours.push(ms);
      await deleteVolume(result.id);
    }
    const ratio = median(ours) / median(floor);
    console.log(
      `P5: one replica-3 create: heketi-ts ${seconds(median(ours))} s (API to result, median of ${ROUNDS}), ` +
        `raw-command floor ${seconds(median(floor))} s (kept ssh connections; ${seconds(plain[0] ?? NaN)} s with a new ssh per command), ` +
        `ratio ${ratio.toFixed(2)}x [heketi-ts ${ours.map(seconds).join(' ')}; floor ${floor.map(seconds).join(' ')}]`,
    );
    expect(await leftoversOnNodes(tb, tb.nodes)).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });

  it('10 replica-3 creates in parallel against 10 in series', async () => {
    if (!cluster) throw new Error('the previous test did not load the cluster');
    const freeBefore = await deviceFree(api, cluster);
    const parallel = await timed(() => Promise.all(Array.from({ length: 10 }, createVolume)));
    await Promise.all(parallel.result.map((volume) => deleteVolume(volume.id)));
    const series = await timed(async () => {
      const volumes: VolumeInfo[] = [];
      for (let i = 0; i < 10; i++) volumes.push(await createVolume());
      return volumes;
    });
    console.log(
      `P5: 10 replica-3 creates: parallel ${seconds(parallel.ms)} s, series ${seconds(series.ms)} s, ` +
        `speed-up ${(series.ms / parallel.ms).toFixed(2)}x`,
    );
    expect(new Set([...parallel.result, ...series.result].map((v) => v.name)).size).toBe(20);
    await Promise.all(series.result.map((volume) => deleteVolume(volume.id)));
    expect(await leftoversOnNodes(tb, tb.nodes)).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });
});
