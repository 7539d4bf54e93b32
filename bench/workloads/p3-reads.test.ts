import { describe, expect, it } from 'vitest';
import { Results } from '../lib/report.js';
import { meanLatencyMs, ratioOfRatios } from './p3-reads.js';

/** A Results with one quiet and one contended figure per side. */
function figures(quiet: [number, number], contended: [number, number]): Results {
  const r = new Results();
  for (const key of ['q', 'c']) r.define({ key, workload: 'P3', label: key, unit: 'x', better: 'lower' });
  r.add('q', 'heketi-ts', quiet[0]);
  r.add('q', 'heketi', quiet[1]);
  r.add('c', 'heketi-ts', contended[0]);
  r.add('c', 'heketi', contended[1]);
  return r;
}

describe('ratioOfRatios', () => {
  it('divides the contended ts/Heketi ratio by the quiet one', () => {
    // The run of 2026-12-05 01:52, GET /volumes/{id} p99 at 10,000 volumes (ms).
    const found = ratioOfRatios(figures([3.1, 2062], [9.71, 735]), 'q', 'c');
    expect(found!.quiet).toBeCloseTo(3.1 / 2062, 6);
    expect(found!.contended).toBeCloseTo(9.71 / 735, 6);
    expect(found!.ratio).toBeCloseTo(9.71 / 735 / (3.1 / 2062), 6);
  });

  it('maps throughputs to mean latencies first, so losing more under contention reads above 1', () => {
    // heketi-ts keeps half its throughput, Heketi a quarter of its own: heketi-ts lost less.
    const found = ratioOfRatios(figures([1000, 100], [500, 25]), 'q', 'c', meanLatencyMs(16));
    expect(found!.quiet).toBeCloseTo(0.1, 9);
    expect(found!.contended).toBeCloseTo(0.05, 9);
    expect(found!.ratio).toBeCloseTo(0.5, 9);
  });

  it('is null when a side lacks a figure or a ratio cannot be formed', () => {
    const r = figures([1, 2], [3, 4]);
    r.define({ key: 'only-ts', workload: 'P3', label: 'x', unit: 'x', better: 'lower' });
    r.add('only-ts', 'heketi-ts', 1);
    expect(ratioOfRatios(r, 'q', 'only-ts')).toBeNull();
    expect(ratioOfRatios(figures([1, 0], [1, 1]), 'q', 'c')).toBeNull();
    expect(ratioOfRatios(figures([0, 1], [1, 1]), 'q', 'c')).toBeNull();
  });
});

describe('meanLatencyMs', () => {
  it('is the clients in flight over the throughput (Little\'s law)', () => {
    expect(meanLatencyMs(16)(10_000)).toBeCloseTo(1.6, 9);
    expect(meanLatencyMs(16)(322)).toBeCloseTo(49.69, 2);
  });
});
