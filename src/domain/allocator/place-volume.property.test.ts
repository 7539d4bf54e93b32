import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EffectiveDurability } from '../entities.js';
import { durabilityStrategy } from '../durability/index.js';
import { seededRng } from '../rng.js';
import { spaceNeeded } from '../sizing.js';
import { GiB } from '../units.js';
import { placeVolume } from './place-volume.js';
import { disperse, distribute, replica, volumeRequest } from './test-clusters.js';
import type { CandidateDevice, VolumePlacement, VolumePlacementRequest } from './types.js';

const nodeArb = fc.record({
  zone: fc.integer({ min: 1, max: 3 }),
  freeGib: fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 3 }),
});

const clusterArb = fc.array(nodeArb, { minLength: 1, maxLength: 6 }).map((nodes) =>
  nodes.flatMap((node, n) =>
    node.freeGib.map(
      (free, d): CandidateDevice => ({
        id: `dev-${n}-${d}`,
        nodeId: `node-${n}`,
        zone: node.zone,
        freeKib: free * GiB,
        extentSizeKib: 4096,
        tags: {},
      }),
    ),
  ),
);

const durabilityArb = fc.constantFrom<EffectiveDurability>(
  distribute,
  replica(2),
  replica(3),
  replica(3, true),
  disperse(2, 1),
);

const requestArb = fc
  .record({
    sizeGib: fc.integer({ min: 1, max: 800 }),
    durability: durabilityArb,
    strict: fc.boolean(),
  })
  .map(({ sizeGib, durability, strict }) =>
    volumeRequest(sizeGib, durability, { zoneChecking: strict ? 'strict' : 'none' }),
  );

function checkInvariants(devices: CandidateDevice[], request: VolumePlacementRequest, p: VolumePlacement): void {
  const byId = new Map(devices.map((d) => [d.id, d]));
  const bricksInSet = durabilityStrategy(request.durability).bricksInSet;
  expect(p.bricks).toHaveLength(p.setCount * bricksInSet);
  const charged = new Map<string, number>();
  for (let s = 0; s < p.setCount; s++) {
    const set = p.bricks.filter((b) => b.setIndex === s);
    expect(set.map((b) => b.indexInSet)).toEqual([...Array(bricksInSet).keys()]);
    expect(new Set(set.map((b) => b.nodeId)).size).toBe(bricksInSet);
    if (request.zoneChecking === 'strict') {
      expect(new Set(set.map((b) => byId.get(b.deviceId)!.zone)).size).toBe(bricksInSet);
    }
  }
  for (const b of p.bricks) {
    const device = byId.get(b.deviceId)!;
    expect(device.nodeId).toBe(b.nodeId);
    const space = spaceNeeded(b.sizeKib, request.snapshotFactor, device.extentSizeKib);
    expect([b.tpSizeKib, b.poolMetadataSizeKib]).toEqual([space.tpSizeKib, space.poolMetadataSizeKib]);
    if (b.subType === 'normal') expect(b.sizeKib).toBe(p.brickSizeKib);
    charged.set(b.deviceId, (charged.get(b.deviceId) ?? 0) + space.totalKib);
  }
  for (const [id, total] of charged) expect(total).toBeLessThan(byId.get(id)!.freeKib);
}

/** Exact answer for distribute volumes: some set count's bricks fit the devices' capacity. */
function distributeLayoutExists(devices: CandidateDevice[], request: VolumePlacementRequest): boolean {
  const sizeKib = request.sizeGib * GiB;
  for (let sets = 1; sets <= request.limits.maxBricksPerVolume; sets++) {
    const brick = Math.ceil(sizeKib / sets);
    if (brick < request.limits.brickMinSizeKib) return false;
    if (brick > request.limits.brickMaxSizeKib) continue;
    const room = devices.reduce((sum, d) => {
      const total = spaceNeeded(brick, 1, d.extentSizeKib).totalKib;
      return sum + Math.floor((d.freeKib - 1) / total);
    }, 0);
    if (room >= sets) return true;
  }
  return false;
}

describe('placeVolume properties', () => {
  it('sets use distinct nodes (and zones when strict); no device is overdrawn', () => {
    fc.assert(
      fc.property(clusterArb, requestArb, fc.integer(), (devices, request, seed) => {
        const result = placeVolume(devices, request, seededRng(seed));
        if (result.ok) checkInvariants(devices, request, result.placement);
      }),
      { numRuns: 300 },
    );
  });

  it('the same seed gives the same layout', () => {
    fc.assert(
      fc.property(clusterArb, requestArb, fc.integer(), (devices, request, seed) => {
        expect(placeVolume(devices, request, seededRng(seed))).toEqual(placeVolume(devices, request, seededRng(seed)));
      }),
      { numRuns: 100 },
    );
  });

  it('never mutates the devices', () => {
    fc.assert(
      fc.property(clusterArb, requestArb, fc.integer(), (devices, request, seed) => {
        const before = structuredClone(devices);
        placeVolume(devices, request, seededRng(seed));
        expect(devices).toEqual(before);
      }),
      { numRuns: 50 },
    );
  });

  it('distribute: a layout is found exactly when one exists', () => {
    fc.assert(
      fc.property(clusterArb, fc.integer({ min: 1, max: 2500 }), fc.integer(), (devices, sizeGib, seed) => {
        const request = volumeRequest(sizeGib, distribute);
        const result = placeVolume(devices, request, seededRng(seed));
        expect(result.ok).toBe(distributeLayoutExists(devices, request));
      }),
      { numRuns: 300 },
    );
  });

  it('replica 3: finds k sets when only that non-power-of-two set count fits', () => {
    // Three nodes with k devices each, every device just large enough for one brick of size/k:
    // fewer sets need larger bricks that fit nowhere, more sets need more devices than exist.
    fc.assert(
      fc.property(
        fc.constantFrom(3, 5, 6, 7, 9, 10),
        fc.integer({ min: 20, max: 400 }),
        fc.integer(),
        (sets, sizeGib, seed) => {
          const brick = Math.ceil((sizeGib * GiB) / sets);
          const free = spaceNeeded(brick, 1, 4096).totalKib + 1;
          const devices: CandidateDevice[] = [0, 1, 2].flatMap((n) =>
            Array.from({ length: sets }, (_, d) => ({
              id: `dev-${n}-${d}`,
              nodeId: `node-${n}`,
              zone: 1,
              freeKib: free,
              extentSizeKib: 4096,
              tags: {},
            })),
          );
          const request = volumeRequest(sizeGib, replica(3));
          const result = placeVolume(devices, request, seededRng(seed));
          expect(result.ok).toBe(true);
          if (result.ok) {
            checkInvariants(devices, request, result.placement);
            expect(result.placement.setCount).toBe(sets);
            expect(result.placement.setCount * result.placement.brickSizeKib).toBeGreaterThanOrEqual(sizeGib * GiB);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
