import { Errors } from '../domain/errors.js';

/** How the tracker refuses throttled work beyond its limit. */
export interface ThrottleRules {
  /** Throttled operations at once (Heketi's max_inflight_operations; 0: no limit). */
  limit: number;
  /** Retry-After of the 429 (0: none, as Heketi). */
  retryAfterSeconds: number;
  /** How long a throttled request waits for a slot before its 429 (0: none, as Heketi). */
  waitMs: number;
  /** Requests that may wait at once; the rest get their 429 straight away. */
  maxWaiting: number;
}

/** A request waiting for a slot, first come first served. */
interface Waiter {
  grant(): void;
}

export type Release = () => void;

/**
 * Counts operations in flight, as Heketi's optracker does. Throttled operations (volume and block
 * volume changes, brick evict, state=failed) are refused with 429 beyond the limit; unthrottled
 * ones are counted too, so /operations shows them, but never refused.
 *
 * Unlike Heketi, a throttled request first waits up to `waitMs` for a slot, in arrival order: a
 * burst of creates (a StatefulSet's claims, the bench's 64 clients) then runs in waves instead of
 * sending most clients into the Go client's 429 back-off, which sleeps 5–30 s per refusal.
 */
export class InFlightTracker {
  private throttled = 0;
  private total = 0;
  private readonly waiting: Waiter[] = [];
  private readonly rules: ThrottleRules;

  constructor(rules: Partial<ThrottleRules> & Pick<ThrottleRules, 'limit'>) {
    this.rules = { retryAfterSeconds: 5, waitMs: 0, maxWaiting: rules.limit * 8, ...rules };
  }

  /**
   * Takes a slot, waiting for one when a throttled operation finds them all taken; rejects with
   * 429 `Server busy. Retry operation later.` when none frees up in time or too many already wait.
   */
  acquire(throttle: boolean): Promise<Release> {
    const { limit, waitMs, maxWaiting, retryAfterSeconds } = this.rules;
    if (!throttle || limit <= 0 || (this.throttled < limit && this.waiting.length === 0)) {
      return Promise.resolve(this.take(throttle));
    }
    if (waitMs <= 0 || this.waiting.length >= maxWaiting) return Promise.reject(Errors.tooManyOperations(retryAfterSeconds));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.take(true));
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(Errors.tooManyOperations(retryAfterSeconds));
      }, waitMs);
      this.waiting.push(waiter);
    });
  }

  inFlight(): number {
    return this.total;
  }

  /** Requests waiting for a slot now. */
  waitingCount(): number {
    return this.waiting.length;
  }

  private take(throttle: boolean): Release {
    if (throttle) this.throttled++;
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      if (!throttle) return;
      this.throttled--;
      // The freed slot goes to the longest waiting request, before any newcomer can take it.
      if (this.waiting.length > 0) this.waiting.shift()!.grant();
    };
  }
}
