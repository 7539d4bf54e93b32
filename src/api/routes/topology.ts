import { sendJson } from '../http/reply.js';
import { toNodeInfo } from '../mappers/device.js';
import { toVolumeInfo } from '../mappers/volume.js';
import type { RouteTable } from '../route-table.js';
import type { AppServices } from '../services.js';
import type { Store } from '../../store/store.js';

/**
 * The topology as `heketi-cli topology info --json` prints it (Heketi's client builds it from
 * one request per cluster, volume and node; heketi-ts answers it in one read). Pending volumes
 * are left out, as in the cluster's own volume list.
 */
export function topologyInfo(store: Store) {
  return store.db.transaction(() => ({
    clusters: store.clusters.list().map((c) => ({
      volumes: store.volumes
        .listVisibleIdsByCluster(c.id)
        .map((id) => store.volumes.get(id))
        .filter((v) => v !== undefined)
        .map((v) => toVolumeInfo(store, v)),
      nodes: store.nodes.listByCluster(c.id).map((n) => toNodeInfo(store, n)),
      id: c.id,
      block: c.block,
      file: c.file,
    })),
  }))();
}

/** GET /topology: heketi-ts addition, read-only, admin token. */
export function topologyRoutes(r: RouteTable, s: AppServices): void {
  r.get('/topology', (_req, reply) => sendJson(reply, 200, topologyInfo(s.store)));
}
