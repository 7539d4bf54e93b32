import { describe, expect, it } from 'vitest';
import { forEachConcurrent, runFor } from './pool.js';

describe('forEachConcurrent', () => {
  it('visits every index once and never exceeds the concurrency', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let most = 0;
    await forEachConcurrent(25, 4, async (i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      seen.push(i);
      inFlight--;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(most).toBe(4);
  });

  it('does nothing for a count of zero', async () => {
    let calls = 0;
    await forEachConcurrent(0, 3, async () => void calls++);
    expect(calls).toBe(0);
  });
});

describe('runFor', () => {
  it('keeps every worker busy until the time is up', async () => {
    const perWorker = [0, 0];
    const at: number[] = [];
    const elapsed = await runFor(30, 2, async (w, atMs) => {
      perWorker[w]!++;
      at.push(atMs);
      await new Promise((r) => setTimeout(r, 1));
    });
    expect(elapsed).toBeGreaterThanOrEqual(30);
    expect(perWorker.every((n) => n > 0)).toBe(true);
    // Every call is told when its loop found time left: from 0, never at or past the duration.
    expect(Math.min(...at)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...at)).toBeLessThan(30);
  });
});
