import type { Db } from '../db.js';

export type JobStatus = 'pending' | 'done' | 'failed';

export interface QueueJob {
  id: string;
  opId: string | null;
  status: JobStatus;
  /** Where a finished job points: `/volumes/<id>` (303), or null (204). */
  location: string | null;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
}

interface JobRow {
  id: string;
  op_id: string | null;
  status: string;
  location: string | null;
  error: string | null;
  created_at: number;
  finished_at: number | null;
}

const toJob = (r: JobRow): QueueJob => ({
  id: r.id,
  opId: r.op_id,
  status: r.status as JobStatus,
  location: r.location,
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

export class QueueJobRepo {
  private readonly byId;
  private readonly pending;
  private readonly insertStmt;
  private readonly finishStmt;
  private readonly expireStmt;
  private readonly forgetStmt;

  constructor(db: Db) {
    this.byId = db.prepare<[string], JobRow>('SELECT * FROM queue_jobs WHERE id = ?');
    this.pending = db.prepare<[], JobRow>("SELECT * FROM queue_jobs WHERE status = 'pending' ORDER BY created_at");
    this.insertStmt = db.prepare(`INSERT INTO queue_jobs (id, op_id, status, location, error, created_at, finished_at)
      VALUES (@id, @op_id, 'pending', NULL, NULL, @created_at, NULL)`);
    this.finishStmt = db.prepare(
      "UPDATE queue_jobs SET status = @status, location = @location, error = @error, finished_at = @finished_at WHERE id = @id AND status = 'pending'",
    );
    this.expireStmt = db.prepare("DELETE FROM queue_jobs WHERE status != 'pending' AND finished_at < ?");
    this.forgetStmt = db.prepare("DELETE FROM queue_jobs WHERE id = ? AND status != 'pending'");
  }

  get(id: string): QueueJob | undefined {
    const r = this.byId.get(id);
    return r && toJob(r);
  }

  listPending(): QueueJob[] {
    return this.pending.all().map(toJob);
  }

  insert(id: string, opId: string | null, createdAt: number): void {
    this.insertStmt.run({ id, op_id: opId, created_at: createdAt });
  }

  /** Records a job's outcome once; a job that already has one keeps it. */
  finish(id: string, status: 'done' | 'failed', location: string | null, error: string | null, finishedAt: number): void {
    this.finishStmt.run({ id, status, location, error, finished_at: finishedAt });
  }

  /** Forgets one finished job (a pending job is kept). */
  forget(id: string): void {
    this.forgetStmt.run(id);
  }

  /** Forgets finished jobs older than `before` (unix seconds). */
  expire(before: number): number {
    return this.expireStmt.run(before).changes;
  }
}
