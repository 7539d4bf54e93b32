import type { Device, Node } from '../../domain/entities.js';
import type { Store } from '../../store/store.js';

/** DeviceInfoResponse; `tags`, `paths` and `pv_uuid` are omitted when empty (Go omitempty). */
export function toDeviceInfo(store: Store, d: Device) {
  return {
    name: d.name,
    ...(Object.keys(d.tags).length > 0 ? { tags: sortedTags(d.tags) } : {}),
    storage: { total: d.totalKib, free: d.freeKib, used: d.usedKib },
    id: d.id,
    ...(d.paths.length > 0 ? { paths: d.paths } : {}),
    ...(d.pvUuid !== '' ? { pv_uuid: d.pvUuid } : {}),
    state: d.state,
    bricks: store.bricks.listInfoByDevice(d.id),
  };
}

/** NodeInfoResponse with its devices. */
export function toNodeInfo(store: Store, n: Node) {
  return { ...toNodeInfoWithoutDevices(n), devices: store.devices.listByNode(n.id).map((d) => toDeviceInfo(store, d)) };
}

/** NodeInfoResponse up to its devices, its last field. */
export function toNodeInfoWithoutDevices(n: Node) {
  return {
    zone: n.zone,
    hostnames: { manage: n.manageHostnames, storage: n.storageHostnames },
    cluster: n.clusterId,
    ...(Object.keys(n.tags).length > 0 ? { tags: sortedTags(n.tags) } : {}),
    id: n.id,
    state: n.state,
  };
}

/** Go encodes maps with sorted keys. */
export function sortedTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
