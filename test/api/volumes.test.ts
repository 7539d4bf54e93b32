import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistencyProblems, dumpTables } from '../helpers/crash-db.js';
import type { MockExecutor } from '../../src/executor/mock-executor.js';
import { parseFaults } from '../../src/executor/mock-faults.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology, type SeededTopology } from '../helpers/topology.js';

const r3 = (size: number, extra: object = {}) => ({ size, durability: { type: 'replicate', replicate: { replica: 3 } }, ...extra });

describe('POST /volumes rejections (nothing persisted)', () => {
  let s: TestServer;
  let t: SeededTopology;
  beforeAll(async () => {
    s = await TestServer.start();
  });
  afterAll(async () => s.dispose());

  it('answers 400 No clusters configured before any cluster exists', async () => {
    const r = await s.request('POST', '/volumes', { size: 1 });
    expect([r.status, r.text]).toEqual([400, 'No clusters configured\n']);
    t = await seedTopology(s, 3, 1);
  });

  const PARSE = 'request unable to be parsed: ';
  const cases: [string, unknown, number, string][] = [
    ['size 0', { size: 0 }, 400, 'validation failed: size: cannot be blank.'],
    ['no size', {}, 400, 'validation failed: size: cannot be blank.'],
    ['negative size', { size: -3 }, 400, 'validation failed: size: must be no less than 1.'],
    ['bad name', { size: 1, name: 'a b' }, 400, 'validation failed: name: must be in a valid format.'],
    ['bad name and size', { size: 0, name: 'x!' }, 400, 'validation failed: name: must be in a valid format; size: cannot be blank.'],
    ['string size', { size: '1' }, 422, `${PARSE}json: cannot unmarshal string into Go struct field VolumeCreateRequest.size of type int`],
    ['fractional size', '{"size": 1.5}', 422, `${PARSE}json: cannot unmarshal number 1.5 into Go struct field VolumeCreateRequest.size of type int`],
    ['durability not an object', { size: 1, durability: 5 }, 422, `${PARSE}json: cannot unmarshal number into Go struct field VolumeCreateRequest.durability of type api.VolumeDurabilityInfo`],
    ['malformed json', '{"size":', 422, `${PARSE}unexpected end of JSON input at offset 8`],
    // Go decodes every occurrence of a key (any case): a wrong type in either fails.
    ['a case-duplicated key of the wrong type', '{"size":1,"Size":"1"}', 422, `${PARSE}json: cannot unmarshal string into Go struct field VolumeCreateRequest.size of type int`],
    ['a later duplicate that fails validation', '{"size":1,"SIZE":0}', 400, 'validation failed: size: cannot be blank.'],
    ['a string of 8 MiB as the name', JSON.stringify({ size: 1, name: `${'n'.repeat(8 << 20)}!` }), 400, 'validation failed: name: must be in a valid format.'],
    ['gid < 0', { size: 1, gid: -1 }, 400, 'Bad group id less than zero'],
    ['gid too big', { size: 1, gid: 2147483647 }, 400, 'Bad group id equal or greater than 2**32'],
    ['unknown durability', { size: 1, durability: { type: 'mirror' } }, 400, 'Unknown durability type'],
    ['snapshot factor 0.5', { size: 1, snapshot: { enable: true, factor: 0.5 } }, 400, 'Invalid snapshot factor'],
    ['snapshot factor 101', { size: 1, snapshot: { enable: true, factor: 101 } }, 400, 'Invalid snapshot factor'],
    ['replica 4', { size: 1, durability: { type: 'replicate', replicate: { replica: 4 } } }, 400, 'Invalid replica value'],
    ['disperse 3+3', { size: 10, durability: { type: 'disperse', disperse: { data: 3, redundancy: 3 } } }, 400, 'Invalid dispersion combination: 3+3'],
    ['disperse defaults', { size: 10, durability: { type: 'disperse' } }, 400, 'Invalid dispersion combination: 0+0'],
    [
      'disperse below minimum',
      { size: 3, durability: { type: 'disperse', disperse: { data: 4, redundancy: 2 } } },
      400,
      'Requested volume size (3 GB) is smaller than the minimum supported volume size (4194304)',
    ],
  ];
  it.each(cases)('%s → %i', async (_name, body, status, text) => {
    const before = dumpTables(s.config.glusterfs.db);
    const r = await s.request('POST', '/volumes', body);
    expect([r.status, r.text]).toEqual([status, `${text}\n`]);
    expect(dumpTables(s.config.glusterfs.db)).toBe(before);
  });

  it('rejects an unknown cluster with 400', async () => {
    const before = dumpTables(s.config.glusterfs.db);
    const r = await s.request('POST', '/volumes', { size: 1, clusters: ['ab'.repeat(16)] });
    expect([r.status, r.text]).toEqual([400, `Cluster id ${'ab'.repeat(16)} not found\n`]);
    expect(dumpTables(s.config.glusterfs.db)).toBe(before);
  });

  it('answers a synchronous 500 No space beyond capacity, with the allocator detail', async () => {
    const before = dumpTables(s.config.glusterfs.db);
    const r = await s.request('POST', '/volumes', r3(600));
    expect(r.status).toBe(500);
    expect(r.text).toMatch(/^Failed to allocate new volume: No space: .+\n$/);
    expect(dumpTables(s.config.glusterfs.db)).toBe(before);
  });

  it('says that 1e6 GiB exceeds the free space, not only that it hit the brick limit', async () => {
    const before = dumpTables(s.config.glusterfs.db);
    const r = await s.request('POST', '/volumes', { size: 1_000_000 });
    expect(r.status).toBe(500);
    expect(r.text).toMatch(
      /^Failed to allocate new volume: No space: the volume needs at least 1000000 GiB on the devices and the eligible devices have \d+ GiB free in all; /,
    );
    expect(dumpTables(s.config.glusterfs.db)).toBe(before);
  });

  it('refuses a name already in use in the cluster', async () => {
    expect((await s.run('POST', '/volumes', { size: 1, name: 'taken' })).status).toBe(200);
    const before = dumpTables(s.config.glusterfs.db);
    const r = await s.request('POST', '/volumes', { size: 1, name: 'taken' });
    expect([r.status, r.text]).toEqual([500, "Failed to allocate new volume: Volume name 'taken' already in use\n"]);
    expect(dumpTables(s.config.glusterfs.db)).toBe(before);
    expect(t.clusterId).toBeTruthy();
  });
});

describe('volume create, read, expand, delete', () => {
  let s: TestServer;
  let t: SeededTopology;
  beforeAll(async () => {
    s = await TestServer.start();
    t = await seedTopology(s, 3, 1);
  });
  afterAll(async () => s.dispose());

  const freeOf = async (deviceId: string) => (await s.request('GET', `/devices/${deviceId}`)).json().storage.free as number;

  it('charges 105381888 KiB per device for 100 GiB replica 3 and reports VolumeInfo as Heketi', async () => {
    const r = await s.run('POST', '/volumes', r3(100));
    expect(r.status).toBe(200);
    const v = r.json();
    for (const d of t.deviceIds) expect(await freeOf(d)).toBe(524288000 - 105381888);
    const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((h) => ({ h, id: '' }));
    expect(v.mount.glusterfs.hosts).toHaveLength(3);
    expect(v.mount.glusterfs.hosts.slice().sort()).toEqual(hosts.map((x) => x.h));
    expect(v.mount.glusterfs.device).toBe(`${v.mount.glusterfs.hosts[0]}:${v.name}`);
    expect(v.mount.glusterfs.options['backup-volfile-servers']).toBe(v.mount.glusterfs.hosts.slice(1).join(','));
    expect(v.name).toBe(`vol_${v.id}`);
    expect(v.glustervolumeoptions).toEqual(['', '']);
    expect(v.snapshot).toEqual({ enable: false, factor: 1 });
    expect(v.durability).toEqual({ type: 'replicate', replicate: { replica: 3 }, disperse: {} });
    expect(v.bricks).toHaveLength(3);
    expect(Object.keys(v)).toEqual(['size', 'name', 'durability', 'glustervolumeoptions', 'snapshot', 'id', 'cluster', 'mount', 'blockinfo', 'bricks']);
    expect((await s.request('GET', '/volumes')).json().volumes).toContain(v.id);
    expect(consistencyProblems(s.config.glusterfs.db, s.config.glusterfs.mockexec.stateFile)).toEqual([]);
  });

  it('ignores unknown keys whatever they hold, and merges a duplicated object key as Go does', async () => {
    const body = '{"size":1,"note":10.0,"durability":{"type":"replicate"},"Durability":{"replicate":{"replica":3}}}';
    const v = (await s.run('POST', '/volumes', body)).json();
    expect(v.durability.replicate).toEqual({ replica: 3 });
    expect(v.bricks).toHaveLength(3);
  });

  it('echoes {"type":"replicate"} as replicate:{} and builds replica 2', async () => {
    const v = (await s.run('POST', '/volumes', { size: 1, durability: { type: 'replicate' } })).json();
    expect(v.durability).toEqual({ type: 'replicate', replicate: {}, disperse: {} });
    expect(v.bricks).toHaveLength(2);
    expect(new Set(v.bricks.map((b: { node: string }) => b.node)).size).toBe(2);
  });

  it('defaults an empty durability type to none, and shows block capacity for block volumes', async () => {
    const v = (await s.run('POST', '/volumes', { size: 100, block: true, gid: 1000 })).json();
    expect(v.durability).toEqual({ type: 'none', replicate: {}, disperse: {} });
    expect(v.bricks).toHaveLength(1);
    expect(v.block).toBe(true);
    expect(v.gid).toBe(1000);
    expect(v.blockinfo).toEqual({ freesize: 98, reservedsize: 2 });
    expect(v.glustervolumeoptions).toEqual(['', 'group gluster-block', '']);
  });

  it('expands by a delta: the size grows and the bricks, old and new, are listed by id as Heketi lists them', async () => {
    const v = (await s.run('POST', '/volumes', r3(10))).json();
    const e = await s.run('POST', `/volumes/${v.id}/expand`, { expand_size: 5 });
    expect(e.status).toBe(200);
    const x = e.json();
    expect(x.size).toBe(15);
    expect(x.bricks).toHaveLength(6);
    const ids = x.bricks.map((b: { id: string }) => b.id);
    expect(ids).toEqual([...ids].sort());
    expect(x.bricks).toEqual(expect.arrayContaining(v.bricks));
    const topologyVolume = (await s.request('GET', '/topology')).json().clusters[0].volumes.find((tv: { id: string }) => tv.id === v.id);
    expect(topologyVolume.bricks).toEqual(x.bricks);
    expect(consistencyProblems(s.config.glusterfs.db, s.config.glusterfs.mockexec.stateFile)).toEqual([]);
  });

  it('grows a block-hosting volume by 98/2 on expand', async () => {
    const v = (await s.run('POST', '/volumes', { size: 50, block: true })).json();
    const x = (await s.run('POST', `/volumes/${v.id}/expand`, { expand_size: 50 })).json();
    expect(x.blockinfo).toEqual({ freesize: 49 + 49, reservedsize: 1 + 1 });
  });

  it('refuses to expand a volume while it is being deleted (found by the chaos tier), changing nothing', async () => {
    const v = (await s.run('POST', '/volumes', { size: 1 })).json();
    const mock = s.server.services.ctx.executor as MockExecutor;
    mock.faults.replace(parseFaults('volumeDestroy=delay:300'));
    const deleting = await s.request('DELETE', `/volumes/${v.id}`);
    const before = dumpTables(s.config.glusterfs.db);
    const expand = await s.request('POST', `/volumes/${v.id}/expand`, { expand_size: 1 });
    expect([expand.status, expand.text]).toEqual([500, 'Failed to allocate volume expansion: The target exists, contains other items, or is in use.\n']);
    expect(dumpTables(s.config.glusterfs.db)).toBe(before);
    mock.faults.replace([]);
    expect((await s.follow(deleting)).status).toBe(204);
  });

  it('validates expand and answers 404 for an unknown volume', async () => {
    const v = (await s.run('POST', '/volumes', { size: 1 })).json();
    const zero = await s.request('POST', `/volumes/${v.id}/expand`, { expand_size: 0 });
    expect([zero.status, zero.text]).toEqual([400, 'validation failed: expand_size: cannot be blank.\n']);
    const missing = await s.request('POST', `/volumes/${'0'.repeat(32)}/expand`, { expand_size: 1 });
    expect([missing.status, missing.text]).toEqual([404, 'Id not found\n']);
    const tooBig = await s.request('POST', `/volumes/${v.id}/expand`, { expand_size: 5000 });
    expect(tooBig.status).toBe(500);
    expect(tooBig.text).toMatch(/^Failed to allocate volume expansion: /);
  });

  it('deletes with 204, gives the space back, and hides nothing afterwards', async () => {
    const before = await Promise.all(t.deviceIds.map(freeOf));
    const v = (await s.run('POST', '/volumes', r3(20))).json();
    const d = await s.run('DELETE', `/volumes/${v.id}`);
    expect(d.status).toBe(204);
    expect(await Promise.all(t.deviceIds.map(freeOf))).toEqual(before);
    expect((await s.request('GET', `/volumes/${v.id}`)).status).toBe(404);
    expect((await s.request('GET', '/volumes')).json().volumes).not.toContain(v.id);
    expect(consistencyProblems(s.config.glusterfs.db, s.config.glusterfs.mockexec.stateFile)).toEqual([]);
  });

  it('refuses to delete the Heketi db volume (409) and unknown volumes (404)', async () => {
    const v = (await s.run('POST', '/volumes', { size: 1, name: 'heketidbstorage' })).json();
    const r = await s.request('DELETE', `/volumes/${v.id}`);
    expect([r.status, r.text]).toEqual([409, 'Cannot delete volume containing the Heketi database\n']);
    expect((await s.request('DELETE', `/volumes/${'1'.repeat(32)}`)).status).toBe(404);
  });

  it('clones a volume (303 to the new one) and refuses block-hosting sources', async () => {
    const v = (await s.run('POST', '/volumes', r3(5))).json();
    const c = await s.run('POST', `/volumes/${v.id}/clone`, { name: 'myclone' });
    expect(c.status).toBe(200);
    expect(c.json().name).toBe('myclone');
    expect(c.json().id).not.toBe(v.id);
    expect(c.json().bricks).toHaveLength(3);
    const bhv = (await s.run('POST', '/volumes', { size: 5, block: true })).json();
    const r = await s.request('POST', `/volumes/${bhv.id}/clone`, {});
    expect([r.status, r.text]).toEqual([500, `Failed clone volume ${bhv.id}: Cloning of block hosting volumes is not supported\n`]);
  });

  it('sets block restrictions on block-hosting volumes only', async () => {
    const plain = (await s.run('POST', '/volumes', { size: 1 })).json();
    const bad = await s.request('POST', `/volumes/${plain.id}/block-restriction`, { restriction: 'locked' });
    expect([bad.status, bad.text]).toEqual([500, 'Failed to set block restriction: Block restrictions can only be set on block hosting volumes\n']);
    const invalid = await s.request('POST', `/volumes/${plain.id}/block-restriction`, { restriction: 'locked-by-update' });
    expect([invalid.status, invalid.text]).toEqual([400, 'validation failed: restriction: must be a valid value.\n']);
    const bhv = (await s.run('POST', '/volumes', { size: 5, block: true })).json();
    const locked = await s.run('POST', `/volumes/${bhv.id}/block-restriction`, { restriction: 'locked' });
    expect(locked.json().blockinfo.restriction).toBe('locked');
    const unlocked = await s.run('POST', `/volumes/${bhv.id}/block-restriction`, { restriction: '' });
    expect(unlocked.json().blockinfo.restriction).toBeUndefined();
  });
});

describe('brick division and limits', () => {
  it('lays 2000 GiB replica 2 on 500 GiB devices out as 16 bricks of 250 GiB', async () => {
    const s = await TestServer.start();
    try {
      await seedTopology(s, 4, 5);
      const v = (await s.run('POST', '/volumes', { size: 2000, durability: { type: 'replicate', replicate: { replica: 2 } } })).json();
      expect(v.bricks).toHaveLength(16);
      expect(new Set(v.bricks.map((b: { size: number }) => b.size))).toEqual(new Set([250 * 1024 * 1024]));
    } finally {
      await s.dispose();
    }
  });

  it('reports expansion limits unmapped', async () => {
    const s = await TestServer.start((c) => (c.glusterfs.maxBricksPerVolume = 3));
    try {
      await seedTopology(s, 3, 1);
      const v = (await s.run('POST', '/volumes', r3(1))).json();
      const r = await s.request('POST', `/volumes/${v.id}/expand`, { expand_size: 1 });
      expect([r.status, r.text]).toEqual([500, 'Failed to allocate volume expansion: Maximum number of bricks reached.\n']);
    } finally {
      await s.dispose();
    }
  });
});
