/**
 * Where heketi-ts's resident memory goes: RSS at start and after reads, with /proc's split into
 * file-backed pages (the node binary and libraries, shared) and private dirty pages (V8 heap,
 * caches, malloc), and the server's own account of its V8 heap and response cache (/metrics).
 *
 *   npx tsx bench/rss-probe.ts [VOLUMES=10000] [--load[=ROUNDS]] [--node-flags="--max-semi-space-size=16"]
 *       [--config=response_cache_mb=4,db_cache_mb=2] [--env=MALLOC_ARENA_MAX=2] [--malloc-trim]
 *
 * Without --load: a fixed sequence of 3,200 reads (every P3 read kind, one client), which moves
 * little with the machine's load. With --load: P3's reads as the full bench drives them (ROUNDS,
 * default 3, of the volume, list and topology reads; 16 clients, 4 s each after P3's warm-up;
 * the server on the bench's server cores and this process on the load generator's), then the
 * ~4.5 s the bench spends on Heketi's reads before it reads heketi-ts's RSS.
 * --node-flags come after the bench's own V8 flags (servers.ts HEKETI_TS_NODE_FLAGS) and win;
 * --config adds top-level heketi.json keys; --env sets variables for the server only.
 * --malloc-trim: at the end, gdb makes the server call glibc's malloc_trim(0), which hands back
 * every free page malloc holds; the RSS it drops is memory freed but kept (fragmentation).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinThisProcess, planCpuLayout, tasksetAvailable } from './lib/cpu-layout.js';
import { generateExport, type GeneratedIds } from './lib/heketi-export.js';
import { SignedClient, sleep } from './lib/http.js';
import { ADMIN_KEY, buildHeketiTs, HEKETI_TS_NODE_FLAGS, importDatabase, startServer, stopAllServers, type BenchServer } from './lib/servers.js';
import { READ_CONCURRENCY } from './workloads/hello.js';
import { READ_WARM_UP, READS } from './workloads/p3-reads.js';
import { readLoad } from './workloads/reads.js';
import { relaunchWithLoadGeneratorFlags } from './lib/load-generator.js';
import { parsePairs } from './lib/args.js';

// As the bench: the load generator with a small young generation (bench/lib/load-generator.ts).
const relaunched = relaunchWithLoadGeneratorFlags();
if (relaunched !== null) process.exit(relaunched);

const flag = (name: string): string | undefined => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const flagValue = (name: string): string => flag(name)?.split('=').slice(1).join('=') ?? '';
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const volumes = Number(positional[0] ?? 10_000);
const nodeFlags = flagValue('node-flags').split(' ').filter(Boolean);
const extraConfig = parsePairs(flagValue('config'));
const serverEnv = Object.fromEntries(Object.entries(parsePairs(flagValue('env'))).map(([k, v]) => [k, String(v)]));
const loadRounds = flag('load') === undefined ? 0 : Number(flagValue('load') || 3);

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workDir = mkdtempSync(join(tmpdir(), 'heketi-rss-probe-'));
const paths = { root, heketiBin: null, workDir };
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/** RSS and its split, from /proc/PID/smaps_rollup and smaps (the brk heap is malloc's main arena). */
function procMemory(pid: number): string {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? NaN);
  const brkHeap = /\[heap\]\n(?:.*\n)*?Rss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps`, 'utf8'))?.[1];
  return (
    `RSS ${mib(kib('Rss') * 1024)} MiB (file-backed ${mib((kib('Shared_Clean') + kib('Private_Clean')) * 1024)}, ` +
    `private dirty ${mib(kib('Private_Dirty') * 1024)}, of it malloc brk heap ${mib(Number(brkHeap ?? NaN) * 1024)})`
  );
}

/** The server's own figures from /metrics: V8 heap by space, external memory, response cache, volume records. */
async function serverMemory(server: BenchServer): Promise<string> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const value = (name: string, label = ''): number => {
    const line = text.split('\n').find((l) => l.startsWith(name + (label ? `{${label}` : ' ')) || (label === '' && l.startsWith(`${name}{`)));
    return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  const spaces = ['new', 'old', 'code', 'map', 'large_object', 'code_large_object', 'new_large_object', 'read_only']
    .map((s) => `${s} ${mib(value('nodejs_heap_space_size_total_bytes', `space="${s}"`))}`)
    .join(', ');
  const cache = Number.isNaN(value('heketi_ts_response_cache_bytes'))
    ? ''
    : `; response cache ${mib(value('heketi_ts_response_cache_bytes'))} MiB in ${value('heketi_ts_response_cache_entries')} bodies, ` +
      `${value('heketi_ts_response_cache_hits_total')} hits, ${value('heketi_ts_response_cache_misses_total')} misses; ` +
      `volume records ${mib(value('heketi_ts_volume_cache_bytes'))} MiB in ${value('heketi_ts_volume_cache_entries')}`;
  return (
    `V8 heap ${mib(value('nodejs_heap_size_total_bytes'))} MiB committed, ${mib(value('nodejs_heap_size_used_bytes'))} used (${spaces}); ` +
    `external ${mib(value('nodejs_external_memory_bytes'))} MiB${cache}`
  );
}

async function report(label: string, server: BenchServer): Promise<void> {
  console.log(`  ${label.padEnd(18)} ${procMemory(server.pid)}`);
  console.log(`  ${''.padEnd(18)} ${await serverMemory(server)}`);
}

/** The fixed sequence: 3,200 reads, one client. */
async function fixedReads(client: SignedClient, ids: GeneratedIds): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    await client.expect(200, 'GET', `/volumes/${ids.volumeIds[(i * 7919) % ids.volumeIds.length]}`);
    if (i % 10 === 0) await client.expect(200, 'GET', '/volumes');
    if (i % 10 === 5) await client.expect(200, 'GET', `/clusters/${ids.clusterId}`);
    await client.expect(200, 'GET', `/nodes/${ids.nodeIds[i % ids.nodeIds.length]}`);
    await client.expect(200, 'GET', `/devices/${ids.deviceIds[(i * 31) % ids.deviceIds.length]}`);
  }
}

/** P3's quiet rounds, as the full bench runs them against heketi-ts. */
async function benchReads(client: SignedClient, ids: GeneratedIds, server: BenchServer): Promise<void> {
  for (let round = 0; round < loadRounds; round++) {
    const figures: string[] = [];
    for (const r of READS) {
      const f = await readLoad(client, (i) => r.path(ids, i), { durationMs: 4000, concurrency: READ_CONCURRENCY, serverCpuMs: server.cpuMs, ...READ_WARM_UP });
      figures.push(`${r.key} ${f.requestsPerSecond.toFixed(0)}/s p99 ${f.p99Ms.toFixed(1)} ms${f.errors ? ` (${f.errors} errors)` : ''}`);
    }
    console.log(`  round ${round + 1}: ${figures.join(', ')}; ${procMemory(server.pid)}`);
  }
  // The bench reads heketi-ts's RSS after Heketi's last read of the round (~4.3 s).
  await sleep(4500);
}

try {
  buildHeketiTs(root);
  const layout = loadRounds > 0 && tasksetAvailable() ? planCpuLayout(cpus().length, true) : null;
  if (layout !== null) pinThisProcess(layout.loadGenerator);
  const { document, ids } = generateExport({ nodes: 100, devicesPerNode: 10, volumes });
  const exportFile = join(workDir, 'export.json');
  writeFileSync(exportFile, JSON.stringify(document));
  importDatabase('heketi-ts', 'probe', paths, exportFile);
  const server = await startServer('heketi-ts', 'probe', paths, { nodeArgs: nodeFlags, config: extraConfig, env: serverEnv, cpus: layout?.servers ?? null });
  const how = [
    `node ${[...HEKETI_TS_NODE_FLAGS, ...nodeFlags].join(' ')} dist/main.js`,
    ...Object.entries(extraConfig).map(([k, v]) => `${k}=${v}`),
    ...Object.entries(serverEnv).map(([k, v]) => `${k}=${v}`),
  ].join(', ');
  const what = loadRounds > 0 ? `P3's reads, ${loadRounds} rounds, server on CPU ${layout?.servers ?? 'any'}` : 'fixed sequence of 3,200 reads';
  console.log(`heketi-ts (${how}) at ${volumes} volumes, ${what}, load average ${loadavg()[0]!.toFixed(1)}`);
  await report('at start:', server);
  const client = new SignedClient(server.url, 'admin', ADMIN_KEY);
  if (loadRounds > 0) await benchReads(client, ids, server);
  else await fixedReads(client, ids);
  await report('after the reads:', server);
  if (flag('malloc-trim') !== undefined) {
    const gdb = spawnSync('gdb', ['-p', String(server.pid), '-batch', '-ex', 'call (int)malloc_trim(0)'], { encoding: 'utf8' });
    if (gdb.status !== 0) throw new Error(`gdb failed: ${gdb.stderr}`);
    console.log(`  after malloc_trim:  ${procMemory(server.pid)}`);
  }
  console.log(`  load average now ${loadavg()[0]!.toFixed(1)}`);
  await server.stop();
} finally {
  await stopAllServers();
  rmSync(workDir, { recursive: true, force: true });
}
