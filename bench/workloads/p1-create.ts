/**
 * P1: volume create → poll → done, replica 3, 1 GiB, 8 concurrent clients, closed loop for a fixed
 * time: volumes per second and p50/p99 latency (POST to the final GET /volumes/{id}).
 * The client keeps Heketi's Go client timings, all scaled by the same factor: one client second
 * is CLIENT_SECOND_MS, so the 400 ms queue poll becomes 20 ms and the 10–30 s 429 back-off
 * 0.5–1.5 s. Unscaled, the poll delay alone would set the latency of both servers.
 */
import { sidesForRound, type BenchContext } from '../lib/context.js';
import { runFor } from '../lib/pool.js';
import { sleep } from '../lib/http.js';
import { LatencyRecorder } from '../lib/stats.js';
import type { TopologyShape } from '../lib/topology.js';
import { createVolume, goClientRetry, replica3Request } from '../lib/volumes.js';
import { volumeCapable, withSubjects, type Subject } from './pair.js';

/** The bench's client second: Heketi's client timings × 1/20. */
export const CLIENT_SECOND_MS = 50;
/** Heketi's Go client polls /queue every 400 ms (POLL_DELAY); scaled like every client timing. */
export const POLL_MS = (400 * CLIENT_SECOND_MS) / 1000;
export const CREATE_TOPOLOGY: TopologyShape = { nodes: 12, devicesPerNode: 4 };
const CLIENTS = 8;

interface CreateRound {
  volumesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  firstError?: string;
}

async function createRound(subject: Subject, durationMs: number): Promise<CreateRound> {
  const latencies = new LatencyRecorder();
  let failures = 0;
  let firstError: string | undefined;
  const rules = goClientRetry(CLIENT_SECOND_MS);
  const elapsed = await runFor(durationMs, CLIENTS, async () => {
    const outcome = await createVolume(subject.client, replica3Request(), rules, POLL_MS);
    if (outcome.ok) latencies.record(outcome.latencyMs);
    else {
      failures++;
      firstError ??= outcome.error;
      // A failing server answers at once; pausing keeps the loop from flooding it (and the log).
      await sleep(POLL_MS);
    }
  });
  const figures = { volumesPerSecond: (latencies.count * 1000) / elapsed, p50Ms: latencies.p(50), p99Ms: latencies.p(99), failures };
  return firstError === undefined ? figures : { ...figures, firstError };
}

export async function runP1(ctx: BenchContext): Promise<void> {
  const { results } = ctx;
  results.define({ key: 'p1-vps', workload: 'P1', label: `volume create, ${CLIENTS} clients: volumes/s`, unit: '1/s', better: 'higher', target: '≥ 5× Heketi' });
  results.define({ key: 'p1-p50', workload: 'P1', label: 'create latency p50', unit: 'ms', better: 'lower' });
  results.define({ key: 'p1-p99', workload: 'P1', label: 'create latency p99', unit: 'ms', better: 'lower' });
  results.define({ key: 'p1-fail', workload: 'P1', label: 'failed creates', unit: 'count', better: 'lower' });
  const durationMs = ctx.options.quick ? 4000 : 10_000;
  // Fresh servers every round: Heketi's create slows down as volumes accumulate (about half the
  // rate once a few hundred exist), so a shared server would tie the figure to the round count.
  for (let round = 0; round < ctx.options.rounds; round++) {
    await withSubjects(ctx, `p1-r${round}`, CREATE_TOPOLOGY, async (all) => {
      const subjects = await volumeCapable(ctx, ['p1-vps'], all);
      for (const subject of sidesForRound(round, subjects)) {
        const r = await createRound(subject, durationMs);
        results.add('p1-vps', subject.side, r.volumesPerSecond);
        results.add('p1-p50', subject.side, r.p50Ms);
        results.add('p1-p99', subject.side, r.p99Ms);
        results.add('p1-fail', subject.side, r.failures);
        ctx.log(
          `P1 round ${round + 1} ${subject.side}: ${r.volumesPerSecond.toFixed(1)} vol/s, ` +
            `p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, ${r.failures} failed` +
            (r.firstError ? ` (first failure: ${r.firstError})` : ''),
        );
      }
    });
  }
}
