import { describe, expect, it } from 'vitest';
import { LatencyRecorder, median, percentile } from './stats.js';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('median', () => {
  it('takes the middle value or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('LatencyRecorder', () => {
  it('counts and ranks what it recorded', () => {
    const r = new LatencyRecorder();
    for (const ms of [5, 1, 9, 3]) r.record(ms);
    expect(r.count).toBe(4);
    expect(r.p(50)).toBe(3);
    expect(r.p(99)).toBe(9);
  });
});
