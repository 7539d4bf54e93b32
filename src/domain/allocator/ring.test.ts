import { describe, expect, it } from 'vitest';
import { seededRng } from '../rng.js';
import { balancedRing, RingWalk, type RingMember } from './ring.js';

function members(zones: number, nodesPerZone: number, devicesPerNode: number): RingMember[] {
  const out: RingMember[] = [];
  for (let z = 0; z < zones; z++)
    for (let n = 0; n < nodesPerZone; n++)
      for (let d = 0; d < devicesPerNode; d++) out.push({ index: out.length, zone: z, node: z * nodesPerZone + n });
  return out;
}

describe('balancedRing', () => {
  it('holds every device exactly once', () => {
    const m = members(3, 4, 5);
    const ring = balancedRing(m, seededRng(1));
    expect([...ring].sort((a, b) => a - b)).toEqual(m.map((x) => x.index));
  });

  it('interleaves zones: neighbours differ in zone when zones are even', () => {
    const m = members(3, 2, 4);
    const ring = [...balancedRing(m, seededRng(9))];
    for (let i = 1; i < ring.length; i++) expect(m[ring[i]!]!.zone).not.toBe(m[ring[i - 1]!]!.zone);
  });

  it('interleaves nodes within one zone', () => {
    const m = members(1, 4, 3);
    const ring = [...balancedRing(m, seededRng(5))];
    for (let i = 1; i < ring.length; i++) expect(m[ring[i]!]!.node).not.toBe(m[ring[i - 1]!]!.node);
  });

  it('is reproducible for a seed', () => {
    const m = members(2, 3, 2);
    expect([...balancedRing(m, seededRng(3))]).toEqual([...balancedRing(m, seededRng(3))]);
  });

  it('is empty for no devices', () => {
    expect(balancedRing([], seededRng(1)).length).toBe(0);
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
