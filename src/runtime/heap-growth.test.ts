import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from './heap-growth.js';

/**
 * Keeps ~12 MB of strings alive in a sliding window while allocating ~900 MB of garbage through
 * it, as the response cache does under reads, then prints the old space's committed size (MiB).
 */
const WORKLOAD = `
const v8 = require('node:v8');
const flag = process.argv[1];
if (flag) v8.setFlagsFromString(flag);
const kept = [];
let young = [];
for (let i = 0; i < 300000; i++) {
  const body = 'x'.repeat(3000) + i;
  if (i % 10 === 0) { kept.push(body); if (kept.length > 4000) kept.shift(); }
  young.push({ length: body.length, pair: [i, i + 1] });
  if (young.length > 50) young = [];
}
const old = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
process.stdout.write(String(old.space_size / 2 ** 20));
`;

function oldSpaceCommittedMib(flag: string): number {
  const run = spawnSync(process.execPath, ['--max-semi-space-size=2', '-e', WORKLOAD, flag], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return Number(run.stdout);
}

describe('heapGrowthFlag', () => {
  it('asks for the fixed growth unless node was given one', () => {
    expect(heapGrowthFlag([])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag(['--max-semi-space-size=2'])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag(['--heap-growing-percent=50'])).toBeNull();
    expect(heapGrowthFlag(['--heap_growing_percent=50'])).toBeNull();
    expect(heapGrowthFlag(['--heap-growing-percent-other'])).not.toBeNull();
  });

  it('set at run time, bounds the committed old space of a program that keeps part of what it allocates', () => {
    const withDefaults = oldSpaceCommittedMib('');
    const bounded = oldSpaceCommittedMib(heapGrowthFlag([])!);
    expect(bounded).toBeGreaterThan(0);
    // V8's own factor let this workload's old space grow to about twice the bounded one.
    expect(bounded).toBeLessThan(withDefaults * 0.75);
  }, 60_000);
});
