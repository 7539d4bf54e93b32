/**
 * A heketi-ts and a Heketi server side by side, both with the same topology seeded through their
 * REST APIs, for the workloads that compare them.
 */
import { availableSides, serverCpus, type BenchContext, type Side } from '../lib/context.js';
import { SignedClient } from '../lib/http.js';
import { ADMIN_KEY, startServer, type BenchServer } from '../lib/servers.js';
import { seedTopology, type SeededTopology, type TopologyShape } from '../lib/topology.js';

export interface Subject {
  side: Side;
  server: BenchServer;
  client: SignedClient;
  topology: SeededTopology;
}

export async function startSubject(ctx: BenchContext, side: Side, name: string, shape: TopologyShape, maxInflight = 8): Promise<Subject> {
  const nodeArgs = side === 'heketi-ts' && ctx.options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.options.cpuProfDir}`] : [];
  const server = await startServer(side, name, ctx.paths, { maxInflight, nodeArgs, cpus: serverCpus(ctx) });
  const client = new SignedClient(server.url, 'admin', ADMIN_KEY);
  const start = performance.now();
  const topology = await seedTopology(client, shape);
  ctx.log(`${side}: ${shape.nodes}×${shape.devicesPerNode} topology in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return { side, server, client, topology };
}

/** Starts heketi-ts and (when built) Heketi, runs `body`, and stops them whatever happens. */
export async function withSubjects(
  ctx: BenchContext,
  name: string,
  shape: TopologyShape,
  body: (subjects: Subject[]) => Promise<void>,
  maxInflight = 8,
): Promise<void> {
  const subjects: Subject[] = [];
  try {
    for (const side of availableSides(ctx)) {
      subjects.push(await startSubject(ctx, side, `${name}-${side}`, shape, maxInflight));
    }
    await body(subjects);
  } finally {
    for (const s of subjects) await s.server.stop();
  }
}

/**
 * Whether the server has POST /volumes yet (heketi-ts's volume routes were written alongside this
 * bench): an empty body gets a validation error from a server that has the route, 404/405 otherwise.
 */
export async function canCreateVolumes(subject: Subject): Promise<boolean> {
  const reply = await subject.client.request('POST', '/volumes', {});
  return reply.status !== 404 && reply.status !== 405;
}

/** The subjects that can create volumes; a figure for a side that cannot is noted as missing. */
export async function volumeCapable(ctx: BenchContext, figureKeys: readonly string[], subjects: readonly Subject[]): Promise<Subject[]> {
  const capable: Subject[] = [];
  for (const s of subjects) {
    if (await canCreateVolumes(s)) capable.push(s);
    else {
      ctx.log(`${s.side}: no POST /volumes yet; its volume figures are skipped`);
      for (const key of figureKeys) ctx.results.note(key, `${s.side} has no POST /volumes yet`);
    }
  }
  return capable;
}
