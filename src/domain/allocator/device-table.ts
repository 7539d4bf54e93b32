/**
 * The allocator's private view of the candidate devices: dense node numbers, the tag and arbiter
 * verdicts computed once, and free space in a typed array so an attempt can copy and charge it
 * without touching the caller's objects.
 */
import { spaceNeeded, type BrickSpace } from '../sizing.js';
import type { RingSource } from './ring.js';
import type { TagRule } from './tag-rule.js';
import { tagRuleAccepts } from './tag-rule.js';
import type { CandidateDevice } from './types.js';

/** Heketi's `arbiter` tag values; a missing or unknown value means `supported`. */
export type ArbiterRole = 'supported' | 'required' | 'disabled';

export const ARBITER_TAG = 'arbiter';

export function arbiterRole(tags: CandidateDevice['tags']): ArbiterRole {
  const value = Object.hasOwn(tags, ARBITER_TAG) ? tags[ARBITER_TAG] : undefined;
  return value === 'required' || value === 'disabled' ? value : 'supported';
}

export interface DeviceTable extends RingSource {
  readonly devices: readonly CandidateDevice[];
  /** Whether the tag rule (if any) accepts the device. */
  readonly tagOk: Uint8Array;
  readonly baseFree: Float64Array;
}

export function buildDeviceTable(devices: readonly CandidateDevice[], rule: TagRule | null): DeviceTable {
  const nodeNumbers = new Map<string, number>();
  const node = new Int32Array(devices.length);
  const tagOk = new Uint8Array(devices.length);
  const baseFree = new Float64Array(devices.length);
  for (let i = 0; i < devices.length; i++) {
    const d = devices[i]!;
    // Devices usually arrive grouped by node: skip the map lookup for a run of the same node.
    let n = i > 0 && devices[i - 1]!.nodeId === d.nodeId ? node[i - 1] : nodeNumbers.get(d.nodeId);
    if (n === undefined) nodeNumbers.set(d.nodeId, (n = nodeNumbers.size));
    node[i] = n;
    tagOk[i] = rule === null || tagRuleAccepts(rule, d.tags) ? 1 : 0;
    baseFree[i] = d.freeKib;
  }
  return { devices, node, nodeCount: nodeNumbers.size, tagOk, baseFree, zoneOf: (i) => devices[i]!.zone };
}

/** 1 for every device whose arbiter role is not `unwanted`. */
export function arbiterMask(table: DeviceTable, unwanted: ArbiterRole): Uint8Array {
  const mask = new Uint8Array(table.devices.length);
  for (let i = 0; i < mask.length; i++) mask[i] = arbiterRole(table.devices[i]!.tags) === unwanted ? 0 : 1;
  return mask;
}

/** spaceNeeded for one brick size, cached per extent size (devices usually share one). */
export function spaceCalculator(sizeKib: number, snapshotFactor: number): (extentSizeKib: number) => BrickSpace {
  const cache = new Map<number, BrickSpace>();
  return (extent) => {
    let space = cache.get(extent);
    if (space === undefined) cache.set(extent, (space = spaceNeeded(sizeKib, snapshotFactor, extent)));
    return space;
  };
}
