import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

describe('server smoke', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await TestServer.start();
  });
  afterAll(async () => s.dispose());

  it('answers /hello without auth', async () => {
    const r = await fetch(`${s.url}/hello`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('Hello from Heketi');
  });

  it('builds a topology through the async protocol', async () => {
    const t = await seedTopology(s, 3, 2);
    expect(t.deviceIds).toHaveLength(6);
    const device = await s.request('GET', `/devices/${t.deviceIds[0]}`);
    expect(device.json().storage).toEqual({ total: 524288000, free: 524288000, used: 0 });
  });
});
