import { Errors } from '../domain/errors.js';

/**
 * Counts operations in flight, as Heketi's optracker does. Throttled operations (volume and block
 * volume changes, brick evict, state=failed) are refused with 429 beyond the limit; unthrottled
 * ones are counted too, so /operations shows them, but never refused.
 */
export class InFlightTracker {
  private throttled = 0;
  private total = 0;

  constructor(
    private readonly limit: number,
    private readonly retryAfterSeconds = 5,
  ) {}

  /** Takes a slot or throws 429 `Server busy. Retry operation later.` with Retry-After. */
  acquire(throttle: boolean): () => void {
    if (throttle && this.limit > 0 && this.throttled >= this.limit) throw Errors.tooManyOperations(this.retryAfterSeconds);
    if (throttle) this.throttled++;
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (throttle) this.throttled--;
      this.total--;
    };
  }

  inFlight(): number {
    return this.total;
  }
}
