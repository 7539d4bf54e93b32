/**
 * Heketi's examine answer (GlusterStateExaminationResponse, apps/glusterfs/examiner.go) from a
 * database snapshot and what the nodes showed: `heketidb` (the db dump), `report` (lines), and
 * `clusters` with each node's raw data. Pure.
 */
import { brickMountStatus } from '../../executor/commands/mounts.js';
import type { BricksMountStatus, LvsReport, PvsReport, VgsReport, VolInfo } from '../../executor/examine-types.js';
import { dumpOf, type Snapshot } from '../db-dump.js';
import type { HeketiDump } from '../heketi-export.js';
import type { NodeObservation } from './gather.js';

export interface NodeData {
  NodeHeketiID: string;
  VolumeInfo: VolInfo | null;
  LVMPVInfo: PvsReport | null;
  LVMVGInfo: VgsReport | null;
  LVMLVInfo: LvsReport | null;
  BricksMountStatus: BricksMountStatus | null;
  BlockVolumeNames: string[] | null;
}

export interface ClusterData {
  ClusterHeketiID: string;
  NodesData: NodeData[] | null;
}

export interface GlusterStateExaminationResponse {
  heketidb: HeketiDump;
  report: string[];
  clusters: ClusterData[] | null;
}

const nodeData = (o: NodeObservation): NodeData => ({
  NodeHeketiID: o.nodeId,
  VolumeInfo: o.volumeInfo,
  LVMPVInfo: o.pvs,
  LVMVGInfo: o.vgs,
  LVMLVInfo: o.lvs,
  BricksMountStatus: o.mounts ? brickMountStatus(o.mounts) : null,
  BlockVolumeNames: o.blockVolumeNames,
});

const sameList = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Heketi's matchVolumes: the db's volume names of the cluster against each node's list. */
function compareVolumeLists(dbNames: string[], nodes: NodeObservation[]): string[] {
  const expected = [...dbNames].sort();
  const lines: string[] = [];
  for (const node of nodes) {
    if (!node.volumeInfo) {
      lines.push(`heketi volume list could not be compared with volume list of node ${node.nodeId} due to missing info`);
      continue;
    }
    const actual = (node.volumeInfo.Volumes.VolumeList ?? []).map((v) => v.VolumeName).sort();
    if (!sameList(expected, actual)) lines.push(`heketi volume list does not match with volume list of node ${node.nodeId}`);
  }
  return lines.length > 0 ? lines : ['heketi volume list matches with volume list of all nodes'];
}

export function examineResponse(snapshot: Snapshot, observations: NodeObservation[], opsInFlight: number): GlusterStateExaminationResponse {
  const report = [`OnDemand Examiner invoked while ${opsInFlight} ops are in flight`];
  const clusters: ClusterData[] = [];
  for (const cluster of [...snapshot.clusters].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const nodes = observations.filter((o) => o.clusterId === cluster.id);
    report.push(...nodes.flatMap((n) => n.errors));
    if (nodes.length === 0) report.push(`not able to fetch any data from cluster ${cluster.id}`);
    clusters.push({ ClusterHeketiID: cluster.id, NodesData: nodes.length > 0 ? nodes.map(nodeData) : null });
    const names = snapshot.volumes.filter((v) => v.clusterId === cluster.id).map((v) => v.name);
    report.push(...compareVolumeLists(names, nodes));
  }
  return { heketidb: dumpOf(snapshot), report, clusters: clusters.length > 0 ? clusters : null };
}
