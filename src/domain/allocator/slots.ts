/**
 * Which walk and which size each brick position of a set uses. Standard volumes walk one ring for
 * the whole set. Arbiter volumes (placer_arbiter.go) walk two rings built from the `arbiter` tag:
 * data bricks use `supported` + `disabled` devices, the arbiter brick (index 2) uses `supported` +
 * `required` devices with a discounted size; the set is filled backwards, arbiter first.
 */
import type { Rng } from '../rng.js';
import { arbiterMask, spaceCalculator, type DeviceTable } from './device-table.js';
import { balancedRing, randomWalk, RingWalk } from './ring.js';
import type { SetSlot } from './set-placer.js';

/** The arbiter brick's position in a set, hard-coded as in Heketi. */
export const ARBITER_INDEX = 2;

export type PlacementRings =
  | { kind: 'standard'; ring: Int32Array }
  | { kind: 'arbiter'; data: Int32Array; arbiter: Int32Array };

/** Builds the rings once per placement; each set then starts at its own random point. */
export function placementRings(table: DeviceTable, arbiter: boolean, rng: Rng): PlacementRings {
  if (!arbiter) return { kind: 'standard', ring: balancedRing(table, null, rng) };
  return {
    kind: 'arbiter',
    data: balancedRing(table, arbiterMask(table, 'required'), rng),
    arbiter: balancedRing(table, arbiterMask(table, 'disabled'), rng),
  };
}

export interface SlotSizes {
  dataKib: number;
  arbiterKib: number;
  snapshotFactor: number;
}

/** The slots of one new set, in the order they are to be filled. */
export function setSlots(rings: PlacementRings, bricksInSet: number, sizes: SlotSizes, rng: Rng): SetSlot[] {
  const dataSpace = spaceCalculator(sizes.dataKib, sizes.snapshotFactor);
  if (rings.kind === 'standard') {
    const walk = randomWalk(rings.ring, rng);
    return Array.from({ length: bricksInSet }, (_, i) => ({
      indexInSet: i,
      subType: 'normal' as const,
      sizeKib: sizes.dataKib,
      space: dataSpace,
      walk,
    }));
  }
  // Both walks start from the same random point, as Heketi seeds both rings with one id.
  const point = rng.next();
  const dataWalk = new RingWalk(rings.data, Math.floor(point * rings.data.length));
  const arbiterWalk = new RingWalk(rings.arbiter, Math.floor(point * rings.arbiter.length));
  const arbiterSpace = spaceCalculator(sizes.arbiterKib, sizes.snapshotFactor);
  const slots: SetSlot[] = [];
  for (let i = bricksInSet - 1; i >= 0; i--) {
    slots.push(
      i === ARBITER_INDEX
        ? { indexInSet: i, subType: 'arbiter', sizeKib: sizes.arbiterKib, space: arbiterSpace, walk: arbiterWalk }
        : { indexInSet: i, subType: 'normal', sizeKib: sizes.dataKib, space: dataSpace, walk: dataWalk },
    );
  }
  return slots;
}
