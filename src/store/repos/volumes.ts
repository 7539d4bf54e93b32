import type { BlockRestriction, DurabilityRequest, Volume } from '../../domain/entities.js';
import { brickPath } from '../../domain/naming.js';
import { CHANGE_STAMP_SQL, stampOutsideTransaction } from '../change-stamp.js';
import { StampedLists } from '../stamped-lists.js';
import type { Db } from '../db.js';

interface VolumeRow {
  id: string;
  cluster_id: string;
  name: string;
  size_gib: number;
  durability: string;
  gid: number;
  block: number;
  snapshot_enable: number;
  snapshot_factor: number;
  options: string;
  block_free_gib: number;
  block_reserved_gib: number;
  block_restriction: string;
  pending_op_id: string | null;
}

/**
 * A volume row as an array, COLUMNS' order: every read is raw(), since better-sqlite3 builds a row
 * object with 14 named properties slowly (~6 of ~13 µs per lookup at 50,000 volumes; every volume
 * info miss asks).
 */
type VolumeTuple = [string, string, string, number, string, number, number, number, number, string, number, number, string, string | null];

const toVolume = (r: VolumeTuple | InfoViewTuple): Volume => ({
  id: r[0],
  clusterId: r[1],
  name: r[2],
  sizeGib: r[3],
  durability: JSON.parse(r[4]) as DurabilityRequest,
  gid: r[5],
  block: r[6] === 1,
  snapshot: { enable: r[7] === 1, factor: r[8] },
  glusterVolumeOptions: JSON.parse(r[9]) as string[],
  blockInfo: { freeSizeGib: r[10], reservedSizeGib: r[11], restriction: r[12] as BlockRestriction },
  pendingOpId: r[13],
});

const toRow = (v: Volume): VolumeRow => ({
  id: v.id,
  cluster_id: v.clusterId,
  name: v.name,
  size_gib: v.sizeGib,
  durability: JSON.stringify(v.durability),
  gid: v.gid,
  block: v.block ? 1 : 0,
  snapshot_enable: v.snapshot.enable ? 1 : 0,
  snapshot_factor: v.snapshot.factor,
  options: JSON.stringify(v.glusterVolumeOptions),
  block_free_gib: v.blockInfo.freeSizeGib,
  block_reserved_gib: v.blockInfo.reservedSizeGib,
  block_restriction: v.blockInfo.restriction,
  pending_op_id: v.pendingOpId,
});

const COLUMNS =
  'id, cluster_id, name, size_gib, durability, gid, block, snapshot_enable, snapshot_factor, options, block_free_gib, block_reserved_gib, block_restriction, pending_op_id';

/**
 * A brick as a volume info lists it (BrickInfo): id, device id, node id, size in KiB, and its path,
 * null when it is the one heketi-ts gives (domain/naming.ts brickPath: nearly every brick, and the
 * reader does not have to check). Its volume is the volume it is read with.
 */
export type InfoBrick = [id: string, deviceId: string, nodeId: string, sizeKib: number, path: string | null];

/** brickPath(device_id, id) as SQL, from the same function. */
const STANDARD_BRICK_PATH = `'${brickPath("' || b.device_id || '", "' || b.id || '")}'`;

/**
 * What a volume info body needs from the database beyond its cluster's mount hosts: the volume,
 * its bricks in id order, and the ids of its visible block volumes.
 */
export interface VolumeInfoView {
  volume: Volume;
  bricks: InfoBrick[];
  blockVolumeIds: string[];
}

/**
 * The volume row, its bricks, its block volume ids and the change stamp in one statement: one
 * statement takes SQLite's read lock once instead of three times, and the bricks come back as one
 * JSON string instead of a row object each (docs/benchmarks.md, "Volume info misses from one
 * statement"). The stamp comes last, of the same snapshot as the rows: a volume read that nothing
 * kept needs both, and each statement's read transaction is most of a keyed read's cost
 * (docs/benchmarks.md, "What a volume read at 50,000 volumes costs in SQLite"). The brick subquery
 * is answered from bricks_info_by_volume (migrations/0004) alone; ORDER BY inside an aggregate
 * needs SQLite 3.44, better-sqlite3 12 has it. Last comes the volume's info revision
 * (migrations/0005), which a record made from the view keeps.
 */
const INFO_VIEW = `SELECT ${COLUMNS},
  (SELECT json_group_array(json_array(b.id, b.device_id, b.node_id, b.size_kib, NULLIF(b.path, ${STANDARD_BRICK_PATH})) ORDER BY b.id)
   FROM bricks b WHERE b.volume_id = v.id),
  (SELECT json_group_array(bv.id) FROM block_volumes bv WHERE bv.bhv_id = v.id AND bv.pending_op_id IS NULL),
  (${CHANGE_STAMP_SQL}),
  v.info_rev
  FROM volumes v`;

type InfoViewTuple = [...VolumeTuple, string, string, string, number];

/**
 * A volume's info revision (migrations/0005: it moves with anything the volume's info shows) and
 * the change stamp, in one statement: what a read answered from a kept record checks.
 */
const INFO_REVISION = `SELECT info_rev, (${CHANGE_STAMP_SQL}) FROM volumes WHERE id = ?`;

/** A volume's info revision (migrations/0005) and the change stamp of the same read (null inside a transaction). */
export interface InfoRevision {
  revision: number;
  stamp: string | null;
}

/** A volume's info view, with the change stamp and its info revision of the same read. */
export interface StampedInfoView extends InfoRevision {
  view: VolumeInfoView;
}

export class VolumeRepo {
  private readonly idCache;
  private readonly byId;
  private readonly infoViewById;
  private readonly infoViewsAfter;
  private readonly infoRevisionById;
  private readonly byCluster;
  private readonly visibleIds;
  private readonly visibleIdsByCluster;
  private readonly byName;
  private readonly countByCluster;
  private readonly all;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;

  constructor(private readonly db: Db) {
    // At 10,000 volumes a visible-id list costs milliseconds to rebuild (docs/benchmarks.md).
    this.idCache = new StampedLists(db);
    this.byId = db.prepare<[string], VolumeTuple>(`SELECT ${COLUMNS} FROM volumes WHERE id = ?`).raw();
    this.infoViewById = db.prepare<[string], InfoViewTuple>(`${INFO_VIEW} WHERE v.id = ?`).raw();
    this.infoViewsAfter = db
      .prepare<[string, number], InfoViewTuple>(`${INFO_VIEW} WHERE v.id > ? AND v.pending_op_id IS NULL ORDER BY v.id LIMIT ?`)
      .raw();
    this.infoRevisionById = db.prepare<[string], [number, string]>(INFO_REVISION).raw();
    this.byCluster = db.prepare<[string], VolumeTuple>(`SELECT ${COLUMNS} FROM volumes WHERE cluster_id = ? ORDER BY id`).raw();
    // pluck(): bare strings instead of one {id} object per row; GET /volumes at 10,000 volumes spent
    // most of its time building those objects (docs/benchmarks.md).
    this.visibleIds = db.prepare<[], string>('SELECT id FROM volumes WHERE pending_op_id IS NULL ORDER BY id').pluck();
    this.visibleIdsByCluster = db
      .prepare<[string], string>('SELECT id FROM volumes WHERE cluster_id = ? AND pending_op_id IS NULL ORDER BY id')
      .pluck();
    this.byName = db.prepare<[string, string], VolumeTuple>(`SELECT ${COLUMNS} FROM volumes WHERE cluster_id = ? AND name = ?`).raw();
    this.countByCluster = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM volumes WHERE cluster_id = ?');
    this.all = db.prepare<[], VolumeTuple>(`SELECT ${COLUMNS} FROM volumes ORDER BY id`).raw();
    this.insertStmt = db.prepare(`INSERT INTO volumes (${COLUMNS}) VALUES (${COLUMNS.split(', ').map((c) => '@' + c).join(', ')})`);
    this.updateStmt = db.prepare(
      `UPDATE volumes SET ${COLUMNS.split(', ').slice(1).map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
    );
    this.deleteStmt = db.prepare('DELETE FROM volumes WHERE id = ?');
  }

  get(id: string): Volume | undefined {
    const r = this.byId.get(id);
    return r && toVolume(r);
  }

  /**
   * The volume with what its info body lists of its bricks and block volumes (VolumeInfoView), the
   * change stamp (ChangeStamp.current; null inside a transaction) and its info revision, read by
   * the same statement.
   */
  infoView(id: string): StampedInfoView | undefined {
    const r = this.infoViewById.get(id);
    return r === undefined ? undefined : this.toStampedInfoView(r);
  }

  /**
   * The info views of up to `limit` visible volumes with ids after `afterId`, in id order, each with
   * the stamp and its revision: for filling the volume records at start in a few statements.
   */
  infoViewsFrom(afterId: string, limit: number): StampedInfoView[] {
    return this.infoViewsAfter.all(afterId, limit).map((r) => this.toStampedInfoView(r));
  }

  /** The volume's info revision and the change stamp (null inside a transaction); undefined when there is no such volume. */
  infoRevision(id: string): InfoRevision | undefined {
    const r = this.infoRevisionById.get(id);
    return r === undefined ? undefined : { revision: r[0], stamp: stampOutsideTransaction(this.db, r[1]) };
  }

  private toStampedInfoView(r: InfoViewTuple): StampedInfoView {
    const bricks = r[14] === '[]' ? [] : (JSON.parse(r[14]) as InfoBrick[]);
    const blockVolumeIds = r[15] === '[]' ? [] : (JSON.parse(r[15]) as string[]);
    return { view: { volume: toVolume(r), bricks, blockVolumeIds }, stamp: stampOutsideTransaction(this.db, r[16]), revision: r[17] };
  }

  listByCluster(clusterId: string): Volume[] {
    return this.byCluster.all(clusterId).map(toVolume);
  }

  /** Ids of the volumes no operation is creating or deleting, as GET /volumes lists them. */
  listVisibleIds(): string[] {
    return this.idCache.get('', () => this.visibleIds.all());
  }

  listVisibleIdsByCluster(clusterId: string): string[] {
    return this.idCache.get(clusterId, () => this.visibleIdsByCluster.all(clusterId));
  }

  findByName(clusterId: string, name: string): Volume | undefined {
    const r = this.byName.get(clusterId, name);
    return r && toVolume(r);
  }

  countInCluster(clusterId: string): number {
    return this.countByCluster.get(clusterId)!.n;
  }

  list(): Volume[] {
    return this.all.all().map(toVolume);
  }

  insert(v: Volume): void {
    this.insertStmt.run(toRow(v));
  }

  update(v: Volume): void {
    this.updateStmt.run(toRow(v));
  }

  delete(id: string): void {
    this.deleteStmt.run(id);
  }
}
