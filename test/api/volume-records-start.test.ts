import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

/**
 * The server listens only once every volume's record is made (server.ts, fillVolumeRecords): the
 * first reads after a start do not share the CPU with the fill. More volumes than one chunk of the
 * fill (100), so a fill left running in the background would not be done when the start returns.
 */
describe('volume records at start', () => {
  const volumes = 130;
  let first: TestServer;
  let again: TestServer | undefined;
  const ids: string[] = [];

  beforeAll(async () => {
    first = await TestServer.start();
    await seedTopology(first, 3, 1);
    const create = async (): Promise<void> => {
      const made = await first.run('POST', '/volumes', { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } });
      if (made.status !== 200) throw new Error(made.text);
      ids.push(made.json().id as string);
    };
    for (let i = 0; i < volumes; i += 10) await Promise.all(Array.from({ length: Math.min(10, volumes - i) }, create));
    await first.stop();
  }, 120_000);
  afterAll(async () => {
    await again?.stop();
    await first.dispose();
  });

  it('are all made before the restarted server answers its first request', async () => {
    again = await TestServer.start(undefined, first.dir);
    expect(again.server.services.volumeInfos.size().entries).toBe(volumes);
    const before = again.server.services.volumeInfos.lookups();
    const read = await again.request('GET', `/volumes/${ids[volumes - 1]}`);
    expect(read.status).toBe(200);
    expect(read.json().id).toBe(ids[volumes - 1]);
    const after = again.server.services.volumeInfos.lookups();
    expect(after.hits - before.hits).toBe(1);
    expect(after.misses).toBe(before.misses);
  });
});
