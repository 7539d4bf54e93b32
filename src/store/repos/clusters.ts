import type { Cluster } from '../../domain/entities.js';
import type { Db } from '../db.js';

interface ClusterRow {
  id: string;
  block: number;
  file: number;
}

const toCluster = (r: ClusterRow): Cluster => ({ id: r.id, block: r.block === 1, file: r.file === 1 });

export class ClusterRepo {
  private readonly byId;
  private readonly all;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.byId = db.prepare<[string], ClusterRow>('SELECT * FROM clusters WHERE id = ?');
    this.all = db.prepare<[], ClusterRow>('SELECT * FROM clusters ORDER BY id');
    this.insertStmt = db.prepare('INSERT INTO clusters (id, block, file) VALUES (@id, @block, @file)');
    this.updateStmt = db.prepare('UPDATE clusters SET block = @block, file = @file WHERE id = @id');
    this.deleteStmt = db.prepare('DELETE FROM clusters WHERE id = ?');
  }

  get(id: string): Cluster | undefined {
    const r = this.byId.get(id);
    return r && toCluster(r);
  }

  list(): Cluster[] {
    return this.all.all().map(toCluster);
  }

  insert(c: Cluster): void {
    this.insertStmt.run({ id: c.id, block: c.block ? 1 : 0, file: c.file ? 1 : 0 });
  }

  update(c: Cluster): void {
    this.updateStmt.run({ id: c.id, block: c.block ? 1 : 0, file: c.file ? 1 : 0 });
  }

  delete(id: string): void {
    this.deleteStmt.run(id);
  }
}
