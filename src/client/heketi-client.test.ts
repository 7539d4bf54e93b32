import { afterEach, describe, expect, it } from 'vitest';
import { HeketiClient } from './heketi-client.js';
import { HeketiClientError } from './http-transport.js';
import { startScriptedServer, TEST_ADMIN_KEY, TEST_USER_KEY, type ScriptHandler, type ScriptedReply, type ScriptedServer } from './scripted-server.js';

let server: ScriptedServer | undefined;
const sleeps: number[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  sleeps.length = 0;
});

async function clientFor(handler: ScriptHandler, user = 'admin', secret = TEST_ADMIN_KEY) {
  server = await startScriptedServer(handler);
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  return new HeketiClient({ server: server.url, user, secret, sleep, random: () => 0.5 });
}

const QUEUE = '/queue/0123456789abcdef0123456789abcdef';
const VOLUME = { id: 'aa', name: 'vol_aa', size: 1 };

describe('HeketiClient', () => {
  it('signs every request with a lower-case bearer token whose qsh the server accepts', async () => {
    const client = await clientFor(() => ({ status: 200, body: { clusters: ['c1'] } }));
    expect(await client.clusterList()).toEqual({ clusters: ['c1'] });
    expect(server!.requests[0]!.headers.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('follows 202 -> polls while X-Pending -> 303 -> re-signed GET of the resource', async () => {
    let polls = 0;
    const client = await clientFor((request): ScriptedReply => {
      if (request.method === 'POST') return { status: 202, headers: { Location: QUEUE } };
      if (request.path === QUEUE) {
        polls++;
        return polls < 3 ? { status: 200, headers: { 'X-Pending': 'true' } } : { status: 303, headers: { Location: '/volumes/aa' } };
      }
      return { status: 200, body: VOLUME };
    });
    expect(await client.volumeCreate({ size: 1 })).toEqual(VOLUME);
    expect(server!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /volumes',
      `GET ${QUEUE}`,
      `GET ${QUEUE}`,
      `GET ${QUEUE}`,
      'GET /volumes/aa',
    ]);
    expect(sleeps).toEqual([400, 400]);
    expect(JSON.parse(server!.requests[0]!.body)).toEqual({ size: 1 });
    expect(server!.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('resolves with nothing when the queue answers 204', async () => {
    const client = await clientFor((request) =>
      request.path === QUEUE ? { status: 204 } : { status: 202, headers: { Location: QUEUE } },
    );
    await expect(client.volumeDelete('aa')).resolves.toBeUndefined();
  });

  it('rejects with the server text when the queue answers 500', async () => {
    const client = await clientFor((request) =>
      request.path === QUEUE ? { status: 500, body: 'No space\n' } : { status: 202, headers: { Location: QUEUE } },
    );
    await expect(client.volumeExpand('aa', 10)).rejects.toThrow(new HeketiClientError('No space', 500));
  });

  it('retries 429 honouring Retry-After, then succeeds', async () => {
    let calls = 0;
    const client = await clientFor(() =>
      ++calls < 3
        ? { status: 429, headers: { 'Retry-After': '2' }, body: 'Server busy. Retry operation later.\n' }
        : { status: 200, body: { clusters: [] } },
    );
    expect(await client.clusterList()).toEqual({ clusters: [] });
    expect(sleeps).toEqual([2500, 2500]);
  });

  it('gives up on 429 after a bounded number of attempts', async () => {
    const client = await clientFor(() => ({ status: 429, body: 'Server busy. Retry operation later.\n' }));
    await expect(client.clusterList()).rejects.toThrow('Server busy. Retry operation later.');
    expect(server!.requests).toHaveLength(6);
    expect(sleeps).toEqual([1500, 2500, 4500, 8500, 16500]);
  });

  it('reports an empty error body like the Go client', async () => {
    const client = await clientFor(() => ({ status: 405 }));
    await expect(client.clusterList()).rejects.toThrow('server did not provide a message (status 405: Method Not Allowed)');
  });

  it('sends device delete and brick evict bodies without a Content-Type', async () => {
    const client = await clientFor((request) =>
      request.path === QUEUE ? { status: 204 } : { status: 202, headers: { Location: QUEUE } },
    );
    await client.deviceDelete('dd', true);
    await client.brickEvict('bb');
    const [deleteRequest, , evictRequest] = server!.requests;
    expect(deleteRequest!.headers['content-type']).toBeUndefined();
    expect(JSON.parse(deleteRequest!.body)).toEqual({ forceforget: true });
    expect(evictRequest!.path).toBe('/bricks/to-evict/bb');
  });

  it('returns db dump text verbatim', async () => {
    const client = await clientFor(() => ({ status: 200, body: '{\n    "clusterentries": {}\n}\n' }));
    expect(await client.dbDump()).toBe('{\n    "clusterentries": {}\n}\n');
  });

  it('surfaces auth failures from the server', async () => {
    const client = await clientFor(() => ({ status: 200, body: {} }), 'user', TEST_USER_KEY);
    await expect(client.clusterList()).rejects.toThrow(new HeketiClientError('Administrator access required', 401));
    const wrongKey = await clientFor(() => ({ status: 200, body: {} }), 'admin', 'nope');
    await expect(wrongKey.clusterList()).rejects.toThrow(/signature is invalid/);
  });
});
