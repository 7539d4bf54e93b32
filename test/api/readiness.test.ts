import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { startServer } from '../../src/server.js';
import { testConfig } from '../helpers/server.js';

/**
 * Issue 11, finding 7: odd database paths stop start-up at once with a message naming the path,
 * and the sample configuration is refused. (The read-only database case needs root: test/root.)
 */
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
