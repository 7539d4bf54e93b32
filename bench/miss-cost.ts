/**
 * What a read costs when the response cache does not have it (the first read after any change):
 * the CPU time to build each body from the database, in process (no HTTP), over a database
 * imported from the bench's synthetic export. `route-cost.ts` measures whole requests; this
 * isolates the part a cache miss adds.
 *   npx tsx bench/miss-cost.ts [VOLUMES=10000] [NODES=100] [CLUSTERS=NODES/100]
 * Clusters of 100 nodes unless CLUSTERS is given, as P3 deals them (every volume info lists every
 * node of its cluster as a mount host).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BodyCache } from '../src/api/http/body-cache.js';
import { goJson } from '../src/api/http/go-json.js';
import { toDeviceInfo, toNodeInfo } from '../src/api/mappers/device.js';
import { toVolumeInfo } from '../src/api/mappers/volume.js';
import { VolumeInfoJson } from '../src/api/mappers/volume-info-json.js';
import { randomIdGen } from '../src/domain/ids.js';
import { importHeketiExport, parseHeketiExport } from '../src/services/heketi-import.js';
import { openStore } from '../src/store/store.js';
import { generateExport } from './lib/heketi-export.js';
import { median } from './lib/stats.js';

const volumes = Number(process.argv[2] ?? 10_000);
const nodes = Number(process.argv[3] ?? 100);
const clusters = Number(process.argv[4] ?? Math.max(1, Math.floor(nodes / 100)));
const dir = mkdtempSync(join(tmpdir(), 'heketi-miss-cost-'));
const pick = <T>(xs: readonly T[], i: number): T => xs[(i * 7919) % xs.length]!;

try {
  const { document, ids } = generateExport({ nodes, devicesPerNode: 10, volumes, clusters });
  const store = openStore(join(dir, 'heketi.db'));
  importHeketiExport(store, parseHeketiExport(JSON.stringify(document)), randomIdGen);
  store.setCacheMib(4); // as the server runs (db_cache_mb)
  const read = (id: string) => store.volumes.infoView(id)!;
  // Records off: every body from the database, as on a miss; on: the same 1,000 volumes each round.
  const fromDatabase = new VolumeInfoJson(store, 0);
  const fromRecords = new VolumeInfoJson(store, 64 * 2 ** 20);
  const noBodies = new BodyCache(() => store.changes.current(), 0);
  const bodies: [string, number, (i: number) => string][] = [
    // What GET /volumes/{id} runs when neither the response cache nor a record has it (one
    // statement, the change stamp read with the rows), and when a record has it (the stamp, then the record) ...
    ['volume info', 1000, (i) => fromDatabase.respond(pick(ids.volumeIds, i), noBodies, read).toString()],
    ['volume info, record', 1000, (i) => fromRecords.respond(pick(ids.volumeIds, i % 1000), noBodies, read).toString()],
    // ... and the object it is byte for byte the same as, through goJson
    ['volume info via goJson', 1000, (i) => goJson(toVolumeInfo(store, store.volumes.get(pick(ids.volumeIds, i))!))],
    ['node info', 100, (i) => goJson(toNodeInfo(store, store.nodes.get(pick(ids.nodeIds, i))!))],
    ['device info', 300, (i) => goJson(toDeviceInfo(store, store.devices.get(pick(ids.deviceIds, i))!))],
  ];
  console.log(`body built on a cache miss, ${volumes} volumes, ${nodes} nodes × 10 devices in ${clusters} cluster(s), load average ${loadavg()[0]!.toFixed(1)}:`);
  for (const [label, count, build] of bodies) {
    const perBody: number[] = [];
    for (let round = 0; round < 7; round++) {
      const start = process.cpuUsage();
      for (let i = 0; i < count; i++) build(i + round * count);
      const used = process.cpuUsage(start);
      if (round >= 2) perBody.push((used.user + used.system) / count);
    }
    console.log(`  ${label.padEnd(22)} ${median(perBody).toFixed(0).padStart(6)} µs CPU (median of 5 rounds of ${count}, after 2 warm-up rounds)`);
  }
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
