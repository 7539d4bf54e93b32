import { describe, expect, it } from 'vitest';
import type { Tags } from '../entities.js';
import { seededRng } from '../rng.js';
import { GiB } from '../units.js';
import { NO_REPLACEMENT_TEXT } from './failures.js';
import { placeReplacement } from './replacement.js';
import { cluster } from './test-clusters.js';
import type { BrickLocation, CandidateDevice, ReplacementRequest, ReplacementResult } from './types.js';

const at = (d: CandidateDevice): BrickLocation => ({ deviceId: d.id, nodeId: d.nodeId, zone: d.zone });

function request(devices: CandidateDevice[], oldIndex: number, otherIndexes: number[], extra: Partial<ReplacementRequest> = {}): ReplacementRequest {
  return {
    old: at(devices[oldIndex]!),
    others: otherIndexes.map((i) => at(devices[i]!)),
    sizeKib: 10 * GiB,
    subType: 'normal',
    snapshotFactor: 1,
    zoneChecking: 'none',
    tagMatch: null,
    ...extra,
  };
}

function brickOf(result: ReplacementResult) {
  if (!result.ok) throw new Error(`expected a brick, got ${result.error.kind}: ${result.error.detail}`);
  return result.brick;
}

describe('placeReplacement (engine §3.7)', () => {
  // 3 nodes × 2 devices: indexes 0,1 on node 0; 2,3 on node 1; 4,5 on node 2.
  const devices = cluster({ nodes: 3, devicesPerNode: 2 });

  it('may reuse the old node, never the old device or the other bricks\' nodes', () => {
    for (let seed = 0; seed < 10; seed++) {
      const brick = brickOf(placeReplacement(devices, request(devices, 0, [2, 4]), seededRng(seed)));
      expect(brick.deviceId).toBe(devices[1]!.id);
      expect(brick).toMatchObject({ sizeKib: 10 * GiB, tpSizeKib: 10485760, poolMetadataSizeKib: 53248, subType: 'normal' });
    }
  });

  it('fails with Heketi\'s text when nothing qualifies', () => {
    const single = cluster({ nodes: 3, devicesPerNode: 1 });
    const result = placeReplacement(single, request(single, 0, [1, 2]), seededRng(1));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ kind: 'no-replacement', message: NO_REPLACEMENT_TEXT });
    }
  });

  it('needs room on the new device', () => {
    const full = cluster({ nodes: 4, devicesPerNode: 1, freeKib: 10 * GiB });
    const result = placeReplacement(full, request(full, 0, [1, 2]), seededRng(1));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.detail).toMatch(/10539008 KiB with thin pool metadata/);
  });

  it('strict zones exclude the zones of the rest of the set', () => {
    // 4 nodes in 2 zones: node 0,2 zone 1; node 1,3 zone 2.
    const zoned = cluster({ nodes: 4, devicesPerNode: 1, zones: 2 });
    const result = placeReplacement(zoned, request(zoned, 0, [1], { zoneChecking: 'strict' }), seededRng(1));
    expect(brickOf(result).deviceId).toBe(zoned[2]!.id);
    const none = placeReplacement(zoned, request(zoned, 0, [1, 2], { zoneChecking: 'strict' }), seededRng(1));
    expect(none.ok).toBe(false);
  });

  it('honours the tag rule', () => {
    const tagged = cluster({ nodes: 4, devicesPerNode: 1, nodeTags: (n): Tags => (n === 3 ? { tier: 'gold' } : {}) });
    for (let seed = 0; seed < 5; seed++) {
      const brick = brickOf(placeReplacement(tagged, request(tagged, 0, [1], { tagMatch: 'tier=gold' }), seededRng(seed)));
      expect(brick.deviceId).toBe(tagged[3]!.id);
    }
    const invalid = placeReplacement(tagged, request(tagged, 0, [1], { tagMatch: 'bad-rule=x' }), seededRng(1));
    expect(invalid.ok ? null : invalid.error.kind).toBe('invalid-tag-rule');
  });

  it('arbiter volumes keep arbiter bricks off arbiter=disabled devices', () => {
    const tagged = cluster({
      nodes: 5,
      devicesPerNode: 1,
      nodeTags: (n): Tags => (n === 4 ? { arbiter: 'required' } : { arbiter: 'disabled' }),
    });
    const arbiter = brickOf(
      placeReplacement(tagged, request(tagged, 2, [0, 1], { subType: 'arbiter', arbiterVolume: true }), seededRng(1)),
    );
    expect(arbiter).toMatchObject({ deviceId: tagged[4]!.id, subType: 'arbiter' });
    const data = brickOf(placeReplacement(tagged, request(tagged, 0, [1, 4], { arbiterVolume: true }), seededRng(1)));
    expect([tagged[2]!.id, tagged[3]!.id]).toContain(data.deviceId);
  });

  it('copies the position and leaves its input alone', () => {
    const before = structuredClone(devices);
    const brick = brickOf(
      placeReplacement(devices, request(devices, 0, [2, 4], { position: { setIndex: 3, indexInSet: 1 } }), seededRng(1)),
    );
    expect(brick).toMatchObject({ setIndex: 3, indexInSet: 1 });
    expect(devices).toEqual(before);
  });

  it('no devices means no online storage', () => {
    const result = placeReplacement([], request(devices, 0, [2]), seededRng(1));
    expect(result.ok ? null : result.error.kind).toBe('no-storage');
  });
});
