import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistencyProblems } from '../helpers/crash-db.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

/**
 * Issue 11, finding 4: the database's disk fills up while a volume is being made. The job's answer
 * and what happens to the operation must agree: never "failed" for a volume that a later cleanup
 * then commits. The database lives on a small tmpfs (this test mounts one: it needs root, as CI is).
 */
describe('a full disk under the database while a volume is created', () => {
  let dir: string;
  let mnt: string;
  let s: TestServer;
  const filler = (): string => join(mnt, 'filler');

  /** Writes until the tmpfs answers ENOSPC. */
  const fillDisk = (): void => {
    const fd = openSync(filler(), 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    } finally {
      closeSync(fd);
    }
  };

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('this test mounts a tmpfs: run it as root');
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-full-'));
    mnt = mkdtempSync(join(tmpdir(), 'heketi-ts-full-mnt-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mnt]);
    s = await TestServer.start((c) => {
      c.glusterfs.db = join(mnt, 'heketi.db');
      c.glusterfs.mockexec.faults = 'volumeCreate=delay:1500';
    }, dir);
    await seedTopology(s, 3, 1);
  });

  afterAll(async () => {
    await s?.dispose();
    if (mnt) {
      execFileSync('umount', [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  });

  it('answers pending or "rolled back" while full, and after space returns the answer and the volume agree', async () => {
    const accepted = await s.request('POST', '/volumes', { size: 1 });
    expect(accepted.status).toBe(202);
    const queue = accepted.headers.get('location')!;
    fillDisk(); // while the mock executor is still "making" the volume
    await s.server.services.jobs.drain();

    const whileFull = await s.request('GET', queue);
    expect(whileFull.status === 200 && whileFull.headers.get('x-pending') === 'true' || whileFull.status === 500, whileFull.text).toBe(true);
    if (whileFull.status === 500) expect(whileFull.text).toMatch(/the operation was rolled back/);

    rmSync(filler());
    const cleanup = await s.run('POST', '/operations/pending/cleanup', {});
    expect(cleanup.status).toBe(204);

    const answer = await s.request('GET', queue);
    const volumes = (await s.request('GET', '/volumes')).json().volumes as string[];
    if (answer.status === 303) expect(volumes).toEqual([answer.headers.get('location')!.split('/').pop()]);
    else {
      expect(answer.status, answer.text).toBe(500);
      expect(answer.text).toMatch(/rolled back/);
      expect(volumes).toEqual([]);
    }
    expect(consistencyProblems(s.config.glusterfs.db, s.config.glusterfs.mockexec.stateFile)).toEqual([]);
  });
});
