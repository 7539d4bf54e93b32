import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';

describe('parseArgs', () => {
  it('defaults to a full run of every workload, three rounds, writing the doc', () => {
    const o = parseArgs([], 'docs/benchmarks.md');
    expect(o).toMatchObject({ quick: false, rounds: 3, docFile: 'docs/benchmarks.md', cpuProfDir: null });
    expect(o.only.size).toBe(0);
  });

  it('reads quick, rounds, only, doc and cpu-prof', () => {
    const o = parseArgs(['--quick', '--only=p1,P4', '--no-doc', '--cpu-prof=/tmp/prof'], 'd.md');
    expect(o).toMatchObject({ quick: true, rounds: 1, docFile: null, cpuProfDir: '/tmp/prof' });
    expect([...o.only]).toEqual(['P1', 'P4']);
    expect(parseArgs(['--rounds=5', '--doc=x.md'], 'd.md')).toMatchObject({ rounds: 5, docFile: 'x.md' });
    expect(parseArgs(['--heketi=/opt/heketi'], 'd.md').heketiBin).toBe('/opt/heketi');
  });

  it('rejects what it does not know', () => {
    expect(() => parseArgs(['--fast'], 'd.md')).toThrow(/unknown argument --fast/);
    expect(() => parseArgs(['--only=P9'], 'd.md')).toThrow(/unknown workload P9/);
    expect(() => parseArgs(['--rounds=0'], 'd.md')).toThrow(/unknown argument/);
  });
});
