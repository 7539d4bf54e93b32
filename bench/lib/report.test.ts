import { describe, expect, it } from 'vitest';
import { formatNumber, markdownTable, Results, textTable } from './report.js';

describe('Results', () => {
  it('reduces rounds to medians and divides heketi-ts by Heketi', () => {
    const r = new Results();
    r.define({ key: 'p1', workload: 'P1', label: 'volumes/s', unit: '1/s', better: 'higher' });
    for (const v of [10, 30, 20]) r.add('p1', 'heketi-ts', v);
    for (const v of [4, 5]) r.add('p1', 'heketi', v);
    const [row] = r.rows();
    expect(row).toMatchObject({ ts: 20, heketi: 4.5, rounds: 3 });
    expect(row!.ratio).toBeCloseTo(20 / 4.5);
  });

  it('leaves the ratio empty when a side has no figure', () => {
    const r = new Results();
    r.define({ key: 'p4', workload: 'P4', label: 'µs/placement', unit: 'µs', better: 'lower' });
    r.add('p4', 'heketi-ts', 12);
    r.note('p4', 'allocator only');
    expect(r.rows()[0]).toMatchObject({ ts: 12, heketi: null, ratio: null, note: 'allocator only' });
  });

  it('rejects a figure that was never defined', () => {
    expect(() => new Results().add('nope', 'heketi', 1)).toThrow(/undefined figure/);
  });
});

describe('rendering', () => {
  const results = new Results();
  results.define({ key: 'a', workload: 'P3', label: 'GET /volumes | p99', unit: 'ms', better: 'lower', target: '≤ 1/10' });
  results.add('a', 'heketi-ts', 1.234);
  results.add('a', 'heketi', 12.5);

  it('formats three significant digits', () => {
    expect(formatNumber(1234.5)).toBe('1235');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(1.2345)).toBe('1.23');
    expect(formatNumber(0.01234)).toBe('0.012');
    expect(formatNumber(null)).toBe('—');
  });

  it('renders markdown with escaped pipes and the ratio', () => {
    const md = markdownTable(results.rows());
    expect(md.split('\n')).toHaveLength(3);
    expect(md).toContain('GET /volumes \\| p99');
    expect(md).toContain('| 1.23 | 12.5 | 0.099× |');
  });

  it('pads the text table into columns', () => {
    const lines = textTable(results.rows()).split('\n');
    expect(lines[0]!.indexOf('heketi-ts')).toBe(lines[1]!.indexOf('1.23'));
  });
});
