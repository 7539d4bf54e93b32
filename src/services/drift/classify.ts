/**
 * The drift report from one examination: cluster-wide gluster volume findings, then each node's
 * device, brick and orphan findings. Pure; see input.ts for how concurrent operations are kept out.
 */
import { classifyVolumes } from './classify-volumes.js';
import { classifyNode } from './classify-nodes.js';
import { parseHeketiBrickPath, type DriftInput } from './input.js';
import type { DriftFinding, DriftReport } from './types.js';

/** Brick ids that gluster volumes eligible for adoption use: they are not orphans. */
function adoptableBrickIds(input: DriftInput, findings: DriftFinding[]): Set<string> {
  const names = new Set(findings.filter((f) => f.kind === 'orphan-volume' && f.refs.adoptable).map((f) => f.refs.volumeName));
  const ids = new Set<string>();
  for (const o of input.observations) {
    for (const v of o.volumeInfo?.Volumes.VolumeList ?? []) {
      if (!names.has(v.VolumeName)) continue;
      for (const b of v.Bricks.BrickList ?? []) {
        const parsed = parseHeketiBrickPath(b.Name.slice(b.Name.indexOf(':') + 1));
        if (parsed) ids.add(parsed.brickId);
      }
    }
  }
  return ids;
}

export function classifyDrift(input: DriftInput, elapsedMs: number): DriftReport {
  const clusterIds = input.before.clusters.map((c) => c.id).sort();
  const volumeFindings = clusterIds.flatMap((id) => classifyVolumes(input, id));
  const adopted = adoptableBrickIds(input, volumeFindings);
  const nodeFindings = input.observations.flatMap((o) => classifyNode(input, o, adopted));
  const notChecked = [
    ...input.observations.flatMap((o) => o.errors.map((e) => `${o.host}: ${e}`)),
    ...clusterIds.filter((id) => !input.observations.some((o) => o.clusterId === id && o.volumeInfo)).map((id) => `cluster ${id}: no node answered gluster volume info`),
  ];
  return {
    findings: [...volumeFindings, ...nodeFindings],
    notChecked,
    nodes: input.observations.length,
    volumes: input.before.volumes.length,
    elapsedMs,
  };
}
