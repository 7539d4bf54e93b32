import { describe, expect, it } from 'vitest';
import { randomRng, seededRng } from './rng.js';

describe('seededRng', () => {
  it('replays the same sequence for the same seed', () => {
    const a = seededRng(42);
    const b = seededRng(42);
    const seqA = Array.from({ length: 20 }, () => a.next());
    const seqB = Array.from({ length: 20 }, () => b.next());
    expect(seqA).toEqual(seqB);
  });

  it('differs between seeds', () => {
    expect(seededRng(1).next()).not.toBe(seededRng(2).next());
  });

  it('stays in [0,1) and int(n) in [0,n)', () => {
    const r = seededRng(7);
    for (let i = 0; i < 1000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const k = r.int(5);
      expect(Number.isInteger(k) && k >= 0 && k < 5).toBe(true);
    }
  });

  it('spreads int(n) over every value', () => {
    const r = seededRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(r.int(7));
    expect(seen.size).toBe(7);
  });

  it('answers 0 for int(0)', () => {
    expect(seededRng(1).int(0)).toBe(0);
    expect(randomRng().int(0)).toBe(0);
  });
});
