import type { Store } from '../store/store.js';
import type { QueueJob } from '../store/repos/queue-jobs.js';
import type { Clock, Logger } from '../services/context.js';
import type { IdGen } from '../domain/ids.js';

/**
 * Thrown by job work whose outcome is not this job's to tell: an operation done on the nodes whose
 * result could not be saved (a full disk). Its stored record decides what recovery does, so the
 * job stays pending and is answered when the operation is recovered (cleanup or the next start).
 */
export class JobLeftPending extends Error {
  override readonly name = 'JobLeftPending';
}

/** Work behind an accepted request: resolves to the location of the result (303) or null (204). */
export type JobWork = (jobId: string) => Promise<string | null>;

/**
 * The jobs behind `/queue/{id}`. Heketi kept them in memory and forgot a result once it was read
 * (and all of them on restart); heketi-ts keeps them in SQLite and lets a finished result be read
 * again until `retentionSeconds` have passed. `retentionSeconds` 0 restores Heketi's read-once
 * behaviour: a finished result is answered once, then the job is gone (404).
 */
export class JobQueue {
  private readonly running = new Set<Promise<void>>();
  private readonly runningIds = new Set<string>();
  /** Jobs whose record is committed but not yet synced to disk. */
  private readonly unsynced = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly ids: IdGen,
    private readonly clock: Clock,
    private readonly retentionSeconds: number,
    private readonly log: Logger,
  ) {}

  /** Records a pending job, starts `work` in the background and returns the job id. */
  start(opId: string | null, work: JobWork, onNotStarted?: () => void): string {
    return this.startWith(() => undefined, opId, work, onNotStarted);
  }

  /**
   * Runs `prepare` (an operation's build) and records the job in one transaction, then starts
   * `work` in the background once that commit is on disk (one shared fsync for concurrent
   * requests, Store.txSyncedLater). The 202 that names the job waits for the same moment
   * (`recorded`). If the commit cannot be synced, `work` never runs: the job fails and
   * `onNotStarted` is called instead.
   */
  startWith(prepare: () => void, opId: string | null, work: JobWork, onNotStarted: () => void = () => undefined): string {
    const id = this.ids.next();
    const { synced } = this.store.txSyncedLater(() => {
      prepare();
      this.store.jobs.insert(id, opId, this.clock.nowSeconds());
    });
    this.unsynced.set(id, synced);
    void synced.then(
      () => this.unsynced.delete(id),
      () => this.unsynced.delete(id),
    );
    this.runningIds.add(id);
    const run = this.run(id, synced, work, onNotStarted).finally(() => this.runningIds.delete(id));
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return id;
  }

  /** Resolves once the job's record (and its operation's build) is on disk; rejects if it cannot be. */
  recorded(id: string): Promise<void> {
    return this.unsynced.get(id) ?? Promise.resolve();
  }

  /** Whether this process is still working on the job (a pending job may also wait for recovery). */
  isRunning(id: string): boolean {
    return this.runningIds.has(id);
  }

  /** The job (finished jobs past the retention period are expired first). */
  get(id: string): QueueJob | undefined {
    this.expireOld(id);
    return this.store.jobs.get(id);
  }

  /** The job as a poll sees it: with retention 0 (Heketi's read-once) reading a finished job forgets it. */
  read(id: string): QueueJob | undefined {
    if (this.retentionSeconds === 0) {
      // A finished result waits, unexpired, for its first read, then is gone.
      const job = this.store.jobs.get(id);
      if (job && job.status !== 'pending') {
        try {
          this.store.jobs.forget(id);
        } catch (e) {
          // A full disk refuses the delete; the answer is still given (it may be given again).
          this.log.warn({ job: id, err: String(e) }, 'could not forget a read job');
        }
      }
      return job;
    }
    return this.get(id);
  }

  private expireOld(id: string): void {
    try {
      this.store.jobs.expire(this.clock.nowSeconds() - this.retentionSeconds);
    } catch (e) {
      // A full disk refuses even this delete; reading the job must still work.
      this.log.warn({ job: id, err: String(e) }, 'could not expire old jobs');
    }
  }

  finish(id: string, outcome: { location: string | null } | { error: string }): void {
    const now = this.clock.nowSeconds();
    if ('error' in outcome) this.store.jobs.finish(id, 'failed', null, outcome.error, now);
    else this.store.jobs.finish(id, 'done', outcome.location, null, now);
  }

  /** Resolves when every job started so far has finished (tests and graceful shutdown). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async run(id: string, synced: Promise<void>, work: JobWork, onNotStarted: () => void): Promise<void> {
    try {
      await synced;
    } catch (e) {
      this.log.error({ job: id, err: String(e) }, 'job not started: its record could not be synced to disk');
      onNotStarted();
      try {
        this.finish(id, { error: `could not sync the database: ${String(e)}` });
      } catch (storeError) {
        this.log.error({ job: id, err: String(storeError) }, 'could not record job failure');
      }
      return;
    }
    try {
      const location = await work(id);
      this.finish(id, { location });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof JobLeftPending) {
        this.log.error({ job: id, err: message }, 'job left pending until its operation is recovered');
        return;
      }
      this.log.warn({ job: id, err: message }, 'job failed');
      try {
        this.finish(id, { error: message });
      } catch (storeError) {
        this.log.error({ job: id, err: String(storeError) }, 'could not record job failure');
      }
    }
  }
}
