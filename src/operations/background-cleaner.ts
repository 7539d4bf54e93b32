/**
 * Heketi's background operation cleaner (apps/glusterfs/operations_cleanup.go, started by
 * app.go's initBackgroundCleaner): `start_time_background_cleaner` seconds after start and then
 * every `refresh_time_background_cleaner` seconds, the pending operations that nothing is running
 * are finished or undone, by the same rules as start-up recovery. In heketi-ts those are the ones
 * marked failed or stale (a rollback or a recovery that could not finish, e.g. a node was down);
 * operations running now carry no such status and are never touched.
 */
import type { Logger } from '../services/context.js';
import { PeriodicPass } from '../services/periodic-pass.js';
import type { Store } from '../store/store.js';
import { recoverOne, type OperationLoader } from './recovery.js';

export interface CleanerTiming {
  startSeconds: number;
  refreshSeconds: number;
}

export class BackgroundCleaner {
  private readonly periodic: PeriodicPass;

  constructor(
    private readonly store: Store,
    private readonly load: OperationLoader,
    private readonly log: Logger,
  ) {
    this.periodic = new PeriodicPass(() => this.runOnce(), log, 'background cleaner pass failed');
  }

  /** One pass: every failed or stale operation, one at a time; answers how many were cleaned and how many still fail. */
  async runOnce(): Promise<{ cleaned: number; failed: number }> {
    let cleaned = 0;
    let failed = 0;
    for (const op of this.store.operations.list().filter((o) => o.status !== '')) {
      const outcome = await recoverOne(this.store, this.load, op, this.log);
      if (typeof outcome === 'object' && 'error' in outcome) failed++;
      else cleaned++;
    }
    if (cleaned + failed > 0) this.log.info({ cleaned, failed }, 'background cleaner pass');
    return { cleaned, failed };
  }

  start(timing: CleanerTiming): void {
    this.periodic.start(timing.startSeconds, timing.refreshSeconds);
  }

  /** Stops the timer and waits for a pass that is running. */
  stop(): Promise<void> {
    return this.periodic.stop();
  }
}
