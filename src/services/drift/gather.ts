/**
 * Reads every node of every cluster, all nodes at once and every read of a node at once: the LVM
 * reports, mounts and fstab, gluster's volume info and the block volumes of block hosting
 * volumes. A read that fails leaves its part null and adds a line to the node's errors, in the
 * words of Heketi's examiner (apps/glusterfs/examiner.go), so one dead node never hides the rest.
 */
import type { Node, Volume } from '../../domain/entities.js';
import type { LvsReport, MountState, PvsReport, VgsReport, VolInfo } from '../../executor/examine-types.js';
import type { Executor } from '../../executor/executor.js';
import type { Snapshot } from '../db-dump.js';

export interface NodeObservation {
  nodeId: string;
  clusterId: string;
  /** Manage hostname: where the commands ran. */
  host: string;
  volumeInfo: VolInfo | null;
  pvs: PvsReport | null;
  vgs: VgsReport | null;
  lvs: LvsReport | null;
  mounts: MountState | null;
  /** `<block hosting volume name>/<block volume>`; null when none was listed. */
  blockVolumeNames: string[] | null;
  /** Heketi's report lines for the reads that failed, in Heketi's order. */
  errors: string[];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Runs a read; a failure is recorded with `describe` and yields null. */
async function attempt<T>(read: () => Promise<T>, errors: Map<number, string>, order: number, describe: (e: string) => string): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    errors.set(order, describe(message(e)));
    return null;
  }
}

async function observeNode(executor: Executor, node: Node, blockHosts: Volume[]): Promise<NodeObservation> {
  const host = node.manageHostnames[0] ?? '';
  const errors = new Map<number, string>();
  const [volumeInfo, pvs, vgs, lvs, mounts, blockLists] = await Promise.all([
    attempt(() => executor.volumesInfo(host), errors, 0, () => `could not fetch data from node ${host}`),
    attempt(() => executor.pvs(host), errors, 1, (e) => `could not fetch LVM pvs data from node ${host} : ${e}`),
    attempt(() => executor.vgs(host), errors, 2, (e) => `could not fetch LVM vgs data from node ${host} : ${e}`),
    attempt(() => executor.lvs(host), errors, 3, (e) => `could not fetch LVM lvs data from node ${host} : ${e}`),
    attempt(() => executor.mountState(host), errors, 4, (e) => `could not fetch brick mount status from node ${host} : ${e}`),
    Promise.all(
      blockHosts.map(async (v, i) => {
        const names = await attempt(() => executor.blockVolumeList(host, v.name), errors, 5 + i, (e) =>
          `could not fetch block volume list for block hosting volume ${v.id} : ${e}`,
        );
        return (names ?? []).map((n) => `${v.name}/${n}`);
      }),
    ),
  ]);
  const blockVolumeNames = blockLists.flat();
  return {
    nodeId: node.id,
    clusterId: node.clusterId,
    host,
    volumeInfo,
    pvs,
    vgs,
    lvs,
    mounts,
    blockVolumeNames: blockVolumeNames.length > 0 ? blockVolumeNames : null,
    errors: [...errors.entries()].sort(([a], [b]) => a - b).map(([, line]) => line),
  };
}

/** Observes every node of the snapshot in parallel; the result keeps the snapshot's node order. */
export async function observeNodes(executor: Executor, snapshot: Snapshot): Promise<NodeObservation[]> {
  return Promise.all(
    snapshot.nodes.map((node) =>
      observeNode(executor, node, snapshot.volumes.filter((v) => v.block && v.clusterId === node.clusterId)),
    ),
  );
}
