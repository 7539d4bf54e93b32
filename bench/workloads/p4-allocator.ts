/**
 * P4: the allocator alone, in this process: microseconds per replica-3 placement of a 1 GiB
 * volume over a snapshot of equal 500 GiB devices, and how that grows with the device count.
 * Heketi's allocator cannot be called on its own (it reads BoltDB inside the placement), so this
 * figure has no Heketi column.
 */
import { placeVolume } from '../../src/domain/allocator/place-volume.js';
import { cluster, replica, volumeRequest } from '../../src/domain/allocator/test-clusters.js';
import { seededRng } from '../../src/domain/rng.js';
import type { BenchContext } from '../lib/context.js';

interface Shape {
  key: string;
  nodes: number;
  devicesPerNode: number;
}

const SHAPES: Shape[] = [
  { key: 'p4-100', nodes: 10, devicesPerNode: 10 },
  { key: 'p4-1k', nodes: 100, devicesPerNode: 10 },
  { key: 'p4-10k', nodes: 1000, devicesPerNode: 10 },
  { key: 'p4-24k', nodes: 1000, devicesPerNode: 24 },
];

/** Mean microseconds per placement over `count` placements (after a warm-up). */
export function microsPerPlacement(nodes: number, devicesPerNode: number, count: number, seed = 1): number {
  const devices = cluster({ nodes, devicesPerNode, zones: 4 });
  const request = volumeRequest(1, replica(3));
  const rng = seededRng(seed);
  // Warm up for at least 50 placements and 150 ms, so the first shape is not measured cold.
  const warmUntil = performance.now() + 150;
  for (let i = 0; i < 50 || performance.now() < warmUntil; i++) placeVolume(devices, request, rng);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    if (!placeVolume(devices, request, rng).ok) throw new Error(`placement failed on ${nodes}x${devicesPerNode}`);
  }
  return ((performance.now() - start) * 1000) / count;
}

/** k in time ∝ size^k between two measurements: 1 is linear growth, below 1 slower than linear. */
export const growthExponent = (size1: number, time1: number, size2: number, time2: number): number =>
  Math.log(time2 / time1) / Math.log(size2 / size1);

export async function runP4(ctx: BenchContext): Promise<void> {
  const { results } = ctx;
  for (const s of SHAPES) {
    const devices = s.nodes * s.devicesPerNode;
    results.define({
      key: s.key,
      workload: 'P4',
      label: `replica-3 placement, ${s.nodes} nodes × ${s.devicesPerNode} devices (${devices})`,
      unit: 'µs',
      better: 'lower',
      ...(s.key === 'p4-24k' ? { target: '≤ 5000 µs' } : {}),
    });
    results.note(s.key, 'allocator only; Heketi has no standalone allocator');
  }
  const count = ctx.options.quick ? 100 : 400;
  for (let round = 0; round < ctx.options.rounds; round++) {
    for (const s of SHAPES) {
      const us = microsPerPlacement(s.nodes, s.devicesPerNode, count, round + 1);
      results.add(s.key, 'heketi-ts', us);
      ctx.log(`P4 round ${round + 1}: ${s.nodes}×${s.devicesPerNode}: ${us.toFixed(0)} µs/placement`);
    }
    await new Promise((r) => setImmediate(r));
  }
  const rows = results.rows();
  const at = (key: string): number => rows.find((r) => r.key === key)?.ts ?? NaN;
  results.define({
    key: 'p4-growth',
    workload: 'P4',
    label: 'growth exponent k, time ∝ devices^k from 100 to 10,000 devices',
    unit: 'k',
    better: 'lower',
    target: '≤ 1 (linear)',
  });
  results.add('p4-growth', 'heketi-ts', growthExponent(100, at('p4-100'), 10_000, at('p4-10k')));
  results.note('p4-growth', `per 10× devices: 100→1k ${(at('p4-1k') / at('p4-100')).toFixed(1)}×, 1k→10k ${(at('p4-10k') / at('p4-1k')).toFixed(1)}×`);
}
