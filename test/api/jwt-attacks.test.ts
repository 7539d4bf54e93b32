/**
 * Tokens an attacker would try, sent over real HTTP: each must be refused with the status and text
 * Heketi's middleware/jwt.go (golang-jwt v3.2.2) gives, and none may reach a handler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeQsh, signToken } from '../../src/api/auth/token.js';
import { forgeToken } from '../helpers/forge-jwt.js';
import { ADMIN_KEY, TestServer, USER_KEY } from '../helpers/server.js';

const now = () => Math.floor(Date.now() / 1000);
const claims = (over: Record<string, unknown> = {}) => ({
  exp: now() + 300,
  iat: now(),
  iss: 'admin',
  qsh: computeQsh('GET', '/clusters'),
  ...over,
});
const admin = (over: Partial<Parameters<typeof signToken>[0]> = {}) =>
  signToken({ issuer: 'admin', key: ADMIN_KEY, method: 'GET', path: '/clusters', ...over });
const invalid = (reason: string) => `Invalid JWT token: ${reason}\n`;
/** A 32-byte value in standard base64 with '+', '/' and padding, as a signature segment. */
const STANDARD_SIGNATURE = Buffer.from('fbff'.repeat(8), 'hex').toString('base64');
const SECRETS = invalid('signature is invalid (client and server secrets may not match)');

describe('JWT attack tokens are refused with Heketi texts', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await TestServer.start();
  });
  afterAll(async () => s.dispose());

  const send = (token: string, method = 'GET', path = '/clusters') =>
    s.request(method, path, method === 'POST' ? {} : undefined, { authorization: `bearer ${token}` });

  const refusals: [string, () => string, string | RegExp][] = [
    ['alg none, unsigned', () => forgeToken({ header: { alg: 'none', typ: 'JWT' }, claims: claims(), key: null }), invalid('Unexpected signing method: none')],
    ['alg none, signed', () => forgeToken({ header: { alg: 'none' }, claims: claims(), key: ADMIN_KEY }), invalid('Unexpected signing method: none')],
    ['alg None', () => forgeToken({ header: { alg: 'None', typ: 'JWT' }, claims: claims(), key: null }), invalid('signing method (alg) is unavailable.')],
    ['alg NONE', () => forgeToken({ header: { alg: 'NONE' }, claims: claims(), key: null }), invalid('signing method (alg) is unavailable.')],
    ['RS256 signed with the HMAC key', () => forgeToken({ header: { alg: 'RS256', typ: 'JWT' }, claims: claims(), key: ADMIN_KEY }), invalid('Unexpected signing method: RS256')],
    ['ES256 signed with the HMAC key', () => forgeToken({ header: { alg: 'ES256', typ: 'JWT' }, claims: claims(), key: ADMIN_KEY }), invalid('Unexpected signing method: ES256')],
    ['PS256 signed with the HMAC key', () => forgeToken({ header: { alg: 'PS256' }, claims: claims(), key: ADMIN_KEY }), invalid('Unexpected signing method: PS256')],
    ['HS384 header over an HS256 signature', () => forgeToken({ header: { alg: 'HS384' }, claims: claims(), key: ADMIN_KEY }), SECRETS],
    ['a wrong key', () => admin({ key: 'not the key' }), SECRETS],
    ['an empty key', () => forgeToken({ header: { alg: 'HS256', typ: 'JWT' }, claims: claims(), key: '' }), SECRETS],
    ['the user key for an admin token', () => admin({ key: USER_KEY }), SECRETS],
    ['an empty signature', () => forgeToken({ header: { alg: 'HS256', typ: 'JWT' }, claims: claims(), key: null }), SECRETS],
    ['a wrong key on an expired token', () => admin({ key: 'not the key', nowSeconds: now() - 1000 }), SECRETS],
    ['an expired token', () => admin({ nowSeconds: now() - 362 }), /^Invalid JWT token: Token is expired by 1m[2-9]s\n$/],
    ['a missing exp', () => forgeToken({ header: { alg: 'HS256', typ: 'JWT' }, claims: claims({ exp: undefined }), key: ADMIN_KEY }), /^Invalid JWT token: Token is expired by \d{6,}h\d+m\d+s\n$/],
    ['an iat beyond the leeway', () => admin({ nowSeconds: now() + 600 }), invalid('Token used before issued (client and server clocks may differ)')],
    ['a future nbf', () => forgeToken({ header: { alg: 'HS256', typ: 'JWT' }, claims: claims({ nbf: now() + 600 }), key: ADMIN_KEY }), invalid('token is not valid yet')],
    ['a future nbf on an expired token', () => forgeToken({ header: { alg: 'HS256' }, claims: claims({ exp: now() - 10, nbf: now() + 600 }), key: ADMIN_KEY }), invalid('token is not valid yet')],
    ['an unknown issuer', () => forgeToken({ header: { alg: 'HS256' }, claims: claims({ iss: 'root' }), key: ADMIN_KEY }), invalid('Unknown user')],
    ['no issuer', () => forgeToken({ header: { alg: 'HS256' }, claims: claims({ iss: undefined }), key: ADMIN_KEY }), invalid('Token missing iss claim')],
    ['4 segments', () => `${admin()}.${admin().split('.')[2]}`, invalid('token contains an invalid number of segments')],
    ['2 segments', () => admin().split('.').slice(0, 2).join('.'), invalid('token contains an invalid number of segments')],
    ['a padded signature', () => `${admin()}=`, invalid('illegal base64 data at input byte 43')],
    ['a standard-base64 signature', () => `${admin().split('.').slice(0, 2).join('.')}.${STANDARD_SIGNATURE}`, invalid(`illegal base64 data at input byte ${STANDARD_SIGNATURE.search(/[+/=]/)}`)],
    ['a padded header', () => admin().replace(/^([^.]*)/, '$1=='), invalid('illegal base64 data at input byte 36')],
    ['a qsh for another path', () => admin({ path: '/volumes' }), 'Invalid qsh claim in token\n'],
    ['a qsh for another method', () => admin({ method: 'POST' }), 'Invalid qsh claim in token\n'],
    ['a qsh with the query string', () => admin({ path: '/clusters?x=1' }), 'Invalid qsh claim in token\n'],
    ['no qsh', () => forgeToken({ header: { alg: 'HS256' }, claims: claims({ qsh: undefined }), key: ADMIN_KEY }), 'Invalid qsh claim in token\n'],
    ['a user token', () => signToken({ issuer: 'user', key: USER_KEY, method: 'GET', path: '/clusters' }), 'Administrator access required\n'],
    ['a user token signed with the admin key', () => signToken({ issuer: 'user', key: ADMIN_KEY, method: 'GET', path: '/clusters' }), SECRETS],
  ];

  it.each(refusals)('refuses %s', async (_name, token, text) => {
    const r = await send(token());
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    if (typeof text === 'string') expect(r.text).toBe(text);
    else expect(r.text).toMatch(text);
  });

  it('checks qsh against the path without its query string', async () => {
    const token = admin();
    expect((await send(token, 'GET', '/clusters?x=1')).status).toBe(200);
    const withQuery = admin({ path: '/clusters?x=1' });
    const r = await send(withQuery, 'GET', '/clusters?x=1');
    expect([r.status, r.text]).toEqual([401, 'Invalid qsh claim in token\n']);
  });

  it('refuses a user token on every admin route, and lets it reach /volumes', async () => {
    const routes: [string, string][] = [
      ['GET', '/clusters'],
      ['POST', '/clusters'],
      ['GET', '/nodes/0123456789abcdef0123456789abcdef'],
      ['GET', '/queue/0123456789abcdef0123456789abcdef'],
      ['GET', '/volumes/0123456789abcdef0123456789abcdef'],
      ['POST', '/devices'],
      ['GET', '/topologyinfo'],
      ['POST', '/db/dump'],
    ];
    for (const [method, path] of routes) {
      const r = await send(signToken({ issuer: 'user', key: USER_KEY, method, path }), method, path);
      expect([method, path, r.status, r.text]).toEqual([method, path, 401, 'Administrator access required\n']);
    }
    const list = await send(signToken({ issuer: 'user', key: USER_KEY, method: 'GET', path: '/volumes' }), 'GET', '/volumes');
    expect(list.status).toBe(200);
  });

  it('accepts HS384 and HS512 signed with the key', async () => {
    for (const hash of ['sha384', 'sha512'] as const) {
      const token = forgeToken({ header: { alg: `HS${hash.slice(3)}`, typ: 'JWT' }, claims: claims(), key: ADMIN_KEY, hash });
      expect((await send(token)).status).toBe(200);
    }
  });
});
