/** Helpers shared by the block volume operations. */
import type { BlockVolume, Volume } from '../domain/entities.js';
import type { ServiceContext } from '../services/context.js';
import type { Store } from '../store/store.js';
import { workingHost } from './evict-support.js';

/** The BHV's mount hosts: storage[0] of every node of its cluster, in node-id order. */
export function hostingVolumeHosts(store: Store, bhv: Volume): { storage: string; manage: string }[] {
  return store.nodes
    .listByCluster(bhv.clusterId)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((n) => ({ storage: n.storageHostnames[0]!, manage: n.manageHostnames[0]! }));
}

/**
 * Heketi's host choice: with 0 < hacount <= host count, hosts in random order whose glusterd
 * answers until hacount are found (else `insufficient block hosts online`); otherwise every host.
 */
export async function blockHostsFor(ctx: ServiceContext, bhv: Volume, hacount: number): Promise<string[]> {
  const hosts = hostingVolumeHosts(ctx.store, bhv);
  if (hacount <= 0 || hacount > hosts.length) return hosts.map((h) => h.storage);
  const shuffled = [...hosts];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = ctx.rng.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const chosen: string[] = [];
  for (const h of shuffled) {
    if (chosen.length === hacount) break;
    try {
      await ctx.executor.glusterdCheck(h.manage);
      chosen.push(h.storage);
    } catch {
      // a host that does not answer is skipped
    }
  }
  if (chosen.length < hacount) throw new Error('insufficient block hosts online');
  return chosen;
}

/** Deletes a block volume row, optionally giving its size back to the BHV. Call inside a transaction. */
export function clearBlockVolumeMarker(store: Store, bv: BlockVolume, giveBack: boolean): void {
  store.blockVolumes.delete(bv.id);
  if (!giveBack) return;
  const bhv = store.volumes.get(bv.blockHostingVolumeId);
  if (bhv) store.volumes.update({ ...bhv, blockInfo: { ...bhv.blockInfo, freeSizeGib: bhv.blockInfo.freeSizeGib + bv.sizeGib } });
}

/** Moves `deltaGib` out of (positive) or back into (negative) the BHV's free size. */
export function takeFromHostingVolume(store: Store, bhvId: string, deltaGib: number): void {
  const bhv = store.volumes.get(bhvId);
  if (bhv) store.volumes.update({ ...bhv, blockInfo: { ...bhv.blockInfo, freeSizeGib: bhv.blockInfo.freeSizeGib - deltaGib } });
}

/**
 * Runs a gluster-block command once, on the first node of the cluster whose glusterd answers
 * (Heketi's GetVerifiedManageHostname with `once()`): block commands are not retried elsewhere.
 */
export async function onceOnClusterHost<T>(ctx: ServiceContext, clusterId: string, fn: (host: string) => Promise<T>): Promise<T> {
  const first = ctx.store.nodes.listByCluster(clusterId).find((n) => n.state === 'online');
  if (!first) throw new Error('no hosts available (0 total)');
  return fn(await workingHost(ctx.store, ctx.executor, clusterId, first.manageHostnames[0]!));
}
