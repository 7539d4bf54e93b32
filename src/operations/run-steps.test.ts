import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperationType, type OperationPhase } from '../domain/entities.js';
import { randomIdGen } from '../domain/ids.js';
import { systemClock } from '../services/context.js';
import { openStore, type Store } from '../store/store.js';
import { JobLeftPending, JobQueue } from './jobs.js';
import type { Operation } from './operation.js';
import { commitOrUndo } from './run-steps.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const diskFull = (): Error => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

/** An operation whose remote work is done; it only keeps its record and counts rollbacks. */
class DoneOperation implements Operation {
  readonly id = randomIdGen.next();
  readonly typeName = 'create-volume';
  readonly throttled = true;
  readonly retryLimit = 0;
  rollbacks = 0;
  constructor(
    private readonly store: Store,
    private readonly undoable: boolean,
  ) {}
  build(): void {
    this.store.operations.insert({ id: this.id, type: OperationType.CreateVolume, timestamp: 0, status: '', phase: 'exec', actions: [], payload: {} });
  }
  async exec(): Promise<void> {}
  finalize(): void {
    this.store.operations.delete(this.id);
  }
  async rollback(): Promise<void> {
    this.rollbacks += 1;
    this.store.tx(() => this.store.operations.delete(this.id));
  }
  location(): string | null {
    return '/volumes/x';
  }
  recoveryDirection(phase: OperationPhase): 'forward' | 'back' {
    return this.undoable && phase !== 'exec-done' ? 'back' : 'forward';
  }
}

/** The store with every write failing, as on a full disk (reads still work). */
const fullDisk = (store: Store): Store =>
  Object.assign(Object.create(store) as Store, {
    tx: () => {
      throw diskFull();
    },
    lazyTx: () => {
      throw diskFull();
    },
  });

describe('a result that cannot be saved after the remote work is done', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-commit-'));
    store = openStore(join(dir, 'heketi.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rolls an undoable operation back when the undo can be recorded, and says so', async () => {
    const op = new DoneOperation(store, true);
    store.tx(() => op.build());
    const outcome = await commitOrUndo(store, silent, op, () => {
      throw diskFull();
    }).catch((e: unknown) => e);
    expect((outcome as Error).message).toBe('database or disk is full: the result could not be saved, the operation was rolled back');
    expect(outcome).not.toBeInstanceOf(JobLeftPending);
    expect(op.rollbacks).toBe(1);
    expect(store.operations.get(op.id)).toBeUndefined();
  });

  it('leaves the job pending when not even the undo can be written: the record decides', async () => {
    const op = new DoneOperation(store, true);
    store.tx(() => op.build());
    const outcome = await commitOrUndo(fullDisk(store), silent, op, () => undefined).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(JobLeftPending);
    expect(op.rollbacks).toBe(0);
    expect(store.operations.get(op.id)?.phase).toBe('exec');
  });

  it('never undoes an operation that recovery always finishes (a delete)', async () => {
    const op = new DoneOperation(store, false);
    store.tx(() => op.build());
    const outcome = await commitOrUndo(store, silent, op, () => {
      throw diskFull();
    }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(JobLeftPending);
    expect((outcome as Error).message).toMatch(/done on the nodes but the result could not be saved \(database or disk is full\)/);
    expect(op.rollbacks).toBe(0);
    expect(store.operations.get(op.id)?.phase).toBe('exec-done');
  });

  it('a job whose work is left pending keeps answering pending', async () => {
    const jobs = new JobQueue(store, randomIdGen, systemClock, 3600, silent);
    const id = jobs.start(null, async () => {
      throw new JobLeftPending('left for recovery');
    });
    await jobs.drain();
    expect(jobs.get(id)?.status).toBe('pending');
  });
});
