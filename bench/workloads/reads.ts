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

/** Warm-up requests are numbered from here, far from the recorded ones (which start at 0). */
export const WARM_UP_FIRST_INDEX = 1_000_000;

/** Runs `pathFor(i)` GETs (i counts requests) and expects `status` from each. */
export async function readLoad(
  client: SignedClient,
  pathFor: (i: number) => string,
  opts: {
    durationMs: number;
    concurrency: number;
    status?: number;
    serverCpuMs?: () => number;
    /** Unrecorded warm-up (ms): 300 unless given; `warmUpFromSequence` reads the load's own kind of paths during it. */
    warmUpMs?: number;
    warmUpFromSequence?: boolean;
    /** Each recorded request's start (ms since the recorded part began) and latency, for a timeline. */
    onLatency?: (atMs: number, latencyMs: number) => void;
  },
): Promise<ReadFigures> {
  // An unrecorded warm-up: connections opened, JIT warm on both ends. Over the load's own kind of
  // paths (far from the recorded ones) it runs the code the recorded requests will run: the first
  // path alone was, after a second request, a response-cache hit at every level.
  let warmed = 0;
  const warmPath = opts.warmUpFromSequence ? () => pathFor(WARM_UP_FIRST_INDEX + warmed++) : () => pathFor(0);
  // Every connection reads once first: on a loaded machine a loop could find the warm-up's time
  // already gone before its first read, and its connection's setup would land in the recorded part.
  await Promise.all(Array.from({ length: opts.concurrency }, () => client.read(warmPath())));
  await runFor(Math.min(opts.warmUpMs ?? 300, opts.durationMs / 4), opts.concurrency, () => client.read(warmPath()).then(() => undefined));
  const latencies = new LatencyRecorder();
  let issued = 0;
  let errors = 0;
  const cpuBefore = opts.serverCpuMs?.() ?? NaN;
  const elapsed = await runFor(opts.durationMs, opts.concurrency, async (_worker, atMs) => {
    const path = pathFor(issued++);
    const start = performance.now();
    try {
      const reply = await client.read(path);
      if (reply.status !== (opts.status ?? 200)) errors++;
    } catch {
      errors++;
    }
    const latency = performance.now() - start;
    latencies.record(latency);
    opts.onLatency?.(atMs, latency);
  });
  const serverCpuUs = ((opts.serverCpuMs?.() ?? NaN) - cpuBefore) * 1000 / latencies.count;
  client.closeReads();
  return { requestsPerSecond: (latencies.count * 1000) / elapsed, p50Ms: latencies.p(50), p99Ms: latencies.p(99), errors, serverCpuUs };
}
