import type { Db } from './db.js';

/**
 * The stamp as one SQL value, for ChangeStamp and for a statement that reads the stamp along with
 * what it builds (one read transaction instead of two; VolumeRepo.infoView).
 */
export const CHANGE_STAMP_SQL = "SELECT total_changes() || ':' || data_version FROM pragma_data_version";

/**
 * A stamp read by CHANGE_STAMP_SQL, or null inside a transaction: what a transaction reads may
 * still be rolled back, so nothing read there may be kept.
 */
export const stampOutsideTransaction = (db: Db, stamp: string): string | null => (db.inTransaction ? null : stamp);

/**
 * SQLite's own change counters as one value: total_changes() moves with every row this connection
 * writes (rolled-back writes included), data_version with every commit made by another connection.
 * A value derived from the database stays valid while the stamp stays the same.
 */
export class ChangeStamp {
  private readonly read;

  constructor(private readonly db: Db) {
    // One statement for both counters: every cached read asks for the stamp first.
    this.read = db.prepare<[], string>(CHANGE_STAMP_SQL).pluck();
  }

  /** The current stamp, or null inside a transaction (stampOutsideTransaction). */
  current(): string | null {
    if (this.db.inTransaction) return null;
    return this.read.get()!;
  }
}
