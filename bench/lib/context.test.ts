import { describe, expect, it } from 'vitest';
import { availableSides, sidesForRound, type BenchContext } from './context.js';
import { Results } from './report.js';

const ctxWith = (heketiBin: string | null): BenchContext => ({
  options: { quick: true, rounds: 1, only: new Set(), docFile: null, docGiven: false, cpuProfDir: null, recordHeketi: false },
  paths: { root: '/r', heketiBin, workDir: '/w' },
  results: new Results(),
  log: () => undefined,
});

describe('sidesForRound', () => {
  it('alternates which side goes first', () => {
    expect(sidesForRound(0, ['ts', 'heketi'])).toEqual(['ts', 'heketi']);
    expect(sidesForRound(1, ['ts', 'heketi'])).toEqual(['heketi', 'ts']);
    expect(sidesForRound(2, ['ts', 'heketi'])).toEqual(['ts', 'heketi']);
  });

  it('does not reorder the caller’s list', () => {
    const sides = ['a', 'b'];
    sidesForRound(1, sides);
    expect(sides).toEqual(['a', 'b']);
  });
});

describe('availableSides', () => {
  it('compares with Heketi only when it was built', () => {
    expect(availableSides(ctxWith('/bin/heketi'))).toEqual(['heketi-ts', 'heketi']);
    expect(availableSides(ctxWith(null))).toEqual(['heketi-ts']);
  });
});
