import { describe, expect, it } from 'vitest';
import { heketiSource, parseArgs, parsePairs } from './args.js';

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

  it('tells a named doc from the default one and reads --record-heketi', () => {
    expect(parseArgs([], 'd.md')).toMatchObject({ docGiven: false, recordHeketi: false });
    expect(parseArgs(['--doc=x.md', '--record-heketi'], 'd.md')).toMatchObject({ docFile: 'x.md', docGiven: true, recordHeketi: true });
  });

  it('records only a whole run', () => {
    expect(() => parseArgs(['--record-heketi', '--only=P1'], 'd.md')).toThrow(/--record-heketi records every workload/);
  });

  it('rejects what it does not know', () => {
    expect(() => parseArgs(['--fast'], 'd.md')).toThrow(/unknown argument --fast/);
    expect(() => parseArgs(['--only=P9'], 'd.md')).toThrow(/unknown workload P9/);
    expect(() => parseArgs(['--rounds=0'], 'd.md')).toThrow(/unknown argument/);
    expect(() => parseArgs(['--record-heketi=yes'], 'd.md')).toThrow(/unknown argument/);
  });
});

describe('heketiSource', () => {
  it('takes --heketi first, then HEKETI_BIN, else says why Heketi is not run', () => {
    expect(heketiSource({ heketiBin: '/a/heketi' }, { HEKETI_BIN: '/b/heketi' })).toEqual({ bin: '/a/heketi' });
    expect(heketiSource({}, { HEKETI_BIN: '/b/heketi' })).toEqual({ bin: '/b/heketi' });
    expect(heketiSource({ heketiBin: null }, { HEKETI_BIN: '' })).toEqual({ skipped: 'no --heketi=PATH and HEKETI_BIN is not set' });
  });
});

describe('parsePairs', () => {
  it('reads k=v pairs, whole numbers as numbers and "=" kept in values', () => {
    expect(parsePairs('response_cache_mb=8,name=a=b,,db_cache_mb=2')).toEqual({ response_cache_mb: 8, name: 'a=b', db_cache_mb: 2 });
    expect(parsePairs('')).toEqual({});
  });
});
