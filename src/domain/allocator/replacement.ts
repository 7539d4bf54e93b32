/**
 * Placement of one replacement brick (Replace in both placers, allocBrickReplacement): any device
 * but the old one, on a node no other brick of the set uses (the old node may be reused), in a
 * zone no other brick of the set uses under strict checking, accepted by the tag rule, with room.
 */
import type { Rng } from '../rng.js';
import { arbiterMask, buildDeviceTable, spaceCalculator, type DeviceTable } from './device-table.js';
import { explainFailure } from './diagnostics.js';
import { allocationFailure, invalidTagRuleFailure } from './failures.js';
import { balancedRing, randomWalk } from './ring.js';
import { fits } from '../sizing.js';
import { parseTagRule } from './tag-rule.js';
import type { CandidateDevice, ReplacementRequest, ReplacementResult } from './types.js';

function replacementRing(table: DeviceTable, request: ReplacementRequest, rng: Rng): Int32Array {
  if (request.arbiterVolume !== true) return balancedRing(table, null, rng);
  return balancedRing(table, arbiterMask(table, request.subType === 'arbiter' ? 'disabled' : 'required'), rng);
}

function acceptable(table: DeviceTable, request: ReplacementRequest, device: number): boolean {
  const d = table.devices[device]!;
  if (d.id === request.old.deviceId || table.tagOk[device] === 0) return false;
  if (request.others.some((o) => o.nodeId === d.nodeId)) return false;
  return request.zoneChecking !== 'strict' || !request.others.some((o) => o.zone === d.zone);
}

function zoneReason(request: ReplacementRequest): string | null {
  if (request.zoneChecking !== 'strict') return null;
  const zones = [...new Set(request.others.map((o) => o.zone))];
  return `strict zone checking: zones ${zones.join(', ')} are used by the set`;
}

function failure(table: DeviceTable, request: ReplacementRequest): ReplacementResult {
  const excluded = new Set<number>();
  table.devices.forEach((d, i) => {
    if (d.id === request.old.deviceId || request.others.some((o) => o.nodeId === d.nodeId)) excluded.add(i);
  });
  const detail = explainFailure(
    {
      table,
      bricksInSet: 1,
      strictZones: false,
      tagMatch: request.tagMatch,
      snapshotFactor: request.snapshotFactor,
      smallestTriedKib: request.sizeKib,
      excluded,
    },
    zoneReason(request),
  );
  const error = allocationFailure('no-replacement', `outside the old device and the set's nodes: ${detail}`);
  return { ok: false, error };
}

/** Finds a device for a brick that must leave `request.old.deviceId`. Never mutates `devices`. */
export function placeReplacement(
  devices: readonly CandidateDevice[],
  request: ReplacementRequest,
  rng: Rng,
): ReplacementResult {
  const rule = request.tagMatch === null ? null : parseTagRule(request.tagMatch);
  if (request.tagMatch !== null && rule === null) return { ok: false, error: invalidTagRuleFailure(request.tagMatch) };
  if (devices.length === 0) {
    return { ok: false, error: allocationFailure('no-storage', 'no online device on an online node was offered') };
  }
  const table = buildDeviceTable(devices, rule);
  const space = spaceCalculator(request.sizeKib, request.snapshotFactor);
  const walk = randomWalk(replacementRing(table, request, rng), rng);
  for (let device = walk.next(); device >= 0; device = walk.next()) {
    const d = table.devices[device]!;
    const need = space(d.extentSizeKib);
    if (!acceptable(table, request, device) || !fits(d.freeKib, need.totalKib)) continue;
    return {
      ok: true,
      brick: {
        deviceId: d.id,
        nodeId: d.nodeId,
        setIndex: request.position?.setIndex ?? 0,
        indexInSet: request.position?.indexInSet ?? 0,
        subType: request.subType,
        sizeKib: request.sizeKib,
        tpSizeKib: need.tpSizeKib,
        poolMetadataSizeKib: need.poolMetadataSizeKib,
      },
    };
  }
  return failure(table, request);
}
