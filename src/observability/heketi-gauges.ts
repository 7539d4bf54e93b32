/**
 * Heketi's `heketi_*` gauges, recomputed from SQLite at each scrape as Heketi's collector reads its
 * db (pkg/metrics/metrics.go), so existing dashboards keep working. The reading is here; the text
 * is written by heketi-exposition.ts.
 */
import type { Store } from '../store/store.js';
import { renderHeketiGauges, type HeketiGaugeValues } from './heketi-exposition.js';

export class HeketiGauges {
  constructor(
    private readonly store: Store,
    private readonly inFlight: () => number,
  ) {}

  /** The gauges' exposition text; if the database cannot be read, `heketi_up 0`, as in Heketi. */
  render(): string {
    let values: HeketiGaugeValues | null;
    try {
      values = this.store.db.transaction(() => this.read())();
    } catch {
      values = null;
    }
    return renderHeketiGauges(values);
  }

  /** One consistent reading of everything the gauges show. */
  private read(): HeketiGaugeValues {
    const clusters = this.store.clusters.list().map((c) => ({
      id: c.id,
      volumes: this.store.volumes.listVisibleIdsByCluster(c.id).length,
      blockVolumes: this.store.blockVolumes.listByCluster(c.id).filter((b) => b.pendingOpId === null).length,
      nodes: this.store.nodes.idsByCluster(c.id).length,
    }));
    return {
      clusters,
      hosts: this.store.nodes.listHostGaugeRows(),
      devices: this.store.devices.listGaugeRows(),
      operations: this.countOperations(),
    };
  }

  /** The same numbers as GET /operations. */
  private countOperations(): HeketiGaugeValues['operations'] {
    const ops = this.store.operations.list();
    const count = (status: string) => ops.filter((op) => op.status === status).length;
    return { stale: count('stale'), failed: count('failed'), new: count(''), total: ops.length, inFlight: this.inFlight() };
  }
}
