import type { BlockVolume } from '../../domain/entities.js';
import type { Db } from '../db.js';

interface BlockVolumeRow {
  id: string;
  cluster_id: string;
  bhv_id: string;
  name: string;
  size_gib: number;
  usable_size_gib: number;
  hacount: number;
  auth: number;
  hosts: string;
  iqn: string;
  lun: number;
  username: string;
  password: string;
  pending_op_id: string | null;
}

const toBlockVolume = (r: BlockVolumeRow): BlockVolume => ({
  id: r.id,
  clusterId: r.cluster_id,
  blockHostingVolumeId: r.bhv_id,
  name: r.name,
  sizeGib: r.size_gib,
  usableSizeGib: r.usable_size_gib,
  hacount: r.hacount,
  auth: r.auth === 1,
  hosts: JSON.parse(r.hosts) as string[],
  iqn: r.iqn,
  lun: r.lun,
  username: r.username,
  password: r.password,
  pendingOpId: r.pending_op_id,
});

const toRow = (b: BlockVolume): BlockVolumeRow => ({
  id: b.id,
  cluster_id: b.clusterId,
  bhv_id: b.blockHostingVolumeId,
  name: b.name,
  size_gib: b.sizeGib,
  usable_size_gib: b.usableSizeGib,
  hacount: b.hacount,
  auth: b.auth ? 1 : 0,
  hosts: JSON.stringify(b.hosts),
  iqn: b.iqn,
  lun: b.lun,
  username: b.username,
  password: b.password,
  pending_op_id: b.pendingOpId,
});

const COLUMNS = 'id, cluster_id, bhv_id, name, size_gib, usable_size_gib, hacount, auth, hosts, iqn, lun, username, password, pending_op_id';

export class BlockVolumeRepo {
  private readonly byId;
  private readonly byBhv;
  private readonly byCluster;
  private readonly visibleIds;
  private readonly visibleIdsByBhv;
  private readonly all;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.byId = db.prepare<[string], BlockVolumeRow>('SELECT * FROM block_volumes WHERE id = ?');
    this.byBhv = db.prepare<[string], BlockVolumeRow>('SELECT * FROM block_volumes WHERE bhv_id = ? ORDER BY id');
    this.byCluster = db.prepare<[string], BlockVolumeRow>('SELECT * FROM block_volumes WHERE cluster_id = ? ORDER BY id');
    this.visibleIds = db.prepare<[], { id: string }>('SELECT id FROM block_volumes WHERE pending_op_id IS NULL ORDER BY id');
    // Bare ids for every volume info (each asks, block-hosting or not): no row objects to build.
    this.visibleIdsByBhv = db.prepare<[string], string>('SELECT id FROM block_volumes WHERE bhv_id = ? AND pending_op_id IS NULL').pluck();
    this.all = db.prepare<[], BlockVolumeRow>('SELECT * FROM block_volumes ORDER BY id');
    this.insertStmt = db.prepare(`INSERT INTO block_volumes (${COLUMNS}) VALUES (${COLUMNS.split(', ').map((c) => '@' + c).join(', ')})`);
    this.updateStmt = db.prepare(
      `UPDATE block_volumes SET ${COLUMNS.split(', ').slice(1).map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
    );
    this.deleteStmt = db.prepare('DELETE FROM block_volumes WHERE id = ?');
  }

  get(id: string): BlockVolume | undefined {
    const r = this.byId.get(id);
    return r && toBlockVolume(r);
  }

  listByBlockHostingVolume(bhvId: string): BlockVolume[] {
    return this.byBhv.all(bhvId).map(toBlockVolume);
  }

  /** Ids of the block volumes on `bhvId` no operation is creating or deleting, in no set order. */
  visibleIdsByBlockHostingVolume(bhvId: string): string[] {
    return this.visibleIdsByBhv.all(bhvId);
  }

  listByCluster(clusterId: string): BlockVolume[] {
    return this.byCluster.all(clusterId).map(toBlockVolume);
  }

  listVisibleIds(): string[] {
    return this.visibleIds.all().map((r) => r.id);
  }

  list(): BlockVolume[] {
    return this.all.all().map(toBlockVolume);
  }

  insert(b: BlockVolume): void {
    this.insertStmt.run(toRow(b));
  }

  update(b: BlockVolume): void {
    this.updateStmt.run(toRow(b));
  }

  delete(id: string): void {
    this.deleteStmt.run(id);
  }
}
