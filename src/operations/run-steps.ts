/**
 * The record-keeping steps that OperationRunner and runOperationInline share: each runs in its own
 * transaction so that a crash right after it leaves recovery an accurate record.
 */
import type { OperationPhase } from '../domain/entities.js';
import type { Logger } from '../services/context.js';
import type { Store } from '../store/store.js';
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
