/**
 * P2: 64 clients each create one replica-3 volume at the same moment, with Heketi's Go client
 * 429 rules (6 retries; Retry-After + rand[0,10) s, or rand[10,30) s without it), the client's
 * second scaled down to CLIENT_SECOND_MS. Figures: volumes completed, failures, total time, 429s.
 */
import { sidesForRound, type BenchContext } from '../lib/context.js';
import { forEachConcurrent } from '../lib/pool.js';
import { createVolume, goClientRetry, replica3Request, type CreateOutcome } from '../lib/volumes.js';
import { volumeCapable, withSubjects, type Subject } from './pair.js';
import { CLIENT_SECOND_MS, CREATE_TOPOLOGY, POLL_MS } from './p1-create.js';

const CLIENTS = 64;

async function burst(subject: Subject): Promise<{ outcomes: CreateOutcome[]; seconds: number }> {
  const outcomes: CreateOutcome[] = [];
  const rules = goClientRetry(CLIENT_SECOND_MS);
  const start = performance.now();
  await forEachConcurrent(CLIENTS, CLIENTS, async () => {
    outcomes.push(await createVolume(subject.client, replica3Request(), rules, POLL_MS));
  });
  return { outcomes, seconds: (performance.now() - start) / 1000 };
}

export async function runP2(ctx: BenchContext): Promise<void> {
  const { results } = ctx;
  results.define({ key: 'p2-done', workload: 'P2', label: `${CLIENTS} clients, Go client 429 rules: volumes created`, unit: 'count', better: 'higher', target: `all ${CLIENTS}` });
  results.define({ key: 'p2-fail', workload: 'P2', label: 'failed creates', unit: 'count', better: 'lower', target: '0' });
  results.define({ key: 'p2-429', workload: 'P2', label: '429 answers', unit: 'count', better: 'lower' });
  results.define({ key: 'p2-time', workload: 'P2', label: 'total time', unit: 's', better: 'lower' });
  results.note('p2-time', `client back-off scaled: 1 client second = ${CLIENT_SECOND_MS} ms`);
  for (let round = 0; round < ctx.options.rounds; round++) {
    await withSubjects(ctx, `p2-r${round}`, CREATE_TOPOLOGY, async (all) => {
      const subjects = await volumeCapable(ctx, ['p2-done'], all);
      for (const subject of sidesForRound(round, subjects)) {
        const { outcomes, seconds } = await burst(subject);
        const done = outcomes.filter((o) => o.ok).length;
        const throttled = outcomes.reduce((n, o) => n + o.throttled, 0);
        results.add('p2-done', subject.side, done);
        results.add('p2-fail', subject.side, outcomes.length - done);
        results.add('p2-429', subject.side, throttled);
        results.add('p2-time', subject.side, seconds);
        const firstError = outcomes.find((o) => !o.ok)?.error;
        ctx.log(
          `P2 round ${round + 1} ${subject.side}: ${done}/${CLIENTS} created, ${throttled} × 429, ${seconds.toFixed(2)} s` +
            (firstError ? ` (first failure: ${firstError})` : ''),
        );
      }
    });
  }
}
