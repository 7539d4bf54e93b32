import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server.js';
import { databaseWriteProblem } from '../../src/store/db.js';
import { TestServer, testConfig } from '../helpers/server.js';

/**
 * Issue 11, finding 7: a database that cannot be written is never served as ready, and odd
 * database paths stop start-up at once with a message naming the path. The read-only case remounts
 * a tmpfs (this test needs root, as CI is).
 */
describe('a database on a file system that became read-only', () => {
  let dir: string;
  let mnt: string;
  let db: string;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('this test mounts a tmpfs: run it as root');
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-ro-'));
    mnt = mkdtempSync(join(tmpdir(), 'heketi-ts-ro-mnt-'));
    db = join(mnt, 'heketi.db');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mnt]);
    const s = await TestServer.start((c) => (c.glusterfs.db = db), dir);
    expect([(await s.request('GET', '/readyz')).status, (await s.request('GET', '/readyz')).text]).toEqual([200, 'ready']);
    expect(databaseWriteProblem(db)).toBeNull();
    await s.dispose();
    // a mount cannot turn read-only under open files, so the server is stopped first
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
  });
  afterAll(() => {
    if (!mnt) return;
    execFileSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });

  it('is what /readyz reports (its probe), naming the database', () => {
    expect(databaseWriteProblem(db)).toMatch(new RegExp(`^database ${db} is not writable: EROFS`));
  });

  it('is refused at start-up, before anything is served, naming the database', async () => {
    const config = testConfig(dir, (c) => (c.glusterfs.db = db));
    await expect(startServer(config, [], { logger: false })).rejects.toThrow(
      new RegExp(`^database ${db}: cannot take the server lock ${db}\\.lock: attempt to write a readonly database`),
    );
  });
});
