/** Closed-loop read load: `concurrency` loops issuing GETs for a fixed time (bodies counted, not decoded: SignedClient.read); requests/s and p99. */
import type { SignedClient } from '../lib/http.js';
import { runFor } from '../lib/pool.js';
import { LatencyRecorder } from '../lib/stats.js';

export interface ReadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** The server's CPU time per request (µs), when its CPU clock was given. */
  serverCpuUs: number;
}

/** Runs `pathFor(i)` GETs (i counts requests) and expects `status` from each. */
export async function readLoad(
  client: SignedClient,
  pathFor: (i: number) => string,
  opts: { durationMs: number; concurrency: number; status?: number; serverCpuMs?: () => number },
): Promise<ReadFigures> {
  // A short unrecorded warm-up: connections opened, JIT warm on both ends.
  await runFor(Math.min(300, opts.durationMs / 4), opts.concurrency, () => client.read(pathFor(0)).then(() => undefined));
  const latencies = new LatencyRecorder();
  let issued = 0;
  let errors = 0;
  const cpuBefore = opts.serverCpuMs?.() ?? NaN;
  const elapsed = await runFor(opts.durationMs, opts.concurrency, async () => {
    const path = pathFor(issued++);
    const start = performance.now();
    try {
      const reply = await client.read(path);
      if (reply.status !== (opts.status ?? 200)) errors++;
    } catch {
      errors++;
    }
    latencies.record(performance.now() - start);
  });
  const serverCpuUs = ((opts.serverCpuMs?.() ?? NaN) - cpuBefore) * 1000 / latencies.count;
  client.closeReads();
  return { requestsPerSecond: (latencies.count * 1000) / elapsed, p50Ms: latencies.p(50), p99Ms: latencies.p(99), errors, serverCpuUs };
}
