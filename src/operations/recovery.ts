import type { Store } from '../store/store.js';
import type { StoredOperation } from '../store/repos/operations.js';
import type { Logger } from '../services/context.js';
import type { JobQueue } from './jobs.js';
import type { Operation } from './operation.js';
import { markFailed } from './run-steps.js';
import { IMMEDIATE, mayHaveCommandsInFlight, type RecoveryPolicy } from './recovery-policy.js';

/** Rebuilds the Operation object for a stored record, or null for a type heketi-ts cannot load. */
export type OperationLoader = (stored: StoredOperation) => Operation | null;

export interface RecoveryReport {
  rolledForward: { id: string; location: string | null }[];
  rolledBack: string[];
  failed: { id: string; error: string }[];
}

export const RESTART_NOTHING_SAVED =
  'The server restarted before this request finished; nothing was saved. Retry the request.';
export const RESTART_ROLLED_BACK =
  'The server restarted before this request finished; the operation was rolled back. Retry the request.';
export const CLEANUP_ROLLED_BACK = 'The result of this request could not be saved; the operation was rolled back. Retry the request.';

/**
 * Better than Heketi, which marked interrupted operations stale and left them holding space until
 * an operator or the hourly cleaner got to them: at start-up every interrupted operation is
 * finished (when its remote work was complete, or when it is a delete) or undone, before the server
 * accepts requests. Commands the stopped server had sent may still be running on the nodes, so
 * recovery first gives them `policy.settleMs` to arrive and repeats a failed step (see
 * recovery-policy.ts). One that cannot be recovered even so (e.g. a node is unreachable) is marked
 * failed and can be retried with POST /operations/pending/cleanup.
 */
export async function recoverOperations(
  store: Store,
  load: OperationLoader,
  log: Logger,
  policy: RecoveryPolicy = IMMEDIATE,
): Promise<RecoveryReport> {
  const report: RecoveryReport = { rolledForward: [], rolledBack: [], failed: [] };
  const interrupted = store.operations.list();
  if (policy.settleMs > 0 && interrupted.some((op) => mayHaveCommandsInFlight(op.phase))) {
    log.info({ operations: interrupted.length, settleMs: policy.settleMs }, 'waiting for the stopped server\'s commands to finish on the nodes before recovery');
    await sleep(policy.settleMs);
  }
  for (const stored of interrupted) {
    const outcome = await recoverOne(store, load, stored, log, policy.retryDelaysMs);
    if (outcome === 'back') report.rolledBack.push(stored.id);
    else if ('error' in outcome) report.failed.push({ id: stored.id, error: outcome.error });
    else report.rolledForward.push({ id: stored.id, location: outcome.location });
  }
  return report;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Recovers one operation; also used by POST /operations/pending/cleanup. A failed attempt is
 * repeated after each of `retryDelaysMs`: finishing and undoing both re-read the nodes, so a
 * repeat also undoes what a command arriving late made in between.
 */
export async function recoverOne(
  store: Store,
  load: OperationLoader,
  stored: StoredOperation,
  log: Logger,
  retryDelaysMs: readonly number[] = [],
): Promise<{ location: string | null } | 'back' | { error: string }> {
  const op = load(stored);
  if (!op) return { error: `operation type ${stored.type} cannot be recovered` };
  const direction = op.recoveryDirection(stored.phase);
  for (let attempt = 0; ; attempt++) {
    try {
      if (direction === 'forward') {
        if (stored.phase !== 'exec-done') await op.exec();
        store.tx(() => op.finalize());
      } else {
        await op.rollback();
      }
      log.info({ op: stored.id, type: op.typeName, direction, attempts: attempt + 1 }, 'recovered interrupted operation');
      return direction === 'forward' ? { location: op.location() } : 'back';
    } catch (e) {
      const error = messageOf(e);
      const delay = retryDelaysMs[attempt];
      if (delay !== undefined) {
        log.warn({ op: stored.id, err: error, attempt: attempt + 1, retryInMs: delay }, 'recovery step failed; repeating it');
        await sleep(delay);
        continue;
      }
      log.error({ op: stored.id, err: error }, 'could not recover operation; marked failed');
      markFailed(store, stored.id);
      return { error };
    }
  }
}

type RecoveryOutcome = Awaited<ReturnType<typeof recoverOne>>;

/**
 * Answers the pending jobs of an operation just recovered by POST /operations/pending/cleanup: a
 * job left pending because its result could not be saved gets the answer recovery decided. One
 * that could not be recovered keeps its job pending, as the next cleanup may still go either way.
 */
export function settleJobsOf(store: Store, jobs: JobQueue, opId: string, outcome: RecoveryOutcome): void {
  if (typeof outcome === 'object' && 'error' in outcome) return;
  const answer = outcome === 'back' ? { error: CLEANUP_ROLLED_BACK } : outcome;
  for (const job of store.jobs.listPending()) if (job.opId === opId) jobs.finish(job.id, answer);
}

/** Settles the queue jobs that were pending when the server stopped. */
export function settleInterruptedJobs(store: Store, jobs: JobQueue, report: RecoveryReport): void {
  const forward = new Map(report.rolledForward.map((f) => [f.id, f.location]));
  const back = new Set(report.rolledBack);
  const failed = new Map(report.failed.map((f) => [f.id, f.error]));
  for (const job of store.jobs.listPending()) {
    if (job.opId && forward.has(job.opId)) jobs.finish(job.id, { location: forward.get(job.opId)! });
    else if (job.opId && back.has(job.opId)) jobs.finish(job.id, { error: RESTART_ROLLED_BACK });
    else if (job.opId && failed.has(job.opId)) jobs.finish(job.id, { error: failed.get(job.opId)! });
    else jobs.finish(job.id, { error: RESTART_NOTHING_SAVED });
  }
}
