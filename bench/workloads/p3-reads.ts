/**
 * P3: reads at 1,000 and 10,000 volumes on 100 nodes × 10 devices: GET /volumes/{id},
 * GET /volumes, and the per-entity reads `heketi-cli topology info` makes (cluster, node and device
 * info, 1:1:1). Requests/s and p99 per figure, and each server's RSS at the end.
 *
 * Both servers start from the same synthetic `heketi db export` file, loaded with their own
 * offline import (see lib/heketi-export.ts for why not through the API).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableSides, sidesForRound, type BenchContext, type Side } from '../lib/context.js';
import { generateExport, type GeneratedIds } from '../lib/heketi-export.js';
import { SignedClient } from '../lib/http.js';
import { ADMIN_KEY, importDatabase, startServer, type BenchServer } from '../lib/servers.js';
import { READ_CONCURRENCY } from './hello.js';
import { readLoad } from './reads.js';

const NODES = 100;
const DEVICES_PER_NODE = 10;

interface ReadKind {
  key: string;
  label: string;
  path: (ids: GeneratedIds, i: number) => string;
}

const pick = <T>(xs: readonly T[], i: number): T => xs[(i * 7919) % xs.length]!;

const READS: ReadKind[] = [
  { key: 'vol', label: 'GET /volumes/{id}', path: (ids, i) => `/volumes/${pick(ids.volumeIds, i)}` },
  { key: 'list', label: 'GET /volumes', path: () => '/volumes' },
  {
    key: 'topo',
    label: 'topology-info reads (cluster/node/device info, 1:1:1)',
    path: (ids, i) =>
      i % 3 === 0 ? `/clusters/${ids.clusterId}` : i % 3 === 1 ? `/nodes/${pick(ids.nodeIds, i)}` : `/devices/${pick(ids.deviceIds, i)}`,
  },
];

const levelKey = (volumes: number): string => (volumes >= 10_000 ? '10k' : '1k');

function defineLevel(ctx: BenchContext, volumes: number): void {
  const level = levelKey(volumes);
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
  ctx.results.define({
    key: `p3-${level}-rss`,
    workload: `P3 @${volumes}`,
    label: 'server RSS after the reads',
    unit: 'MiB',
    better: 'lower',
    ...(level === '10k' ? { target: '≤ 200 MB' } : {}),
  });
}

async function startSeeded(ctx: BenchContext, side: Side, volumes: number, exportFile: string): Promise<BenchServer> {
  const name = `p3-${volumes}-${side}`;
  const start = performance.now();
  importDatabase(side, name, ctx.paths, exportFile);
  ctx.log(`${side}: imported ${volumes} volumes in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return startServer(side, name, ctx.paths, { nodeArgs: side === 'heketi-ts' && ctx.options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.options.cpuProfDir}`] : [] });
}

async function measureLevel(ctx: BenchContext, sides: readonly Side[], volumes: number): Promise<void> {
  defineLevel(ctx, volumes);
  const { document, ids } = generateExport({ nodes: NODES, devicesPerNode: DEVICES_PER_NODE, volumes });
  const exportFile = join(ctx.paths.workDir, `p3-${volumes}.export.json`);
  writeFileSync(exportFile, JSON.stringify(document));
  const servers: BenchServer[] = [];
  try {
    for (const side of sides) servers.push(await startSeeded(ctx, side, volumes, exportFile));
    const durationMs = ctx.options.quick ? 1500 : 4000;
    const level = levelKey(volumes);
    for (let round = 0; round < ctx.options.rounds; round++) {
      for (const r of READS) {
        for (const server of sidesForRound(round, servers)) {
          const side = server.kind as Side;
          const client = new SignedClient(server.url, 'admin', ADMIN_KEY);
          const f = await readLoad(client, (i) => r.path(ids, i), { durationMs, concurrency: READ_CONCURRENCY });
          ctx.results.add(`p3-${level}-${r.key}-rps`, side, f.requestsPerSecond);
          ctx.results.add(`p3-${level}-${r.key}-p99`, side, f.p99Ms);
          if (f.errors > 0) ctx.results.note(`p3-${level}-${r.key}-rps`, `${side}: ${f.errors} errors`);
          ctx.log(`P3@${volumes} round ${round + 1} ${r.key} ${side}: ${f.requestsPerSecond.toFixed(0)} req/s, p99 ${f.p99Ms.toFixed(2)} ms, ${f.errors} errors`);
        }
      }
    }
    for (const server of servers) ctx.results.add(`p3-${level}-rss`, server.kind as Side, server.rssMib());
  } finally {
    for (const server of servers) await server.stop();
  }
}

export async function runP3(ctx: BenchContext, sides: readonly Side[] = availableSides(ctx)): Promise<void> {
  const levels = ctx.options.quick ? [1000] : [1000, 10_000];
  for (const volumes of levels) await measureLevel(ctx, sides, volumes);
}
