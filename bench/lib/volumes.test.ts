import { describe, expect, it } from 'vitest';
import { goClientRetry, retryDelayMs } from './volumes.js';

describe('retryDelayMs (Heketi Go client rules, scaled)', () => {
  const rules = goClientRetry(50);

  it('waits Retry-After plus up to 9 client seconds when the header is a number', () => {
    expect(retryDelayMs(rules, '5', () => 0)).toBe(5 * 50);
    expect(retryDelayMs(rules, '5', () => 0.999)).toBe(14 * 50);
  });

  it('waits 10 to 29 client seconds without Retry-After (or with a date)', () => {
    expect(retryDelayMs(rules, null, () => 0)).toBe(10 * 50);
    expect(retryDelayMs(rules, null, () => 0.999)).toBe(29 * 50);
    expect(retryDelayMs(rules, 'Wed, 21 Oct 2015 07:28:00 GMT', () => 0)).toBe(10 * 50);
  });

  it('is real seconds with a 1000 ms client second', () => {
    expect(retryDelayMs(goClientRetry(1000), null, () => 0.5)).toBe(20_000);
  });
});
