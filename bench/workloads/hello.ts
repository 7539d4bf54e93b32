/**
 * The HTTP ceiling: a bare Fastify `GET /hello` (heketi-ts column) against Heketi's own
 * `GET /hello` (Go net/http + negroni), with the same load generator and concurrency as P3.
 */
import { serverCpus, sidesForRound, type BenchContext } from '../lib/context.js';
import { SignedClient } from '../lib/http.js';
import { ADMIN_KEY, startServer, type BenchServer } from '../lib/servers.js';
import { readLoad } from './reads.js';

export const READ_CONCURRENCY = 16;

export async function runHello(ctx: BenchContext): Promise<void> {
  const { results } = ctx;
  results.define({ key: 'hello-rps', workload: 'ceiling', label: 'GET /hello requests/s (bare Fastify vs Heketi)', unit: '1/s', better: 'higher' });
  results.define({ key: 'hello-p99', workload: 'ceiling', label: 'GET /hello p99', unit: 'ms', better: 'lower' });
  const cpus = serverCpus(ctx);
  const servers = [await startServer('fastify-hello', 'hello-fastify', ctx.paths, { cpus })];
  try {
    if (ctx.paths.heketiBin !== null) servers.push(await startServer('heketi', 'hello-heketi', ctx.paths, { cpus }));
    const durationMs = ctx.options.quick ? 2000 : 5000;
    for (let round = 0; round < ctx.options.rounds; round++) {
      for (const server of sidesForRound<BenchServer>(round, servers)) {
        const client = new SignedClient(server.url, 'admin', ADMIN_KEY);
        const f = await readLoad(client, () => '/hello', { durationMs, concurrency: READ_CONCURRENCY });
        const side = server.kind === 'heketi' ? 'heketi' : 'heketi-ts';
        results.add('hello-rps', side, f.requestsPerSecond);
        results.add('hello-p99', side, f.p99Ms);
        ctx.log(`hello round ${round + 1} ${server.kind}: ${f.requestsPerSecond.toFixed(0)} req/s, p99 ${f.p99Ms.toFixed(2)} ms`);
      }
    }
  } finally {
    for (const server of servers) await server.stop();
  }
}
