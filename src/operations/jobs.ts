import type { Store } from '../store/store.js';
import type { QueueJob } from '../store/repos/queue-jobs.js';
import type { Clock, Logger } from '../services/context.js';
import type { IdGen } from '../domain/ids.js';

/** Work behind an accepted request: resolves to the location of the result (303) or null (204). */
export type JobWork = (jobId: string) => Promise<string | null>;

/**
 * The jobs behind `/queue/{id}`. Heketi kept them in memory and forgot a result once it was read
 * (and all of them on restart); heketi-ts keeps them in SQLite and lets a finished result be read
 * again until `retentionSeconds` have passed.
 */
export class JobQueue {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly ids: IdGen,
    private readonly clock: Clock,
    private readonly retentionSeconds: number,
    private readonly log: Logger,
  ) {}

  /** Records a pending job, starts `work` in the background and returns the job id. */
  start(opId: string | null, work: JobWork): string {
    return this.startWith(() => undefined, opId, work);
  }

  /**
   * Runs `prepare` (an operation's build) and records the job in one durable transaction — one
   * fsync for both — then starts `work` in the background.
   */
  startWith(prepare: () => void, opId: string | null, work: JobWork): string {
    const id = this.ids.next();
    this.store.tx(() => {
      prepare();
      this.store.jobs.insert(id, opId, this.clock.nowSeconds());
    });
    const run = this.run(id, work);
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return id;
  }

  get(id: string): QueueJob | undefined {
    this.store.jobs.expire(this.clock.nowSeconds() - this.retentionSeconds);
    return this.store.jobs.get(id);
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

  private async run(id: string, work: JobWork): Promise<void> {
    try {
      const location = await work(id);
      this.finish(id, { location });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.warn({ job: id, err: message }, 'job failed');
      try {
        this.finish(id, { error: message });
      } catch (storeError) {
        this.log.error({ job: id, err: String(storeError) }, 'could not record job failure');
      }
    }
  }
}
