/**
 * The record-keeping steps that OperationRunner and runOperationInline share: each runs in its own
 * transaction so that a crash right after it leaves recovery an accurate record.
 */
import type { OperationPhase } from '../domain/entities.js';
import type { Logger } from '../services/context.js';
import type { Store } from '../store/store.js';
import { JobLeftPending } from './jobs.js';
import type { Operation } from './operation.js';

/** Records how far the operation got (what recovery reads to choose forward or back). */
export function setPhase(store: Store, opId: string, phase: OperationPhase): void {
  // Losing this on power failure only makes recovery undo instead of finish: lazy is enough.
  store.lazyTx(() => store.operations.patch(opId, { phase }));
}

/** Marks the record failed: recovery leaves it alone and an operator has to look. */
export function markFailed(store: Store, opId: string): void {
  store.tx(() => store.operations.patch(opId, { status: 'failed' }));
}

/**
 * Undoes a failed exec. When the rollback fails too, the record is marked failed and the exec
 * error `cause` is thrown (no retry can build over a half-undone operation).
 */
export async function rollbackOrMarkFailed(store: Store, log: Logger, op: Operation, cause: unknown): Promise<void> {
  try {
    setPhase(store, op.id, 'rollback');
    await op.rollback();
  } catch (rollbackError) {
    log.error({ op: op.id, err: String(rollbackError), cause: String(cause) }, 'rollback failed; operation marked failed');
    markFailed(store, op.id);
    throw cause;
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Records durably that the operation is to be undone; false when even that cannot be written. */
function recordRollback(store: Store, opId: string): boolean {
  try {
    store.tx(() => store.operations.patch(opId, { phase: 'rollback' }));
    return true;
  } catch {
    return false;
  }
}

/**
 * After a successful exec: records exec-done, then runs `commit` (finalize, and the job's answer).
 * When that fails (SQLite "database or disk is full", an I/O error) the client may not be told
 * "failed" while the record still says "finish me", or a later cleanup would make the volume it
 * was told does not exist. So the operation is rolled back now when its type allows it and the
 * decision can be recorded first; otherwise the job is left pending (JobLeftPending) for recovery
 * to finish the operation and answer the job.
 */
export async function commitOrUndo(store: Store, log: Logger, op: Operation, commit: () => void): Promise<void> {
  try {
    setPhase(store, op.id, 'exec-done');
    commit();
  } catch (cause) {
    if (op.recoveryDirection('rollback') === 'back' && recordRollback(store, op.id)) {
      log.error({ op: op.id, err: messageOf(cause) }, 'result could not be saved; rolling the operation back');
      await rollbackOrMarkFailed(store, log, op, cause);
      throw new Error(`${messageOf(cause)}: the result could not be saved, the operation was rolled back`);
    }
    throw new JobLeftPending(
      `${op.typeName} ${op.id}: done on the nodes but the result could not be saved (${messageOf(cause)}); ` +
        'POST /operations/pending/cleanup or the next start finishes it',
    );
  }
}
