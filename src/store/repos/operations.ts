import type { OperationAction, OperationPhase, OperationStatus, OperationTypeNumber, PendingOperation } from '../../domain/entities.js';
import type { Db } from '../db.js';

interface OperationRow {
  id: string;
  type: number;
  timestamp: number;
  status: string;
  phase: string;
  actions: string;
  payload: string;
}

/** A pending operation plus the private data heketi-ts needs to finish or undo it after a crash. */
export interface StoredOperation extends PendingOperation {
  payload: Record<string, unknown>;
}

const toOperation = (r: OperationRow): StoredOperation => ({
  id: r.id,
  type: r.type as OperationTypeNumber,
  timestamp: r.timestamp,
  status: r.status as OperationStatus,
  phase: r.phase as OperationPhase,
  actions: JSON.parse(r.actions) as OperationAction[],
  payload: JSON.parse(r.payload) as Record<string, unknown>,
});

export class OperationRepo {
  private readonly byId;
  private readonly all;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.byId = db.prepare<[string], OperationRow>('SELECT * FROM pending_operations WHERE id = ?');
    this.all = db.prepare<[], OperationRow>('SELECT * FROM pending_operations ORDER BY id');
    this.insertStmt = db.prepare(`INSERT INTO pending_operations (id, type, timestamp, status, phase, actions, payload)
      VALUES (@id, @type, @timestamp, @status, @phase, @actions, @payload)`);
    this.updateStmt = db.prepare(`UPDATE pending_operations SET type = @type, timestamp = @timestamp, status = @status,
      phase = @phase, actions = @actions, payload = @payload WHERE id = @id`);
    this.deleteStmt = db.prepare('DELETE FROM pending_operations WHERE id = ?');
  }

  get(id: string): StoredOperation | undefined {
    const r = this.byId.get(id);
    return r && toOperation(r);
  }

  list(): StoredOperation[] {
    return this.all.all().map(toOperation);
  }

  insert(op: StoredOperation): void {
    this.insertStmt.run(this.toRow(op));
  }

  update(op: StoredOperation): void {
    this.updateStmt.run(this.toRow(op));
  }

  /** Rewrites some fields of a stored record; a record that is gone is left gone. */
  patch(id: string, changes: Partial<Omit<StoredOperation, 'id'>>): void {
    const stored = this.get(id);
    if (stored) this.update({ ...stored, ...changes });
  }

  delete(id: string): void {
    this.deleteStmt.run(id);
  }

  private toRow(op: StoredOperation): OperationRow {
    return {
      id: op.id,
      type: op.type,
      timestamp: op.timestamp,
      status: op.status,
      phase: op.phase,
      actions: JSON.stringify(op.actions),
      payload: JSON.stringify(op.payload),
    };
  }
}
