import type { Logger } from '../services/context.js';
import type { Store } from '../store/store.js';
import { crashPoint } from './crash-points.js';
import type { Operation } from './operation.js';
import { commitOrUndo, rollbackOrMarkFailed } from './run-steps.js';

/**
 * Runs an operation to the end inside work that already holds its throttle slot: device removal
 * (started as a throttled job by RemovalService) and the brick evictions nested under it. Taking a
 * second slot there could deadlock a server whose limit is 1, so this skips the tracker and the
 * queue, and otherwise follows OperationRunner: build, exec, exec-done, finalize; on an exec failure
 * roll back, or mark the record failed when the rollback fails too.
 */
export async function runOperationInline(store: Store, log: Logger, op: Operation): Promise<void> {
  store.tx(() => op.build());
  crashPoint(op.typeName, 'after-build');
  try {
    await op.exec();
  } catch (e) {
    await rollbackOrMarkFailed(store, log, op, e);
    throw e;
  }
  crashPoint(op.typeName, 'after-exec');
  await commitOrUndo(store, log, op, () => store.tx(() => op.finalize()));
  crashPoint(op.typeName, 'after-finalize');
}
