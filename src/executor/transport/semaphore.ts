/** A counting semaphore; with one permit it is a mutex. Waiters are served in arrival order. */
export class Semaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];

  constructor(permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new Error(`invalid permit count ${permits}`);
    this.available = permits;
  }

  async acquire(): Promise<() => void> {
    if (this.available > 0) {
      this.available--;
    } else {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.available++;
    };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}

/** One lock per key, created on first use and dropped when nobody holds or awaits it. */
class KeyedLocks<L> {
  private readonly locks = new Map<string, { lock: L; users: number }>();

  constructor(private readonly create: () => L) {}

  async with<T>(key: string, use: (lock: L) => Promise<T>): Promise<T> {
    let entry = this.locks.get(key);
    if (!entry) {
      entry = { lock: this.create(), users: 0 };
      this.locks.set(key, entry);
    }
    entry.users++;
    try {
      return await use(entry.lock);
    } finally {
      if (--entry.users === 0) this.locks.delete(key);
    }
  }

  get size(): number {
    return this.locks.size;
  }
}

/** One mutex per key (e.g. per volume name). */
export class KeyedMutex {
  private readonly locks = new KeyedLocks(() => new Semaphore(1));

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.locks.with(key, (mutex) => mutex.run(task));
  }

  /** How many keys hold a lock or have waiters (for tests). */
  get size(): number {
    return this.locks.size;
  }
}

/** One readers-writer lock per key (e.g. per host). */
export class KeyedSharedExclusiveLock {
  private readonly locks = new KeyedLocks(() => new SharedExclusiveLock());

  run<T>(key: string, mode: LockMode, task: () => Promise<T>): Promise<T> {
    return this.locks.with(key, (lock) => lock.run(mode, task));
  }
}

export type LockMode = 'shared' | 'exclusive';

/**
 * A readers-writer lock: shared holders run together, an exclusive holder runs alone. Requests
 * are granted in arrival order, so a waiting exclusive request holds back later shared ones and is
 * never starved.
 */
export class SharedExclusiveLock {
  private sharedHolders = 0;
  private exclusiveHeld = false;
  private readonly queue: Array<{ mode: LockMode; grant: () => void }> = [];

  async run<T>(mode: LockMode, task: () => Promise<T>): Promise<T> {
    await this.acquire(mode);
    try {
      return await task();
    } finally {
      if (mode === 'exclusive') this.exclusiveHeld = false;
      else this.sharedHolders--;
      this.grantWaiting();
    }
  }

  private acquire(mode: LockMode): Promise<void> {
    if (this.queue.length === 0 && this.compatible(mode)) {
      this.take(mode);
      return Promise.resolve();
    }
    return new Promise<void>((grant) => this.queue.push({ mode, grant }));
  }

  private compatible(mode: LockMode): boolean {
    return !this.exclusiveHeld && (mode === 'shared' || this.sharedHolders === 0);
  }

  private take(mode: LockMode): void {
    if (mode === 'exclusive') this.exclusiveHeld = true;
    else this.sharedHolders++;
  }

  private grantWaiting(): void {
    for (let next = this.queue[0]; next && this.compatible(next.mode); next = this.queue[0]) {
      this.queue.shift();
      this.take(next.mode);
      next.grant();
    }
  }
}
