import { describe, expect, it } from 'vitest';
import { growthExponent, microsPerPlacement } from './p4-allocator.js';

describe('growthExponent', () => {
  it('is 1 for linear, 2 for quadratic, 0.5 for square-root growth', () => {
    expect(growthExponent(100, 10, 10_000, 1000)).toBeCloseTo(1);
    expect(growthExponent(100, 1, 10_000, 10_000)).toBeCloseTo(2);
    expect(growthExponent(100, 5, 10_000, 50)).toBeCloseTo(0.5);
  });
});

describe('microsPerPlacement', () => {
  it('places replica-3 volumes and reports a positive time', () => {
    expect(microsPerPlacement(4, 2, 5)).toBeGreaterThan(0);
  });

  it('fails loudly when the cluster cannot hold a replica-3 volume', () => {
    expect(() => microsPerPlacement(2, 2, 1)).toThrow(/placement failed on 2x2/);
  });
});
