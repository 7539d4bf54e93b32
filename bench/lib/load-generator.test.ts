import { describe, expect, it } from 'vitest';
import { LOAD_GENERATOR_NODE_FLAGS, missingLoadGeneratorFlags } from './load-generator.js';

describe('missingLoadGeneratorFlags', () => {
  it('asks for the small young generation unless node was given a size for it', () => {
    expect(LOAD_GENERATOR_NODE_FLAGS).toEqual(['--max-semi-space-size=1']);
    expect(missingLoadGeneratorFlags([])).toEqual(['--max-semi-space-size=1']);
    expect(missingLoadGeneratorFlags(['--import', 'tsx', '--trace-gc'])).toEqual(['--max-semi-space-size=1']);
    expect(missingLoadGeneratorFlags(['--max-semi-space-size=1'])).toEqual([]);
    expect(missingLoadGeneratorFlags(['--max_semi_space_size=4', '--import', 'tsx'])).toEqual([]);
  });
});
