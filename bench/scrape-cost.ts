/**
 * What a `GET /metrics` scrape costs the server at scale: the CPU to recompute Heketi's gauges
 * from the database and write the exposition text after a change, and to answer with the text
 * kept while nothing changed, in process (no HTTP), over a database imported from the bench's
 * synthetic export. The event loop answers nothing else meanwhile.
 *   npx tsx bench/scrape-cost.ts [VOLUMES=50000] [NODES=1000] [CLUSTERS=NODES/100]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomIdGen } from '../src/domain/ids.js';
import { AppMetrics } from '../src/observability/metrics.js';
import { importHeketiExport, parseHeketiExport } from '../src/services/heketi-import.js';
import { openStore } from '../src/store/store.js';
import { generateExport } from './lib/heketi-export.js';
import { median } from './lib/stats.js';

const volumes = Number(process.argv[2] ?? 50_000);
const nodes = Number(process.argv[3] ?? 1000);
const clusters = Number(process.argv[4] ?? Math.max(1, Math.floor(nodes / 100)));
const dir = mkdtempSync(join(tmpdir(), 'heketi-scrape-cost-'));

try {
  const { document } = generateExport({ nodes, devicesPerNode: 10, volumes, clusters });
  const store = openStore(join(dir, 'heketi.db'));
  importHeketiExport(store, parseHeketiExport(JSON.stringify(document)), randomIdGen);
  store.setCacheMib(4); // as the server runs (db_cache_mb)
  const noCache = () => ({ entries: 0, bytes: 0, hits: 0, misses: 0 });
  const metrics = new AppMetrics({ store, inFlight: () => 0, waiting: () => 0, responseCache: noCache, volumeCache: noCache });
  // A row written before a scrape moves the change stamp, as any API write does: the gauges are
  // read and written again. Without it the scrape reuses the text kept at the last one.
  const touch = store.db.prepare('UPDATE clusters SET block = block WHERE id = (SELECT min(id) FROM clusters)');
  const cpuMs = async (changed: boolean): Promise<{ ms: number; bytes: number }> => {
    if (changed) touch.run();
    const start = process.cpuUsage();
    const bytes = (await metrics.scrape()).length;
    const used = process.cpuUsage(start);
    return { ms: (used.user + used.system) / 1000, bytes };
  };
  const afterChange: number[] = [];
  const unchanged: number[] = [];
  let bytes = 0;
  for (let round = 0; round < 7; round++) {
    const changed = await cpuMs(true);
    const same = await cpuMs(false);
    bytes = same.bytes;
    if (round >= 2) {
      afterChange.push(changed.ms);
      unchanged.push(same.ms);
    }
  }
  console.log(
    `GET /metrics at ${volumes} volumes, ${nodes} nodes × 10 devices in ${clusters} cluster(s), load average ${loadavg()[0]!.toFixed(1)}: ` +
      `${median(afterChange).toFixed(0)} ms CPU per scrape after a change, ${median(unchanged).toFixed(1)} ms with nothing changed ` +
      `(medians of 5 after 2 warm-up rounds), ${(bytes / 1024).toFixed(0)} KiB of text`,
  );
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
