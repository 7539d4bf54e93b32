import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeQsh } from '../../src/api/auth/token.js';
import { ADMIN_KEY, TestServer, USER_KEY } from '../helpers/server.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Signs any claims with HS256 through jsonwebtoken; a claim set to undefined is left out. */
const hs256 = (payload: Record<string, unknown>, key: string) =>
  jwt.sign(Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined)), key, { algorithm: 'HS256' });

const claims = (method: string, path: string, extra: Record<string, unknown> = {}) => ({
  iss: 'admin',
  iat: now(),
  exp: now() + 300,
  qsh: computeQsh(method, path),
  ...extra,
});

describe('JWT authentication (Heketi middleware/jwt.go)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await TestServer.start();
  });
  afterAll(async () => s.dispose());

  const get = (path: string, authorization?: string) =>
    s.request('GET', path, undefined, authorization === undefined ? { authorization: '' } : { authorization });

  it('accepts a valid admin token', async () => {
    const r = await get('/clusters', `bearer ${hs256(claims('GET', '/clusters'), ADMIN_KEY)}`);
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ clusters: [] });
  });

  it('accepts Bearer in any case', async () => {
    const r = await get('/clusters', `BeArEr ${hs256(claims('GET', '/clusters'), ADMIN_KEY)}`);
    expect(r.status).toBe(200);
  });

  const rejections: [string, () => string, number, string][] = [
    ['no header', () => '', 401, 'Required authorization token not found'],
    ['a malformed header', () => 'token abc', 400, 'Authorization header format must be Bearer {token}'],
    [
      'a wrong key',
      () => `bearer ${hs256(claims('GET', '/clusters'), 'not the key')}`,
      401,
      'Invalid JWT token: signature is invalid (client and server secrets may not match)',
    ],
    [
      'a missing exp',
      () => `bearer ${hs256(claims('GET', '/clusters', { exp: undefined }), ADMIN_KEY)}`,
      401,
      'Invalid JWT token: ',
    ],
    [
      'an expired token',
      () => `bearer ${hs256(claims('GET', '/clusters', { exp: now() - 62 }), ADMIN_KEY)}`,
      401,
      'Invalid JWT token: Token is expired by ',
    ],
    [
      'an iat beyond the leeway',
      () => `bearer ${hs256(claims('GET', '/clusters', { iat: now() + 600 }), ADMIN_KEY)}`,
      401,
      'Invalid JWT token: Token used before issued (client and server clocks may differ)',
    ],
    [
      'a qsh for another path',
      () => `bearer ${hs256(claims('GET', '/volumes'), ADMIN_KEY)}`,
      401,
      'Invalid qsh claim in token',
    ],
    [
      'a qsh for another method',
      () => `bearer ${hs256(claims('POST', '/clusters'), ADMIN_KEY)}`,
      401,
      'Invalid qsh claim in token',
    ],
    [
      'alg none',
      () => `bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims('GET', '/clusters'))}.`,
      401,
      'Invalid JWT token: ',
    ],
    [
      'a user token on an admin route',
      () => `bearer ${hs256(claims('GET', '/clusters', { iss: 'user' }), USER_KEY)}`,
      401,
      'Administrator access required',
    ],
    [
      'an unknown issuer',
      () => `bearer ${hs256(claims('GET', '/clusters', { iss: 'joe' }), ADMIN_KEY)}`,
      401,
      'Invalid JWT token: Unknown user',
    ],
  ];

  it.each(rejections)('rejects %s', async (_name, header, status, text) => {
    const r = await get('/clusters', header());
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(r.text.startsWith(text)).toBe(true);
    expect(r.text.endsWith('\n')).toBe(true);
  });

  it('lets a user token list volumes but not poll the queue', async () => {
    const list = await get('/volumes', `bearer ${hs256(claims('GET', '/volumes', { iss: 'user' }), USER_KEY)}`);
    expect(list.status).toBe(200);
    const queue = await get('/queue/abcd', `bearer ${hs256(claims('GET', '/queue/abcd', { iss: 'user' }), USER_KEY)}`);
    expect(queue.status).toBe(401);
    expect(queue.text).toBe('Administrator access required\n');
  });

  it('answers 401 before 404 on an unknown path, and 404 with a token', async () => {
    expect((await get('/nowhere')).status).toBe(401);
    const r = await s.request('GET', '/nowhere');
    expect(r.status).toBe(404);
    expect(r.text).toBe('Invalid path or request\n');
  });

  it('keeps /hello open', async () => {
    const r = await get('/hello');
    expect(r.status).toBe(200);
  });
});
