import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireInstanceLock, DatabaseInUseError, lockFileOf } from './instance-lock.js';

describe('instance lock', () => {
  const dirs: string[] = [];
  const fresh = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-lock-'));
    dirs.push(dir);
    return join(dir, 'sub', 'heketi.db');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a second holder at once, naming the db and the holder, until the first releases it', () => {
    const db = fresh();
    const first = acquireInstanceLock(db);
    let refusal: unknown;
    try {
      acquireInstanceLock(db);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(DatabaseInUseError);
    expect((refusal as DatabaseInUseError).holder?.pid).toBe(process.pid);
    expect((refusal as Error).message).toMatch(new RegExp(`^database ${db} is in use by another heketi-ts server \\(pid ${process.pid} on host `));
    first.release();
    acquireInstanceLock(db).release();
  });

  it('names the lock file when it cannot be used', () => {
    const db = fresh();
    acquireInstanceLock(db).release();
    writeFileSync(lockFileOf(db), 'not a database, but long enough to have a header of sorts'.repeat(20));
    expect(() => acquireInstanceLock(db)).toThrow(`database ${db}: cannot take the server lock ${lockFileOf(db)}: file is not a database`);
  });

  it('is a no-op for an in-memory database', () => {
    acquireInstanceLock(':memory:').release();
    expect(() => acquireInstanceLock(':memory:').release()).not.toThrow();
  });
});
