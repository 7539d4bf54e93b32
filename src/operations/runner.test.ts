import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomIdGen } from '../domain/ids.js';
import { systemClock } from '../services/context.js';
import { openStore, type Store } from '../store/store.js';
import { JobQueue } from './jobs.js';
import type { Operation } from './operation.js';
import { OperationRunner } from './runner.js';
import { InFlightTracker } from './tracker.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A throttled operation whose build writes its pending record and whose exec only counts. */
function recordingOperation(store: Store) {
  const calls = { exec: 0 };
  const op: Operation = {
    id: randomIdGen.next(),
    typeName: 'create-volume',
    throttled: true,
    retryLimit: 0,
    build() {
      store.operations.insert({ id: op.id, type: 1, timestamp: 0, status: '', phase: 'build', actions: [], payload: {} });
    },
    exec: async () => {
      calls.exec++;
    },
    finalize: () => store.operations.delete(op.id),
    rollback: async () => undefined,
    location: () => null,
    recoveryDirection: () => 'back',
  };
  return { op, calls };
}

describe('OperationRunner when a build cannot be synced to disk', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-runner-'));
    store = openStore(join(dir, 'heketi.db'), { journal: 'wal' });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs nothing, frees the slot and marks the operation failed, so the cleaner undoes its build', async () => {
    let rejectSync: (e: Error) => void = () => undefined;
    const real = store.txSyncedLater.bind(store);
    store.txSyncedLater = <T>(fn: () => T) => ({
      result: real(fn).result,
      synced: new Promise<void>((_resolve, reject) => (rejectSync = reject)),
    });
    const tracker = new InFlightTracker({ limit: 1 });
    const jobs = new JobQueue(store, randomIdGen, systemClock, 3600, silent);
    const runner = new OperationRunner(store, tracker, jobs, silent);
    const { op, calls } = recordingOperation(store);

    const jobId = await runner.start(op);
    expect(tracker.inFlight()).toBe(1);
    rejectSync(new Error('EIO: i/o error, fsync'));
    await jobs.drain();

    expect(calls.exec).toBe(0);
    expect(tracker.inFlight()).toBe(0);
    expect(store.operations.get(op.id)).toMatchObject({ status: 'failed', phase: 'build' });
    expect(jobs.get(jobId)).toMatchObject({ status: 'failed' });
  });
});
