import { afterEach, describe, expect, it } from 'vitest';
import { fabricateVolume, storageSnapshot } from '../helpers/fabricate-volume.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

let s: TestServer;
afterEach(async () => s?.dispose());

const setState = (id: string, state: string) => s.run('POST', `/nodes/${id}/state`, { state, healcheck: 'disable' });

describe('node removal (state failed)', () => {
  it('refuses an online node', async () => {
    s = await TestServer.start();
    const topo = await seedTopology(s, 3, 1);
    expect(await setState(topo.nodeIds[0]!, 'failed')).toMatchObject({
      status: 500,
      text: `Node must be offline before remove operation is performed, node:${topo.nodeIds[0]}\n`,
    });
  });

  it('evicts the bricks of every device of an offline node, then marks devices and node failed', async () => {
    s = await TestServer.start();
    const topo = await seedTopology(s, 4, 2);
    const { volume, bricks } = await fabricateVolume(s, topo.nodeIds);
    const nodeId = bricks[0]!.nodeId;
    expect((await setState(nodeId, 'offline')).status).toBe(204);
    expect((await setState(nodeId, 'failed')).status).toBe(204);
    const info = (await s.request('GET', `/nodes/${nodeId}`)).json();
    expect(info.state).toBe('failed');
    expect(info.devices.map((d: { state: string }) => d.state)).toEqual(['failed', 'failed']);
    const store = s.server.services.store;
    const now = store.bricks.listByVolume(volume.id);
    expect(now).toHaveLength(3);
    expect(now.map((b) => b.nodeId)).not.toContain(nodeId);
    expect(new Set(now.map((b) => b.nodeId)).size).toBe(3);
    expect(store.operations.list()).toEqual([]);
    expect(await setState(nodeId, 'online')).toMatchObject({ status: 500 });
  });

  it('without a replacement the node stays offline and nothing changes', async () => {
    s = await TestServer.start();
    const topo = await seedTopology(s, 3, 1);
    const { bricks } = await fabricateVolume(s, topo.nodeIds);
    const nodeId = bricks[0]!.nodeId;
    await setState(nodeId, 'offline');
    const before = storageSnapshot(s);
    const done = await setState(nodeId, 'failed');
    expect(done.status).toBe(500);
    // Heketi's node text stands alone: the device-level cause is not appended.
    expect(done.text).toBe(`Unable to remove node [${nodeId}] as no device was found to replace device [${bricks[0]!.deviceId}]\n`);
    expect(storageSnapshot(s)).toEqual(before);
    expect(s.server.services.store.nodes.get(nodeId)!.state).toBe('offline');
  });
});
