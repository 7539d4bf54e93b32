/**
 * Heketi's `heketi_*` gauges, recomputed from SQLite at each scrape as Heketi's collector reads its
 * db (pkg/metrics/metrics.go), so existing dashboards keep working. The reading is here; the text
 * is written by heketi-exposition.ts.
 */
import type { Store } from '../store/store.js';
import { renderInFlightGauge, renderStoredGauges, type HeketiGaugeValues } from './heketi-exposition.js';

export class HeketiGauges {
  /**
   * The database's part of the text and the change stamp it was read at. Prometheus scrapes
   * every 15–30 s; while nothing has changed a scrape reuses it instead of reading and writing
   * 10,000 devices' series again (~0.25 s on the event loop at 50,000 volumes).
   */
  private kept: { stamp: string; text: string } | null = null;

  constructor(
    private readonly store: Store,
    private readonly inFlight: () => number,
  ) {}

  /** The gauges' exposition text; if the database cannot be read, `heketi_up 0`, as in Heketi. */
  render(): string {
    return `${this.storedText()}\n\n${renderInFlightGauge(this.inFlight())}`;
  }

  private storedText(): string {
    let stamp: string | null;
    let values: HeketiGaugeValues;
    try {
      stamp = this.store.changes.current();
      if (stamp !== null && this.kept?.stamp === stamp) return this.kept.text;
      values = this.store.db.transaction(() => this.read())();
    } catch {
      this.kept = null;
      return renderStoredGauges(null);
    }
    const text = renderStoredGauges(values);
    // Read before the transaction: a commit by another connection in between leaves text newer
    // than its stamp, which the next scrape's newer stamp replaces.
    this.kept = stamp === null ? null : { stamp, text };
    return text;
  }

  /** One consistent reading of everything the gauges show from the database. */
  private read(): HeketiGaugeValues {
    const clusters = this.store.clusters.list().map((c) => ({
      id: c.id,
      volumes: this.store.volumes.listVisibleIdsByCluster(c.id).length,
      blockVolumes: this.store.blockVolumes.listByCluster(c.id).filter((b) => b.pendingOpId === null).length,
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
    return { stale: count('stale'), failed: count('failed'), new: count(''), total: ops.length };
  }
}
