import type { Device, Node } from '../../domain/entities.js';
import type { Store } from '../../store/store.js';
import type { BodyCache } from '../http/body-cache.js';
import { goJson } from '../http/go-json.js';
import { toDeviceInfo, toNodeInfoWithoutDevices } from './device.js';

/** A node info without its devices' infos: the text up to the devices array, and their ids. */
interface NodeShell {
  /** `{"zone":...,"state":"online","devices":` */
  head: string;
  deviceIds: string[];
}

/** A device info body (DeviceInfoResponse) as `GET /devices/{id}` sends it, kept under `device:{id}`. */
export const deviceInfoBody = (store: Store, d: Device): string => goJson(toDeviceInfo(store, d));

/** The response-cache key of a device info body. */
export const deviceInfoKey = (id: string): string => `device:${id}`;

/**
 * A node info body (NodeInfoResponse, api §6.4) made of its devices' info bodies, byte for byte what
 * `goJson(toNodeInfo(store, n))` gives (the reference; the test compares them). A node info is its
 * devices' infos, each exactly the body `GET /devices/{id}` sends (apps/glusterfs/app_node.go
 * fills DevicesInfo with the same DeviceInfoResponse as the device route), so the response cache
 * keeps the device bodies once and the node body is put together from them per request. Kept
 * whole, the node bodies were a second copy of every brick: at 10,000 volumes on 100 nodes, 7.5 of
 * the cache's 16 MiB, and the device bodies no longer fitted (docs/benchmarks.md, "Memory").
 * The rest of a node info, small, is kept per node while the database's change stamp stays the same.
 */
export class NodeInfoJson {
  private readonly shells = new Map<string, NodeShell>();
  private shellsStamp: string | null = null;

  /** @param nodeById the node, or the 404 the node route answers */
  constructor(
    private readonly store: Store,
    private readonly bodies: BodyCache,
    private readonly nodeById: (id: string) => Node,
  ) {}

  render(id: string): string {
    const stamp = this.bodies.currentStamp();
    const { shell, listed } = this.shell(id, stamp);
    let out = `${shell.head}[`;
    for (let i = 0; i < shell.deviceIds.length; i++) {
      const deviceId = shell.deviceIds[i]!;
      // A shell built for this request came with its devices; a kept one has only their ids.
      const build = () => deviceInfoBody(this.store, listed?.[i] ?? this.device(deviceId));
      const body = this.bodies.getUnder(stamp, deviceInfoKey(deviceId), build);
      const text = typeof body === 'string' ? body : body.toString('utf8');
      // Each device body ends with the encoder's newline; inside the array it does not.
      out += (i > 0 ? ',' : '') + text.slice(0, -1);
    }
    return `${out}]}\n`;
  }

  /** The node's shell, kept under `stamp`; when built now, with the devices it listed (`listed`). */
  private shell(id: string, stamp: string | null): { shell: NodeShell; listed?: Device[] } {
    if (stamp !== null && stamp !== this.shellsStamp) {
      this.shells.clear();
      this.shellsStamp = stamp;
    }
    const kept = stamp === null ? undefined : this.shells.get(id);
    if (kept !== undefined) return { shell: kept };
    const node = this.nodeById(id);
    const listed = this.store.devices.listByNode(id);
    const built = this.buildShell(node, listed);
    if (stamp !== null) this.shells.set(id, built);
    return { shell: built, listed };
  }

  private buildShell(node: Node, devices: Device[]): NodeShell {
    // The reference with no devices, cut before its empty array: `..."devices":[]}\n`.
    const empty = goJson({ ...toNodeInfoWithoutDevices(node), devices: [] });
    return { head: empty.slice(0, -'[]}\n'.length), deviceIds: devices.map((d) => d.id) };
  }

  private device(id: string): Device {
    const d = this.store.devices.get(id);
    // Read under the stamp that listed it: a device gone since would have moved the stamp.
    if (d === undefined) throw new Error(`device ${id} of a node info is gone`);
    return d;
  }
}
