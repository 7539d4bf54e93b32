/**
 * Heketi's device ring (allocator_simple_ring.go): devices grouped zone → node → device, then
 * interleaved so that neighbours tend to sit in different zones and nodes. Go's map iteration
 * gives Heketi a random zone and node order; heketi-ts shuffles with the injected Rng instead.
 * Built with typed arrays in O(devices) (plus node removals), since it runs for every placement.
 */
import type { Rng } from '../rng.js';

/** What the ring needs to know about the devices: dense node numbers and each device's zone. */
export interface RingSource {
  /** Dense node number (0 … nodeCount-1) per device. */
  readonly node: Int32Array;
  readonly nodeCount: number;
  zoneOf(device: number): number;
}

function shuffle(items: number[], rng: Rng): number[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}

/** Devices of each node in input order, as one flat array with per-node start offsets. */
interface NodeDevices {
  start: Int32Array;
  count: Int32Array;
  devices: Int32Array;
  total: number;
}

function devicesByNode(source: RingSource, include: Uint8Array | null): NodeDevices {
  const count = new Int32Array(source.nodeCount);
  for (let d = 0; d < source.node.length; d++) if (include === null || include[d] === 1) count[source.node[d]!]!++;
  const start = new Int32Array(source.nodeCount);
  let total = 0;
  for (let n = 0; n < source.nodeCount; n++) {
    start[n] = total;
    total += count[n]!;
  }
  const devices = new Int32Array(total);
  const filled = new Int32Array(source.nodeCount);
  for (let d = 0; d < source.node.length; d++) {
    if (include !== null && include[d] === 0) continue;
    const n = source.node[d]!;
    devices[start[n]! + filled[n]!++] = d;
  }
  return { start, count, devices, total };
}

function zonesOfNodes(source: RingSource, byNode: NodeDevices, rng: Rng): number[][] {
  const zones = new Map<number, number[]>();
  for (let n = 0; n < source.nodeCount; n++) {
    if (byNode.count[n] === 0) continue;
    const zone = source.zoneOf(byNode.devices[byNode.start[n]!]!);
    const nodes = zones.get(zone);
    if (nodes === undefined) zones.set(zone, [n]);
    else nodes.push(n);
  }
  return shuffle([...zones.keys()], rng).map((zone) => shuffle(zones.get(zone)!, rng));
}

/**
 * The balanced list of the devices `include` marks (all when null): step i takes zone
 * i mod |zones|, node i mod |nodes| of that zone, pops the node's last device, and drops emptied
 * nodes and zones, as Heketi's Rebalance does.
 */
export function balancedRing(source: RingSource, include: Uint8Array | null, rng: Rng): Int32Array {
  const byNode = devicesByNode(source, include);
  const zones = zonesOfNodes(source, byNode, rng);
  const left = byNode.count.slice();
  const list = new Int32Array(byNode.total);
  for (let i = 0, out = 0; zones.length > 0; i++) {
    const zone = i % zones.length;
    const nodes = zones[zone]!;
    const at = i % nodes.length;
    const node = nodes[at]!;
    list[out++] = byNode.devices[byNode.start[node]! + --left[node]!]!;
    if (left[node] === 0) nodes.splice(at, 1);
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
