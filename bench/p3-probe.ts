/**
 * One P3 read at one P3 level, repeated: what `npm run bench -- --only=P3` measures for that read
 * (same database, same 16 closed-loop clients, same request sequence, server on the first half of
 * the cores and this process on the rest), without the other levels and reads around it, so a
 * change can be tried in a minute. Each repetition prints requests/s, p50, p99, the server's
 * CPU per request and how busy this process (the load generator) kept its core: near 100 % the
 * client, not the server, sets the latencies; `--contended` runs with the bench's background load on the server's cores.
 *   npx tsx bench/p3-probe.ts LEVEL READ [--reps=3] [--seconds=4] [--contended] [--before=READ] [--node-flags="..."] [--config=k=v,...] [--log=FILE] [--distinct=N] [--idle=S] [--timeline] [--histogram] [--warm-ab] [--heketi=PATH] [--bare]
 * LEVEL: 1k, 10k or 50k; READ: vol, list, topo or hello (--bare: a bare Fastify's; --heketi=PATH: Heketi's). --node-flags come after the bench's own V8 flags;
 * --log=FILE keeps the server's output (e.g. with --node-flags=--trace-gc). --before=READ runs that
 * read (same load, printed too) before each repetition, as the bench's rounds run the reads one
 * after the other on one server: `--before=vol` puts the list after the volume reads whose
 * garbage it may pay for.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus as cpuList, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePairs } from './lib/args.js';
import { coresIn, startBackgroundLoad } from './lib/background-load.js';
import { pinThisProcess, planCpuLayout, tasksetAvailable } from './lib/cpu-layout.js';
import { generateExport } from './lib/heketi-export.js';
import { SignedClient } from './lib/http.js';
import { ADMIN_KEY, buildHeketiTs, HEKETI_TS_NODE_FLAGS, importDatabase, startServer, stopAllServers } from './lib/servers.js';
import { READ_CONCURRENCY } from './workloads/hello.js';
import { FULL_LEVELS, READ_WARM_UP, READS } from './workloads/p3-reads.js';
import { relaunchWithLoadGeneratorFlags } from './lib/load-generator.js';
import { readLoad } from './workloads/reads.js';

// As the bench: the load generator with a small young generation (bench/lib/load-generator.ts).
const relaunched = relaunchWithLoadGeneratorFlags();
if (relaunched !== null) process.exit(relaunched);

/** --timeline: where in a repetition the slow reads fall (over 5 ms, and the slowest, per 250 ms). */
class Timeline {
  private readonly slots: { slow: number; max: number }[] = [];
  readonly record = (atMs: number, latencyMs: number): void => {
    const slot = (this.slots[Math.floor(atMs / 250)] ??= { slow: 0, max: 0 });
    if (latencyMs > 5) slot.slow++;
    slot.max = Math.max(slot.max, latencyMs);
  };
  toString(): string {
    return Array.from(this.slots, (s) => (s ? `${s.slow}/${s.max.toFixed(0)}` : '-')).join(' ');
  }
}

/** --histogram: how many reads took 0–1 ms, 1–2 ms, … (20 ms and over in the last bucket). */
class Histogram {
  private readonly buckets: number[] = Array(21).fill(0);
  readonly record = (_atMs: number, latencyMs: number): void => void this.buckets[Math.min(20, Math.floor(latencyMs))]!++;
  toString(): string {
    return this.buckets.map((n, ms) => (n === 0 ? '' : `${ms}:${n}`)).filter(Boolean).join(' ');
  }
}

type CacheGauges = Record<'hits' | 'misses' | 'entries' | 'bytes', number>;

/** The response cache's and the volume records' gauges from /metrics (counts since the server started). */
async function caches(client: SignedClient): Promise<{ response: CacheGauges; volume: CacheGauges }> {
  const text = (await client.expect(200, 'GET', '/metrics')).text;
  const of = (cache: string): CacheGauges => {
    const gauge = (name: string): number => Number(new RegExp(`^heketi_ts_${cache}_cache_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    return { hits: gauge('hits_total'), misses: gauge('misses_total'), entries: gauge('entries'), bytes: gauge('bytes') };
  };
  return { response: of('response'), volume: of('volume') };
}

/** A cache's hit rate between two readings, what it holds at the second. */
function describeCache(before: CacheGauges, now: CacheGauges, what: string): string {
  const lookups = now.hits - before.hits + (now.misses - before.misses);
  return `${(((now.hits - before.hits) / Math.max(1, lookups)) * 100).toFixed(0)} % hits, ${now.entries} ${what}, ${(now.bytes / 2 ** 20).toFixed(1)} MiB kept`;
}

const flag = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const [levelKey, readKey] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const level = FULL_LEVELS.find((l) => l.key === levelKey);
/** READ `hello`: GET /hello, the cheapest answer a server has (with --bare: a bare Fastify's), to tell the server's own costs from the machine's. */
const HELLO = { key: 'hello', label: 'GET /hello', path: () => '/hello' } as const;
const read = readKey === HELLO.key ? HELLO : READS.find((r) => r.key === readKey);
const beforeKey = process.argv.find((a) => a.startsWith('--before='))?.slice('--before='.length);
const before = beforeKey === undefined ? undefined : READS.find((r) => r.key === beforeKey);
// A bare Fastify answers only /hello, and is no Heketi: the two would read errors, not figures.
const bareMisused = process.argv.includes('--bare') && (read !== HELLO || flag('heketi') !== undefined);
if (!level || !read || (beforeKey !== undefined && !before) || bareMisused) {
  console.error('usage: npx tsx bench/p3-probe.ts 1k|10k|50k vol|list|topo|hello [--reps=3] [--seconds=4] [--contended] [--before=READ] [--node-flags="..."] (--bare only with hello, not with --heketi)');
  process.exit(2);
}
const reps = Number(flag('reps') ?? 3);
const durationMs = Number(flag('seconds') ?? 4) * 1000;
const contended = process.argv.includes('--contended');
const nodeFlags = (flag('node-flags') ?? '').split(' ').filter(Boolean);
/** --config=k=v,k=v: top-level heketi.json keys for the server. */
const extraConfig = parsePairs(flag('config') ?? '');
/** --distinct=N: the reads go over the level's first N volumes only (at 50k, hits without the misses). */
const distinct = flag('distinct') === undefined ? undefined : Number(flag('distinct'));
/** --idle=S: the server idles S seconds before each repetition, as in the bench while the other servers are read. */
const idleMs = Number(flag('idle') ?? 0) * 1000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workDir = mkdtempSync(join(tmpdir(), 'heketi-p3-probe-'));
/** --heketi=PATH: the same read against that Heketi binary instead of heketi-ts (no node flags, no cache gauges). */
const heketiBin = flag('heketi') ?? null;
/** --bare (with READ hello): bench/hello-server.ts, a Fastify with nothing but GET /hello. */
const kind = heketiBin !== null ? 'heketi' : process.argv.includes('--bare') ? 'fastify-hello' : 'heketi-ts';
const paths = { root, heketiBin, workDir };

try {
  buildHeketiTs(root);
  const layout = planCpuLayout(cpuList().length, tasksetAvailable());
  if (layout !== null) pinThisProcess(layout.loadGenerator);
  const cpus = layout?.servers ?? null;
  const exportFile = join(workDir, 'export.json');
  // The document itself is let go once written: at 50,000 volumes, kept, it made this process's
  // collections (on the load generator's one core) long enough to show in the latencies.
  const allIds = (() => {
    const { document, ids } = generateExport({ nodes: level.nodes, devicesPerNode: 10, volumes: level.volumes, clusters: level.clusters });
    writeFileSync(exportFile, JSON.stringify(document));
    return ids;
  })();
  const ids = distinct === undefined ? allIds : { ...allIds, volumeIds: allIds.volumeIds.slice(0, distinct) };
  if (kind !== 'fastify-hello') importDatabase(kind, 'probe', paths, exportFile);
  const server = await startServer(kind, 'probe', paths, { nodeArgs: nodeFlags, config: extraConfig, cpus });
  console.log(
    `${read.label} at ${level.volumes} volumes${contended ? ', contended' : ''}, ${kind === 'heketi' ? heketiBin : kind === 'fastify-hello' ? 'bare Fastify' : `node ${[...HEKETI_TS_NODE_FLAGS, ...nodeFlags].join(' ')}`}, ` +
      `server on CPU ${cpus ?? 'any'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  );
  const client = new SignedClient(server.url, 'admin', ADMIN_KEY);
  const gauges = kind === 'heketi-ts' && read.key !== HELLO.key ? () => caches(client) : async () => null;
  let cacheBefore = await gauges();
  for (let rep = 0; rep < reps; rep++) {
    if (idleMs > 0) await new Promise((r) => setTimeout(r, idleMs));
    const load = contended ? startBackgroundLoad(cpus, coresIn(cpus, cpuList().length), (before ? 2 : 1) * durationMs + 10_000) : null;
    try {
      if (before) {
        const b = await readLoad(client, (i) => before.path(ids, i), { durationMs, concurrency: READ_CONCURRENCY, serverCpuMs: server.cpuMs, ...READ_WARM_UP });
        console.log(`  ${rep + 1} (${before.key} before): ${b.requestsPerSecond.toFixed(0)} req/s  p99 ${b.p99Ms.toFixed(2)} ms  ${b.serverCpuUs.toFixed(0)} µs CPU/request`);
      }
      const clientCpu = process.cpuUsage();
      const timeline = process.argv.includes('--timeline') ? new Timeline() : null;
      const histogram = process.argv.includes('--histogram') ? new Histogram() : null;
      // --warm-ab: the bench's warm-up (its own kind of paths, 1 s) and the old one (the first path, 300 ms) by turns.
      const oldWarmUp = process.argv.includes('--warm-ab') && rep % 2 === 1;
      const f = await readLoad(client, (i) => read.path(ids, i), {
        durationMs,
        concurrency: READ_CONCURRENCY,
        serverCpuMs: server.cpuMs,
        ...(oldWarmUp ? {} : READ_WARM_UP),
        ...(timeline || histogram ? { onLatency: (at: number, ms: number) => (timeline?.record(at, ms), histogram?.record(at, ms)) } : {}),
      });
      const clientUsed = process.cpuUsage(clientCpu);
      console.log(
        `  ${rep + 1}: ${f.requestsPerSecond.toFixed(0).padStart(5)} req/s  p50 ${f.p50Ms.toFixed(2).padStart(6)} ms  p99 ${f.p99Ms.toFixed(2).padStart(6)} ms  ` +
          `${f.serverCpuUs.toFixed(0).padStart(4)} µs CPU/request (load generator ${(((clientUsed.user + clientUsed.system) / 1000 / durationMs) * 100).toFixed(0)} % of its core)  ${f.errors} errors  RSS ${server.rssMib().toFixed(0)} MiB  load ${loadavg()[0]!.toFixed(1)}`,
      );
      if (histogram) console.log(`     reads per 1 ms of latency (ms:count): ${histogram}`);
      if (timeline) console.log(`     ${oldWarmUp ? 'old warm-up, ' : ''}timeline (reads over 5 ms/slowest ms, per 250 ms): ${timeline}`);
      const cache = await gauges();
      if (cache !== null && cacheBefore !== null) {
        console.log(`     response cache: ${describeCache(cacheBefore.response, cache.response, 'bodies')}`);
        if (read.key === 'vol') console.log(`     volume records: ${describeCache(cacheBefore.volume, cache.volume, 'records')}`);
      }
      cacheBefore = cache;
    } finally {
      await load?.stop();
    }
  }
  await server.stop();
  const log = flag('log');
  if (log !== undefined) copyFileSync(join(workDir, 'probe.log'), log);
} finally {
  await stopAllServers();
  rmSync(workDir, { recursive: true, force: true });
}
