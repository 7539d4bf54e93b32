/**
 * 64 clients against one cluster for a fixed time: volume creates of random size and durability
 * until the cluster is full, deletes and expands in between. Heketi's answers to a full cluster
 * (500 No space, or for an expansion 'Out of space' / 'Maximum number of bricks reached') and to too many operations (429 + Retry-After) are counted, never failures;
 * any other 5xx is.
 */
import { seededRng, type Rng } from '../../src/domain/rng.js';
import type { Tally } from './checks.js';
import { sleep, type ChaosServer, type Reply } from './server.js';

export interface LoadFigures {
  clients: number;
  seconds: number;
  creates: number;
  deletes: number;
  expands: number;
  noSpace: number;
  throttled: number;
  failedJobs: number;
  other5xx: string[];
  volumesAtEnd: number;
}

const DURABILITIES = [
  { type: 'none' },
  { type: 'replicate', replicate: { replica: 2 } },
  { type: 'replicate', replicate: { replica: 3 } },
  { type: 'disperse', disperse: { data: 2, redundancy: 1 } },
];

/** Creates a cluster of `nodes` nodes with `devices` devices each (mock devices of 500 GiB). */
export async function seedCluster(server: ChaosServer, nodes: number, devices: number): Promise<void> {
  const cluster = await server.request('POST', '/clusters', JSON.stringify({ file: true, block: true }));
  const clusterId = (JSON.parse(cluster.text) as { id: string }).id;
  for (let i = 1; i <= nodes; i++) {
    const host = `10.77.0.${i}`;
    const node = await server.follow(
      await server.request('POST', '/nodes', JSON.stringify({ zone: i, cluster: clusterId, hostnames: { manage: [host], storage: [host] } })),
    );
    const nodeId = node.headers.get('location')!.split('/').pop()!;
    for (let d = 0; d < devices; d++) {
      await server.follow(await server.request('POST', '/devices', JSON.stringify({ name: `/dev/sd${String.fromCharCode(98 + d)}`, node: nodeId })));
    }
  }
}

export async function load(server: ChaosServer, tally: Tally, clients: number, seconds: number, seed: number): Promise<LoadFigures> {
  const figures: LoadFigures = { clients, seconds, creates: 0, deletes: 0, expands: 0, noSpace: 0, throttled: 0, failedJobs: 0, other5xx: [], volumesAtEnd: 0 };
  const until = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, (_, i) => client(server, seededRng(seed + i), until, figures)));
  figures.volumesAtEnd = (JSON.parse((await server.request('GET', '/volumes')).text) as { volumes: string[] }).volumes.length;
  tally.check(`load: ${clients} clients for ${seconds} s, no unexpected 5xx`, figures.other5xx.length === 0, figures.other5xx.slice(0, 5).join(' | '));
  tally.check('load: the cluster filled up (No space reached)', figures.noSpace > 0);
  return figures;
}

async function client(server: ChaosServer, rng: Rng, until: number, figures: LoadFigures): Promise<void> {
  const mine: string[] = [];
  while (Date.now() < until) {
    const r = rng.next();
    if (r < 0.2 && mine.length > 0) {
      const id = mine.splice(rng.int(mine.length), 1)[0]!;
      if ((await run(server, 'DELETE', `/volumes/${id}`, undefined, figures)) === 204) figures.deletes++;
    } else if (r < 0.3 && mine.length > 0) {
      const id = mine[rng.int(mine.length)]!;
      if ((await run(server, 'POST', `/volumes/${id}/expand`, { expand_size: 1 + rng.int(20) }, figures)) === 303) figures.expands++;
    } else {
      const body = { size: 1 + rng.int(150), durability: DURABILITIES[rng.int(DURABILITIES.length)] };
      const location: string[] = [];
      if ((await run(server, 'POST', '/volumes', body, figures, location)) === 303) {
        figures.creates++;
        mine.push(location[0]!.split('/').pop()!);
      }
    }
  }
}

/** One request followed to its end; retries 429 after Retry-After. Returns the final status. */
async function run(server: ChaosServer, method: string, path: string, body: unknown, figures: LoadFigures, location: string[] = []): Promise<number> {
  for (;;) {
    const r = await server.request(method, path, body === undefined ? undefined : JSON.stringify(body));
    if (r.status === 429) {
      figures.throttled++;
      await sleep(Math.min(Number(r.headers.get('retry-after') ?? '1') * 1000, 200));
      continue;
    }
    const final: Reply = r.status === 202 ? await server.follow(r) : r;
    if (final.status === 303) location.push(final.headers.get('location')!);
    if (final.status >= 500) {
      if (/No space|Out of space|Maximum number of bricks reached/.test(final.text)) figures.noSpace++;
      else {
        if (r.status === 202) figures.failedJobs++;
        figures.other5xx.push(`${method} ${path} → ${final.status} ${final.text.trim()}`);
      }
    }
    return final.status;
  }
}
