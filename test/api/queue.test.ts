import { afterEach, describe, expect, it } from 'vitest';
import { RESTART_NOTHING_SAVED } from '../../src/operations/recovery.js';
import { TestServer } from '../helpers/server.js';

async function nodeIn(s: TestServer): Promise<string> {
  const cluster = (await s.request('POST', '/clusters', {})).json().id;
  return (await s.run('POST', '/nodes', { zone: 1, cluster, hostnames: { manage: ['10.1.1.1'], storage: ['10.1.1.1'] } })).json().id;
}

describe('the async protocol (/queue)', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.dispose();
  });

  it('answers 200 + X-Pending while running, then 204, and the result stays readable', async () => {
    const s = await TestServer.start((c) => (c.glusterfs.mockexec.faults = 'deviceSetup=delay:400'));
    servers.push(s);
    const node = await nodeIn(s);
    const accepted = await s.request('POST', '/devices', { name: '/dev/sdb', node });
    expect(accepted.status).toBe(202);
    expect(accepted.text).toBe('');
    const pending = await s.request('GET', accepted.headers.get('location')!);
    expect(pending.status).toBe(200);
    expect(pending.headers.get('x-pending')).toBe('true');
    expect(pending.text).toBe('');
    expect((await s.follow(accepted)).status).toBe(204);
    // Heketi forgot a result after the first read; heketi-ts keeps it for the retention period.
    expect((await s.request('GET', accepted.headers.get('location')!)).status).toBe(204);
  });

  it('with queue_retention_seconds 0 answers a finished result once, then 404, as Heketi does', async () => {
    const s = await TestServer.start((c) => (c.queueRetentionSeconds = 0));
    servers.push(s);
    const node = await nodeIn(s);
    const accepted = await s.request('POST', '/devices', { name: '/dev/sdb', node });
    // A result nobody has read yet is kept however old it is (Heketi kept it until read).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await s.follow(accepted)).status).toBe(204);
    const again = await s.request('GET', accepted.headers.get('location')!);
    expect(again.status).toBe(404);
    expect(again.text).toBe('Id not found\n');
  });

  it('answers 500 with the error text when the job fails', async () => {
    const s = await TestServer.start((c) => (c.glusterfs.mockexec.faults = 'deviceSetup=fail'));
    servers.push(s);
    const node = await nodeIn(s);
    const done = await s.follow(await s.request('POST', '/devices', { name: '/dev/sdb', node }));
    expect(done.status).toBe(500);
    expect(done.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(done.text).toBe('mock failure injected at deviceSetup\n');
    expect((await s.request('GET', `/nodes/${node}`)).json().devices).toEqual([]);
  });

  it('answers 404 Id not found for an unknown job', async () => {
    const s = await TestServer.start();
    servers.push(s);
    const r = await s.request('GET', '/queue/0123456789abcdef0123456789abcdef');
    expect(r.status).toBe(404);
    expect(r.text).toBe('Id not found\n');
  });

  it('gives a definite answer after a restart in the middle of a job', async () => {
    const first = await TestServer.start((c) => (c.glusterfs.mockexec.faults = 'deviceSetup@2=hang'));
    const node = await nodeIn(first);
    const finished = await first.request('POST', '/devices', { name: '/dev/sdb', node });
    expect((await first.follow(finished)).status).toBe(204);
    const interrupted = await first.request('POST', '/devices', { name: '/dev/sdc', node });
    expect(interrupted.status).toBe(202);
    await first.stop(0);

    const second = await TestServer.start(undefined, first.dir);
    servers.push(second);
    const after = await second.request('GET', interrupted.headers.get('location')!);
    expect(after.status).toBe(500);
    expect(after.text).toBe(`${RESTART_NOTHING_SAVED}\n`);
    expect((await second.request('GET', finished.headers.get('location')!)).status).toBe(204);
    const devices = (await second.request('GET', `/nodes/${node}`)).json().devices;
    expect(devices.map((d: { name: string }) => d.name)).toEqual(['/dev/sdb']);
  });
});
