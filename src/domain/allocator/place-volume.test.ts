import { describe, expect, it } from 'vitest';
import type { Tags } from '../entities.js';
import { seededRng } from '../rng.js';
import { spaceNeeded } from '../sizing.js';
import { GiB, MiB } from '../units.js';
import { createFailureMessage } from './failures.js';
import { placeVolume } from './place-volume.js';
import { cluster, disperse, distribute, replica, volumeRequest } from './test-clusters.js';
import type { PlacementResult, PlannedBrick, VolumePlacement } from './types.js';

function placed(result: PlacementResult): VolumePlacement {
  if (!result.ok) throw new Error(`expected a placement, got ${result.error.kind}: ${result.error.detail}`);
  return result.placement;
}

function failed(result: PlacementResult) {
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

const bySet = (bricks: PlannedBrick[]): PlannedBrick[][] => {
  const sets: PlannedBrick[][] = [];
  for (const b of bricks) (sets[b.setIndex] ??= []).push(b);
  return sets;
};

describe('placeVolume: Heketi behaviours (engine §8)', () => {
  it('100 GiB replica 3 charges each device tp 104857600 + md 524288', () => {
    const p = placed(placeVolume(cluster({ nodes: 3, devicesPerNode: 1 }), volumeRequest(100, replica(3)), seededRng(1)));
    expect(p.setCount).toBe(1);
    expect(p.bricks).toHaveLength(3);
    for (const b of p.bricks) {
      expect(b).toMatchObject({ sizeKib: 100 * GiB, tpSizeKib: 104857600, poolMetadataSizeKib: 524288, subType: 'normal' });
    }
    expect(new Set(p.bricks.map((b) => b.nodeId)).size).toBe(3);
    expect(p.bricks.map((b) => b.indexInSet)).toEqual([0, 1, 2]);
  });

  it('2000 GiB replica 2 on 10×10×500 GiB gives 16 bricks of 250 GiB', () => {
    const p = placed(
      placeVolume(cluster({ nodes: 10, devicesPerNode: 10 }), volumeRequest(2000, replica(2)), seededRng(2)),
    );
    expect(p.setCount).toBe(8);
    expect(p.brickSizeKib).toBe(250 * GiB);
    expect(p.bricks).toHaveLength(16);
  });

  it('replica 3, 100 GiB with no device able to hold it: maximum number of bricks', () => {
    const devices = cluster({ nodes: 3, devicesPerNode: 2, freeKib: 10 * GiB });
    const error = failed(placeVolume(devices, volumeRequest(100, replica(3)), seededRng(3)));
    expect(error.kind).toBe('max-bricks');
    expect(error.message).toBe('Maximum number of bricks reached.');
    expect(createFailureMessage(error)).toBe('No space');
    expect(error.detail).toMatch(/16 sets of 3 bricks plus 0 existing exceed the limit of 32/);
    expect(error.detail).toMatch(/largest free space on a device is 10485760 KiB/);
  });

  it('a volume larger than all free space says so first, not only the brick limit it ran into', () => {
    const devices = cluster({ nodes: 3, devicesPerNode: 1, freeKib: 500 * GiB });
    const error = failed(placeVolume(devices, volumeRequest(1_000_000, distribute), seededRng(3)));
    expect(error.detail).toMatch(
      /^the volume needs at least 1000000 GiB on the devices and the eligible devices have 1500 GiB free in all; .*exceed the limit of 32 bricks/,
    );
    const replicated = failed(placeVolume(devices, volumeRequest(1000, replica(3)), seededRng(3)));
    expect(replicated.detail).toMatch(/^the volume needs at least 3000 GiB on the devices and the eligible devices have 1500 GiB/);
  });

  it('disperse 4+2, 100 GiB: one set of 6 bricks of 25 GiB', () => {
    const p = placed(placeVolume(cluster({ nodes: 6, devicesPerNode: 2 }), volumeRequest(100, disperse(4, 2)), seededRng(4)));
    expect(p.setCount).toBe(1);
    expect(p.bricks).toHaveLength(6);
    expect(p.bricks.every((b) => b.sizeKib === 25 * GiB)).toBe(true);
    expect(new Set(p.bricks.map((b) => b.nodeId)).size).toBe(6);
  });

  it('2 nodes with many devices cannot hold replica 3', () => {
    const error = failed(placeVolume(cluster({ nodes: 2, devicesPerNode: 8 }), volumeRequest(1, replica(3)), seededRng(5)));
    expect(error.kind).toBe('min-brick-size');
    expect(error.message).toBe('Minimum brick size limit reached.  Out of space.');
    expect(createFailureMessage(error)).toBe('No space');
    expect(error.detail).toMatch(/needs 3 distinct nodes, eligible devices are on 2/);
  });

  it('strict zones: 3 nodes in 2 zones cannot hold replica 3, but can without strict', () => {
    const devices = cluster({ nodes: 3, devicesPerNode: 2, zones: 2 });
    const strict = failed(placeVolume(devices, volumeRequest(10, replica(3), { zoneChecking: 'strict' }), seededRng(6)));
    expect(strict.detail).toMatch(/strict zone checking needs 3 distinct zones, eligible devices are in 2/);
    const p = placed(placeVolume(devices, volumeRequest(10, replica(3)), seededRng(6)));
    expect(p.bricks).toHaveLength(3);
  });

  it('strict zones spread a set over distinct zones', () => {
    const devices = cluster({ nodes: 6, devicesPerNode: 2, zones: 3 });
    for (let seed = 0; seed < 20; seed++) {
      const p = placed(placeVolume(devices, volumeRequest(100, replica(3), { zoneChecking: 'strict' }), seededRng(seed)));
      const zoneOf = new Map(devices.map((d) => [d.id, d.zone]));
      expect(new Set(p.bricks.map((b) => zoneOf.get(b.deviceId))).size).toBe(3);
    }
  });

  it('no devices means no online storage', () => {
    const error = failed(placeVolume([], volumeRequest(10, replica(3)), seededRng(7)));
    expect(error).toMatchObject({ kind: 'no-storage', message: 'No online storage devices in cluster' });
  });

  it('expansion counts existing bricks against the limit, unmapped', () => {
    const error = failed(
      placeVolume(cluster({ nodes: 3, devicesPerNode: 1 }), volumeRequest(10, replica(3), { existingBrickCount: 30 }), seededRng(8)),
    );
    expect(error.message).toBe('Maximum number of bricks reached.');
  });

  it('halves the brick when the large one does not fit (metadata pushes 500 GiB over)', () => {
    const p = placed(placeVolume(cluster({ nodes: 2, devicesPerNode: 1 }), volumeRequest(500, distribute), seededRng(9)));
    expect(p).toMatchObject({ setCount: 2, brickSizeKib: 250 * GiB });
  });

  it('charges later bricks against earlier ones on the same device', () => {
    const devices = cluster({ nodes: 1, devicesPerNode: 2, freeKib: 350 * GiB });
    for (let seed = 0; seed < 10; seed++) {
      const p = placed(placeVolume(devices, volumeRequest(600, distribute), seededRng(seed)));
      expect(p.setCount).toBe(2);
      expect(new Set(p.bricks.map((b) => b.deviceId)).size).toBe(2);
    }
  });
});

describe('placeVolume: tags', () => {
  const devices = cluster({
    nodes: 4,
    devicesPerNode: 2,
    nodeTags: (n): Tags => (n < 3 ? { tier: 'gold' } : {}),
    deviceTags: (_n, d): Tags => (d === 1 ? { tier: 'silver' } : {}),
  });

  it('= keeps to matching devices; the device tag wins over the node tag', () => {
    for (let seed = 0; seed < 10; seed++) {
      const p = placed(placeVolume(devices, volumeRequest(10, replica(3), { tagMatch: 'tier=gold' }), seededRng(seed)));
      for (const b of p.bricks) expect(b.deviceId).toMatch(/-00000000$/);
      expect(p.bricks.some((b) => b.nodeId.endsWith('3'))).toBe(false);
    }
  });

  it('!= accepts untagged devices', () => {
    for (let seed = 0; seed < 10; seed++) {
      const p = placed(placeVolume(devices, volumeRequest(10, replica(1), { tagMatch: 'tier!=gold' }), seededRng(seed)));
      const tags = devices.find((d) => d.id === p.bricks[0]!.deviceId)!.tags;
      expect(tags['tier']).not.toBe('gold');
    }
  });

  it('too few matching devices fails with the count in the detail', () => {
    const error = failed(placeVolume(devices, volumeRequest(10, replica(3), { tagMatch: 'tier=bronze' }), seededRng(1)));
    expect(error.detail).toMatch(/device-tag-match tier=bronze matches 0 of 8 device\(s\)/);
  });

  it('an invalid rule fails with Heketi text', () => {
    const error = failed(placeVolume(devices, volumeRequest(10, replica(3), { tagMatch: 'my-tag=x' }), seededRng(1)));
    expect(error).toMatchObject({
      kind: 'invalid-tag-rule',
      message: 'Invalid tag matching rule: Invalid tag match rule: my-tag=x',
    });
  });
});

describe('placeVolume: arbiter', () => {
  it('64 GiB replica 3 arbiter: two 64 GiB data bricks and a 1 GiB arbiter at index 2', () => {
    const p = placed(placeVolume(cluster({ nodes: 3, devicesPerNode: 1 }), volumeRequest(64, replica(3, true)), seededRng(1)));
    expect(p.bricks.map((b) => [b.indexInSet, b.subType, b.sizeKib])).toEqual([
      [0, 'normal', 64 * GiB],
      [1, 'normal', 64 * GiB],
      [2, 'arbiter', 1 * GiB],
    ]);
    expect(p.bricks[2]).toMatchObject({ tpSizeKib: 1048576, poolMetadataSizeKib: 8192 });
    const data = spaceNeeded(64 * GiB, 1, 4096);
    expect(p.bricks[0]).toMatchObject({ tpSizeKib: data.tpSizeKib, poolMetadataSizeKib: data.poolMetadataSizeKib });
  });

  it('honours average-file-size and the 16 MiB floor', () => {
    const devices = cluster({ nodes: 3, devicesPerNode: 1 });
    const big = placed(placeVolume(devices, volumeRequest(100, replica(3, true), { averageFileSizeKib: 100 }), seededRng(1)));
    expect(big.bricks[2]!.sizeKib).toBe(1 * GiB);
    const small = placed(placeVolume(devices, volumeRequest(1, replica(3, true)), seededRng(1)));
    expect(small.bricks[2]!.sizeKib).toBe(16 * MiB);
  });

  it('arbiter=required devices take only arbiter bricks, disabled ones only data', () => {
    const devices = cluster({
      nodes: 6,
      devicesPerNode: 1,
      nodeTags: (n) => (n < 2 ? { arbiter: 'required' } : { arbiter: 'disabled' }),
    });
    for (let seed = 0; seed < 15; seed++) {
      const p = placed(placeVolume(devices, volumeRequest(20, replica(3, true)), seededRng(seed)));
      for (const b of p.bricks) {
        const tag = devices.find((d) => d.id === b.deviceId)!.tags['arbiter'];
        expect(tag).toBe(b.subType === 'arbiter' ? 'required' : 'disabled');
      }
    }
  });

  it('replica 2 with the arbiter option has no arbiter brick to size', () => {
    const p = placed(
      placeVolume(cluster({ nodes: 2, devicesPerNode: 1 }), volumeRequest(1, replica(2, true), { averageFileSizeKib: 2 * GiB }), seededRng(1)),
    );
    expect(p.bricks.map((b) => b.subType)).toEqual(['normal', 'normal']);
  });

  it('an average file size above the brick size is an error', () => {
    const error = failed(
      placeVolume(cluster({ nodes: 3, devicesPerNode: 1 }), volumeRequest(1, replica(3, true), { averageFileSizeKib: 2 * GiB }), seededRng(1)),
    );
    expect(error.kind).toBe('arbiter-too-small');
    expect(error.message).toBe(`Average file size (${2 * GiB}) is greater than Brick size (${1 * GiB})`);
  });
});

describe('placeVolume: better than Heketi', () => {
  it('finds 3 sets when 1, 2, 4, 8 … sets do not fit', () => {
    const devices = cluster({ nodes: 3, devicesPerNode: 1, freeKib: 101 * GiB });
    const p = placed(placeVolume(devices, volumeRequest(300, distribute), seededRng(1)));
    expect(p).toMatchObject({ setCount: 3, brickSizeKib: 100 * GiB });
    expect(new Set(p.bricks.map((b) => b.deviceId)).size).toBe(3);
  });

  it('finds 3 replica sets where Heketi would say no space', () => {
    const devices = cluster({ nodes: 3, devicesPerNode: 3, freeKib: 34 * GiB });
    const p = placed(placeVolume(devices, volumeRequest(100, replica(3)), seededRng(2)));
    expect(p.setCount).toBe(3);
    expect(p.brickSizeKib).toBe(Math.ceil((100 * GiB) / 3));
    for (const set of bySet(p.bricks)) expect(new Set(set.map((b) => b.nodeId)).size).toBe(3);
  });

  it('keeps Heketi\'s layout when Heketi succeeds', () => {
    const p = placed(placeVolume(cluster({ nodes: 3, devicesPerNode: 1 }), volumeRequest(200, replica(3)), seededRng(3)));
    expect(p.setCount).toBe(1);
  });
});

describe('placeVolume: purity and determinism', () => {
  it('does not mutate its input', () => {
    const devices = cluster({ nodes: 4, devicesPerNode: 3, zones: 2, nodeTags: () => ({ tier: 'gold' }) });
    const before = structuredClone(devices);
    placed(placeVolume(devices, volumeRequest(700, replica(2), { tagMatch: 'tier=gold' }), seededRng(1)));
    expect(devices).toEqual(before);
  });

  it('same seed, same layout', () => {
    const devices = cluster({ nodes: 8, devicesPerNode: 4, zones: 3 });
    const a = placeVolume(devices, volumeRequest(900, replica(3)), seededRng(77));
    const b = placeVolume(devices, volumeRequest(900, replica(3)), seededRng(77));
    expect(a).toEqual(b);
  });
});
