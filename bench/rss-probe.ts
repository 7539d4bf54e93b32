/**
 * Where heketi-ts's resident memory goes: RSS at start and after a fixed sequence of reads (every
 * P3 read kind, one client), with /proc's split into file-backed pages (the node binary and
 * libraries, shared) and private dirty pages (V8 heap, caches, malloc). One client and a fixed
 * sequence, so the figures move little with the machine's load.
 *   npx tsx bench/rss-probe.ts [VOLUMES=10000] [--node-flags="--max-semi-space-size=16"]
 * --node-flags come after the bench's own V8 flags (servers.ts HEKETI_TS_NODE_FLAGS) and win.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateExport } from './lib/heketi-export.js';
import { SignedClient } from './lib/http.js';
import { ADMIN_KEY, buildHeketiTs, HEKETI_TS_NODE_FLAGS, importDatabase, startServer, stopAllServers } from './lib/servers.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const nodeFlags = (process.argv.find((a) => a.startsWith('--node-flags='))?.slice('--node-flags='.length) ?? '').split(' ').filter(Boolean);
const volumes = Number(positional[0] ?? 10_000);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workDir = mkdtempSync(join(tmpdir(), 'heketi-rss-probe-'));
const paths = { root, heketiBin: null, workDir };

/** RSS and its split, in MiB, from /proc/PID/smaps_rollup. */
function memory(pid: number): string {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? NaN);
  const mib = (field: string) => (kib(field) / 1024).toFixed(1);
  return `RSS ${mib('Rss')} MiB (file-backed ${((kib('Shared_Clean') + kib('Private_Clean')) / 1024).toFixed(1)}, private dirty ${mib('Private_Dirty')})`;
}

try {
  buildHeketiTs(root);
  const { document, ids } = generateExport({ nodes: 100, devicesPerNode: 10, volumes });
  const exportFile = join(workDir, 'export.json');
  writeFileSync(exportFile, JSON.stringify(document));
  importDatabase('heketi-ts', 'probe', paths, exportFile);
  const server = await startServer('heketi-ts', 'probe', paths, { nodeArgs: nodeFlags });
  console.log(`heketi-ts (node ${[...HEKETI_TS_NODE_FLAGS, ...nodeFlags].join(' ')} dist/main.js) at ${volumes} volumes, load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(`  at start:          ${memory(server.pid)}`);
  const client = new SignedClient(server.url, 'admin', ADMIN_KEY);
  for (let i = 0; i < 1000; i++) {
    await client.expect(200, 'GET', `/volumes/${ids.volumeIds[(i * 7919) % ids.volumeIds.length]}`);
    if (i % 10 === 0) await client.expect(200, 'GET', '/volumes');
    if (i % 10 === 5) await client.expect(200, 'GET', `/clusters/${ids.clusterId}`);
    await client.expect(200, 'GET', `/nodes/${ids.nodeIds[i % ids.nodeIds.length]}`);
    await client.expect(200, 'GET', `/devices/${ids.deviceIds[(i * 31) % ids.deviceIds.length]}`);
  }
  console.log(`  after 3,200 reads: ${memory(server.pid)}`);
  await server.stop();
} finally {
  await stopAllServers();
  rmSync(workDir, { recursive: true, force: true });
}
