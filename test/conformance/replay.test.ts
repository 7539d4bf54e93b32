/**
 * The conformance tier: every exchange recorded from real Heketi (corpus/*.json, recorded by
 * `npm run conformance:record`) replayed against a fresh heketi-ts. Needs nothing but heketi-ts.
 * A difference prints the request, Heketi's answer and heketi-ts's answer; documented
 * differences (differences.json, README "Differences from Heketi") are checked against what
 * heketi-ts answers instead, and where a setting restores Heketi's behaviour the scenario is
 * replayed again with it and must then match exactly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus, loadDifferences } from './lib/corpus.js';
import { replayScenario, type ReplayResult } from './lib/replay.js';

const corpus = loadCorpus();
const differences = loadDifferences();
const results: ReplayResult[] = [];

function report(r: ReplayResult, label = r.scenario): void {
  const documented = Object.entries(r.documented).map(([id, n]) => `${id} ${n}`).join(', ') || 'none';
  console.log(
    `conformance ${label}: ${r.replayed} exchanges replayed, ${r.identical} identical, documented differences: ${documented}, ` +
      `unexplained differences ${r.differences.length}`,
  );
  for (const d of r.differences) console.log(`DIFFERENCE ${label} exchange ${d.n}: ${d.message}`);
}

describe('conformance corpus replayed against heketi-ts', () => {
  afterAll(() => {
    const total = results.reduce((a, r) => a + r.replayed, 0);
    const unexplained = results.reduce((a, r) => a + r.differences.length, 0);
    const documented = results.reduce((a, r) => a + Object.values(r.documented).reduce((x, y) => x + y, 0), 0);
    console.log(`conformance total: ${results.length} replays, ${total} exchanges, ${documented} documented differences, ${unexplained} unexplained differences`);
  });

  it('has recorded scenarios', () => {
    expect(corpus.map((s) => s.scenario)).toEqual(expect.arrayContaining(['contract']));
  });

  it.each(corpus.map((s) => [s.scenario, s] as const))('%s: every exchange as Heketi answered it', async (_name, scenario) => {
    const r = await replayScenario(scenario, { differences });
    results.push(r);
    report(r);
    expect(r.differences.map((d) => `exchange ${d.n}: ${d.message}`)).toEqual([]);
    expect(r.replayed).toBe(scenario.exchanges.length);
  }, 300_000);

  const restorable = differences.filter((d) => d.restoredBy);
  it.each(restorable.map((d) => [d.id, d] as const))('%s: the setting that restores Heketi\'s behaviour does', async (_id, d) => {
    const scenario = corpus.find((s) => s.scenario === d.restoredBy!.scenario)!;
    const r = await replayScenario(scenario, {
      differences,
      notApplied: [d.id],
      patch: (c) => {
        if (d.restoredBy?.queueRetentionSeconds !== undefined) c.queueRetentionSeconds = d.restoredBy.queueRetentionSeconds;
      },
    });
    results.push(r);
    report(r, `${scenario.scenario} with ${JSON.stringify(d.restoredBy)}`);
    expect(r.differences.map((x) => `exchange ${x.n}: ${x.message}`)).toEqual([]);
    expect(r.documented[d.id]).toBeUndefined();
  }, 300_000);
});
