import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbSnapshot } from '../helpers/db-snapshot.js';
import { TestServer } from '../helpers/server.js';
import type { MockExecutor } from '../../src/executor/mock-executor.js';
import { parseFaults } from '../../src/executor/mock-faults.js';

const host = (i: number) => `192.168.50.${i}`;

describe('nodes and devices', () => {
  let s: TestServer;
  let cluster: string;
  beforeAll(async () => {
    s = await TestServer.start();
    cluster = (await s.request('POST', '/clusters', { file: true, block: true })).json().id;
  });
  afterAll(async () => s.dispose());

  const addNode = (i: number, extra: Record<string, unknown> = {}) =>
    s.request('POST', '/nodes', { zone: 1, cluster, hostnames: { manage: [host(i)], storage: [host(i)] }, ...extra });

  it('says why glusterd did not answer, after Heketi\'s text, and changes nothing', async () => {
    const mock = s.server.services.ctx.executor as MockExecutor;
    mock.faults.replace(parseFaults('glusterdCheck=fail'));
    const before = dbSnapshot(s.config.glusterfs.db);
    const r = await addNode(9);
    mock.faults.replace([]);
    expect([r.status, r.text]).toEqual([
      400,
      "New Node doesn't have glusterd running: mock failure injected at glusterdCheck\n",
    ]);
    expect(dbSnapshot(s.config.glusterfs.db)).toBe(before);
  });

  it('adds a node: 202 with a bare /queue location, then 303 to the node', async () => {
    const accepted = await addNode(1, { tags: { rack: 'r1' } });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toMatch(/^\/queue\/[a-f0-9]{32}$/);
    const done = await s.follow(accepted);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toMatch(/^\/nodes\/[a-f0-9]{32}$/);
    const node = (await s.request('GET', done.headers.get('location')!)).json();
    expect(node).toMatchObject({ zone: 1, cluster, state: 'online', tags: { rack: 'r1' }, devices: [] });
    expect(node.hostnames).toEqual({ manage: [host(1)], storage: [host(1)] });
  });

  it('refuses a hostname already used (409, Heketi text with its newline)', async () => {
    const first = (await s.run('POST', '/nodes', { zone: 1, cluster, hostnames: { manage: [host(2)], storage: [host(2)] } })).json();
    const before = dbSnapshot(s.config.glusterfs.db);
    const r = await addNode(2);
    expect(r.status).toBe(409);
    expect(r.text).toBe(`Hostname ${host(2)} already used by node with id ${first.id}\n\n`);
    expect(dbSnapshot(s.config.glusterfs.db)).toBe(before);
  });

  const badNodes: [string, unknown, number, string][] = [
    ['zone missing', { cluster: 'c'.repeat(32), hostnames: { manage: ['a'], storage: ['a'] } }, 400, 'validation failed: zone: cannot be blank.\n'],
    [
      'hostnames missing and a bad cluster id',
      { zone: 1, cluster: 'abc' },
      400,
      'validation failed: cluster: abc is not a valid UUID; hostnames: (manage: cannot be blank; storage: cannot be blank.).\n',
    ],
    [
      'a bad storage hostname',
      { zone: 1, cluster: 'c'.repeat(32), hostnames: { manage: ['a'], storage: ['$(reboot)'] } },
      400,
      'validation failed: hostnames: (storage: [$(reboot)] is not a valid storage hostname.).\n',
    ],
    ['an unknown cluster', { zone: 1, cluster: 'c'.repeat(32), hostnames: { manage: ['a'], storage: ['a'] } }, 404, 'Cluster id does not exist\n'],
    ['a float zone', '{"zone":1.5}', 422, 'request unable to be parsed: json: cannot unmarshal number 1.5 into Go struct field NodeAddRequest.zone of type int\n'],
    ['a bad tag name', { zone: 1, cluster: 'c'.repeat(32), hostnames: { manage: ['a'], storage: ['a'] }, tags: { 'a b': 'x' } }, 400, 'validation failed: tags: invalid characters in tag name a b.\n'],
  ];

  it.each(badNodes)('rejects a node with %s and changes nothing', async (_n, body, status, text) => {
    const before = dbSnapshot(s.config.glusterfs.db);
    const r = await s.request('POST', '/nodes', body);
    expect(r.status).toBe(status);
    expect(r.text).toBe(text);
    expect(dbSnapshot(s.config.glusterfs.db)).toBe(before);
  });

  it('names the cause when no node of the cluster has glusterd running', async () => {
    const mock = s.server.services.ctx.executor as MockExecutor;
    mock.faults.replace(parseFaults('glusterdCheck=fail'));
    const r = await addNode(8);
    mock.faults.replace([]);
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/^None of the nodes in cluster has glusterd running: mock failure injected at glusterdCheck(; .*)?\n$/);
  });

  it('walks a node and a device through their lifecycle', async () => {
    const node = (await s.run('POST', '/nodes', { zone: 2, cluster, hostnames: { manage: [host(3)], storage: [host(3)] } })).json();
    const added = await s.run('POST', '/devices', { name: '/dev/sdb', node: node.id, tags: { ssd: 'yes' } });
    expect(added.status).toBe(204);
    const device = (await s.request('GET', `/nodes/${node.id}`)).json().devices[0];
    expect(device).toMatchObject({ name: '/dev/sdb', state: 'online', tags: { ssd: 'yes' }, bricks: [] });
    expect(device.storage).toEqual({ total: 524288000, free: 524288000, used: 0 });

    // Tags: update merges, delete removes, set replaces; the full map comes back.
    const tagged = await s.request('POST', `/devices/${device.id}/tags`, { change_type: 'update', tags: { tier: 'gold' } });
    expect(tagged.status).toBe(200);
    expect(tagged.text).toBe('{"ssd":"yes","tier":"gold"}\n');
    expect((await s.request('POST', `/devices/${device.id}/tags`, { change_type: 'delete', tags: { ssd: '' } })).json()).toEqual({ tier: 'gold' });
    expect((await s.request('POST', `/nodes/${node.id}/tags`, { change_type: 'set', tags: { a: '1' } })).json()).toEqual({ a: '1' });

    // Device delete needs failed state first (400), online -> failed is refused through the queue (500).
    const notFailed = await s.request('DELETE', `/devices/${device.id}`);
    expect(notFailed.status).toBe(400);
    expect(notFailed.text).toBe(`device: ${device.id} is not in failed state\n`);
    const fromOnline = await s.follow(await s.request('POST', `/devices/${device.id}/state`, { state: 'failed' }));
    expect(fromOnline.status).toBe(500);
    expect(fromOnline.text).toBe(`Device must be offline before remove operation is performed, device:${device.id}\n`);

    expect((await s.follow(await s.request('POST', `/devices/${device.id}/state`, { state: 'offline' }))).status).toBe(204);
    expect((await s.follow(await s.request('POST', `/devices/${device.id}/state`, { state: 'failed' }))).status).toBe(204);
    const toOnline = await s.follow(await s.request('POST', `/devices/${device.id}/state`, { state: 'online' }));
    expect(toOnline.status).toBe(500);
    expect(toOnline.text).toBe('Cannot move a failed/removed device to online state\n');

    // A node with devices cannot be deleted.
    const nodeDelete = await s.request('DELETE', `/nodes/${node.id}`);
    expect(nodeDelete.status).toBe(409);
    expect(nodeDelete.text).toBe(`Unable to delete node [${node.id}] because it contains devices\n`);

    // DELETE with a JSON body and no Content-Type (as the Go client sends it).
    expect((await s.follow(await s.request('DELETE', `/devices/${device.id}`, '{"forceforget":false}'))).status).toBe(204);
    expect((await s.request('GET', `/devices/${device.id}`)).status).toBe(404);
    expect((await s.follow(await s.request('DELETE', `/nodes/${node.id}`))).status).toBe(204);
    expect((await s.request('GET', `/nodes/${node.id}`)).status).toBe(404);
  });

  it('resyncs a device through a GET that answers 202', async () => {
    const node = (await s.run('POST', '/nodes', { zone: 1, cluster, hostnames: { manage: [host(4)], storage: [host(4)] } })).json();
    await s.run('POST', '/devices', { name: '/dev/sdc', node: node.id });
    const id = (await s.request('GET', `/nodes/${node.id}`)).json().devices[0].id;
    const accepted = await s.request('GET', `/devices/${id}/resync`);
    expect(accepted.status).toBe(202);
    expect((await s.follow(accepted)).status).toBe(204);
  });

  const badDevices: [string, unknown, number, string][] = [
    ['a relative name', { name: 'sdb', node: 'a'.repeat(32) }, 400, 'validation failed: name: must be in a valid format.\n'],
    ['a shell payload', { name: '/dev/sdb;reboot', node: 'a'.repeat(32) }, 400, 'validation failed: name: must be in a valid format.\n'],
    ['an unknown node', { name: '/dev/sdb', node: 'a'.repeat(32) }, 404, 'Node id does not exist\n'],
    ['no node', { name: '/dev/sdb' }, 400, 'validation failed: node: cannot be blank.\n'],
  ];

  it.each(badDevices)('rejects a device with %s and changes nothing', async (_n, body, status, text) => {
    const before = dbSnapshot(s.config.glusterfs.db);
    const r = await s.request('POST', '/devices', body);
    expect(r.status).toBe(status);
    expect(r.text).toBe(text);
    expect(dbSnapshot(s.config.glusterfs.db)).toBe(before);
  });

  it('validates state requests', async () => {
    const node = (await s.run('POST', '/nodes', { zone: 1, cluster, hostnames: { manage: [host(5)], storage: [host(5)] } })).json();
    const r = await s.request('POST', `/nodes/${node.id}/state`, { state: 'sleeping' });
    expect(r.status).toBe(400);
    expect(r.text).toBe('validation failed: state: sleeping is not valid state.\n');
    const fromOnline = await s.follow(await s.request('POST', `/nodes/${node.id}/state`, { state: 'failed' }));
    expect(fromOnline.status).toBe(500);
    expect(fromOnline.text).toBe(`Node must be offline before remove operation is performed, node:${node.id}\n`);
  });
});
