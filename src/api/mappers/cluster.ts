import type { Cluster } from '../../domain/entities.js';
import type { Store } from '../../store/store.js';

/** ClusterInfoResponse: pending volumes and block volumes are left out, as Heketi does. */
export function toClusterInfo(store: Store, cluster: Cluster) {
  return {
    id: cluster.id,
    nodes: store.nodes.idsByCluster(cluster.id),
    volumes: store.volumes.listVisibleIdsByCluster(cluster.id),
    block: cluster.block,
    file: cluster.file,
    blockvolumes: store.blockVolumes
      .listByCluster(cluster.id)
      .filter((b) => b.pendingOpId === null)
      .map((b) => b.id),
  };
}
