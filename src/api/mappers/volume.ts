import type { Volume } from '../../domain/entities.js';
import type { Store } from '../../store/store.js';

/** `storage[0]` of every node of the cluster, in node-id order (Heketi's mount hosts). */
export function mountHosts(store: Store, clusterId: string): string[] {
  return store.nodes.firstStorageHostnamesByCluster(clusterId);
}

/** Go's omitempty for the durability numbers: zero values are left out. */
function durabilityInfo(v: Volume) {
  const { replica } = v.durability.replicate;
  const { data, redundancy } = v.durability.disperse;
  return {
    ...(v.durability.type ? { type: v.durability.type } : {}),
    replicate: replica ? { replica } : {},
    disperse: { ...(data ? { data } : {}), ...(redundancy ? { redundancy } : {}) },
  };
}

function blockInfo(store: Store, v: Volume) {
  const blockVolumes = store.blockVolumes
    .listByBlockHostingVolume(v.id)
    .filter((b) => b.pendingOpId === null)
    .map((b) => b.id)
    .sort();
  const { freeSizeGib, reservedSizeGib, restriction } = v.blockInfo;
  return {
    ...(freeSizeGib ? { freesize: freeSizeGib } : {}),
    ...(reservedSizeGib ? { reservedsize: reservedSizeGib } : {}),
    ...(blockVolumes.length > 0 ? { blockvolume: blockVolumes } : {}),
    ...(restriction ? { restriction } : {}),
  };
}

/** VolumeInfoResponse (api §6.8), field order and omitempty as Heketi's Go structs. */
export function toVolumeInfo(store: Store, v: Volume) {
  const hosts = mountHosts(store, v.clusterId);
  return {
    size: v.sizeGib,
    name: v.name,
    durability: durabilityInfo(v),
    ...(v.gid ? { gid: v.gid } : {}),
    ...(v.glusterVolumeOptions.length > 0 ? { glustervolumeoptions: v.glusterVolumeOptions } : {}),
    ...(v.block ? { block: true } : {}),
    snapshot: { enable: v.snapshot.enable, factor: v.snapshot.factor },
    id: v.id,
    cluster: v.clusterId,
    mount: {
      glusterfs: {
        hosts,
        device: `${hosts[0] ?? ''}:${v.name}`,
        options: { 'backup-volfile-servers': hosts.slice(1).join(',') },
      },
    },
    blockinfo: blockInfo(store, v),
    // Sorted by brick id, as Heketi renders them (VolumeEntry keeps its brick ids in a sorted
    // list), not in placement order; placement order (`position`) stays what gluster is given.
    bricks: store.bricks.listInfoByVolume(v.id),
  };
}
