/**
 * Heketi's device ring (allocator_simple_ring.go): devices grouped zone → node → device, then
 * interleaved so that neighbours tend to sit in different zones and nodes. Go's map iteration
 * gives Heketi a random zone and node order; heketi-ts shuffles with the injected Rng instead.
 */
import type { Rng } from '../rng.js';

/** What the ring needs to know about a device. */
export interface RingMember {
  /** Index of the device in the caller's table. */
  index: number;
  zone: number;
  /** Dense node number. */
  node: number;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function groupByZoneAndNode(members: readonly RingMember[], rng: Rng): number[][][] {
  const zones = new Map<number, Map<number, number[]>>();
  for (const m of members) {
    let nodes = zones.get(m.zone);
    if (nodes === undefined) zones.set(m.zone, (nodes = new Map()));
    const devices = nodes.get(m.node);
    if (devices === undefined) nodes.set(m.node, [m.index]);
    else devices.push(m.index);
  }
  return shuffle(
    [...zones.values()].map((nodes) => shuffle([...nodes.values()], rng)),
    rng,
  );
}

/**
 * The balanced list: step i takes zone i mod |zones|, node i mod |nodes| of that zone, pops the
 * node's last device, and drops emptied nodes and zones, as Heketi's Rebalance does.
 */
export function balancedRing(members: readonly RingMember[], rng: Rng): Int32Array {
  const zones = groupByZoneAndNode(members, rng);
  const list = new Int32Array(members.length);
  for (let i = 0, out = 0; zones.length > 0; i++) {
    const zone = i % zones.length;
    const nodes = zones[zone]!;
    const node = i % nodes.length;
    const devices = nodes[node]!;
    list[out++] = devices.pop()!;
    if (devices.length === 0) nodes.splice(node, 1);
    if (nodes.length === 0) zones.splice(zone, 1);
  }
  return list;
}

/** Walks a ring once from a start position, wrapping around (Heketi's rotated device list). */
export class RingWalk {
  private step = 0;

  constructor(
    private readonly ring: Int32Array,
    private readonly start: number,
  ) {}

  /** The next device index, or -1 once every device has been offered. */
  next(): number {
    if (this.step >= this.ring.length) return -1;
    const at = (this.start + this.step++) % this.ring.length;
    return this.ring[at]!;
  }
}

/** A walk starting at a random point of the ring (Heketi: the first 7 hex digits of a new id). */
export const randomWalk = (ring: Int32Array, rng: Rng): RingWalk => new RingWalk(ring, rng.int(ring.length));
