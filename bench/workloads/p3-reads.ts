/**
 * P3: reads at 1,000, 10,000 and 50,000 volumes: GET /volumes/{id}, GET /volumes, and the
 * per-entity reads `heketi-cli topology info` makes (cluster, node and device info, 1:1:1).
 * Requests/s, p99 and the server's CPU time per request for every read, each server's RSS after
 * the reads; at 10,000 volumes the same reads again with a background CPU load on the servers'
 * cores (the contended variant); and the growth from 1,000 to 50,000 volumes, whose two levels
 * are measured round by round in alternation (measureLevels).
 *
 * Both servers start from the same synthetic `heketi db export` file, loaded with their own
 * offline import (see lib/heketi-export.ts for why not through the API).
 */
import { writeFileSync } from 'node:fs';
import { cpus as cpuList } from 'node:os';
import { join } from 'node:path';
import { coresIn, startBackgroundLoad } from '../lib/background-load.js';
import { availableSides, serverCpus, sidesForRound, type BenchContext, type Side } from '../lib/context.js';
import { generateExport, type GeneratedIds } from '../lib/heketi-export.js';
import { SignedClient } from '../lib/http.js';
import type { Results } from '../lib/report.js';
import { ADMIN_KEY, importDatabase, startServer, type BenchServer } from '../lib/servers.js';
import { READ_CONCURRENCY } from './hello.js';
import { readLoad } from './reads.js';

/** One database size: 10 devices per node, the volumes dealt to clusters of 100 nodes. */
export interface Level {
  key: string;
  volumes: number;
  nodes: number;
  clusters: number;
  /** Also measured under a background CPU load. */
  contended: boolean;
}

const DEVICES_PER_NODE = 10;

export const FULL_LEVELS: readonly Level[] = [
  { key: '1k', volumes: 1000, nodes: 100, clusters: 1, contended: false },
  { key: '10k', volumes: 10_000, nodes: 100, clusters: 1, contended: true },
  { key: '50k', volumes: 50_000, nodes: 1000, clusters: 10, contended: false },
];
export const QUICK_LEVELS: readonly Level[] = [{ key: '1k', volumes: 1000, nodes: 100, clusters: 1, contended: true }];

export interface ReadKind {
  key: string;
  label: string;
  path: (ids: GeneratedIds, i: number) => string;
}

const pick = <T>(xs: readonly T[], i: number): T => xs[(i * 7919) % xs.length]!;

/**
 * P3's warm-up before each measured read: a second of the read's own kind of paths (the recorded
 * ones come after). A server read last a minute ago, while the other servers were read, answered
 * its first half second or so far slower at every level (docs/benchmarks.md, "The reads' warm-up,
 * the other servers, and volume bodies from records").
 */
export const READ_WARM_UP = { warmUpMs: 1000, warmUpFromSequence: true } as const;

/** P3's three reads, in the order each round runs them. */
export const READS: readonly ReadKind[] = [
  { key: 'vol', label: 'GET /volumes/{id}', path: (ids, i) => `/volumes/${pick(ids.volumeIds, i)}` },
  { key: 'list', label: 'GET /volumes', path: () => '/volumes' },
  {
    key: 'topo',
    label: 'topology-info reads (cluster/node/device info, 1:1:1)',
    path: (ids, i) =>
      i % 3 === 0 ? `/clusters/${pick(ids.clusterIds, i)}` : i % 3 === 1 ? `/nodes/${pick(ids.nodeIds, i)}` : `/devices/${pick(ids.deviceIds, i)}`,
  },
];

const workloadOf = (level: Level, contended: boolean): string =>
  `P3 @${level.volumes}${level.nodes !== 100 ? ` (${level.nodes} nodes)` : ''}${contended ? ' contended' : ''}`;
const figureKey = (level: Level, contended: boolean, read: string, figure: string): string =>
  `p3-${level.key}${contended ? '-c' : ''}-${read}-${figure}`;

/** The issue's targets (docs/benchmarks.md, "What it must show"). */
function p99Target(level: Level, contended: boolean): string | undefined {
  if (contended) return '≤ 0.5× Heketi';
  if (level.key === '10k') return '≤ 0.1× Heketi';
  return undefined;
}

function rssTarget(level: Level): string | undefined {
  return { '1k': '≤ 1.5× Heketi', '10k': '≤ 1.0× Heketi', '50k': '≤ 300 MiB' }[level.key];
}

function defineLevel(ctx: BenchContext, level: Level, contended: boolean): void {
  const workload = workloadOf(level, contended);
  for (const r of READS) {
    ctx.results.define({ key: figureKey(level, contended, r.key, 'rps'), workload, label: `${r.label} requests/s`, unit: '1/s', better: 'higher' });
    const target = p99Target(level, contended);
    ctx.results.define({ key: figureKey(level, contended, r.key, 'p99'), workload, label: `${r.label} p99`, unit: 'ms', better: 'lower', ...(target ? { target } : {}) });
    ctx.results.define({ key: figureKey(level, contended, r.key, 'cpu'), workload, label: `${r.label} server CPU per request`, unit: 'µs', better: 'lower' });
  }
  if (!contended) {
    const target = rssTarget(level);
    ctx.results.define({ key: `p3-${level.key}-rss`, workload, label: 'server RSS after the reads', unit: 'MiB', better: 'lower', ...(target ? { target } : {}) });
  }
}

async function startSeeded(ctx: BenchContext, side: Side, level: Level, exportFile: string): Promise<BenchServer> {
  const name = `p3-${level.key}-${side}`;
  const start = performance.now();
  importDatabase(side, name, ctx.paths, exportFile);
  ctx.log(`${side}: imported ${level.volumes} volumes in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  const nodeArgs = side === 'heketi-ts' && ctx.options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.options.cpuProfDir}`] : [];
  return startServer(side, name, ctx.paths, { nodeArgs, cpus: serverCpus(ctx) });
}

/** One round of every read on every server; with `contended`, each under a background CPU load. */
async function readRound(
  ctx: BenchContext,
  level: Level,
  ids: GeneratedIds,
  servers: BenchServer[],
  round: number,
  contended: boolean,
  everyServer: readonly BenchServer[],
): Promise<void> {
  const durationMs = ctx.options.quick ? 1500 : 4000;
  const cpus = serverCpus(ctx);
  for (const r of READS) {
    for (const server of sidesForRound(round, servers)) {
      const side = server.kind as Side;
      const client = new SignedClient(server.url, 'admin', ADMIN_KEY);
      // Bounded: the busy processes end by themselves shortly after this measurement should.
      const load = contended ? startBackgroundLoad(cpus, coresIn(cpus, cpuList().length), durationMs + 10_000) : null;
      try {
        const bystanders = everyServer.filter((s) => s !== server);
        const bystanderCpuBefore = cpuOf(bystanders);
        const f = await readLoad(client, (i) => r.path(ids, i), { durationMs, concurrency: READ_CONCURRENCY, serverCpuMs: server.cpuMs, ...READ_WARM_UP });
        const bystanderCpuMs = cpuOf(bystanders) - bystanderCpuBefore;
        ctx.results.add(figureKey(level, contended, r.key, 'rps'), side, f.requestsPerSecond);
        ctx.results.add(figureKey(level, contended, r.key, 'p99'), side, f.p99Ms);
        ctx.results.add(figureKey(level, contended, r.key, 'cpu'), side, f.serverCpuUs);
        if (f.errors > 0) ctx.results.note(figureKey(level, contended, r.key, 'rps'), `${side}: ${f.errors} errors`);
        ctx.log(
          `P3@${level.volumes}${contended ? ' contended' : ''} round ${round + 1} ${r.key} ${side}: ${f.requestsPerSecond.toFixed(0)} req/s, ` +
            `p99 ${f.p99Ms.toFixed(2)} ms, ${f.serverCpuUs.toFixed(0)} µs CPU/request, ${f.errors} errors; the other servers ${bystanderCpuMs.toFixed(0)} ms CPU meanwhile`,
        );
      } finally {
        await load?.stop();
      }
    }
  }
}

/** CPU time the servers have used since they started, together (ms). */
const cpuOf = (servers: readonly BenchServer[]): number => servers.reduce((sum, s) => sum + s.cpuMs(), 0);

/** A level's database and its servers, seeded and listening. */
interface SeededLevel {
  level: Level;
  ids: GeneratedIds;
  servers: BenchServer[];
}

/**
 * Measures `group`'s levels together: every level's servers are started first, then each round
 * runs the levels one after the other, in the opposite order in the next round (as the sides are
 * alternated within a level), and a contended level its quiet and contended reads the same way.
 * The growth from 1,000 to 50,000 volumes and the contended/quiet ratios are ratios of figures
 * measured apart; measured minutes apart, they compared two states of the machine as much as two
 * database sizes or two loads (its speed moves by up to 2x within minutes: docs/benchmarks.md,
 * "Against the targets"). RSS is read once all of a level's reads are done.
 */
async function measureLevels(ctx: BenchContext, sides: readonly Side[], group: readonly Level[]): Promise<void> {
  const seeded: SeededLevel[] = [];
  try {
    for (const level of group) {
      const { document, ids } = generateExport({ nodes: level.nodes, devicesPerNode: DEVICES_PER_NODE, volumes: level.volumes, clusters: level.clusters });
      const exportFile = join(ctx.paths.workDir, `p3-${level.key}.export.json`);
      writeFileSync(exportFile, JSON.stringify(document));
      const entry: SeededLevel = { level, ids, servers: [] };
      seeded.push(entry);
      for (const side of sides) entry.servers.push(await startSeeded(ctx, side, level, exportFile));
    }
    for (let round = 0; round < ctx.options.rounds; round++) {
      for (const { level, ids, servers } of sidesForRound(round, seeded)) {
        const variants = level.contended ? sidesForRound(round, [false, true]) : [false];
        for (const contended of variants) await readRound(ctx, level, ids, servers, round, contended, seeded.flatMap((l) => l.servers));
      }
    }
    for (const { level, servers } of seeded) {
      for (const server of servers) ctx.results.add(`p3-${level.key}-rss`, server.kind as Side, server.rssMib());
    }
  } finally {
    for (const { servers } of seeded) for (const server of servers) await server.stop();
  }
}

/** p99 and RSS at the largest level over the smallest, per side. */
function reportGrowth(ctx: BenchContext, levels: readonly Level[], sides: readonly Side[]): void {
  const first = levels[0]!;
  const last = levels[levels.length - 1]!;
  if (first === last) return;
  const span = `${first.volumes.toLocaleString('en')} → ${last.volumes.toLocaleString('en')} volumes`;
  const growth = [
    { key: 'p3-growth-vol-p99', label: `GET /volumes/{id} p99 growth, ${span}`, of: (l: Level) => figureKey(l, false, 'vol', 'p99'), target: '≤ 1.5×' },
    { key: 'p3-growth-list-p99', label: `GET /volumes p99 growth, ${span}`, of: (l: Level) => figureKey(l, false, 'list', 'p99') },
    { key: 'p3-growth-topo-p99', label: `topology-info reads p99 growth, ${span}`, of: (l: Level) => figureKey(l, false, 'topo', 'p99') },
    { key: 'p3-growth-rss', label: `RSS growth, ${span}`, of: (l: Level) => `p3-${l.key}-rss` },
  ];
  for (const g of growth) {
    ctx.results.define({ key: g.key, workload: 'P3 growth', label: g.label, unit: '×', better: 'lower', ...(g.target ? { target: g.target } : {}) });
    for (const side of sides) {
      const from = ctx.results.value(g.of(first), side);
      const to = ctx.results.value(g.of(last), side);
      if (from !== null && to !== null && from > 0) ctx.results.add(g.key, side, to / from);
    }
  }
}

/** heketi-ts's figure over Heketi's, quiet and contended, and the contended one over the quiet. */
export interface RatioOfRatios {
  quiet: number;
  contended: number;
  ratio: number;
}

/**
 * `of(key)` turned into a ts/Heketi ratio under both loads, and the contended ratio over the quiet
 * one: above 1 when contention costs heketi-ts more than Heketi. `of` maps a figure (e.g. a p99)
 * to a lower-is-better quantity; null when a side lacks a figure or a ratio is not finite.
 */
export function ratioOfRatios(results: Pick<Results, 'value'>, quietKey: string, contendedKey: string, of: (x: number) => number = (x) => x): RatioOfRatios | null {
  const ratio = (key: string): number | null => {
    const ts = results.value(key, 'heketi-ts');
    const heketi = results.value(key, 'heketi');
    if (ts === null || heketi === null) return null;
    const r = of(ts) / of(heketi);
    return Number.isFinite(r) && r > 0 ? r : null;
  };
  const quiet = ratio(quietKey);
  const contended = ratio(contendedKey);
  return quiet === null || contended === null ? null : { quiet, contended, ratio: contended / quiet };
}

/**
 * A closed-loop read's mean latency from its throughput: with `concurrency` requests always in
 * flight, each takes concurrency / (requests per second) on average (Little's law).
 */
export const meanLatencyMs = (concurrency: number) => (requestsPerSecond: number): number => (concurrency * 1000) / requestsPerSecond;

/**
 * For every read: the contended heketi-ts/Heketi p99 ratio over the quiet one (the issue asks that
 * contention make no ratio more than 2× worse), and the same for the mean latency, which the
 * closed loop fixes by the throughput. The p99 adds how each server's slowest waits fall
 * (heketi-ts's stay close to its mean; Heketi's volume read stalls for up to seconds, quiet too:
 * docs/benchmarks.md, "The mean and the tail under contention"); the mean says what the
 * neighbour costs each server as a whole. One value each, in the heketi-ts column.
 */
function reportContention(ctx: BenchContext, level: Level): void {
  for (const r of READS) {
    // The p99 row keeps its key from before the mean's row, so earlier tables compare.
    const figures: { figure: 'p99' | 'rps'; keySuffix: string; label: string; target?: string; of?: (x: number) => number }[] = [
      { figure: 'p99', keySuffix: '', label: `${r.label} p99`, target: '≤ 2' },
      { figure: 'rps', keySuffix: '-rps', label: `${r.label} mean latency (${READ_CONCURRENCY} clients ÷ requests/s)`, of: meanLatencyMs(READ_CONCURRENCY) },
    ];
    for (const f of figures) {
      const found = ratioOfRatios(ctx.results, figureKey(level, false, r.key, f.figure), figureKey(level, true, r.key, f.figure), f.of);
      if (found === null) continue;
      const key = `p3-${level.key}-contention-${r.key}${f.keySuffix}`;
      ctx.results.define({
        key,
        workload: `P3 @${level.volumes} contention`,
        label: `${f.label}: contended ts/Heketi ÷ quiet ts/Heketi`,
        unit: '×',
        better: 'lower',
        ...(f.target ? { target: f.target } : {}),
      });
      ctx.results.add(key, 'heketi-ts', found.ratio);
      ctx.results.note(key, `quiet ${found.quiet.toFixed(3)}×, contended ${found.contended.toFixed(3)}×`);
    }
  }
}

export async function runP3(ctx: BenchContext, sides: readonly Side[] = availableSides(ctx)): Promise<void> {
  const levels = ctx.options.quick ? QUICK_LEVELS : FULL_LEVELS;
  for (const level of levels) {
    defineLevel(ctx, level, false);
    if (level.contended) defineLevel(ctx, level, true);
  }
  // The growth's two ends together, then the levels between them one by one.
  const ends = [...new Set([levels[0]!, levels[levels.length - 1]!])];
  await measureLevels(ctx, sides, ends);
  for (const level of levels) if (!ends.includes(level)) await measureLevels(ctx, sides, [level]);
  reportGrowth(ctx, levels, sides);
  for (const level of levels) if (level.contended) reportContention(ctx, level);
}
