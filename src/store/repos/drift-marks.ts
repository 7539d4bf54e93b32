import type { Db } from '../db.js';

/** Volumes a drift repair marked (today only `missing`: gluster lost them). */
export class DriftMarkRepo {
  private readonly setStmt;
  private readonly listStmt;

  constructor(db: Db) {
    this.setStmt = db.prepare('INSERT INTO volume_drift_marks (volume_id, kind, since) VALUES (?, ?, ?) ON CONFLICT(volume_id) DO NOTHING');
    this.listStmt = db.prepare<[string], { volume_id: string }>('SELECT volume_id FROM volume_drift_marks WHERE kind = ? ORDER BY volume_id');
  }

  markMissing(volumeId: string, since: number): void {
    this.setStmt.run(volumeId, 'missing', since);
  }

  missingVolumeIds(): Set<string> {
    return new Set(this.listStmt.all('missing').map((r) => r.volume_id));
  }
}
