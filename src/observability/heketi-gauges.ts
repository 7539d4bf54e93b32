/**
 * Heketi's `heketi_*` gauges with its exact names and labels, so existing dashboards keep working.
 * They are recomputed from SQLite at each scrape (refresh), as Heketi's collector reads its db.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Store } from '../store/store.js';

/** Labels of the per-device series, in the sorted order Go's client prints them. */
type DeviceLabels = Record<'cluster' | 'device' | 'hostname' | 'id' | 'pv_uuid' | 'storage_hostname', string>;

const DEVICE_LABELS = ['cluster', 'device', 'hostname', 'id', 'pv_uuid', 'storage_hostname'] as const;
const NODE_LABELS = ['cluster', 'hostname', 'storage_hostname'] as const;

const KIB = 1024;

/** The gauges and how to fill them; `refresh` replaces every series with the current state. */
export class HeketiGauges {
  private readonly up: Gauge;
  private readonly clusterCount: Gauge;
  private readonly perCluster: Record<'volumes' | 'blockVolumes' | 'nodes', Gauge>;
  private readonly deviceCount: Gauge;
  private readonly device: Record<'size' | 'free' | 'used' | 'sizeBytes' | 'freeBytes' | 'usedBytes' | 'bricks', Gauge>;
  private readonly operations: Record<'stale' | 'failed' | 'new' | 'total' | 'inFlight', Gauge>;

  constructor(
    registry: Registry,
    private readonly store: Store,
    private readonly inFlight: () => number,
  ) {
    const gauge = (name: string, help: string, labelNames: readonly string[] = []) =>
      new Gauge({ name: `heketi_${name}`, help, labelNames, registers: [registry] });
    this.up = gauge('up', 'Is heketi running?');
    this.clusterCount = gauge('cluster_count', 'Number of clusters');
    this.perCluster = {
      volumes: gauge('volumes_count', 'Number of volumes on cluster', ['cluster']),
      blockVolumes: gauge('block_volumes_count', 'Number of block volumes on cluster', ['cluster']),
      nodes: gauge('nodes_count', 'Number of nodes on cluster', ['cluster']),
    };
    this.deviceCount = gauge('device_count', 'Number of devices on host', NODE_LABELS);
    this.device = {
      size: gauge('device_size', 'Total size of the device', DEVICE_LABELS),
      free: gauge('device_free', 'Amount of Free space available on the device', DEVICE_LABELS),
      used: gauge('device_used', 'Amount of space used on the device', DEVICE_LABELS),
      sizeBytes: gauge('device_size_bytes', 'Total size of the device in bytes', DEVICE_LABELS),
      freeBytes: gauge('device_free_bytes', 'Amount of Free space available on the device in bytes', DEVICE_LABELS),
      usedBytes: gauge('device_used_bytes', 'Amount of space used on the device in bytes', DEVICE_LABELS),
      bricks: gauge('device_brick_count', 'Number of bricks on device', DEVICE_LABELS),
    };
    this.operations = {
      stale: gauge('operations_stale_count', 'Number of Stale Operations'),
      failed: gauge('operations_failed_count', 'Number of Failed Operations'),
      new: gauge('operations_new_count', 'Number of New Operations'),
      total: gauge('operations_total_count', 'Total Number of Operations'),
      inFlight: gauge('operations_inFlight_count', 'Number of in flight Operations'),
    };
  }

  private all(): Gauge[] {
    return [
      this.clusterCount,
      ...Object.values(this.perCluster),
      this.deviceCount,
      ...Object.values(this.device),
      ...Object.values(this.operations),
    ];
  }

  /** Reads the database once; if it cannot, only `heketi_up 0` is left, as in Heketi. */
  refresh(): void {
    for (const g of this.all()) g.reset();
    try {
      this.store.db.transaction(() => this.fill())();
      this.up.set(1);
    } catch {
      for (const g of this.all()) g.reset();
      this.up.set(0);
    }
  }

  private fill(): void {
    const clusters = this.store.clusters.list();
    this.clusterCount.set(clusters.length);
    this.fillOperations();
    for (const c of clusters) {
      const nodes = this.store.nodes.listByCluster(c.id);
      this.perCluster.volumes.set({ cluster: c.id }, this.store.volumes.listVisibleIdsByCluster(c.id).length);
      const blockVolumes = this.store.blockVolumes.listByCluster(c.id).filter((b) => b.pendingOpId === null);
      this.perCluster.blockVolumes.set({ cluster: c.id }, blockVolumes.length);
      this.perCluster.nodes.set({ cluster: c.id }, nodes.length);
      for (const n of nodes) {
        const hostname = n.manageHostnames[0] ?? '';
        const storageHostname = n.storageHostnames[0] ?? '';
        const devices = this.store.devices.listByNode(n.id);
        this.deviceCount.set({ cluster: c.id, hostname, storage_hostname: storageHostname }, devices.length);
        for (const d of devices) {
          const labels: DeviceLabels = {
            cluster: c.id,
            device: d.name,
            hostname,
            id: d.id,
            pv_uuid: d.pvUuid,
            storage_hostname: storageHostname,
          };
          this.fillDevice(labels, d.totalKib, d.freeKib, d.usedKib, this.store.bricks.listByDevice(d.id).length);
        }
      }
    }
  }

  private fillDevice(labels: DeviceLabels, total: number, free: number, used: number, bricks: number): void {
    this.device.size.set(labels, total);
    this.device.free.set(labels, free);
    this.device.used.set(labels, used);
    this.device.sizeBytes.set(labels, total * KIB);
    this.device.freeBytes.set(labels, free * KIB);
    this.device.usedBytes.set(labels, used * KIB);
    this.device.bricks.set(labels, bricks);
  }

  /** The same numbers as GET /operations. */
  private fillOperations(): void {
    const ops = this.store.operations.list();
    const count = (status: string) => ops.filter((op) => op.status === status).length;
    this.operations.stale.set(count('stale'));
    this.operations.failed.set(count('failed'));
    this.operations.new.set(count(''));
    this.operations.total.set(ops.length);
    this.operations.inFlight.set(this.inFlight());
  }
}
