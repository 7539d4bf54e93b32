import type { Device, EntityState } from '../../domain/entities.js';
import type { Db } from '../db.js';

interface DeviceRow {
  id: string;
  node_id: string;
  name: string;
  tags: string;
  state: string;
  total_kib: number;
  free_kib: number;
  used_kib: number;
  extent_kib: number;
  paths: string;
  pv_uuid: string;
}

const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  nodeId: r.node_id,
  name: r.name,
  tags: JSON.parse(r.tags) as Record<string, string>,
  state: r.state as EntityState,
  totalKib: r.total_kib,
  freeKib: r.free_kib,
  usedKib: r.used_kib,
  extentSizeKib: r.extent_kib,
  paths: JSON.parse(r.paths) as string[],
  pvUuid: r.pv_uuid,
});

const toRow = (d: Device): DeviceRow => ({
  id: d.id,
  node_id: d.nodeId,
  name: d.name,
  tags: JSON.stringify(d.tags),
  state: d.state,
  total_kib: d.totalKib,
  free_kib: d.freeKib,
  used_kib: d.usedKib,
  extent_kib: d.extentSizeKib,
  paths: JSON.stringify(d.paths),
  pv_uuid: d.pvUuid,
});

/** A device as Heketi's gauges show it: the labels of its series and their values. */
export interface DeviceGaugeRow {
  cluster: string;
  device: string;
  hostname: string;
  id: string;
  pvUuid: string;
  storageHostname: string;
  totalKib: number;
  freeKib: number;
  usedKib: number;
  bricks: number;
}

export class DeviceRepo {
  private readonly byId;
  private readonly byNode;
  private readonly all;
  private readonly gauges;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;
  private readonly chargeStmt;

  constructor(db: Db) {
    this.byId = db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?');
    this.byNode = db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE node_id = ? ORDER BY id');
    this.all = db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY id');
    this.gauges = db.prepare<[], DeviceGaugeRow>(`SELECT n.cluster_id AS cluster, d.name AS device,
      coalesce(json_extract(n.manage_hostnames, '$[0]'), '') AS hostname, d.id AS id, d.pv_uuid AS pvUuid,
      coalesce(json_extract(n.storage_hostnames, '$[0]'), '') AS storageHostname, d.total_kib AS totalKib,
      d.free_kib AS freeKib, d.used_kib AS usedKib, (SELECT count(*) FROM bricks b WHERE b.device_id = d.id) AS bricks
      FROM devices d JOIN nodes n ON n.id = d.node_id ORDER BY n.cluster_id, n.id, d.id`);
    this.insertStmt = db.prepare(`INSERT INTO devices (id, node_id, name, tags, state, total_kib, free_kib, used_kib, extent_kib, paths, pv_uuid)
      VALUES (@id, @node_id, @name, @tags, @state, @total_kib, @free_kib, @used_kib, @extent_kib, @paths, @pv_uuid)`);
    this.updateStmt = db.prepare(`UPDATE devices SET node_id = @node_id, name = @name, tags = @tags, state = @state,
      total_kib = @total_kib, free_kib = @free_kib, used_kib = @used_kib, extent_kib = @extent_kib, paths = @paths,
      pv_uuid = @pv_uuid WHERE id = @id`);
    this.deleteStmt = db.prepare('DELETE FROM devices WHERE id = ?');
    this.chargeStmt = db.prepare('UPDATE devices SET free_kib = free_kib - @kib, used_kib = used_kib + @kib WHERE id = @id');
  }

  get(id: string): Device | undefined {
    const r = this.byId.get(id);
    return r && toDevice(r);
  }

  listByNode(nodeId: string): Device[] {
    return this.byNode.all(nodeId).map(toDevice);
  }

  list(): Device[] {
    return this.all.all().map(toDevice);
  }

  /**
   * Every device with what Heketi's gauges show of it (its node's first hostnames, its brick count,
   * pending bricks included as Heketi's device entries list them), by cluster, node and device id,
   * in one statement: /metrics reads them at each scrape (docs/benchmarks.md, "A scrape of /metrics
   * at 50,000 volumes").
   */
  listGaugeRows(): DeviceGaugeRow[] {
    return this.gauges.all();
  }

  insert(d: Device): void {
    this.insertStmt.run(toRow(d));
  }

  update(d: Device): void {
    this.updateStmt.run(toRow(d));
  }

  delete(id: string): void {
    this.deleteStmt.run(id);
  }

  /** Moves `kib` from free to used (negative gives space back). The schema refuses a negative free. */
  charge(id: string, kib: number): void {
    this.chargeStmt.run({ id, kib });
  }
}
