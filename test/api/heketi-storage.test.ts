import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { ADMIN_KEY, TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

// heketi-cli's setup-openshift-heketi-storage against a real server (mock executor): the volume
// it creates, the List it writes, and its refusals.
describe('setup-openshift-heketi-storage', () => {
  let s: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-storage-'));

  beforeAll(async () => {
    s = await TestServer.start();
    await seedTopology(s, 3, 1);
  });
  afterAll(async () => {
    await s.server.close();
  });

  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {}, sleep: async () => undefined };
    const status = await runCli(['node', 'heketi-ts', '-s', s.url, '--user', 'admin', '--secret', ADMIN_KEY, ...args], io);
    return { status, stdout: out.join(''), stderr: err.join('') };
  };

  it("refuses an unknown or a disperse durability before creating anything, with heketi-cli's texts", async () => {
    const listfile = join(dir, 'never.json');
    expect(await cli('setup-openshift-heketi-storage', '--durability', 'mirror', '--listfile', listfile)).toEqual({
      status: 255,
      stdout: '',
      stderr: 'Error: mirror is not a valid durability type\n',
    });
    expect((await cli('setup-heketi-db-storage', '--durability', 'disperse', '--listfile', listfile)).stderr).toBe(
      'Error: Durability disperse is not supported for heketi database storage\n',
    );
    expect((await s.request('GET', '/volumes')).json().volumes).toEqual([]);
  });

  it("creates heketidbstorage with Heketi's size and options and writes the List: secret, endpoints, service, job", async () => {
    const listfile = join(dir, 'heketi-storage.json');
    const run = await cli('setup-kubernetes-heketi-storage', '--listfile', listfile, '--image', 'example/heketi-ts:1', '--node-selector', 'storage=yes');
    expect(run).toEqual({ status: 0, stdout: `Saving ${listfile}\n`, stderr: '' });

    const [id] = (await s.request('GET', '/volumes')).json().volumes as string[];
    const volume = (await s.request('GET', `/volumes/${id}`)).json();
    expect([volume.name, volume.size, volume.durability.type, volume.durability.replicate.replica]).toEqual(['heketidbstorage', 2, 'replicate', 3]);
    // Between the (empty) pre- and post-request options, as Heketi stores them.
    expect(volume.glustervolumeoptions).toEqual([
      '',
      'performance.stat-prefetch off',
      'performance.write-behind off',
      'performance.open-behind off',
      'performance.quick-read off',
      'performance.strict-o-direct on',
      'performance.read-ahead off',
      'performance.io-cache off',
      'performance.readdir-ahead off',
      'user.heketi.dbstoragelevel 1',
      '',
    ]);

    const text = readFileSync(listfile, 'utf8');
    expect(text.startsWith('{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    {\n      "kind": "Secret",')).toBe(true);
    expect(text.endsWith('}')).toBe(true);
    const list = JSON.parse(text);
    expect(list.items.map((i: any) => `${i.kind} ${i.metadata.name}`)).toEqual([
      'Secret heketi-storage-secret',
      'Endpoints heketi-storage-endpoints',
      'Service heketi-storage-endpoints',
      'Job heketi-storage-copy-job',
    ]);
    const [secret, endpoints, service, job] = list.items;
    expect(secret.metadata).toEqual({ name: 'heketi-storage-secret', creationTimestamp: null, labels: { 'deploy-heketi': 'support' } });
    expect(endpoints.subsets).toEqual(volume.mount.glusterfs.hosts.map((ip: string) => ({ addresses: [{ ip }], ports: [{ port: 1 }] })));
    expect(service.spec).toEqual({ ports: [{ port: 1, targetPort: 0 }] });
    const pod = job.spec.template.spec;
    expect(pod.volumes).toEqual([
      { name: 'heketi-storage', glusterfs: { endpoints: 'heketi-storage-endpoints', path: 'heketidbstorage' } },
      { name: 'heketi-storage-secret', secret: { secretName: 'heketi-storage-secret' } },
    ]);
    expect(pod.containers[0]).toMatchObject({ image: 'example/heketi-ts:1', command: ['cp', '/db/heketi.db', '/heketi'] });
    expect([pod.restartPolicy, pod.nodeSelector]).toEqual(['Never', { storage: 'yes' }]);

    // The secret holds the server's database: a SQLite file that already knows heketidbstorage.
    const dbFile = join(dir, 'from-secret.db');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(dbFile, Buffer.from(secret.data['heketi.db'], 'base64'));
    const db = new Database(dbFile, { readonly: true });
    expect(db.prepare('SELECT name FROM volumes').pluck().all()).toEqual(['heketidbstorage']);
    db.close();
  });

  it('refuses when heketidbstorage exists, and changes nothing', async () => {
    const before = (await s.request('GET', '/volumes')).json().volumes;
    const run = await cli('setup-openshift-heketi-storage', '--listfile', join(dir, 'second.json'));
    expect(run).toEqual({ status: 255, stdout: '', stderr: 'Error: Volume heketidbstorage already exists\n' });
    expect((await s.request('GET', '/volumes')).json().volumes).toEqual(before);
  });
});
