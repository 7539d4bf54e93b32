/**
 * Places the bricks of one set (brick_allocate.go, placer_arbiter.go): each slot takes the first
 * device its walk offers that is on a node the set does not use yet, in a zone the set does not
 * use yet (strict zones), accepted by the tag rule, and with free space strictly above the charge.
 */
import type { BrickSpace } from '../sizing.js';
import { fits } from '../sizing.js';
import type { DeviceTable } from './device-table.js';
import type { RingWalk } from './ring.js';

/** One brick position of a set and where to look for its device. */
export interface SetSlot {
  indexInSet: number;
  subType: 'normal' | 'arbiter';
  sizeKib: number;
  space: (extentSizeKib: number) => BrickSpace;
  /** Slots may share a walk: Heketi walks one device stream per set, once. */
  walk: RingWalk;
}

export interface PlacedSlot {
  slot: SetSlot;
  device: number;
  space: BrickSpace;
}

/** Mutable state of one placement attempt. */
export interface AttemptState {
  table: DeviceTable;
  /** Free space per device; charged as bricks are placed. */
  free: Float64Array;
  strictZones: boolean;
}

function accepts(state: AttemptState, device: number, chosen: readonly PlacedSlot[], space: BrickSpace): boolean {
  const { table } = state;
  if (table.tagOk[device] === 0) return false;
  const node = table.node[device];
  const zone = table.devices[device]!.zone;
  for (const c of chosen) {
    if (table.node[c.device] === node) return false;
    if (state.strictZones && table.devices[c.device]!.zone === zone) return false;
  }
  return fits(state.free[device]!, space.totalKib);
}

function placeSlot(state: AttemptState, slot: SetSlot, chosen: readonly PlacedSlot[]): PlacedSlot | null {
  for (let device = slot.walk.next(); device >= 0; device = slot.walk.next()) {
    const space = slot.space(state.table.devices[device]!.extentSizeKib);
    if (accepts(state, device, chosen, space)) {
      state.free[device] = state.free[device]! - space.totalKib;
      return { slot, device, space };
    }
  }
  return null;
}

/**
 * Fills the slots in the order given, charging `state.free`. Returns the placed slots in index
 * order, or null when a slot's walk ran out (Heketi's ErrNoSpace for this set).
 */
export function placeSet(state: AttemptState, slots: readonly SetSlot[]): PlacedSlot[] | null {
  const chosen: PlacedSlot[] = [];
  for (const slot of slots) {
    const placed = placeSlot(state, slot, chosen);
    if (placed === null) return null;
    chosen.push(placed);
  }
  return chosen.sort((a, b) => a.slot.indexInSet - b.slot.indexInSet);
}
