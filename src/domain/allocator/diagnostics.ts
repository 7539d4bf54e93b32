/**
 * Explains an allocation failure: which constraint stopped it. Heketi only ever says `No space`;
 * heketi-ts keeps that text as the message and puts the reason in the failure's detail.
 */
import { spaceCalculator, type DeviceTable } from './device-table.js';

/** What the allocator was trying to do when it gave up. */
export interface FailureContext {
  table: DeviceTable;
  bricksInSet: number;
  strictZones: boolean;
  tagMatch: string | null;
  snapshotFactor: number;
  /** Smallest brick size an attempt tried, or null when nothing was attempted. */
  smallestTriedKib: number | null;
  /** Devices that may not be used at all (the replaced brick's device). */
  excluded?: ReadonlySet<number>;
  /** The least raw space (KiB, without metadata) the volume takes on the devices, when known. */
  volumeRawKib?: number;
}

interface Census {
  eligible: number;
  nodes: number;
  zones: number;
  largestFreeKib: number;
  totalFreeKib: number;
}

function census(ctx: FailureContext): Census {
  const nodes = new Set<number>();
  const zones = new Set<number>();
  let eligible = 0;
  let largestFreeKib = 0;
  let totalFreeKib = 0;
  ctx.table.devices.forEach((d, i) => {
    if (ctx.table.tagOk[i] === 0 || ctx.excluded?.has(i)) return;
    eligible++;
    nodes.add(ctx.table.node[i]!);
    zones.add(d.zone);
    largestFreeKib = Math.max(largestFreeKib, d.freeKib);
    totalFreeKib += Math.max(d.freeKib, 0);
  });
  return { eligible, nodes: nodes.size, zones: zones.size, largestFreeKib, totalFreeKib };
}

function capacityReason(ctx: FailureContext, c: Census): string | null {
  if (ctx.smallestTriedKib === null) return null;
  const sizeKib = ctx.smallestTriedKib;
  const space = spaceCalculator(sizeKib, ctx.snapshotFactor);
  const hosts = new Set<number>();
  ctx.table.devices.forEach((d, i) => {
    if (ctx.table.tagOk[i] === 0 || ctx.excluded?.has(i)) return;
    if (d.freeKib > space(d.extentSizeKib).totalKib) hosts.add(ctx.table.node[i]!);
  });
  const needed = space(ctx.table.devices[0]?.extentSizeKib ?? 0).totalKib;
  return (
    `the smallest brick tried (${sizeKib} KiB, ${needed} KiB with thin pool metadata) fits on devices of ` +
    `${hosts.size} node(s); the largest free space on a device is ${c.largestFreeKib} KiB`
  );
}

/** Human-readable reasons, most fundamental first, joined with "; ". */
export function explainFailure(ctx: FailureContext, limitReason: string | null): string {
  const c = census(ctx);
  const reasons: string[] = [];
  // A volume larger than all free space together is the cause, whatever else also failed.
  if (ctx.volumeRawKib !== undefined && ctx.volumeRawKib > c.totalFreeKib) {
    reasons.push(
      `the volume needs at least ${gib(ctx.volumeRawKib)} GiB on the devices and the eligible devices ` +
        `have ${gib(c.totalFreeKib)} GiB free in all`,
    );
  }
  const total = ctx.table.devices.length - (ctx.excluded?.size ?? 0);
  if (ctx.tagMatch !== null) {
    reasons.push(`device-tag-match ${ctx.tagMatch} matches ${c.eligible} of ${total} device(s)`);
  }
  if (c.nodes < ctx.bricksInSet) {
    const needed = ctx.bricksInSet;
    reasons.push(`a set of ${needed} bricks needs ${needed} distinct nodes, eligible devices are on ${c.nodes}`);
  }
  if (ctx.strictZones && c.zones < ctx.bricksInSet) {
    reasons.push(`strict zone checking needs ${ctx.bricksInSet} distinct zones, eligible devices are in ${c.zones}`);
  }
  const capacity = capacityReason(ctx, c);
  if (capacity !== null) reasons.push(capacity);
  if (limitReason !== null) reasons.push(limitReason);
  return reasons.join('; ');
}

const gib = (kib: number): string => String(Math.floor(kib / (1024 * 1024)));
