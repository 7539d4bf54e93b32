import { describe, expect, it } from 'vitest';
import { seededRng } from '../rng.js';
import { balancedRing, RingWalk, type RingSource } from './ring.js';

interface Layout extends RingSource {
  zone: number[];
}

function layout(zones: number, nodesPerZone: number, devicesPerNode: number): Layout {
  const node: number[] = [];
  const zone: number[] = [];
  for (let z = 0; z < zones; z++)
    for (let n = 0; n < nodesPerZone; n++)
      for (let d = 0; d < devicesPerNode; d++) {
        node.push(z * nodesPerZone + n);
        zone.push(z);
      }
  return { node: Int32Array.from(node), nodeCount: zones * nodesPerZone, zone, zoneOf: (i) => zone[i]! };
}

const all = (l: Layout): number[] => l.zone.map((_, i) => i);

describe('balancedRing', () => {
  it('holds every device exactly once', () => {
    const l = layout(3, 4, 5);
    const ring = balancedRing(l, null, seededRng(1));
    expect([...ring].sort((a, b) => a - b)).toEqual(all(l));
  });

  it('interleaves zones: neighbours differ in zone when zones are even', () => {
    const l = layout(3, 2, 4);
    const ring = [...balancedRing(l, null, seededRng(9))];
    for (let i = 1; i < ring.length; i++) expect(l.zone[ring[i]!]).not.toBe(l.zone[ring[i - 1]!]);
  });

  it('interleaves nodes within one zone', () => {
    const l = layout(1, 4, 3);
    const ring = [...balancedRing(l, null, seededRng(5))];
    for (let i = 1; i < ring.length; i++) expect(l.node[ring[i]!]).not.toBe(l.node[ring[i - 1]!]);
  });

  it('holds only the included devices', () => {
    const l = layout(2, 2, 2);
    const include = Uint8Array.from(all(l).map((i) => (i % 2 === 0 ? 1 : 0)));
    const ring = [...balancedRing(l, include, seededRng(2))];
    expect(ring.sort((a, b) => a - b)).toEqual([0, 2, 4, 6]);
  });

  it('is reproducible for a seed', () => {
    const l = layout(2, 3, 2);
    expect([...balancedRing(l, null, seededRng(3))]).toEqual([...balancedRing(l, null, seededRng(3))]);
  });

  it('is empty for no devices', () => {
    expect(balancedRing(layout(0, 0, 0), null, seededRng(1)).length).toBe(0);
  });
});

describe('RingWalk', () => {
  it('starts at the offset, wraps and stops after one lap', () => {
    const walk = new RingWalk(Int32Array.from([10, 11, 12, 13]), 2);
    const seen: number[] = [];
    for (let d = walk.next(); d >= 0; d = walk.next()) seen.push(d);
    expect(seen).toEqual([12, 13, 10, 11]);
    expect(walk.next()).toBe(-1);
  });
});
