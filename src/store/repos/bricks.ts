import type { Brick, BrickSubType } from '../../domain/entities.js';
import type { Db } from '../db.js';

interface BrickRow {
  id: string;
  device_id: string;
  node_id: string;
  volume_id: string;
  path: string;
  size_kib: number;
  tp_size_kib: number;
  pool_md_size_kib: number;
  sub_type: string;
  lvm_thin_pool: string;
  lvm_lv: string;
  position: number;
  pending_op_id: string | null;
}

const toBrick = (r: BrickRow): Brick => ({
  id: r.id,
  deviceId: r.device_id,
  nodeId: r.node_id,
  volumeId: r.volume_id,
  path: r.path,
  sizeKib: r.size_kib,
  tpSizeKib: r.tp_size_kib,
  poolMetadataSizeKib: r.pool_md_size_kib,
  subType: r.sub_type as BrickSubType,
  lvmThinPool: r.lvm_thin_pool,
  lvmLv: r.lvm_lv,
  position: r.position,
  pendingOpId: r.pending_op_id,
});

const toRow = (b: Brick): BrickRow => ({
  id: b.id,
  device_id: b.deviceId,
  node_id: b.nodeId,
  volume_id: b.volumeId,
  path: b.path,
  size_kib: b.sizeKib,
  tp_size_kib: b.tpSizeKib,
  pool_md_size_kib: b.poolMetadataSizeKib,
  sub_type: b.subType,
  lvm_thin_pool: b.lvmThinPool,
  lvm_lv: b.lvmLv,
  position: b.position,
  pending_op_id: b.pendingOpId,
});

/** A brick as BrickInfo shows it (Heketi's field order), read straight from its row. */
export interface BrickInfoRow {
  id: string;
  path: string;
  device: string;
  node: string;
  volume: string;
  size: number;
}

export class BrickRepo {
  private readonly infoByDevice;
  private readonly infoByVolume;
  private readonly byId;
  private readonly byVolume;
  private readonly byDevice;
  private readonly all;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.byId = db.prepare<[string], BrickRow>('SELECT * FROM bricks WHERE id = ?');
    this.byVolume = db.prepare<[string], BrickRow>('SELECT * FROM bricks WHERE volume_id = ? ORDER BY position, id');
    this.byDevice = db.prepare<[string], BrickRow>('SELECT * FROM bricks WHERE device_id = ? ORDER BY id');
    this.infoByDevice = db.prepare<[string], BrickInfoRow>(
      'SELECT id, path, device_id AS device, node_id AS node, volume_id AS volume, size_kib AS size FROM bricks WHERE device_id = ? ORDER BY id',
    );
    this.infoByVolume = db.prepare<[string], BrickInfoRow>(
      'SELECT id, path, device_id AS device, node_id AS node, volume_id AS volume, size_kib AS size FROM bricks WHERE volume_id = ? ORDER BY id',
    );
    this.all = db.prepare<[], BrickRow>('SELECT * FROM bricks ORDER BY id');
    this.insertStmt = db.prepare(`INSERT INTO bricks (id, device_id, node_id, volume_id, path, size_kib, tp_size_kib,
      pool_md_size_kib, sub_type, lvm_thin_pool, lvm_lv, position, pending_op_id) VALUES (@id, @device_id, @node_id,
      @volume_id, @path, @size_kib, @tp_size_kib, @pool_md_size_kib, @sub_type, @lvm_thin_pool, @lvm_lv, @position, @pending_op_id)`);
    this.updateStmt = db.prepare(`UPDATE bricks SET device_id = @device_id, node_id = @node_id, volume_id = @volume_id,
      path = @path, size_kib = @size_kib, tp_size_kib = @tp_size_kib, pool_md_size_kib = @pool_md_size_kib,
      sub_type = @sub_type, lvm_thin_pool = @lvm_thin_pool, lvm_lv = @lvm_lv, position = @position,
      pending_op_id = @pending_op_id WHERE id = @id`);
    this.deleteStmt = db.prepare('DELETE FROM bricks WHERE id = ?');
  }

  get(id: string): Brick | undefined {
    const r = this.byId.get(id);
    return r && toBrick(r);
  }

  /** The volume's bricks in gluster order (placement order). */
  listByVolume(volumeId: string): Brick[] {
    return this.byVolume.all(volumeId).map(toBrick);
  }

  listByDevice(deviceId: string): Brick[] {
    return this.byDevice.all(deviceId).map(toBrick);
  }

  /**
   * The device's bricks as BrickInfo, in id order, without building whole bricks: node info lists
   * every brick of every device of the node (docs/benchmarks.md).
   */
  listInfoByDevice(deviceId: string): BrickInfoRow[] {
    return this.infoByDevice.all(deviceId);
  }

  /**
   * The volume's bricks as BrickInfo, in id order (as Heketi lists them in volume info), read from
   * the covering index on a volume's bricks without building whole bricks (topology info's
   * volumes; `GET /volumes/{id}` reads them as JSON text with the volume, VolumeRepo.infoView).
   */
  listInfoByVolume(volumeId: string): BrickInfoRow[] {
    return this.infoByVolume.all(volumeId);
  }

  list(): Brick[] {
    return this.all.all().map(toBrick);
  }

  insert(b: Brick): void {
    this.insertStmt.run(toRow(b));
  }

  update(b: Brick): void {
    this.updateStmt.run(toRow(b));
  }

  delete(id: string): void {
    this.deleteStmt.run(id);
  }
}
