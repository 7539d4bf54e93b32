/**
 * Server-side cost of the P3 reads, in process and without a network or a load generator:
 * heketi-ts's app over a database imported from the bench's synthetic export, each route called
 * through Fastify's inject(). Used to measure a performance change before and after on a busy
 * machine, where the HTTP figures are noisy.
 *   npx tsx bench/route-cost.ts [VOLUMES=10000]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../src/api/auth/token.js';
import { buildApp, buildServices } from '../src/app.js';
import { embeddedDefaultConfig } from '../src/config/load-config.js';
import { randomIdGen } from '../src/domain/ids.js';
import { seededRng } from '../src/domain/rng.js';
import { MockExecutor } from '../src/executor/mock-executor.js';
import { systemClock } from '../src/services/context.js';
import { importHeketiExport, parseHeketiExport } from '../src/services/heketi-import.js';
import { openStore } from '../src/store/store.js';
import { generateExport } from './lib/heketi-export.js';
import { median } from './lib/stats.js';

const volumes = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'heketi-route-cost-'));
const { document, ids } = generateExport({ nodes: 100, devicesPerNode: 10, volumes });
const config = structuredClone(embeddedDefaultConfig());
config.glusterfs.db = join(dir, 'heketi.db');
config.auth = { enabled: true, adminKey: 'k', userKey: 'u', iatLeewaySeconds: 120 };
const store = openStore(config.glusterfs.db);
writeFileSync(join(dir, 'export.json'), JSON.stringify(document));
await importHeketiExport(store, parseHeketiExport(JSON.stringify(document)), randomIdGen);
const noop = (): void => undefined;
const services = buildServices({
  config,
  store,
  executor: new MockExecutor(config.glusterfs.mockexec),
  ids: randomIdGen,
  clock: systemClock,
  rng: seededRng(1),
  log: { debug: noop, info: noop, warn: noop, error: noop },
});
const app = buildApp(services, { logger: false });
await app.ready();

async function cost(label: string, path: (i: number) => string, count: number): Promise<void> {
  const perRound: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const url = path(i + round * count);
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `bearer ${signToken({ issuer: 'admin', key: 'k', method: 'GET', path: url })}` } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    }
    perRound.push(((performance.now() - start) * 1000) / count);
  }
  console.log(`${label.padEnd(28)} ${median(perRound).toFixed(0).padStart(7)} µs/request (median of 5 rounds of ${count})`);
}

const pick = <T>(xs: readonly T[], i: number): T => xs[(i * 7919) % xs.length]!;
console.log(`heketi-ts route cost at ${volumes} volumes, 100 nodes × 10 devices`);
await cost('GET /hello', () => '/hello', 2000);
await cost('GET /volumes/{id}', (i) => `/volumes/${pick(ids.volumeIds, i)}`, 1000);
await cost('GET /volumes', () => '/volumes', 100);
await cost('GET /clusters/{id}', () => `/clusters/${ids.clusterId}`, 100);
await cost('GET /nodes/{id}', (i) => `/nodes/${pick(ids.nodeIds, i)}`, 300);
await cost('GET /devices/{id}', (i) => `/devices/${pick(ids.deviceIds, i)}`, 1000);
await app.close();
store.close();
rmSync(dir, { recursive: true, force: true });
