import type { OperationPhase } from '../domain/entities.js';

/**
 * One change to the cluster, in Heketi's four phases:
 * - build: a single transaction that allocates, writes the pending rows and the operation record;
 *   no remote command has run yet, so a crash here leaves nothing on the nodes.
 * - exec: remote commands only; the database is not written.
 * - finalize: a single transaction that makes the result permanent and deletes the record.
 * - rollback: undoes exec on the nodes, then build in the database. It must be idempotent: after a
 *   crash it runs again over whatever part of exec had happened.
 * Recovery after a restart loads the operation from its record and, by its phase, finishes it
 * (`rollForward`) or undoes it (`rollback`); see recovery.ts.
 */
export interface Operation {
  /** The pending-operation id (also the row id in pending_operations). */
  readonly id: string;
  /** Heketi's type name, e.g. `create-volume` (GET /operations/pending). */
  readonly typeName: string;
  /** Whether it takes one of the `max_inflight_operations` slots. */
  readonly throttled: boolean;
  /** How many times a failed exec is retried after a rollback and a fresh build (Heketi: create only). */
  readonly retryLimit: number;
  build(): void;
  exec(): Promise<void>;
  finalize(): void;
  rollback(): Promise<void>;
  /** The resource a finished job points at (303), or null (204). */
  location(): string | null;
  /** After a restart: which way to recover from `phase`. */
  recoveryDirection(phase: OperationPhase): 'forward' | 'back';
}
