import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAuth } from '../../src/api/auth/check-auth.js';
import { SignedClient } from './http.js';

describe('SignedClient.read', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A server that checks each request's token as heketi-ts does and answers `size` bytes. */
  const serve = async (size: number): Promise<{ url: string; sockets: () => number }> => {
    let sockets = 0;
    server = createServer((req, res) => {
      const auth = checkAuth({
        authorization: req.headers.authorization,
        method: req.method!,
        path: req.url!.split('?')[0]!,
        adminKey: 'bench-key',
        userKey: 'other',
        nowSeconds: Math.floor(Date.now() / 1000),
        iatLeewaySeconds: 120,
      });
      res.writeHead(auth.ok ? 200 : 401).end(Buffer.alloc(auth.ok ? size : 1, 'x'));
    });
    server.on('connection', () => sockets++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets: () => sockets };
  };

  it('sends a signed GET and counts the body it drops', async () => {
    const { url } = await serve(350_000);
    const client = new SignedClient(url, 'admin', 'bench-key');
    expect(await client.read('/volumes')).toEqual({ status: 200, bytes: 350_000 });
    expect((await new SignedClient(url, 'admin', 'wrong-key').read('/volumes')).status).toBe(401);
    client.closeReads();
  });

  it('keeps its connections open between reads until closeReads', async () => {
    const { url, sockets } = await serve(10);
    const client = new SignedClient(url, 'admin', 'bench-key');
    for (let i = 0; i < 5; i++) await client.read(`/volumes?i=${i}`);
    expect(sockets()).toBe(1);
    client.closeReads();
    await client.read('/volumes');
    expect(sockets()).toBe(2);
    client.closeReads();
  });
});
