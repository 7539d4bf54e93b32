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

  // One replay per setting; a setting may restore several differences (error_details: both texts).
  const settings = [...new Map(differences.filter((d) => d.restoredBy).map((d) => [JSON.stringify(d.restoredBy), d.restoredBy!])).values()];
  it.each(settings.map((s) => [JSON.stringify(s), s] as const))('%s: the setting restores Heketi\'s behaviour', async (_label, setting) => {
    const restored = differences.filter((d) => JSON.stringify(d.restoredBy) === JSON.stringify(setting)).map((d) => d.id);
    const scenario = corpus.find((s) => s.scenario === setting.scenario)!;
    const r = await replayScenario(scenario, {
      differences,
      notApplied: restored,
      patch: (c) => {
        if (setting.queueRetentionSeconds !== undefined) c.queueRetentionSeconds = setting.queueRetentionSeconds;
        if (setting.retryAfterSeconds !== undefined) c.retryAfterSeconds = setting.retryAfterSeconds;
        if (setting.errorDetails !== undefined) c.errorDetails = setting.errorDetails;
      },
    });
    results.push(r);
    report(r, `${scenario.scenario} with ${JSON.stringify(setting)}`);
    expect(r.differences.map((x) => `exchange ${x.n}: ${x.message}`)).toEqual([]);
    for (const id of restored) expect(r.documented[id]).toBeUndefined();
  }, 300_000);
});
