/** Builders of candidate-device snapshots for the allocator tests. */
import type { EffectiveDurability, Tags } from '../entities.js';
import { GiB, TiB } from '../units.js';
import type { CandidateDevice, VolumePlacementRequest } from './types.js';

export const MOCK_DEVICE_KIB = 500 * GiB;

export interface ClusterShape {
  nodes: number;
  devicesPerNode: number;
  /** Zone of node n is n % zones + 1. */
  zones?: number;
  freeKib?: number;
  nodeTags?: (node: number) => Tags;
  deviceTags?: (node: number, device: number) => Tags;
}

const hex = (prefix: string, n: number): string => `${prefix}${n.toString(16).padStart(8, '0')}`;

export function cluster(shape: ClusterShape): CandidateDevice[] {
  const devices: CandidateDevice[] = [];
  for (let n = 0; n < shape.nodes; n++) {
    for (let d = 0; d < shape.devicesPerNode; d++) {
      devices.push({
        id: hex(`d${n}-`, d),
        nodeId: hex('node', n),
        zone: (n % (shape.zones ?? shape.nodes)) + 1,
        freeKib: shape.freeKib ?? MOCK_DEVICE_KIB,
        extentSizeKib: 4096,
        tags: { ...(shape.nodeTags?.(n) ?? {}), ...(shape.deviceTags?.(n, d) ?? {}) },
      });
    }
  }
  return devices;
}

export function volumeRequest(
  sizeGib: number,
  durability: EffectiveDurability,
  extra: Partial<VolumePlacementRequest> = {},
): VolumePlacementRequest {
  return {
    sizeGib,
    durability,
    snapshotFactor: 1,
    averageFileSizeKib: 64,
    zoneChecking: 'none',
    tagMatch: null,
    existingBrickCount: 0,
    limits: { brickMinSizeKib: 1 * GiB, brickMaxSizeKib: 4 * TiB, maxBricksPerVolume: 32 },
    ...extra,
  };
}

export const replica = (n: number, arbiter = false): EffectiveDurability => ({ type: 'replicate', replica: n, arbiter });
export const disperse = (data: number, redundancy: number): EffectiveDurability => ({ type: 'disperse', data, redundancy });
export const distribute: EffectiveDurability = { type: 'none' };
