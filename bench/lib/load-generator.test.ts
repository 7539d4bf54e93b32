import { describe, expect, it } from 'vitest';
import { LOAD_GENERATOR_NODE_FLAGS, loadGeneratorFlagsInUse, missingLoadGeneratorFlags } from './load-generator.js';

describe('missingLoadGeneratorFlags', () => {
  it('asks for the small young generation unless node was given a size for it', () => {
    expect(LOAD_GENERATOR_NODE_FLAGS).toEqual(['--max-semi-space-size=1']);
    expect(missingLoadGeneratorFlags([])).toEqual(['--max-semi-space-size=1']);
    expect(missingLoadGeneratorFlags(['--import', 'tsx', '--trace-gc'])).toEqual(['--max-semi-space-size=1']);
    expect(missingLoadGeneratorFlags(['--max-semi-space-size=1'])).toEqual([]);
    expect(missingLoadGeneratorFlags(['--max_semi_space_size=4', '--import', 'tsx'])).toEqual([]);
  });

  it('names the settings in use for the header, and nothing else from the command line', () => {
    expect(loadGeneratorFlagsInUse(['--max-semi-space-size=1', '--max-old-space-size=512', '--import', 'tsx'])).toEqual(['--max-semi-space-size=1']);
    expect(loadGeneratorFlagsInUse(['--max_semi_space_size=4'])).toEqual(['--max_semi_space_size=4']);
    expect(loadGeneratorFlagsInUse([])).toEqual([]);
  });
});
