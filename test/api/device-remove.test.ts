import { afterEach, describe, expect, it } from 'vitest';
import { NO_REPLACEMENT_TEXT } from '../../src/domain/allocator/index.js';
import type { MockExecutor } from '../../src/executor/mock-executor.js';
import { parseFaults } from '../../src/executor/mock-faults.js';
import { fabricateVolume, storageSnapshot } from '../helpers/fabricate-volume.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

let s: TestServer;
afterEach(async () => s?.dispose());

const faults = (t: TestServer, spec: string) =>
  (t.server.services.ctx.executor as MockExecutor).faults.replace(parseFaults(spec));
const setState = (kind: 'devices' | 'nodes', id: string, state: string, healcheck = 'disable') =>
  s.run('POST', `/${kind}/${id}/state`, { state, healcheck });

async function setup(nodes: number, devicesPerNode: number, volumes = 1) {
  s = await TestServer.start();
  const topo = await seedTopology(s, nodes, devicesPerNode);
  const made = [];
  for (let i = 0; i < volumes; i++) made.push(await fabricateVolume(s, topo.nodeIds, { name: `vol${i}` }));
  return { topo, made };
}

describe('device removal (state failed)', () => {
  it('refuses an online device', async () => {
    const { made } = await setup(3, 2);
    const deviceId = made[0]!.bricks[0]!.deviceId;
    expect(await setState('devices', deviceId, 'failed')).toMatchObject({
      status: 500,
      text: `Device must be offline before remove operation is performed, device:${deviceId}\n`,
    });
  });

  it('evicts every brick of an offline device, then marks it failed; delete then works', async () => {
    const { made } = await setup(3, 2, 2);
    const deviceId = made[0]!.bricks[0]!.deviceId;
    expect((await setState('devices', deviceId, 'offline')).status).toBe(204);
    expect((await setState('devices', deviceId, 'failed')).status).toBe(204);
    const info = (await s.request('GET', `/devices/${deviceId}`)).json();
    expect(info.state).toBe('failed');
    expect(info.bricks).toEqual([]);
    expect(info.storage.used).toBe(0);
    const store = s.server.services.store;
    for (const { volume } of made) expect(store.bricks.listByVolume(volume.id)).toHaveLength(3);
    expect(store.operations.list()).toEqual([]);
    expect((await s.run('DELETE', `/devices/${deviceId}`)).status).toBe(204);
  });

  it('marks an empty offline device failed at once; failed again is a no-op', async () => {
    const { topo } = await setup(3, 2, 0);
    const deviceId = topo.deviceIds[0]!;
    await setState('devices', deviceId, 'offline');
    expect((await setState('devices', deviceId, 'failed')).status).toBe(204);
    expect((await setState('devices', deviceId, 'failed')).status).toBe(204);
    expect(s.server.services.store.devices.get(deviceId)!.state).toBe('failed');
  });

  it('without a replacement the device stays offline and nothing changes', async () => {
    const { made } = await setup(3, 1);
    const deviceId = made[0]!.bricks[0]!.deviceId;
    await setState('devices', deviceId, 'offline');
    const before = storageSnapshot(s);
    expect(await setState('devices', deviceId, 'failed')).toMatchObject({
      status: 500,
      text: `Unable to delete device [${deviceId}] as no device was found to replace it: ${NO_REPLACEMENT_TEXT}\n`,
    });
    expect(storageSnapshot(s)).toEqual(before);
  });

  it('the heal check runs unless disabled (no peer reported by heal info)', async () => {
    const { made } = await setup(3, 2);
    const brick = made[0]!.bricks[0]!;
    (s.server.services.ctx.executor as MockExecutor).healInfo = async () => [];
    await setState('devices', brick.deviceId, 'offline');
    const done = await setState('devices', brick.deviceId, 'failed', '');
    expect(done.text).toBe(`Cannot replace brick ${brick.id} as only 0 of 2 required peer bricks are online\n`);
    expect(s.server.services.store.devices.get(brick.deviceId)!.state).toBe('offline');
  });

  it('a failure part way keeps the bricks already moved, leaves the device offline and no records', async () => {
    const { made } = await setup(3, 2, 2);
    const deviceId = made[0]!.bricks[0]!.deviceId;
    await setState('devices', deviceId, 'offline');
    faults(s, 'volumeReplaceBrick@2=fail');
    const done = await setState('devices', deviceId, 'failed');
    expect(done).toMatchObject({ status: 500, text: 'mock failure injected at volumeReplaceBrick\n' });
    const store = s.server.services.store;
    expect(store.devices.get(deviceId)!.state).toBe('offline');
    expect(store.bricks.listByDevice(deviceId)).toHaveLength(1);
    expect(store.operations.list()).toEqual([]);
    expect(store.bricks.list().every((b) => b.pendingOpId === null)).toBe(true);
    const mock = (s.server.services.ctx.executor as MockExecutor).snapshot();
    expect(Object.keys(mock.bricks).sort()).toEqual(store.bricks.list().map((b) => b.id).sort());

    faults(s, '');
    expect((await setState('devices', deviceId, 'failed')).status).toBe(204);
    expect(store.bricks.listByDevice(deviceId)).toHaveLength(0);
  });

  it('refuses removal and resync while a brick of the device is pending', async () => {
    const { made } = await setup(3, 2);
    const brick = made[0]!.bricks[0]!;
    const store = s.server.services.store;
    await setState('devices', brick.deviceId, 'offline');
    store.tx(() => store.bricks.update({ ...brick, pendingOpId: 'e'.repeat(32) }));
    expect(await setState('devices', brick.deviceId, 'failed')).toMatchObject({
      status: 500,
      text: 'The target exists, contains other items, or is in use.\n',
    });
    expect(store.operations.list()).toEqual([]);
    expect((await s.run('GET', `/devices/${brick.deviceId}/resync`)).status).toBe(500);
  });
});
