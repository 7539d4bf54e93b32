import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockExecutor } from '../../src/executor/mock-executor.js';
import { consistencyProblems } from '../helpers/crash-db.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

const r3 = { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } };

describe('Heketi’s background cleaner', () => {
  let s: TestServer;
  let mock: MockExecutor;

  beforeAll(async () => {
    s = await TestServer.start((c) => {
      c.glusterfs.startTimeBackgroundCleaner = 3600;
    });
    await seedTopology(s, 3, 1);
    mock = s.server.services.ctx.executor as unknown as MockExecutor;
  });
  afterAll(async () => s.dispose());

  /** A delete that fails after gluster removed the volume: its rollback refuses, the record is marked failed. */
  async function failedDelete(): Promise<string> {
    const created = await s.follow(await s.request('POST', '/volumes', r3));
    const id = created.headers.get('location')!.split('/').pop()!;
    mock.faults.replace([{ method: 'brickDestroy', nth: null, action: { kind: 'fail' } }]);
    try {
      expect((await s.follow(await s.request('DELETE', `/volumes/${id}`))).status).toBe(500);
    } finally {
      mock.faults.replace([]);
    }
    expect((await s.request('GET', '/operations')).json()).toMatchObject({ total: 1, failed: 1 });
    return id;
  }

  it('a pass finishes failed operations and leaves the database consistent', async () => {
    const id = await failedDelete();
    expect(await s.server.services.cleaner.runOnce()).toEqual({ cleaned: 1, failed: 0 });
    expect((await s.request('GET', '/operations')).json()).toMatchObject({ total: 0 });
    expect((await s.request('GET', `/volumes/${id}`)).status).toBe(404);
    expect(consistencyProblems(s.config.glusterfs.db, s.config.glusterfs.mockexec.stateFile)).toEqual([]);
  });

  it('an operation that still cannot be recovered stays failed for the next pass', async () => {
    await failedDelete();
    mock.faults.replace([{ method: 'brickDestroy', nth: null, action: { kind: 'fail' } }]);
    try {
      expect(await s.server.services.cleaner.runOnce()).toEqual({ cleaned: 0, failed: 1 });
    } finally {
      mock.faults.replace([]);
    }
    expect((await s.request('GET', '/operations')).json()).toMatchObject({ total: 1, failed: 1 });
    expect(await s.server.services.cleaner.runOnce()).toEqual({ cleaned: 1, failed: 0 });
  });

  it('runs on its own after the start time, then on the refresh time', async () => {
    await failedDelete();
    s.server.services.cleaner.start({ startSeconds: 0.05, refreshSeconds: 0.05 });
    try {
      for (let i = 0; i < 200 && (await s.request('GET', '/operations')).json().total !== 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect((await s.request('GET', '/operations')).json()).toMatchObject({ total: 0 });
    } finally {
      await s.server.services.cleaner.stop();
    }
  });
});
