/**
 * `backup_db_to_kube_secret`: a gzipped image of the database in the secret `heketi-db-backup`
 * (HEKETI_KUBE_DB_SECRET_NAME), key `heketi.db.gz`, as Heketi keeps it (pkg/kubernetes/backupdb.go).
 * Heketi wrote it after every request that could have changed something, one request at a time;
 * heketi-ts writes it after changes, at most one write in flight, and a burst of changes inside the
 * debounce window gives one write of the state after the burst.
 */
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import type { SecretValue } from './secret-store.js';

const gzip = promisify(gzipCb);
export const gunzip = promisify(gunzipCb);

/** The data key Heketi stores the gzipped database under. */
export const DB_SECRET_KEY = 'heketi.db.gz';

export interface DbBackupLog {
  info(message: string): void;
  error(message: string): void;
}

export interface DbBackupOptions {
  /** A consistent image of the database (snapshotDatabase). */
  snapshot: () => Promise<Buffer>;
  secret: SecretValue;
  log: DbBackupLog;
  /** How long after the first change of a burst the image is taken (1 s). */
  debounceMs?: number;
  /** How long after a failed write it is tried again, changes or not (30 s). */
  retryMs?: number;
}

/** Writes the backup after changes; `changed()` is cheap and never throws. */
export class DbBackupToSecret {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private dirty = false;
  /** Writes done and failed, for logs and tests. */
  readonly counts = { written: 0, failed: 0 };

  constructor(private readonly options: DbBackupOptions) {}

  /** Something was committed: a write follows within the debounce window. */
  changed(): void {
    this.dirty = true;
    this.schedule(this.options.debounceMs ?? 1000);
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delayMs);
    this.timer.unref();
  }

  /** Writes now if anything changed since the last write; waits for a write in flight. */
  async flush(): Promise<void> {
    if (this.running) await this.running;
    this.cancel();
    if (this.dirty) await this.run();
  }

  /** Drops a scheduled write (at shutdown, after `flush`). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): Promise<void> {
    this.running ??= this.writeOnce().then((ok) => {
      this.running = undefined;
      if (!ok) this.dirty = true;
      if (this.dirty) this.schedule(ok ? (this.options.debounceMs ?? 1000) : (this.options.retryMs ?? 30_000));
    });
    return this.running;
  }

  private async writeOnce(): Promise<boolean> {
    this.dirty = false;
    try {
      const image = await gzip(await this.options.snapshot());
      await this.options.secret.write(image);
      this.counts.written++;
      this.options.log.info(`Backup successful: ${this.options.secret.describe} (${image.length} bytes gzipped)`);
      return true;
    } catch (e) {
      this.counts.failed++;
      this.options.log.error(`Unable to backup database to kubernetes secret: ${(e as Error).message}`);
      return false;
    }
  }
}
