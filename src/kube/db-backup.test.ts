import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DbBackupToSecret } from './db-backup.js';
import type { SecretValue } from './secret-store.js';

/** An in-memory secret that records every write and can be told to fail. */
class MemorySecret implements SecretValue {
  readonly describe = 'secret ns/heketi-db-backup key heketi.db.gz';
  writes: Buffer[] = [];
  failNext = 0;
  async read(): Promise<Buffer | undefined> {
    return this.writes.at(-1);
  }
  async write(value: Buffer): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('HTTP 403: secrets "heketi-db-backup" is forbidden');
    }
    this.writes.push(value);
  }
}

describe('DbBackupToSecret', () => {
  let secret: MemorySecret;
  let version: number;
  let logs: string[];
  let backup: DbBackupToSecret;

  beforeEach(() => {
    // Only the debounce timers are faked: gzip runs on libuv's thread pool, for real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    secret = new MemorySecret();
    version = 0;
    logs = [];
    backup = new DbBackupToSecret({
      snapshot: async () => Buffer.from(`db version ${version}`),
      secret,
      log: { info: (m) => logs.push(`info ${m}`), error: (m) => logs.push(`error ${m}`) },
      debounceMs: 1000,
      retryMs: 30_000,
    });
  });
  afterEach(() => {
    backup.cancel();
    vi.useRealTimers();
  });

  const written = (): string[] => secret.writes.map((w) => gunzipSync(w).toString());
  const writtenSoon = (expected: string[]) => vi.waitFor(() => expect(written()).toEqual(expected));

  it('writes a burst of changes once, gzipped, with the state after the burst', async () => {
    for (let i = 1; i <= 50; i++) {
      version = i;
      backup.changed();
    }
    await vi.advanceTimersByTimeAsync(999);
    expect(written()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await writtenSoon(['db version 50']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(written()).toEqual(['db version 50']);
    expect(logs).toEqual([`info Backup successful: ${secret.describe} (${secret.writes[0]?.length} bytes gzipped)`]);
  });

  it('writes again after a change that came while a write was running', async () => {
    let release: (() => void) | undefined;
    const slowWrite = secret.write.bind(secret);
    secret.write = (value) => new Promise<void>((resolve) => (release = () => void slowWrite(value).then(resolve)));
    version = 1;
    backup.changed();
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    expect(secret.writes).toEqual([]);
    version = 2;
    backup.changed();
    secret.write = slowWrite;
    release?.();
    await writtenSoon(['db version 1']);
    await vi.advanceTimersByTimeAsync(1000);
    await writtenSoon(['db version 1', 'db version 2']);
  });

  it('logs a failed write as Heketi did and tries again later without a new change', async () => {
    secret.failNext = 1;
    version = 7;
    backup.changed();
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(backup.counts.failed).toBe(1));
    expect(written()).toEqual([]);
    expect(logs).toEqual(['error Unable to backup database to kubernetes secret: HTTP 403: secrets "heketi-db-backup" is forbidden']);
    await vi.advanceTimersByTimeAsync(30_000);
    await writtenSoon(['db version 7']);
    expect(backup.counts).toEqual({ written: 1, failed: 1 });
  });

  it('flush writes pending changes at once and does nothing when there are none', async () => {
    await backup.flush();
    expect(written()).toEqual([]);
    version = 3;
    backup.changed();
    await backup.flush();
    expect(written()).toEqual(['db version 3']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(written()).toEqual(['db version 3']);
  });
});
