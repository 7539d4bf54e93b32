import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomIdGen } from '../domain/ids.js';
import { systemClock } from '../services/context.js';
import { openStore, type Store } from '../store/store.js';
import { JobQueue } from './jobs.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** The store's transactions as they are, with the disk sync under the test's control. */
function holdSyncs(store: Store) {
  const syncs: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const real = store.txSyncedLater.bind(store);
  store.txSyncedLater = <T>(fn: () => T) => {
    const { result } = real(fn);
    return { result, synced: new Promise<void>((resolve, reject) => syncs.push({ resolve, reject })) };
  };
  return syncs;
}

describe('JobQueue and the disk sync of a job record', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-jobs-'));
    store = openStore(join(dir, 'heketi.db'), { journal: 'wal' });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the work only once the record is on disk, and says when that is', async () => {
    const syncs = holdSyncs(store);
    const jobs = new JobQueue(store, randomIdGen, systemClock, 3600, silent);
    let started = false;
    const id = jobs.start(null, async () => {
      started = true;
      return null;
    });
    let recorded = false;
    void jobs.recorded(id).then(() => (recorded = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(jobs.get(id)?.status).toBe('pending');
    expect([started, recorded]).toEqual([false, false]);
    syncs[0]!.resolve();
    await jobs.drain();
    expect([started, recorded]).toEqual([true, true]);
    expect(jobs.get(id)?.status).toBe('done');
  });

  it('never starts the work when the record cannot be synced: the job fails and onNotStarted is called', async () => {
    const syncs = holdSyncs(store);
    const jobs = new JobQueue(store, randomIdGen, systemClock, 3600, silent);
    let started = false;
    let notStarted = 0;
    const id = jobs.start(
      null,
      async () => {
        started = true;
        return null;
      },
      () => notStarted++,
    );
    const recorded = jobs.recorded(id);
    syncs[0]!.reject(new Error('EIO: i/o error, fsync'));
    await expect(recorded).rejects.toThrow('EIO');
    await jobs.drain();
    expect(started).toBe(false);
    expect(notStarted).toBe(1);
    expect(jobs.get(id)).toMatchObject({ status: 'failed', error: 'could not sync the database: Error: EIO: i/o error, fsync' });
  });

  it('a job synced long ago is recorded at once', async () => {
    const jobs = new JobQueue(store, randomIdGen, systemClock, 3600, silent);
    const id = jobs.start(null, async () => null);
    await jobs.drain();
    await expect(jobs.recorded(id)).resolves.toBeUndefined();
  });
});
