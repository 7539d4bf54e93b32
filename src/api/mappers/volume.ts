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

/** Ids of the block volumes on `volumeId` that no operation is creating or deleting, sorted. */
export function blockVolumeIdsOf(store: Store, volumeId: string): string[] {
  return store.blockVolumes.visibleIdsByBlockHostingVolume(volumeId).sort();
}

function blockInfo(store: Store, v: Volume) {
  const blockVolumes = blockVolumeIdsOf(store, v.id);
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
