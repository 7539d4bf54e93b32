import type { Store } from '../store/store.js';
import type { Logger } from '../services/context.js';
import { crashPoint } from './crash-points.js';
import type { JobQueue } from './jobs.js';
import type { Operation } from './operation.js';
import { commitOrUndo, markFailed, rollbackOrMarkFailed } from './run-steps.js';
import type { InFlightTracker } from './tracker.js';

/**
 * Runs operations through build -> exec -> finalize | rollback, as Heketi's AsyncHttpOperation:
 * the throttle and build happen in the request (so 429 and allocation errors are synchronous),
 * then a queue job does the rest in the background.
 */
export class OperationRunner {
  constructor(
    private readonly store: Store,
    private readonly tracker: InFlightTracker,
    private readonly jobs: JobQueue,
    private readonly log: Logger,
    private readonly onFinished: (typeName: string, outcome: 'success' | 'failure', seconds: number) => void = () => undefined,
  ) {}

  /**
   * Throttles (waiting for a slot as the tracker allows), builds, and starts the job; returns the
   * queue job id for the 202. The build runs after the wait, on the database as it is then.
   */
  async start(op: Operation): Promise<string> {
    const release = await this.tracker.acquire(op.throttled);
    const started = Date.now();
    try {
      return this.jobs.startWith(() => op.build(), op.id, async (jobId) => {
        crashPoint(op.typeName, 'after-build');
        const line = { op: op.id, type: op.typeName, job: jobId };
        this.log.info(line, 'operation started');
        let outcome: 'success' | 'failure' = 'failure';
        try {
          const location = await this.complete(op, jobId);
          outcome = 'success';
          this.log.info({ ...line, durationMs: Date.now() - started }, 'operation finished');
          return location;
        } catch (e) {
          this.log.warn({ ...line, durationMs: Date.now() - started, err: errorText(e) }, 'operation failed');
          throw e;
        } finally {
          release();
          this.onFinished(op.typeName, outcome, (Date.now() - started) / 1000);
        }
      }, () => this.notStarted(op, release));
    } catch (e) {
      release();
      throw e;
    }
  }

  /**
   * The build was committed but could not be synced to disk, so no remote command ran: the slot
   * is freed and the operation marked failed, so that the background cleaner and
   * POST /operations/pending/cleanup undo its build (its pending rows hold space until then).
   */
  private notStarted(op: Operation, release: () => void): void {
    release();
    try {
      markFailed(this.store, op.id);
    } catch (e) {
      // The database that could not sync may refuse this too; start-up recovery then undoes it.
      this.log.error({ op: op.id, err: errorText(e) }, 'could not mark the unstarted operation failed');
    }
  }

  /** Starts background work that is not an operation (node add, device add...) under the tracker. */
  async startJob(throttled: boolean, work: () => Promise<string | null>): Promise<string> {
    const release = await this.tracker.acquire(throttled);
    return this.jobs.start(
      null,
      async () => {
        try {
          return await work();
        } finally {
          release();
        }
      },
      release,
    );
  }

  /** Exec with Heketi's retry rule, then finalize; on failure roll back (or mark the op failed). */
  private async complete(op: Operation, jobId: string): Promise<string | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        await op.exec();
        break;
      } catch (e) {
        await rollbackOrMarkFailed(this.store, this.log, op, e);
        if (attempt >= op.retryLimit) throw e;
        this.log.info({ op: op.id, attempt: attempt + 1, err: String(e) }, 'retrying operation');
        this.store.tx(() => op.build());
      }
    }
    crashPoint(op.typeName, 'after-exec');
    // The job's answer commits with the result: a crash right after finalize still answers 303/204.
    // Lazy: if a power failure loses this commit, recovery finishes or undoes from the build record.
    await commitOrUndo(this.store, this.log, op, () =>
      this.store.lazyTx(() => {
        op.finalize();
        this.jobs.finish(jobId, { location: op.location() });
      }),
    );
    crashPoint(op.typeName, 'after-finalize');
    return op.location();
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
