/**
 * The allocator's private view of the candidate devices: dense node numbers, the tag and arbiter
 * verdicts computed once, and free space in a typed array so an attempt can copy and charge it
 * without touching the caller's objects.
 */
import { spaceNeeded, type BrickSpace } from '../sizing.js';
import type { TagRule } from './tag-rule.js';
import { tagRuleAccepts } from './tag-rule.js';
import type { CandidateDevice } from './types.js';
import type { RingMember } from './ring.js';

/** Heketi's `arbiter` tag values; a missing or unknown value means `supported`. */
export type ArbiterRole = 'supported' | 'required' | 'disabled';

export const ARBITER_TAG = 'arbiter';

export function arbiterRole(tags: CandidateDevice['tags']): ArbiterRole {
  const value = Object.hasOwn(tags, ARBITER_TAG) ? tags[ARBITER_TAG] : undefined;
  return value === 'required' || value === 'disabled' ? value : 'supported';
}

export interface DeviceTable {
  readonly devices: readonly CandidateDevice[];
  /** Dense node number per device. */
  readonly node: Int32Array;
  /** Whether the tag rule (if any) accepts the device. */
  readonly tagOk: Uint8Array;
  readonly baseFree: Float64Array;
  readonly nodeCount: number;
}

export function buildDeviceTable(devices: readonly CandidateDevice[], rule: TagRule | null): DeviceTable {
  const nodeNumbers = new Map<string, number>();
  const node = new Int32Array(devices.length);
  const tagOk = new Uint8Array(devices.length);
  const baseFree = new Float64Array(devices.length);
  devices.forEach((d, i) => {
    let n = nodeNumbers.get(d.nodeId);
    if (n === undefined) nodeNumbers.set(d.nodeId, (n = nodeNumbers.size));
    node[i] = n;
    tagOk[i] = rule === null || tagRuleAccepts(rule, d.tags) ? 1 : 0;
    baseFree[i] = d.freeKib;
  });
  return { devices, node, tagOk, baseFree, nodeCount: nodeNumbers.size };
}

/** Ring members for the devices `include` accepts (all of them by default). */
export function ringMembers(table: DeviceTable, include: (d: CandidateDevice) => boolean = () => true): RingMember[] {
  const members: RingMember[] = [];
  table.devices.forEach((d, index) => {
    if (include(d)) members.push({ index, zone: d.zone, node: table.node[index]! });
  });
  return members;
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
