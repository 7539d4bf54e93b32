import { afterEach, describe, expect, it } from 'vitest';
import { mockVolumeKey, type MockExecutor } from '../../src/executor/mock-executor.js';
import { parseFaults } from '../../src/executor/mock-faults.js';
import { consistencyProblems } from '../helpers/crash-db.js';
import { TestServer, type ConfigPatch } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

const r3 = (size: number) => ({ size, durability: { type: 'replicate', replicate: { replica: 3 } } });

describe('volume operations: retries, throttle, visibility, cleanup', () => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.dispose();
    s = undefined;
  });

  /** A server with a 3-node topology whose mock executor gets `faults` only after seeding. */
  async function start(faults: string, patch?: ConfigPatch): Promise<TestServer> {
    s = await TestServer.start(patch);
    await seedTopology(s, 3, 1);
    mock(s).faults.replace(parseFaults(faults));
    return s;
  }
  const mock = (server: TestServer) => server.server.services.ctx.executor as MockExecutor;
  const consistent = (server: TestServer) =>
    consistencyProblems(server.config.glusterfs.db, server.config.glusterfs.mockexec.stateFile);

  it('retries a failed volume create with a fresh layout and succeeds on the second attempt', async () => {
    const server = await start('volumeCreate@1=fail');
    const r = await server.run('POST', '/volumes', r3(10));
    expect(r.status).toBe(200);
    expect(Object.keys(mock(server).snapshot().volumes)).toEqual([mockVolumeKey(r.json().cluster, r.json().name)]);
    expect(consistent(server)).toEqual([]);
  });

  it('gives up after the retry limit and leaves nothing behind', async () => {
    const server = await start('volumeCreate=fail', (c) => (c.glusterfs.volumeCreateRetryLimit = 2));
    const r = await server.follow(await server.request('POST', '/volumes', r3(10)));
    expect([r.status, r.text]).toEqual([500, 'mock failure injected at volumeCreate\n']);
    expect((await server.request('GET', '/volumes')).json().volumes).toEqual([]);
    expect(consistent(server)).toEqual([]);
  });

  it('hides a volume while it is being created and lists the operation as in flight', async () => {
    const server = await start('volumeCreate=delay:1500');
    const accepted = await server.request('POST', '/volumes', r3(1));
    expect(accepted.status).toBe(202);
    expect((await server.request('GET', '/volumes')).json().volumes).toEqual([]);
    const ops = (await server.request('GET', '/operations')).json();
    expect(ops).toEqual({ total: 1, in_flight: 1, stale: 0, failed: 0, new: 1 });
    const pending = (await server.request('GET', '/operations/pending')).json().pendingoperations;
    expect(pending).toEqual([{ id: expect.any(String), type_name: 'create-volume', status: '', sub_status: 'in-flight' }]);
    const detail = (await server.request('GET', `/operations/pending/${pending[0].id}`)).json();
    expect(detail.changes.map((c: { description: string }) => c.description)).toEqual(['Add brick', 'Add brick', 'Add brick', 'Add volume']);
    const volumeId = detail.changes[3].id as string;
    expect((await server.request('GET', `/volumes/${volumeId}`)).status).toBe(404);
    const del = await server.request('DELETE', `/volumes/${volumeId}`);
    expect([del.status, del.text]).toEqual([500, 'Failed to set up volume delete: The target exists, contains other items, or is in use.\n']);
    expect((await server.follow(accepted)).status).toBe(303);
    expect((await server.request('GET', `/volumes/${volumeId}`)).status).toBe(200);
    expect((await server.request('GET', '/operations')).json()).toEqual({ total: 0, in_flight: 0, stale: 0, failed: 0, new: 0 });
  });

  it('answers 429 with Retry-After beyond max_inflight_operations at once with throttle_wait_seconds 0 (as Heketi)', async () => {
    const server = await start('*=delay:1000', (c) => {
      c.glusterfs.maxInflightOperations = 1;
      c.throttleWaitSeconds = 0;
    });
    const first = await server.request('POST', '/volumes', r3(1));
    expect(first.status).toBe(202);
    const second = await server.request('POST', '/volumes', r3(1));
    expect([second.status, second.text]).toEqual([429, 'Server busy. Retry operation later.\n']);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await server.follow(first)).status).toBe(303);
    expect((await server.request('GET', '/volumes')).json().volumes).toHaveLength(1);
  });

  it('lets a create beyond max_inflight_operations wait for the slot, then builds it on the database as it is then', async () => {
    const server = await start('volumeCreate=delay:1500', (c) => {
      c.glusterfs.maxInflightOperations = 1;
      c.throttleWaitSeconds = 60;
    });
    const first = await server.request('POST', '/volumes', r3(1));
    expect(first.status).toBe(202);
    const answer = server.request('POST', '/volumes', r3(1));
    // While it waits, /metrics counts it (the first create is held 1.5 s in the mock).
    let waiting = 0;
    for (let i = 0; i < 100 && waiting === 0; i++) {
      const metrics = (await server.request('GET', '/metrics', undefined, { authorization: '' })).text;
      waiting = Number(/^heketi_ts_operations_waiting (\d+)$/m.exec(metrics)?.[1]);
      if (waiting === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(waiting).toBe(1);
    const second = await answer;
    expect(second.status).toBe(202);
    // The second was taken only once the first had finished and freed its slot.
    expect((await server.request('GET', first.headers.get('location')!)).status).toBe(303);
    expect((await server.follow(second)).status).toBe(303);
    expect((await server.request('GET', '/volumes')).json().volumes).toHaveLength(2);
    expect(consistent(server)).toEqual([]);
  });

  it('answers 429 when no slot frees up within throttle_wait_seconds, and creates nothing for it', async () => {
    const server = await start('volumeCreate=delay:4000', (c) => {
      c.glusterfs.maxInflightOperations = 1;
      c.throttleWaitSeconds = 1;
    });
    const first = await server.request('POST', '/volumes', r3(1));
    const second = await server.request('POST', '/volumes', r3(1));
    expect([second.status, second.text]).toEqual([429, 'Server busy. Retry operation later.\n']);
    expect((await server.request('GET', '/operations')).json()).toMatchObject({ total: 1, in_flight: 1 });
    expect((await server.follow(first)).status).toBe(303);
    expect((await server.request('GET', '/volumes')).json().volumes).toHaveLength(1);
  });

  it('marks the operation failed when the rollback fails, and cleanup finishes it', async () => {
    const server = await start('volumeCreate=fail,brickDestroy=fail', (c) => (c.glusterfs.volumeCreateRetryLimit = 0));
    const r = await server.follow(await server.request('POST', '/volumes', r3(1)));
    expect(r.status).toBe(500);
    expect((await server.request('GET', '/operations')).json()).toMatchObject({ total: 1, failed: 1 });
    expect(consistent(server).length).toBeGreaterThan(0);
    mock(server).faults.replace([]);
    const cleanup = await server.follow(await server.request('POST', '/operations/pending/cleanup', { operations: [] }));
    expect(cleanup.status).toBe(204);
    expect((await server.request('GET', '/operations')).json()).toMatchObject({ total: 0, failed: 0 });
    expect(consistent(server)).toEqual([]);
  });

  it('keeps a half-done delete pending and finishes it on cleanup', async () => {
    const server = await start('');
    const v = (await server.run('POST', '/volumes', r3(1))).json();
    mock(server).faults.replace(parseFaults('brickDestroy@2=fail'));
    const r = await server.follow(await server.request('DELETE', `/volumes/${v.id}`));
    expect(r.status).toBe(500);
    expect((await server.request('GET', `/volumes/${v.id}`)).status).toBe(404);
    const cleanup = await server.follow(await server.request('POST', '/operations/pending/cleanup', { operations: [] }));
    expect(cleanup.status).toBe(204);
    expect(consistent(server)).toEqual([]);
    expect((await server.request('GET', '/volumes')).json().volumes).toEqual([]);
  });

  it('validates cleanup requests and pending operation ids', async () => {
    const server = await start('');
    const tooMany = await server.request('POST', '/operations/pending/cleanup', { operations: Array.from({ length: 33 }, () => 'a'.repeat(32)) });
    expect([tooMany.status, tooMany.text]).toEqual([400, 'validation failed: operations: too many ids specified (33), up to 32 supported.\n']);
    const bad = await server.request('POST', '/operations/pending/cleanup', { operations: ['xyz'] });
    expect([bad.status, bad.text]).toEqual([400, 'validation failed: operations: xyz is not a valid UUID.\n']);
    // Go decodes both occurrences; the first is not a list of strings.
    const duplicate = await server.request('POST', '/operations/pending/cleanup', '{"operations":1,"operations":[]}');
    expect([duplicate.status, duplicate.text]).toEqual([
      422,
      'request unable to be parsed: json: cannot unmarshal number into Go struct field PendingOperationsCleanRequest.operations of type []string\n',
    ]);
    const missing = await server.request('GET', `/operations/pending/${'c'.repeat(32)}`);
    expect([missing.status, missing.text]).toEqual([404, `Id not found: ${'c'.repeat(32)}\n`]);
  });
});
