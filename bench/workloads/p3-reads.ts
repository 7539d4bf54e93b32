/**
 * P3: reads at 1,000 and 10,000 volumes on 100 nodes × 10 devices: GET /volumes/{id},
 * GET /volumes, and the per-entity reads `heketi-cli topology info` makes (cluster, node and device
 * info, 1:1:1). Requests/s and p99 per figure, and each server's RSS at the end.
 * Volumes are seeded through each server's REST API (replica 3, 1 GiB, high concurrency).
 */
import { sidesForRound, type BenchContext } from '../lib/context.js';
import { forEachConcurrent } from '../lib/pool.js';
import type { TopologyShape } from '../lib/topology.js';
import { createVolume, goClientRetry, replica3Request } from '../lib/volumes.js';
import { READ_CONCURRENCY } from './hello.js';
import { CLIENT_SECOND_MS, POLL_MS } from './p1-create.js';
import { volumeCapable, withPair, type Subject } from './pair.js';
import { readLoad } from './reads.js';

const READ_TOPOLOGY: TopologyShape = { nodes: 100, devicesPerNode: 10 };
const SEED_INFLIGHT = 32;

interface ReadKind {
  key: string;
  label: string;
  path: (s: Subject, volumeIds: readonly string[], i: number) => string;
}

const pick = <T>(xs: readonly T[], i: number): T => xs[(i * 7919) % xs.length]!;

const READS: ReadKind[] = [
  { key: 'vol', label: 'GET /volumes/{id}', path: (_s, ids, i) => `/volumes/${pick(ids, i)}` },
  { key: 'list', label: 'GET /volumes', path: () => '/volumes' },
  {
    key: 'topo',
    label: 'topology-info reads (cluster/node/device info, 1:1:1)',
    path: (s, _ids, i) =>
      i % 3 === 0
        ? `/clusters/${s.topology.clusterId}`
        : i % 3 === 1
          ? `/nodes/${pick(s.topology.nodeIds, i)}`
          : `/devices/${pick(s.topology.deviceIds, i)}`,
  },
];

async function seedVolumes(ctx: BenchContext, subject: Subject, target: number): Promise<string[]> {
  const start = performance.now();
  const have = (JSON.parse((await subject.client.expect(200, 'GET', '/volumes')).text) as { volumes: string[] }).volumes.length;
  const rules = goClientRetry(CLIENT_SECOND_MS);
  let failures = 0;
  await forEachConcurrent(target - have, SEED_INFLIGHT, async () => {
    const outcome = await createVolume(subject.client, replica3Request(), rules, POLL_MS);
    if (!outcome.ok) failures++;
  });
  const ids = (JSON.parse((await subject.client.expect(200, 'GET', '/volumes')).text) as { volumes: string[] }).volumes;
  const seconds = (performance.now() - start) / 1000;
  ctx.log(`${subject.side}: seeded ${ids.length - have} volumes (now ${ids.length}, ${failures} failed) in ${seconds.toFixed(1)} s`);
  if (ids.length < target) throw new Error(`${subject.side}: only ${ids.length} of ${target} volumes after seeding`);
  return ids;
}

function defineLevel(ctx: BenchContext, volumes: number): void {
  const level = volumes >= 10_000 ? '10k' : '1k';
  for (const r of READS) {
    ctx.results.define({ key: `p3-${level}-${r.key}-rps`, workload: `P3 @${volumes}`, label: `${r.label} requests/s`, unit: '1/s', better: 'higher' });
    ctx.results.define({
      key: `p3-${level}-${r.key}-p99`,
      workload: `P3 @${volumes}`,
      label: `${r.label} p99`,
      unit: 'ms',
      better: 'lower',
      ...(level === '10k' ? { target: '≤ 0.1× Heketi' } : {}),
    });
  }
}

async function measureLevel(ctx: BenchContext, pair: readonly Subject[], volumes: number): Promise<void> {
  defineLevel(ctx, volumes);
  const ids = new Map<Subject, string[]>();
  for (const s of pair) ids.set(s, await seedVolumes(ctx, s, volumes));
  const level = volumes >= 10_000 ? '10k' : '1k';
  const durationMs = ctx.options.quick ? 1500 : 4000;
  for (let round = 0; round < ctx.options.rounds; round++) {
    for (const r of READS) {
      for (const s of sidesForRound(round, pair)) {
        const f = await readLoad(s.client, (i) => r.path(s, ids.get(s)!, i), { durationMs, concurrency: READ_CONCURRENCY });
        ctx.results.add(`p3-${level}-${r.key}-rps`, s.side, f.requestsPerSecond);
        ctx.results.add(`p3-${level}-${r.key}-p99`, s.side, f.p99Ms);
        ctx.log(`P3@${volumes} round ${round + 1} ${r.key} ${s.side}: ${f.requestsPerSecond.toFixed(0)} req/s, p99 ${f.p99Ms.toFixed(2)} ms, ${f.errors} errors`);
      }
    }
  }
}

export async function runP3(ctx: BenchContext): Promise<void> {
  const levels = ctx.options.quick ? [1000] : [1000, 10_000];
  const top = levels[levels.length - 1]!;
  ctx.results.define({ key: 'p3-rss', workload: `P3 @${top}`, label: 'server RSS at the end', unit: 'MiB', better: 'lower', target: '≤ 200 MB' });
  await withPair(
    ctx,
    'p3',
    READ_TOPOLOGY,
    async (ts, heketi) => {
      const subjects = await volumeCapable(ctx, ['p3-rss'], [ts, heketi]);
      for (const volumes of levels) await measureLevel(ctx, subjects, volumes);
      for (const s of subjects) ctx.results.add('p3-rss', s.side, s.server.rssMib());
    },
    SEED_INFLIGHT,
  );
  if (ctx.options.quick) ctx.results.note('p3-rss', 'quick run: 1,000 volumes only');
}
