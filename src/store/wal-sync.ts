import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** fsync of one file descriptor off the main thread (node:fs on libuv's thread pool). */
export type AsyncFsync = (fd: number) => Promise<void>;

const fsyncOnPool: AsyncFsync = (fd) => new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));

/**
 * Group commit for a WAL database: transactions committed with synchronous=NORMAL (the frames are
 * written to the `-wal` file, not yet synced) are made durable by one fsync of that file, run on
 * libuv's thread pool, shared by every commit made before it started. That fsync is what
 * synchronous=FULL does inside each COMMIT, where it holds the event loop for the disk's whole
 * round trip; here requests go on being served while the disk works, and concurrent creates share
 * one sync.
 *
 * A commit made while a sync is under way may not be covered by it, so such callers wait for the
 * next one, which starts when the current one ends.
 */
export class WalSync {
  private fd: number | null = null;
  private closed = false;
  /** The sync under way, and the one that will follow it for commits made meanwhile. */
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  /**
   * @param walPath the database's `-wal` file (it exists once the database has been written in WAL mode)
   * @param syncFd the fsync (injected by tests to count and to fail)
   */
  constructor(
    private readonly walPath: string,
    private readonly syncFd: AsyncFsync = fsyncOnPool,
  ) {}

  /** Resolves once everything committed before this call is on disk; rejects when the sync fails. */
  synced(): Promise<void> {
    if (this.current === null) {
      this.current = this.startSync();
      return this.current;
    }
    if (this.next === null) {
      this.next = this.current.then(
        () => this.promoteNext(),
        () => this.promoteNext(),
      );
    }
    return this.next;
  }

  /** Closes the file once the sync under way (if any) has ended, so its descriptor is never reused under it. */
  close(): void {
    const fd = this.fd;
    this.fd = null;
    this.closed = true;
    if (fd === null) return;
    const pending = this.next ?? this.current;
    if (pending === null) closeSync(fd);
    else void pending.catch(() => undefined).then(() => closeSync(fd));
  }

  private promoteNext(): Promise<void> {
    this.next = null;
    this.current = this.startSync();
    return this.current;
  }

  private startSync(): Promise<void> {
    const run = (async () => {
      await this.syncFd(this.walFd());
    })();
    void run
      .catch(() => undefined)
      .then(() => {
        if (this.current === run) this.current = null;
      });
    return run;
  }

  /**
   * The `-wal` file, opened on first use. SQLite keeps that file (the same inode: a checkpoint
   * rewrites it from the start, never replaces it) while its connection is open. Its directory
   * entry is synced once, as SQLite does when it creates the file.
   */
  private walFd(): number {
    if (this.closed) throw new Error(`${this.walPath}: the database is closed`);
    if (this.fd === null) {
      this.fd = openSync(this.walPath, 'r');
      const dir = openSync(dirname(this.walPath), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
    return this.fd;
  }
}
