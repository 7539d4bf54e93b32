/**
 * Server-side cost of the P3 reads: the server's own CPU time per request (user + system over all
 * its threads, from /proc), one request at a time from one client. On a busy machine a request's
 * wall time mostly measures the wait for a core; the CPU the server spends on it moves far less,
 * so this is the figure before/after comparisons in docs/benchmarks.md use.
 *
 * The server is started as the bench starts it, over a database imported from the bench's
 * synthetic export (100 nodes × 10 devices unless NODES is given, in clusters of 100 nodes unless
 * CLUSTERS is given, as P3 deals them).
 *   npx tsx bench/route-cost.ts [VOLUMES=10000] [NODES=100] [CLUSTERS=NODES/100] [--heketi=PATH]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateExport, type GeneratedIds } from './lib/heketi-export.js';
import { SignedClient } from './lib/http.js';
import { ADMIN_KEY, buildHeketiTs, importDatabase, startServer, stopAllServers, type BenchServer } from './lib/servers.js';
import { median } from './lib/stats.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const heketiBin = process.argv.find((a) => a.startsWith('--heketi='))?.slice('--heketi='.length) ?? null;
const volumes = Number(positional[0] ?? 10_000);
const nodes = Number(positional[1] ?? 100);
const clusters = Number(positional[2] ?? Math.max(1, Math.floor(nodes / 100)));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workDir = mkdtempSync(join(tmpdir(), 'heketi-route-cost-'));
const paths = { root, heketiBin, workDir };

const pick = <T>(xs: readonly T[], i: number): T => xs[(i * 7919) % xs.length]!;

const ROUTES: [string, (ids: GeneratedIds, i: number) => string, number][] = [
  ['GET /hello', () => '/hello', 2000],
  ['GET /volumes/{id}', (ids, i) => `/volumes/${pick(ids.volumeIds, i)}`, 1000],
  ['GET /volumes', () => '/volumes', 100],
  ['GET /clusters/{id}', (ids) => `/clusters/${ids.clusterId}`, 100],
  ['GET /nodes/{id}', (ids, i) => `/nodes/${pick(ids.nodeIds, i)}`, 300],
  ['GET /devices/{id}', (ids, i) => `/devices/${pick(ids.deviceIds, i)}`, 1000],
  // Heketi's gauges, one series per device and gauge; the database is unchanged between these
  // scrapes, so heketi-ts answers with the text kept at the first (bench/scrape-cost.ts times both).
  ['GET /metrics', () => '/metrics', 2],
];

/** Medians over 5 rounds of the server's CPU µs and the wall µs per request. */
async function cost(server: BenchServer, ids: GeneratedIds, route: (typeof ROUTES)[number]): Promise<string> {
  const [label, path, count] = route;
  const client = new SignedClient(server.url, 'admin', ADMIN_KEY);
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    const startCpu = server.cpuMs();
    for (let i = 0; i < count; i++) await client.expect(200, 'GET', path(ids, i + round * count));
    cpu.push(((server.cpuMs() - startCpu) * 1000) / count);
    wall.push(((performance.now() - start) * 1000) / count);
  }
  const fmt = (xs: number[]) => median(xs).toFixed(0).padStart(7);
  return `${label.padEnd(20)} ${fmt(cpu)} µs CPU ${fmt(wall)} µs wall per request (medians of 5 rounds of ${count})`;
}

try {
  buildHeketiTs(root);
  const { document, ids } = generateExport({ nodes, devicesPerNode: 10, volumes, clusters });
  const exportFile = join(workDir, 'export.json');
  writeFileSync(exportFile, JSON.stringify(document));
  const sides = heketiBin === null ? (['heketi-ts'] as const) : (['heketi-ts', 'heketi'] as const);
  for (const side of sides) {
    importDatabase(side, side, paths, exportFile);
    const server = await startServer(side, side, paths);
    console.log(`${side} at ${volumes} volumes, ${nodes} nodes × 10 devices in ${clusters} cluster(s), load average ${loadavg()[0]!.toFixed(1)}:`);
    for (const route of ROUTES) console.log(`  ${await cost(server, ids, route)}`);
    console.log(`  server RSS after the reads: ${server.rssMib().toFixed(0)} MiB`);
    await server.stop();
  }
} finally {
  await stopAllServers();
  rmSync(workDir, { recursive: true, force: true });
}
