import { afterEach, describe, expect, it } from 'vitest';
import type { MockExecutor } from '../../src/executor/mock-executor.js';
import { parseFaults } from '../../src/executor/mock-faults.js';
import { storageSnapshot } from '../helpers/fabricate-volume.js';
import { type ConfigPatch, TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

let s: TestServer;
afterEach(async () => s?.dispose());

const faults = (spec: string) => (s.server.services.ctx.executor as MockExecutor).faults.replace(parseFaults(spec));

async function setup(patch?: ConfigPatch) {
  s = await TestServer.start((c) => {
    c.glusterfs.blockHostingVolumeSize = 100;
    c.glusterfs.autoCreateBlockHostingVolume = true;
    patch?.(c);
  });
  return seedTopology(s, 3, 1);
}

describe('block volumes', () => {
  it('auto-creates a replica-3 BHV with 2% reserved and takes the size from its free size', async () => {
    const topo = await setup();
    const created = await s.run('POST', '/blockvolumes', { size: 10 });
    expect(created.status).toBe(200);
    const bv = created.json();
    expect(bv).toMatchObject({ size: 10, name: `blockvol_${bv.id}`, hacount: 3, cluster: topo.clusterId, usablesize: 10 });
    expect({ ...bv.blockvolume, hosts: [...bv.blockvolume.hosts].sort() }).toEqual({
      hosts: ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
      iqn: 'fakeIQN',
      lun: 0,
      username: '',
      password: '',
    });
    expect(bv).not.toHaveProperty('auth');
    const bhv = s.server.services.store.volumes.get(bv.blockhostingvolume)!;
    expect(bhv).toMatchObject({ block: true, sizeGib: 100, pendingOpId: null });
    expect(bhv.blockInfo).toEqual({ freeSizeGib: 98 - 10, reservedSizeGib: 2, restriction: '' });
    expect(s.server.services.store.bricks.listByVolume(bhv.id)).toHaveLength(3);

    const second = (await s.run('POST', '/blockvolumes', { size: 5, name: 'b2', hacount: 2, auth: true })).json();
    expect(second.blockhostingvolume).toBe(bhv.id);
    expect(second.blockvolume).toMatchObject({ username: 'heketi-user', password: 'secret' });
    expect(second.blockvolume.hosts).toHaveLength(2);
    expect(second.hacount).toBe(2);
    expect((await s.request('GET', '/blockvolumes')).json().blockvolumes).toEqual([bv.id, second.id].sort());
    expect(s.server.services.store.volumes.get(bhv.id)!.blockInfo.freeSizeGib).toBe(83);
  });

  it('refuses a size above the auto-create size, or when auto-create is off; nothing persisted', async () => {
    await setup((c) => (c.glusterfs.autoCreateBlockHostingVolume = false));
    const before = storageSnapshot(s);
    expect(await s.request('POST', '/blockvolumes', { size: 99 })).toMatchObject({
      status: 500,
      text:
        'Failed to allocate new block volume: The size configured for automatic creation of block hosting volumes (100) is too small to host the requested block volume of size 99. ' +
        'The available size on this block hosting volume, minus overhead, is 98. Please create a sufficiently large block hosting volume manually.\n',
    });
    expect(await s.request('POST', '/blockvolumes', { size: 5 })).toMatchObject({
      status: 500,
      text: 'Failed to allocate new block volume: Block Hosting Volume Creation is disabled. Create a Block hosting volume and try again.\n',
    });
    expect(storageSnapshot(s)).toEqual(before);
  });

  it('validates the request and the clusters', async () => {
    await setup();
    expect(await s.request('POST', '/blockvolumes', {})).toMatchObject({ status: 400, text: 'validation failed: size: cannot be blank.\n' });
    expect(await s.request('POST', '/blockvolumes', { size: -1, name: 'a b', hacount: -2 })).toMatchObject({
      status: 400,
      text: 'validation failed: hacount: must be no less than 1; name: must be in a valid format; size: must be no less than 1.\n',
    });
    expect((await s.request('POST', '/blockvolumes', '{')).status).toBe(422);
    expect(await s.request('POST', '/blockvolumes', { size: 1, clusters: ['ab'.repeat(16)] })).toMatchObject({
      status: 400,
      text: `Cluster id ${'ab'.repeat(16)} not found\n`,
    });
    expect(await s.request('GET', '/blockvolumes/abc')).toMatchObject({ status: 404, text: 'Id not found\n' });
    expect((await s.request('DELETE', '/blockvolumes/abc')).status).toBe(404);
  });

  it('400 No clusters configured on an empty server', async () => {
    s = await TestServer.start();
    expect(await s.request('POST', '/blockvolumes', { size: 1 })).toMatchObject({ status: 400, text: 'No clusters configured\n' });
  });

  it('delete gives the size back and keeps the empty BHV', async () => {
    await setup();
    const bv = (await s.run('POST', '/blockvolumes', { size: 10 })).json();
    expect((await s.run('DELETE', `/blockvolumes/${bv.id}`)).status).toBe(204);
    expect((await s.request('GET', `/blockvolumes/${bv.id}`)).status).toBe(404);
    const bhv = s.server.services.store.volumes.get(bv.blockhostingvolume)!;
    expect(bhv.blockInfo.freeSizeGib).toBe(98);
    expect(s.server.services.store.operations.list()).toEqual([]);
    expect((s.server.services.ctx.executor as MockExecutor).snapshot().blockVolumes).toEqual({});
  });

  it('expand: absolute size, Heketi refusals, space from the BHV', async () => {
    await setup();
    const bv = (await s.run('POST', '/blockvolumes', { size: 10 })).json();
    const expanded = await s.run('POST', `/blockvolumes/${bv.id}/expand`, { new_size: 20 });
    expect(expanded.json()).toMatchObject({ size: 20, usablesize: 20 });
    expect(s.server.services.store.volumes.get(bv.blockhostingvolume)!.blockInfo.freeSizeGib).toBe(78);
    const prefix = 'Failed to allocate block volume expansion: ';
    expect((await s.request('POST', `/blockvolumes/${bv.id}/expand`, { new_size: 20 })).text).toBe(
      `${prefix}Requested new-size 20 is same as current block volume size 20, nothing to be done.\n`,
    );
    expect((await s.request('POST', `/blockvolumes/${bv.id}/expand`, { new_size: 5 })).text).toBe(
      `${prefix}Requested new-size 5 is less than current block volume size 20, shrinking is not allowed.\n`,
    );
    expect(await s.request('POST', `/blockvolumes/${bv.id}/expand`, { new_size: 1100 })).toMatchObject({ status: 500, text: `${prefix}No space\n` });
    expect(await s.request('POST', `/blockvolumes/${bv.id}/expand`, {})).toMatchObject({ status: 400, text: 'validation failed: new_size: cannot be blank.\n' });
  });

  it('a failing gluster-block create rolls the new BHV back too', async () => {
    await setup();
    const before = storageSnapshot(s);
    faults('blockVolumeCreate=fail');
    const done = await s.follow(await s.request('POST', '/blockvolumes', { size: 10 }));
    expect(done).toMatchObject({ status: 500, text: 'mock failure injected at blockVolumeCreate\n' });
    faults('');
    expect(storageSnapshot(s)).toEqual(before);
  });

  it('a failing expand gives the delta back', async () => {
    await setup();
    const bv = (await s.run('POST', '/blockvolumes', { size: 10 })).json();
    faults('blockVolumeExpand=fail');
    expect((await s.run('POST', `/blockvolumes/${bv.id}/expand`, { new_size: 30 })).status).toBe(500);
    expect(s.server.services.store.volumes.get(bv.blockhostingvolume)!.blockInfo.freeSizeGib).toBe(88);
    expect((await s.request('GET', `/blockvolumes/${bv.id}`)).json().size).toBe(10);
  });

  it('429 while another BHV is being created', async () => {
    await setup();
    faults('volumeCreate=delay:300');
    const first = await s.request('POST', '/blockvolumes', { size: 10 });
    expect(first.status).toBe(202);
    expect(await s.request('POST', '/blockvolumes', { size: 10, name: 'x' })).toMatchObject({ status: 429 });
    expect((await s.follow(first)).status).toBe(303);
  });
});
