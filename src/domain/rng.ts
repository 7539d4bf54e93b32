/**
 * Randomness for placement. Heketi picks a random starting point on its device ring (and gets a
 * random zone/node order from Go's map iteration); heketi-ts injects the source so that tests and
 * benchmarks can replay a placement exactly.
 */

/** A source of uniformly distributed numbers. */
export interface Rng {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [0, n); 0 when n <= 0. */
  int(n: number): number;
}

const intFrom = (next: () => number) => (n: number): number => (n <= 0 ? 0 : Math.floor(next() * n));

/**
 * A small deterministic generator (mulberry32): 32 bits of state, good enough spread for picking
 * ring offsets and shuffling, and the same sequence for the same seed on every platform.
 */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: intFrom(next) };
}

/** Non-reproducible randomness for production placements. */
export function randomRng(): Rng {
  return { next: Math.random, int: intFrom(Math.random) };
}
