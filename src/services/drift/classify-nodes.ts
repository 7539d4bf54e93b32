/**
 * One node against the database: its VGs and their sizes, every brick's LV, size, fstab line and
 * mount, and the LVs and fstab lines named like heketi-ts's that the database does not know. Pure.
 */
import type { Brick } from '../../domain/entities.js';
import { brickLvName } from '../../domain/naming.js';
import { kibOf, rowsOf } from '../../executor/commands/lvm-report.js';
import type { LvRow, VgRow } from '../../executor/examine-types.js';
import type { NodeObservation } from './gather.js';
import { HEKETI_LV, HEKETI_VG, parseHeketiBrickPath, type DriftInput } from './input.js';
import { COMMANDS, type DriftFinding, type Evidence } from './types.js';

const isSnapshotPath = (path: string): boolean => path.startsWith('/run/gluster/') || path.startsWith('/var/run/gluster/');
const mountDirOf = (path: string): string => path.slice(0, path.lastIndexOf('/'));
const lvLine = (row: LvRow): string => JSON.stringify(row);

function classifyDevices(input: DriftInput, o: NodeObservation): DriftFinding[] {
  if (!o.vgs) return [];
  const vgs = new Map(rowsOf<VgRow>(o.vgs, 'vg').map((r) => [r.vg_name, r]));
  return input.devicesOnNode(o.nodeId).flatMap((device): DriftFinding[] => {
    const refs = { clusterId: o.clusterId, nodeId: o.nodeId, deviceId: device.id };
    const vg = vgs.get(`vg_${device.id}`);
    if (!vg) {
      const line = `no vg_${device.id} among ${vgs.size} VGs`;
      return [{ class: 'missing', kind: 'vg-missing', subject: `device ${device.name} (vg_${device.id})`, node: o.host, detail: 'the VG of the device is gone', evidence: [{ node: o.host, command: COMMANDS.vgs, line }], refs }];
    }
    const size = kibOf(vg.vg_size);
    if (Number.isNaN(size) || Math.abs(size - device.totalKib) < Math.max(device.extentSizeKib, 1)) return [];
    const detail = `db ${device.totalKib} KiB, VG ${size} KiB`;
    return [{ class: 'different', kind: 'device-size-differs', subject: `device ${device.name} (vg_${device.id})`, node: o.host, detail, evidence: [{ node: o.host, command: COMMANDS.vgs, line: JSON.stringify(vg) }], refs }];
  });
}

function classifyBrick(input: DriftInput, o: NodeObservation, brick: Brick): DriftFinding[] {
  const volumeName = input.volumeName(brick.volumeId);
  const refs = { clusterId: o.clusterId, nodeId: o.nodeId, deviceId: brick.deviceId, volumeId: brick.volumeId, brickId: brick.id, volumeName };
  const subject = `brick ${brick.id} of ${volumeName}`;
  const lvName = brick.lvmLv || brickLvName(brick.id);
  const findings: DriftFinding[] = [];
  const lv = o.lvs ? input.lv(o.nodeId, brick.deviceId, lvName) : undefined;
  if (o.lvs && !lv) {
    const evidence = [{ node: o.host, command: COMMANDS.lvs, line: `no vg_${brick.deviceId}/${lvName}` }];
    findings.push({ class: 'missing', kind: 'brick-lv-missing', subject, node: o.host, detail: `LV vg_${brick.deviceId}/${lvName} is gone`, evidence, refs });
  }
  if (lv) {
    const size = kibOf(lv.lv_size);
    if (!Number.isNaN(size) && Math.abs(size - brick.sizeKib) >= (input.device(brick.deviceId)?.extentSizeKib || 4096)) {
      const evidence = [{ node: o.host, command: COMMANDS.lvs, line: lvLine(lv) }];
      findings.push({ class: 'different', kind: 'brick-size-differs', subject, node: o.host, detail: `db ${brick.sizeKib} KiB, LV ${size} KiB`, evidence, refs });
    }
  }
  if (!o.mounts || isSnapshotPath(brick.path) || (o.lvs && !lv)) return findings;
  const dir = mountDirOf(brick.path);
  if (!o.mounts.fstab.some((f) => f.mountPoint === dir)) {
    const evidence = [{ node: o.host, command: COMMANDS.fstab, line: `no line for ${dir}` }];
    findings.push({ class: 'missing', kind: 'fstab-line-missing', subject, node: o.host, detail: `the fstab has no line for ${dir}`, evidence, refs });
  }
  if (!o.mounts.mounts.some((m) => m.mountPoint === dir)) {
    const fstab = o.mounts.fstab.find((f) => f.mountPoint === dir);
    const evidence: Evidence[] = [
      { node: o.host, command: COMMANDS.mount, line: `nothing mounted on ${dir}` },
      ...(fstab ? [{ node: o.host, command: COMMANDS.fstab, line: fstab.line }] : []),
    ];
    findings.push({ class: 'unmounted', kind: 'brick-unmounted', subject, node: o.host, detail: `${dir} is not mounted: gluster serves the brick from the bare directory, or not at all`, evidence, refs });
  }
  return findings;
}

/** LVs (brick_/tp_ + 32 hex, in vg_ + 32 hex) and fstab lines for heketi-ts brick paths that no db brick owns. */
function classifyOrphans(input: DriftInput, o: NodeObservation, adopted: ReadonlySet<string>): DriftFinding[] {
  const found = new Map<string, { vgId: string; evidence: Evidence[]; lvs: string[] }>();
  const entry = (brickId: string, vgId: string) => {
    const e = found.get(brickId) ?? { vgId, evidence: [], lvs: [] };
    found.set(brickId, e);
    return e;
  };
  for (const row of rowsOf<LvRow>(o.lvs, 'lv')) {
    const vg = HEKETI_VG.exec(row.vg_name);
    const lv = HEKETI_LV.exec(row.lv_name);
    if (!vg || !lv || input.knownBrickIds.has(lv[2]!) || adopted.has(lv[2]!)) continue;
    const e = entry(lv[2]!, vg[1]!);
    e.lvs.push(`${row.vg_name}/${row.lv_name}`);
    e.evidence.push({ node: o.host, command: COMMANDS.lvs, line: lvLine(row) });
  }
  for (const f of o.mounts?.fstab ?? []) {
    const parsed = parseHeketiBrickPath(f.mountPoint);
    if (!parsed || input.knownBrickIds.has(parsed.brickId) || adopted.has(parsed.brickId)) continue;
    entry(parsed.brickId, parsed.deviceId).evidence.push({ node: o.host, command: COMMANDS.fstab, line: f.line });
  }
  return [...found.entries()].map(([brickId, e]): DriftFinding => {
    const refs = { clusterId: o.clusterId, nodeId: o.nodeId, brickId, vgId: e.vgId };
    if (e.lvs.length === 0) {
      return { class: 'orphan', kind: 'stray-fstab-line', subject: `fstab line of brick_${brickId}`, node: o.host, detail: 'an fstab line for a heketi-ts brick path that no brick owns (and no LV)', evidence: e.evidence, refs };
    }
    return { class: 'orphan', kind: 'orphan-lv', subject: `LV ${e.lvs.join(', ')}`, node: o.host, detail: 'named like a heketi-ts brick, unknown to the db and to every gluster volume', evidence: e.evidence, refs };
  });
}

/** Every finding of one node; `adopted` are brick ids used by gluster volumes that can be adopted. */
export function classifyNode(input: DriftInput, o: NodeObservation, adopted: ReadonlySet<string>): DriftFinding[] {
  return [
    ...classifyDevices(input, o),
    ...input.bricksOnNode(o.nodeId).flatMap((b) => classifyBrick(input, o, b)),
    ...classifyOrphans(input, o, adopted),
  ];
}
