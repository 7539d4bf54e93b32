/**
 * The repairs a drift report implies, and what each will do. Pure. Rules:
 * - heketi-ts's own leftovers (LVs, pools, fstab lines named like its bricks) are removed;
 * - bricks are remounted and their fstab lines restored, then the volume is started with force;
 * - a brick whose LV is gone under a live volume is rebuilt empty and healed from its replicas;
 * - a volume gluster no longer has is deleted when nothing of it is left on the nodes (its space is
 *   released); otherwise it is only marked, unless the operator names it with deleteMissing;
 * - a gluster volume made by hand on heketi-ts-style bricks is adopted into the database;
 * - anything else not made by heketi-ts is deleted only when named (deleteForeign);
 * - what has no safe automatic repair is listed as manual, with advice.
 */
import type { DriftFinding, DriftReport } from './types.js';

export interface RepairFlags {
  /** Names of volumes gluster lost that may be deleted (bricks and all) even though their LVs remain. */
  deleteMissing: string[];
  /** Names of gluster volumes not made by heketi-ts that may be stopped and deleted (their bricks are left). */
  deleteForeign: string[];
}

export type RepairAction =
  | { type: 'restore-bricks'; volumeId: string; volumeName: string; brickIds: string[] }
  | { type: 'rebuild-brick'; volumeId: string; volumeName: string; brickId: string }
  | { type: 'start-volume'; volumeId: string; volumeName: string }
  | { type: 'remove-orphan-brick'; nodeId: string; vgId: string; brickId: string }
  | { type: 'delete-missing-volume'; volumeId: string; volumeName: string }
  | { type: 'mark-volume-missing'; volumeId: string; volumeName: string }
  | { type: 'adopt-volume'; clusterId: string; volumeName: string }
  | { type: 'delete-foreign-volume'; clusterId: string; volumeName: string };

export interface PlannedRepair {
  action: RepairAction;
  /** What it will do, in one sentence. */
  does: string;
  /** The findings it fixes. */
  fixes: DriftFinding[];
}

export interface ManualStep {
  finding: DriftFinding;
  advice: string;
}

export interface RepairPlan {
  repairs: PlannedRepair[];
  manual: ManualStep[];
}

/** What `state repair --apply` answers: the plan it ran, the repairs that failed, and the drift left. */
export interface RepairResult {
  plan: RepairPlan;
  errors: string[];
  report: DriftReport;
}

const ADVICE: Partial<Record<DriftFinding['kind'], string>> = {
  'vg-missing': 'the device lost its VG: remove the device from heketi-ts (device remove/delete) or restore the disk',
  'device-size-differs': 'run `heketi-cli device resync <device id>` to take the new size',
  'brick-path-differs': 'the bricks were changed with the gluster CLI: evict or replace bricks through heketi-ts',
  'volume-type-differs': 'the layout was changed with the gluster CLI: no automatic repair',
  'volume-options-differ': 'set the options again with the gluster CLI, or accept them',
  'brick-size-differs': 'the LV was resized by hand: no automatic repair',
};

type Group = Map<string, DriftFinding[]>;
const push = (group: Group, key: string, f: DriftFinding): void => {
  group.set(key, [...(group.get(key) ?? []), f]);
};

export function planRepairs(report: DriftReport, flags: RepairFlags): RepairPlan {
  const repairs: PlannedRepair[] = [];
  const manual: ManualStep[] = [];
  const findings = report.findings;
  const missingVolumes = new Set(findings.filter((f) => f.kind === 'volume-missing').map((f) => f.refs.volumeId));
  const ofLiveVolume = (f: DriftFinding) => f.refs.volumeId !== undefined && !missingVolumes.has(f.refs.volumeId);
  const restore: Group = new Map();
  const orphans: Group = new Map();
  const rebuilt = new Set<string>();

  for (const f of findings) {
    const { refs } = f;
    switch (f.kind) {
      case 'brick-unmounted':
      case 'fstab-line-missing':
        if (ofLiveVolume(f)) push(restore, refs.volumeId!, f);
        break;
      case 'brick-lv-missing':
        if (ofLiveVolume(f)) {
          rebuilt.add(refs.volumeId!);
          repairs.push({ action: { type: 'rebuild-brick', volumeId: refs.volumeId!, volumeName: refs.volumeName!, brickId: refs.brickId! }, does: `make brick ${refs.brickId} again (LV, XFS, fstab, mount) on ${f.node}, take it back into ${refs.volumeName} with reset-brick and heal it from its replicas`, fixes: [f] });
        }
        break;
      case 'orphan-lv':
      case 'stray-fstab-line':
        push(orphans, `${refs.nodeId} ${refs.brickId}`, f);
        break;
      case 'volume-missing':
        repairs.push(missingVolumeRepair(f, findings, flags));
        break;
      case 'orphan-volume':
        if (refs.adoptable) {
          repairs.push({ action: { type: 'adopt-volume', clusterId: refs.clusterId!, volumeName: refs.volumeName! }, does: `import ${refs.volumeName} and its bricks into the database (space charged to their devices), so it can be expanded and deleted like any volume`, fixes: [f] });
        } else if (flags.deleteForeign.includes(refs.volumeName!)) {
          repairs.push({ action: { type: 'delete-foreign-volume', clusterId: refs.clusterId!, volumeName: refs.volumeName! }, does: `stop and delete gluster volume ${refs.volumeName} (named with --delete-foreign-volume); its bricks are not touched`, fixes: [f] });
        } else {
          manual.push({ finding: f, advice: `not made by heketi-ts: left alone; name it with --delete-foreign-volume ${refs.volumeName} to delete it` });
        }
        break;
      case 'volume-not-started':
        break;
      default:
        manual.push({ finding: f, advice: ADVICE[f.kind] ?? 'no automatic repair' });
    }
  }
  for (const [volumeId, fs] of restore) {
    const brickIds = [...new Set(fs.map((f) => f.refs.brickId!))];
    const name = fs[0]!.refs.volumeName!;
    repairs.unshift({ action: { type: 'restore-bricks', volumeId, volumeName: name, brickIds }, does: `restore the fstab lines and mounts of ${brickIds.length} brick(s) of ${name}, then start ${name} with force so their brick processes come back`, fixes: fs });
  }
  for (const f of findings.filter((x) => x.kind === 'volume-not-started' && !restore.has(x.refs.volumeId!) && !rebuilt.has(x.refs.volumeId!))) {
    repairs.push({ action: { type: 'start-volume', volumeId: f.refs.volumeId!, volumeName: f.refs.volumeName! }, does: `start ${f.refs.volumeName} (with force)`, fixes: [f] });
  }
  for (const fs of orphans.values()) {
    const { nodeId, vgId, brickId } = fs[0]!.refs;
    repairs.push({ action: { type: 'remove-orphan-brick', nodeId: nodeId!, vgId: vgId!, brickId: brickId! }, does: `on ${fs[0]!.node}: unmount, drop the fstab line, remove LV brick_${brickId} and pool tp_${brickId} if present, remove the mount directory`, fixes: fs });
  }
  return { repairs, manual };
}

function missingVolumeRepair(f: DriftFinding, findings: DriftFinding[], flags: RepairFlags): PlannedRepair {
  const volumeId = f.refs.volumeId!;
  const volumeName = f.refs.volumeName!;
  const lost = findings.filter((x) => x.kind === 'brick-lv-missing' && x.refs.volumeId === volumeId);
  const bricksGone = lost.length === (f.refs.brickCount ?? Number.NaN);
  if (bricksGone || flags.deleteMissing.includes(volumeName)) {
    const why = bricksGone ? 'nothing of it is left on the nodes' : 'named with --delete-missing-volume';
    return { action: { type: 'delete-missing-volume', volumeId, volumeName }, does: `delete ${volumeName} from the database and remove whatever is left of its bricks, releasing their space (${why})`, fixes: [f, ...lost] };
  }
  return { action: { type: 'mark-volume-missing', volumeId, volumeName }, does: `mark ${volumeName} missing (its bricks still hold data; name it with --delete-missing-volume ${volumeName} to delete it)`, fixes: [f] };
}
