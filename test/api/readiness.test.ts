import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
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

describe('database paths start-up cannot use', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-paths-'));
    mkdirSync(join(dir, 'a-directory'));
    writeFileSync(join(dir, 'a-file'), 'x');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = (db: string) => startServer(testConfig(dir, (c) => (c.glusterfs.db = db)), [], { logger: false });

  it.each([
    ['a directory', () => join(dir, 'a-directory'), /^database \S+a-directory: EISDIR/],
    ['a path under a file', () => join(dir, 'a-file', 'heketi.db'), /^database \S+a-file\/heketi\.db: cannot take the server lock .*(ENOTDIR|EEXIST)/],
    ['a path under /proc', () => '/proc/self/heketi.db', /^database \/proc\/self\/heketi\.db: cannot take the server lock \/proc\/self\/heketi\.db\.lock: unable to open database file/],
  ])('%s is refused at once, naming the path', async (_what, db, message) => {
    await expect(start(db())).rejects.toThrow(message);
  });
});

describe('serve with the sample configuration (mock executor, sample keys)', () => {
  it('is refused before anything is created (--demo is the way out)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-sample-'));
    try {
      const sample = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'etc', 'heketi.json'), 'utf8'));
      sample.glusterfs.db = join(dir, 'heketi.db');
      writeFileSync(join(dir, 'heketi.json'), JSON.stringify(sample));
      const err: string[] = [];
      const io = { stdout: () => undefined, stderr: (t: string) => err.push(t), env: {}, sleep: async () => undefined };
      const status = await runCli(['node', 'heketi-ts', 'serve', `--config=${join(dir, 'heketi.json')}`], io);
      expect(status).toBe(255);
      expect(err.join('')).toMatch(/^Error: config: glusterfs.executor is "mock" and jwt keys are the published samples: .* or start with --demo \(HEKETI_TS_DEMO=1\) to run it as a demo\n$/);
      expect(existsSync(join(dir, 'heketi.db'))).toBe(false);
      expect(existsSync(join(dir, 'heketi.db.lock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
