/**
 * Where a volume's bricks go: Heketi's cluster eligibility (volume_entry.go eligibleClusters), the
 * device source of a cluster (online devices on online nodes, node and device tags merged) and the
 * call into the pure allocator, with Heketi's per-cluster error texts.
 */
import type { GlusterFsConfig } from '../config/types.js';
import type { EffectiveDurability, Volume } from '../domain/entities.js';
import {
  allocationFailure,
  createFailureMessage,
  placeVolume,
  type AllocationFailure,
  type CandidateDevice,
  type PlacementResult,
  type VolumePlacement,
} from '../domain/allocator/index.js';
import { GiB } from '../domain/units.js';
import { parseEngineOptions } from '../domain/volume-rules.js';
import type { ServiceContext } from '../services/context.js';
import type { Store } from '../store/store.js';

/** The parts of a volume that decide its layout. */
export interface LayoutInput {
  durability: EffectiveDurability;
  snapshot: Volume['snapshot'];
  glusterVolumeOptions: string[];
}

/** Heketi's snapshot factor: the stored factor when snapshots are on, else 1. */
export const snapshotFactorOf = (volume: Pick<Volume, 'snapshot'>): number => (volume.snapshot.enable ? volume.snapshot.factor : 1);

/** The cluster's placement candidates, or null when the cluster has no nodes at all. */
export function candidateDevices(store: Store, clusterId: string): CandidateDevice[] | null {
  const nodes = store.nodes.listByCluster(clusterId);
  if (nodes.length === 0) return null;
  const devices: CandidateDevice[] = [];
  for (const node of nodes) {
    if (node.state !== 'online') continue;
    for (const d of store.devices.listByNode(node.id)) {
      if (d.state !== 'online') continue;
      devices.push({
        id: d.id,
        nodeId: node.id,
        zone: node.zone,
        freeKib: d.freeKib,
        extentSizeKib: d.extentSizeKib,
        tags: { ...node.tags, ...d.tags },
      });
    }
  }
  return devices;
}

/** Lays out `sizeGib` (a new volume, or an expansion's delta) in one cluster. */
export function placeInCluster(
  ctx: ServiceContext,
  clusterId: string,
  layout: LayoutInput,
  sizeGib: number,
  existingBrickCount: number,
): PlacementResult {
  const devices = candidateDevices(ctx.store, clusterId);
  if (devices === null) return { ok: false, error: allocationFailure('empty-cluster', `cluster ${clusterId} has no nodes`) };
  const g = ctx.config.glusterfs;
  const engine = parseEngineOptions(layout.glusterVolumeOptions);
  return placeVolume(
    devices,
    {
      sizeGib,
      durability: layout.durability,
      snapshotFactor: snapshotFactorOf(layout),
      averageFileSizeKib: engine.averageFileSizeKib ?? g.averageFileSizeKb,
      zoneChecking: engine.zoneChecking ?? g.zoneChecking,
      tagMatch: engine.tagMatch,
      existingBrickCount,
      limits: limitsOf(g),
    },
    ctx.rng,
  );
}

const limitsOf = (g: GlusterFsConfig) => ({
  brickMinSizeKib: g.brickMinSizeGb * GiB,
  brickMaxSizeKib: g.brickMaxSizeGb * GiB,
  maxBricksPerVolume: g.maxBricksPerVolume,
});

/** What a create needs to know to pick clusters. */
export interface EligibilityInput {
  /** The request's clusters in request order; empty means every cluster in id order. */
  clusterIds: string[];
  block: boolean;
  name: string;
  /** Create checks max_volumes_per_cluster; a block volume's BHV placement may not. */
  checkVolumeLimit: boolean;
}

/** Heketi's multi-cluster error layout (multi_cluster_error.go). */
function multiClusterMessage(header: string, errors: Map<string, string>): string {
  return [header, ...[...errors].map(([id, e]) => `Cluster ${id}: ${e}`)].join('\n');
}

function clusterRejection(ctx: ServiceContext, clusterId: string, input: EligibilityInput): string | null {
  const { store, config } = ctx;
  const cluster = store.clusters.get(clusterId);
  if (!cluster) return `Cluster id ${clusterId} not found`;
  if (!cluster.block && !cluster.file) return 'Cluster has disabled all volume types';
  if (input.block ? !cluster.block : !cluster.file) return 'Cluster does not support requested volume type';
  if (store.volumes.findByName(clusterId, input.name)) return `Volume name '${input.name}' already in use`;
  const limit = config.glusterfs.maxVolumesPerCluster;
  const count = store.volumes.countInCluster(clusterId);
  if (input.checkVolumeLimit && limit >= 0 && count >= limit) return `Cluster has ${count} volumes and limit is ${limit}`;
  return null;
}

/** The clusters a new volume may go to, or Heketi's text for why there are none. */
export function eligibleClusters(ctx: ServiceContext, input: EligibilityInput): { ids: string[] } | { error: string } {
  const candidates = input.clusterIds.length > 0 ? input.clusterIds : ctx.store.clusters.list().map((c) => c.id);
  const ids: string[] = [];
  const rejections = new Map<string, string>();
  for (const id of candidates) {
    const rejection = clusterRejection(ctx, id, input);
    if (rejection === null) ids.push(id);
    else rejections.set(id, rejection);
  }
  if (ids.length > 0) return { ids };
  if (rejections.size === 1) return { error: [...rejections.values()][0]! };
  if (rejections.size > 1) return { error: multiClusterMessage('No eligible cluster for volume', rejections) };
  return { error: 'No space' };
}

/**
 * The text a create reports for one cluster. Space-like failures become Heketi's `No space`;
 * heketi-ts appends the allocator's explanation (`No space: <detail>`) so an operator can see which
 * constraint failed, unless `error_details` is false (Heketi's text exactly).
 */
function createFailureText(ctx: ServiceContext, failure: AllocationFailure): string {
  const text = createFailureMessage(failure);
  if (text !== 'No space' || !failure.detail) return text;
  if (ctx.config.errorDetails) return `No space: ${failure.detail}`;
  ctx.log.info({ detail: failure.detail }, 'No space');
  return text;
}

const ABORTING_KINDS = new Set(['invalid-tag-rule', 'arbiter-too-small']);

/**
 * Tries the eligible clusters in order (Heketi's tryAllocateBricks); the first layout wins. A
 * failure that is not about space or storage aborts at once, as in Heketi.
 */
export function placeNewVolume(
  ctx: ServiceContext,
  clusterIds: string[],
  layout: LayoutInput,
  sizeGib: number,
): { clusterId: string; placement: VolumePlacement } | { error: string } {
  const failures = new Map<string, string>();
  for (const clusterId of clusterIds) {
    const result = placeInCluster(ctx, clusterId, layout, sizeGib, 0);
    if (result.ok) return { clusterId, placement: result.placement };
    if (ABORTING_KINDS.has(result.error.kind)) return { error: result.error.message };
    failures.set(clusterId, createFailureText(ctx, result.error));
  }
  if (failures.size === 1) return { error: [...failures.values()][0]! };
  if (failures.size === 0) return { error: 'No space' };
  return { error: multiClusterMessage('Unable to create volume on any cluster:', failures) };
}
