import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistencyProblems } from '../helpers/crash-db.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

/** Issue 11, finding 5: a successful clone leaves /db/check clean and the mock's state equal to the db. */
describe('consistency after a volume clone', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await TestServer.start();
    await seedTopology(s, 3, 1);
  });
  afterAll(async () => s.dispose());

  const check = async () => {
    const report = (await s.request('GET', '/db/check')).json();
    expect({ total: report.totalinconsistencies, devices: report.devices.inconsistencies }).toEqual({ total: 0, devices: null });
    expect(consistencyProblems(s.config.glusterfs.db, s.config.glusterfs.mockexec.stateFile)).toEqual([]);
  };

  const deviceFree = async (): Promise<number[]> => {
    const clusters = (await s.request('GET', '/clusters')).json().clusters as string[];
    const free: number[] = [];
    for (const id of (await s.request('GET', `/clusters/${clusters[0]}`)).json().nodes as string[]) {
      for (const d of (await s.request('GET', `/nodes/${id}`)).json().devices) free.push(d.storage.free);
    }
    return free;
  };

  it.each([
    ['the clone first', true],
    ['the source first', false],
  ])('is clean after the clone and after each delete (%s); the space comes back once', async (_order, cloneFirst) => {
    const before = await deviceFree();
    const source = (await s.run('POST', '/volumes', { size: 2, durability: { type: 'replicate', replicate: { replica: 3 } } })).json();
    const clone = await s.run('POST', `/volumes/${source.id}/clone`, {});
    expect(clone.status).toBe(200);
    await check();
    const order = cloneFirst ? [clone.json().id, source.id] : [source.id, clone.json().id];
    for (const id of order) {
      expect((await s.run('DELETE', `/volumes/${id}`)).status).toBe(204);
      await check();
    }
    expect(await deviceFree()).toEqual(before);
  });
});
