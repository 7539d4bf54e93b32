/**
 * Volume placement (volume_entry_allocate.go allocBricksInCluster + the standard and arbiter
 * placers). Heketi's candidates come first, so a layout Heketi finds is the layout heketi-ts finds;
 * when they all fail for space, heketi-ts also tries the set counts Heketi skips (3, 5, 6, 7 …).
 */
import { durabilityStrategy, type BrickSizeCandidate, type DurabilityStrategy } from '../durability/index.js';
import type { Rng } from '../rng.js';
import { arbiterBrickSizeKib, fits, spaceNeeded } from '../sizing.js';
import { GiB } from '../units.js';
import { buildDeviceTable, type DeviceTable } from './device-table.js';
import { explainFailure } from './diagnostics.js';
import { allocationFailure, invalidTagRuleFailure } from './failures.js';
import { placeSet, type AttemptState } from './set-placer.js';
import { ARBITER_INDEX, placementRings, setSlots, type PlacementRings } from './slots.js';
import { parseTagRule } from './tag-rule.js';
import type {
  AllocationFailure,
  CandidateDevice,
  PlannedBrick,
  PlacementResult,
  VolumePlacementRequest,
} from './types.js';

interface PlacementContext {
  request: VolumePlacementRequest;
  strategy: DurabilityStrategy;
  table: DeviceTable;
  rings: PlacementRings | null;
  rng: Rng;
  /** Largest free space among devices the tag rule accepts: a cheap way to skip hopeless sizes. */
  largestFreeKib: number;
  smallestTriedKib: number | null;
  /** Set count of Heketi's candidate that broke the brick limit (ErrMaxBricks), if one did. */
  stoppedAtSets: number | null;
}

type AttemptResult =
  | { kind: 'placed'; bricks: PlannedBrick[] }
  | { kind: 'no-space' }
  | { kind: 'error'; error: AllocationFailure };

const isArbiter = (r: VolumePlacementRequest): boolean => r.durability.type === 'replicate' && r.durability.arbiter;

function largestAcceptedFree(table: DeviceTable): number {
  let largest = 0;
  table.baseFree.forEach((free, i) => {
    if (table.tagOk[i] === 1 && free > largest) largest = free;
  });
  return largest;
}

/** Sizes no device can hold are skipped without walking the ring; the outcome is the same. */
function hopeless(ctx: PlacementContext, brickSizeKib: number): boolean {
  return !fits(ctx.largestFreeKib, spaceNeeded(brickSizeKib, ctx.request.snapshotFactor, 0).totalKib);
}

function arbiterSize(ctx: PlacementContext, brickSizeKib: number): number | AllocationFailure {
  // Only a set that reaches index 2 has an arbiter brick to size.
  if (!isArbiter(ctx.request) || ctx.strategy.bricksInSet <= ARBITER_INDEX) return brickSizeKib;
  const result = arbiterBrickSizeKib(brickSizeKib, ctx.request.averageFileSizeKib);
  if (result.ok) return result.sizeKib;
  return {
    kind: 'arbiter-too-small',
    message: result.message,
    detail: 'the data brick is smaller than user.heketi.average-file-size',
  };
}

function toPlannedBricks(
  ctx: PlacementContext,
  candidate: BrickSizeCandidate,
  arbiterKib: number,
): PlannedBrick[] | null {
  const state: AttemptState = {
    table: ctx.table,
    free: ctx.table.baseFree.slice(),
    strictZones: ctx.request.zoneChecking === 'strict',
  };
  const sizes = { dataKib: candidate.brickSizeKib, arbiterKib, snapshotFactor: ctx.request.snapshotFactor };
  const bricks: PlannedBrick[] = [];
  for (let setIndex = 0; setIndex < candidate.setCount; setIndex++) {
    const placed = placeSet(state, setSlots(ctx.rings!, ctx.strategy.bricksInSet, sizes, ctx.rng));
    if (placed === null) return null;
    for (const { slot, device, space } of placed) {
      const d = ctx.table.devices[device]!;
      bricks.push({
        deviceId: d.id,
        nodeId: d.nodeId,
        setIndex,
        indexInSet: slot.indexInSet,
        subType: slot.subType,
        sizeKib: slot.sizeKib,
        tpSizeKib: space.tpSizeKib,
        poolMetadataSizeKib: space.poolMetadataSizeKib,
      });
    }
  }
  return bricks;
}

function attempt(ctx: PlacementContext, candidate: BrickSizeCandidate): AttemptResult {
  if (ctx.table.devices.length === 0) {
    return { kind: 'error', error: allocationFailure('no-storage', 'no online device on an online node was offered') };
  }
  const arbiterKib = arbiterSize(ctx, candidate.brickSizeKib);
  if (typeof arbiterKib !== 'number') return { kind: 'error', error: arbiterKib };
  ctx.smallestTriedKib = Math.min(ctx.smallestTriedKib ?? Infinity, candidate.brickSizeKib);
  if (hopeless(ctx, candidate.brickSizeKib)) return { kind: 'no-space' };
  ctx.rings ??= placementRings(ctx.table, isArbiter(ctx.request), ctx.rng);
  const bricks = toPlannedBricks(ctx, candidate, arbiterKib);
  return bricks === null ? { kind: 'no-space' } : { kind: 'placed', bricks };
}

const exceedsBrickLimit = (ctx: PlacementContext, setCount: number): boolean =>
  setCount * ctx.strategy.bricksInSet + ctx.request.existingBrickCount > ctx.request.limits.maxBricksPerVolume;

/** Set counts Heketi never tries, fewest sets (largest bricks) first. */
function* extraCandidates(
  ctx: PlacementContext,
  sizeKib: number,
  tried: ReadonlySet<number>,
): Generator<BrickSizeCandidate> {
  const { limits } = ctx.request;
  for (let sets = 1; !exceedsBrickLimit(ctx, sets); sets++) {
    if (tried.has(sets)) continue;
    const brickSizeKib = ctx.strategy.brickSizeForSets(sizeKib, sets);
    if (brickSizeKib < Math.max(limits.brickMinSizeKib, 1)) return;
    if (brickSizeKib <= limits.brickMaxSizeKib) yield { setCount: sets, brickSizeKib };
  }
}

/**
 * Heketi's candidates until one breaks the brick limit (Heketi stops there with ErrMaxBricks),
 * then the set counts Heketi never tried.
 */
function* candidates(ctx: PlacementContext): Generator<BrickSizeCandidate> {
  const sizeKib = ctx.request.sizeGib * GiB;
  const tried = new Set<number>();
  for (const candidate of ctx.strategy.heketiCandidates(sizeKib, ctx.request.limits)) {
    if (exceedsBrickLimit(ctx, candidate.setCount)) {
      ctx.stoppedAtSets = candidate.setCount;
      break;
    }
    tried.add(candidate.setCount);
    yield candidate;
  }
  yield* extraCandidates(ctx, sizeKib, tried);
}

function success(candidate: BrickSizeCandidate, bricks: PlannedBrick[]): PlacementResult {
  return { ok: true, placement: { setCount: candidate.setCount, brickSizeKib: candidate.brickSizeKib, bricks } };
}

function giveUp(ctx: PlacementContext, stoppedAtSets: number | null): PlacementResult {
  const { request, strategy } = ctx;
  const limitReason =
    stoppedAtSets === null
      ? `bricks would fall below the minimum brick size of ${request.limits.brickMinSizeKib} KiB`
      : `${stoppedAtSets} sets of ${strategy.bricksInSet} bricks plus ${request.existingBrickCount} existing ` +
        `exceed the limit of ${request.limits.maxBricksPerVolume} bricks per volume`;
  const detail = explainFailure(
    {
      table: ctx.table,
      bricksInSet: strategy.bricksInSet,
      strictZones: request.zoneChecking === 'strict',
      tagMatch: request.tagMatch,
      snapshotFactor: request.snapshotFactor,
      smallestTriedKib: ctx.smallestTriedKib,
      volumeRawKib: volumeRawKib(ctx),
    },
    limitReason,
  );
  return { ok: false, error: allocationFailure(stoppedAtSets === null ? 'min-brick-size' : 'max-bricks', detail) };
}

/** The data bricks of one set of the whole size: less raw space than any layout takes. */
function volumeRawKib(ctx: PlacementContext): number {
  const { strategy, request } = ctx;
  const dataBricksInSet = isArbiter(request) ? strategy.bricksInSet - 1 : strategy.bricksInSet;
  return strategy.brickSizeForSets(request.sizeGib * GiB, 1) * dataBricksInSet;
}

/**
 * Lays out a volume (or an expansion) over `devices`: Heketi's brick-size candidates in order,
 * then the set counts Heketi skips. Never mutates `devices`; free space is tracked on a copy so
 * later bricks see earlier ones. Zero devices means "no online storage".
 */
export function placeVolume(
  devices: readonly CandidateDevice[],
  request: VolumePlacementRequest,
  rng: Rng,
): PlacementResult {
  const rule = request.tagMatch === null ? null : parseTagRule(request.tagMatch);
  if (request.tagMatch !== null && rule === null) return { ok: false, error: invalidTagRuleFailure(request.tagMatch) };
  const table = buildDeviceTable(devices, rule);
  const ctx: PlacementContext = {
    request,
    strategy: durabilityStrategy(request.durability),
    table,
    rings: null,
    rng,
    largestFreeKib: largestAcceptedFree(table),
    smallestTriedKib: null,
    stoppedAtSets: null,
  };
  for (const candidate of candidates(ctx)) {
    const result = attempt(ctx, candidate);
    if (result.kind === 'placed') return success(candidate, result.bricks);
    if (result.kind === 'error') return { ok: false, error: result.error };
  }
  return giveUp(ctx, ctx.stoppedAtSets);
}
