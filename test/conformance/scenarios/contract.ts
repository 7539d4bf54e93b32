/**
 * The `contract` scenario: plain HTTP requests for what the client scenarios do not reach —
 * every request type's validation texts (nested fields included), 404 and 401 texts, the queue
 * protocol, the read-once queue and "No space". Run against Heketi by the recorder only; the
 * replayer replays what was recorded.
 */
import { signToken } from '../../../src/api/auth/token.js';

interface Answer {
  status: number;
  location: string | null;
  text: string;
}

export class ProbeClient {
  constructor(
    private readonly url: string,
    private readonly keys: { admin: string; user: string },
  ) {}

  async send(method: string, path: string, body?: string, as: 'admin' | 'user' | 'none' | 'wrong-key' = 'admin'): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (as !== 'none') {
      const key = as === 'wrong-key' ? 'not-the-key' : this.keys[as === 'user' ? 'user' : 'admin'];
      headers.authorization = `bearer ${signToken({ issuer: as === 'user' ? 'user' : 'admin', key, method, path: path.split('?')[0]! })}`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.url + path, { method, headers, body, redirect: 'manual' });
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  /** Sends, then follows a 202 through /queue/{id} (polling as Heketi's clients do). */
  async run(method: string, path: string, body?: string): Promise<Answer> {
    const first = await this.send(method, path, body);
    if (first.status !== 202 || !first.location) return first;
    for (;;) {
      const poll = await this.send('GET', first.location);
      if (poll.status !== 200) return poll;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const json = (v: unknown) => JSON.stringify(v);
const idOf = (location: string | null) => (location ?? '').split('/').pop() ?? '';
const UNKNOWN = '0123456789abcdef0123456789abcdef';

export async function runContract(c: ProbeClient): Promise<void> {
  await c.send('GET', '/hello', undefined, 'none');
  await c.send('GET', '/clusters', undefined, 'none');
  await c.send('GET', '/clusters', undefined, 'wrong-key');
  await c.send('GET', '/clusters', undefined, 'user');
  await c.send('GET', '/no/such/route');

  const cluster = JSON.parse((await c.send('POST', '/clusters', json({ block: true, file: true }))).text).id as string;
  await c.send('POST', '/clusters', '{"block":"x"}');
  await c.send('POST', `/clusters/${cluster}/flags`, '{}');
  await c.send('GET', `/clusters/${cluster}`);
  await c.send('POST', `/clusters/${cluster}/flags`, json({ block: true, file: true }));
  await c.send('POST', `/clusters/${UNKNOWN}/flags`, json({ block: true, file: true }));

  // Node add: every field, and the nested hostnames struct.
  for (const body of [
    {},
    { hostnames: { manage: ['a.example'] } },
    { hostnames: { storage: ['10.0.0.9'] }, zone: 1 },
    { hostnames: { manage: ['a.example'], storage: ['$x'] }, zone: -1, cluster: 'zz' },
    { hostnames: { manage: ['-x'], storage: ['10.0.0.9'] }, zone: 1, cluster },
    { hostnames: { manage: ['a.example'], storage: ['10.0.0.9'] }, zone: 1, cluster, tags: { 'a b': 'c' } },
    { hostnames: { manage: ['a.example'], storage: ['10.0.0.9'] }, zone: 1, cluster: UNKNOWN },
  ]) {
    await c.send('POST', '/nodes', json(body));
  }
  await c.send('POST', '/nodes', '{"zone":1.5}');
  const nodes: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const done = await c.run('POST', '/nodes', json({ zone: i, cluster, hostnames: { manage: [`node${i}.example`], storage: [`10.0.0.${i}`] } }));
    nodes.push(idOf(done.location));
  }
  await c.send('POST', '/nodes', json({ zone: 1, cluster, hostnames: { manage: ['node1.example'], storage: ['10.0.0.1'] } }));

  // Device add: the embedded Device struct is merged into the request's own fields.
  for (const body of [{}, { name: 'x', tags: { 'a b': 'c' } }, { name: '/dev/sdb', node: 'zz' }, { name: '/dev/sdb', node: UNKNOWN }]) {
    await c.send('POST', '/devices', json(body));
  }
  for (const node of nodes) await c.run('POST', '/devices', json({ name: '/dev/sdb', node, tags: { disk: 'ssd' } }));
  await c.send('POST', '/devices', json({ name: '/dev/sdb', node: nodes[0] }));

  // Tags and states.
  for (const body of [{}, { change_type: 'bogus', tags: {} }, { change_type: 'set', tags: { 'a b': 'c' } }]) {
    await c.send('POST', `/nodes/${nodes[0]}/tags`, json(body));
  }
  await c.send('POST', `/nodes/${nodes[0]}/tags`, json({ change_type: 'set', tags: { rack: 'r1' } }));
  for (const body of [{}, { state: 'bogus' }, { state: 'online', healcheck: 'bogus' }]) {
    await c.send('POST', `/nodes/${nodes[0]}/state`, json(body));
  }
  for (const body of [{}, { state: 'bogus' }]) await c.send('POST', '/admin', json(body));
  await c.send('GET', '/admin');
  await c.send('POST', '/operations/pending/cleanup', json({ operations: ['x'] }));

  // Volumes: validation, durability and snapshot checks, then one volume through its life.
  for (const body of [
    {},
    { size: -1 },
    { size: 1, name: 'bad name' },
    { size: 1, durability: { type: 'bogus' } },
    { size: 1, snapshot: { enable: true, factor: 0.5 } },
    { size: 1, clusters: [UNKNOWN] },
    { size: 1, durability: { type: 'disperse', disperse: { data: 3, redundancy: 5 } } },
    { size: 600, durability: { type: 'replicate', replicate: { replica: 3 } } },
  ]) {
    await c.run('POST', '/volumes', json(body));
  }
  const created = await c.run('POST', '/volumes', json({ size: 2, durability: { type: 'replicate', replicate: { replica: 3 } }, gid: 2001, snapshot: { enable: true, factor: 1.5 } }));
  const volume = idOf(created.location);
  await c.send('GET', `/volumes/${volume}`);
  await c.send('GET', '/volumes');
  await c.send('POST', `/volumes/${volume}/expand`, '{}');
  await c.run('POST', `/volumes/${volume}/expand`, json({ expand_size: 1 }));
  await c.send('GET', `/volumes/${volume}`);
  await c.send('POST', `/volumes/${volume}/clone`, json({ name: 'bad name' }));
  await c.send('POST', `/volumes/${volume}/block-restriction`, json({ restriction: 'bogus' }));
  await c.send('GET', `/clusters/${cluster}`);
  await c.send('GET', `/nodes/${nodes[0]}`);
  await c.send('GET', '/operations');

  // Block volumes: validation only (the mock has no gluster-block targets to check against).
  for (const body of [{}, { size: 1, hacount: -1 }, { size: 1, name: 'bad name' }]) await c.send('POST', '/blockvolumes', json(body));

  // Unknown ids on every entity.
  for (const path of ['/clusters/', '/nodes/', '/devices/', '/volumes/', '/blockvolumes/', '/bricks/', '/queue/']) {
    await c.send('GET', `${path}${UNKNOWN}`);
  }
  await c.send('GET', '/clusters/bad');

  // Delete, then read the finished job a second time (Heketi: read once).
  const accepted = await c.send('DELETE', `/volumes/${volume}`);
  if (accepted.location) {
    for (;;) {
      const poll = await c.send('GET', accepted.location);
      if (poll.status !== 200) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await c.send('GET', accepted.location);
  }
  await c.send('GET', `/volumes/${volume}`);
  await c.send('DELETE', `/clusters/${cluster}`);
}
