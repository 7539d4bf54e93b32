import { afterEach, describe, expect, it } from 'vitest';
import { NO_REPLACEMENT_TEXT } from '../../src/domain/allocator/index.js';
import { mockVolumesNamed, type MockExecutor } from '../../src/executor/mock-executor.js';
import { parseFaults } from '../../src/executor/mock-faults.js';
import { fabricateVolume, storageSnapshot } from '../helpers/fabricate-volume.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

let s: TestServer;
afterEach(async () => s?.dispose());

const mockOf = (t: TestServer) => t.server.services.ctx.executor as MockExecutor;
const faults = (t: TestServer, spec: string) => mockOf(t).faults.replace(parseFaults(spec));
const evict = (id: string, body?: unknown) => s.request('POST', `/bricks/to-evict/${id}`, body);

async function setup(nodes = 3, devicesPerNode = 2) {
  s = await TestServer.start();
  const topo = await seedTopology(s, nodes, devicesPerNode);
  const { volume, bricks } = await fabricateVolume(s, topo.nodeIds);
  return { topo, volume, bricks };
}

describe('POST /bricks/to-evict/{id}', () => {
  it('replaces the brick on another device and moves the space (healcheck disabled)', async () => {
    const { volume, bricks } = await setup();
    const old = bricks[0]!;
    const oldFreeBefore = s.server.services.store.devices.get(old.deviceId)!.freeKib;
    const done = await s.follow(await evict(old.id, { healcheck: 'disable' }));
    expect(done.status).toBe(204);

    const store = s.server.services.store;
    const after = store.bricks.listByVolume(volume.id);
    expect(after.map((b) => b.id)).not.toContain(old.id);
    expect(after).toHaveLength(3);
    const added = after.find((b) => !bricks.some((x) => x.id === b.id))!;
    expect(added.deviceId).not.toBe(old.deviceId);
    expect(added.position).toBe(old.position);
    expect(added.pendingOpId).toBeNull();
    expect(store.devices.get(old.deviceId)!.freeKib).toBe(oldFreeBefore + old.tpSizeKib + old.poolMetadataSizeKib);
    const newDevice = store.devices.get(added.deviceId)!;
    expect(newDevice.totalKib - newDevice.freeKib).toBe(added.tpSizeKib + added.poolMetadataSizeKib);
    expect(store.operations.list()).toEqual([]);

    const mock = mockOf(s).snapshot();
    expect(Object.keys(mock.bricks)).not.toContain(old.id);
    expect(Object.keys(mock.bricks)).toContain(added.id);
    expect(mockVolumesNamed(mock, volume.name)[0]!.bricks.some((b) => b.endsWith(added.path))).toBe(true);
  });

  it('accepts an empty body and checks heal info: with no peer reported, quorum fails', async () => {
    const { bricks } = await setup();
    mockOf(s).healInfo = async () => [];
    const before = storageSnapshot(s);
    const done = await s.follow(await evict(bricks[1]!.id));
    expect(done.status).toBe(500);
    expect(done.text).toBe(`Cannot replace brick ${bricks[1]!.id} as only 0 of 2 required peer bricks are online\n`);
    expect(storageSnapshot(s)).toEqual(before);
  });

  it('refuses a heal source and accepts a healthy set, from heal info', async () => {
    const { bricks } = await setup();
    const store = s.server.services.store;
    const names = bricks.map((b) => `${store.nodes.get(b.nodeId)!.storageHostnames[0]}:${b.path}`);
    let entries = ['5', '0', '0'];
    mockOf(s).healInfo = async () => names.map((name, i) => ({ name, status: 'Connected', numberOfEntries: entries[i]! }));
    const refused = await s.follow(await evict(bricks[0]!.id, { healcheck: 'enable' }));
    expect(refused.text).toBe(`Cannot replace brick ${bricks[0]!.id} as it is source brick for data to be healed\n`);
    entries = ['-', '0', '0'];
    expect((await s.follow(await evict(bricks[0]!.id, { healcheck: 'enable' }))).status).toBe(204);
  });

  it('404 for an unknown brick, 400 for a bad healcheck, 422 for a bad body', async () => {
    const { bricks } = await setup();
    const before = storageSnapshot(s);
    expect(await evict('abcdef')).toMatchObject({ status: 404, text: 'Id not found\n' });
    expect(await evict(bricks[0]!.id, { healcheck: 'bogus' })).toMatchObject({
      status: 400,
      text: 'validation failed: healcheck: bogus is not valid heal info check.\n',
    });
    expect((await evict(bricks[0]!.id, '{"healcheck":')).status).toBe(422);
    expect((await s.request('GET', `/bricks/to-evict/${bricks[0]!.id}`)).status).toBe(405);
    expect(storageSnapshot(s)).toEqual(before);
  });

  it('No Replacement when every other device is on a node of the set; nothing left behind', async () => {
    const { bricks } = await setup(3, 1);
    const before = storageSnapshot(s);
    const done = await s.follow(await evict(bricks[2]!.id, { healcheck: 'disable' }));
    expect(done).toMatchObject({ status: 500, text: `${NO_REPLACEMENT_TEXT}\n` });
    expect(storageSnapshot(s)).toEqual(before);
  });

  it('reuses the old node on another device', async () => {
    const { bricks } = await setup(3, 2);
    await s.follow(await evict(bricks[0]!.id, { healcheck: 'disable' }));
    const added = s.server.services.store.bricks.list().find((b) => !bricks.some((x) => x.id === b.id))!;
    expect(added.nodeId).toBe(bricks[0]!.nodeId);
  });

  it.each(['brickCreate=fail', 'volumeReplaceBrick=fail', 'volumeInfo=fail', 'glusterdCheck=fail'])(
    'a failure (%s) leaves the database and the nodes as they were',
    async (spec) => {
      const { bricks } = await setup();
      const before = storageSnapshot(s);
      faults(s, spec);
      const done = await s.follow(await evict(bricks[0]!.id, { healcheck: 'disable' }));
      expect(done.status).toBe(500);
      faults(s, '');
      expect(storageSnapshot(s)).toEqual(before);
    },
  );

  it('a failed old-brick destroy after replace-brick is finished forward by the rollback', async () => {
    const { volume, bricks } = await setup();
    faults(s, 'brickDestroy@1=fail');
    const done = await s.follow(await evict(bricks[0]!.id, { healcheck: 'disable' }));
    expect(done.text).toBe('mock failure injected at brickDestroy\n');
    const store = s.server.services.store;
    expect(store.bricks.get(bricks[0]!.id)).toBeUndefined();
    expect(store.bricks.listByVolume(volume.id).every((b) => b.pendingOpId === null)).toBe(true);
    expect(store.operations.list()).toEqual([]);
    expect(Object.keys(mockOf(s).snapshot().bricks)).not.toContain(bricks[0]!.id);
  });

  it('refuses a pending brick synchronously and persists nothing', async () => {
    const { bricks } = await setup();
    const store = s.server.services.store;
    store.tx(() => store.bricks.update({ ...bricks[1]!, pendingOpId: 'f'.repeat(32) }));
    const before = storageSnapshot(s);
    expect(await evict(bricks[1]!.id)).toMatchObject({ status: 500, text: `Failed to set up brick eviction: Can not evict brick ${bricks[1]!.id}: brick is pending\n` });
    expect(await evict(bricks[0]!.id)).toMatchObject({
      status: 500,
      text: `Failed to set up brick eviction: Can not evict brick ${bricks[0]!.id} from volume ${bricks[0]!.volumeId}: volume has pending bricks\n`,
    });
    expect(storageSnapshot(s)).toEqual(before);
  });

  it('is throttled: 429 beyond max_inflight_operations', async () => {
    s = await TestServer.start((c) => {
      c.glusterfs.maxInflightOperations = 1;
      c.throttleWaitSeconds = 0;
    });
    const topo = await seedTopology(s, 3, 2);
    const { bricks } = await fabricateVolume(s, topo.nodeIds);
    const second = await fabricateVolume(s, topo.nodeIds, { name: 'other' });
    faults(s, 'volumeInfo@1=delay:300');
    const first = await evict(bricks[0]!.id, { healcheck: 'disable' });
    expect(first.status).toBe(202);
    const busy = await evict(second.bricks[0]!.id, { healcheck: 'disable' });
    expect(busy).toMatchObject({ status: 429, text: 'Server busy. Retry operation later.\n' });
    expect(busy.headers.get('retry-after')).not.toBeNull();
    expect((await s.follow(first)).status).toBe(204);
  });
});
