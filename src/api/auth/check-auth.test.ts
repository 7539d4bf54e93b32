import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { forgeToken } from '../../../test/helpers/forge-jwt.js';
import { checkAuth, type AuthInput } from './check-auth.js';
import { formatGoDuration } from './go-duration.js';
import { computeQsh, signToken } from './token.js';

const NOW = 1_700_000_000;
const ADMIN = 'My Secret';
const USER = 'My Secret user';

function input(authorization: string | undefined, over: Partial<AuthInput> = {}): AuthInput {
  return { authorization, method: 'GET', path: '/clusters', adminKey: ADMIN, userKey: USER, nowSeconds: NOW, iatLeewaySeconds: 120, ...over };
}

const bearer = (token: string) => `bearer ${token}`;
const adminToken = (over: Partial<Parameters<typeof signToken>[0]> = {}) =>
  signToken({ issuer: 'admin', key: ADMIN, method: 'GET', path: '/clusters', nowSeconds: NOW, ...over });

/** A token with arbitrary header and claims, signed with HMAC-SHA256 (or not at all). */
const rawToken = (header: Record<string, unknown>, claims: Record<string, unknown>, key: string | null = ADMIN) =>
  forgeToken({ header, claims, key });

const claims = (over: Record<string, unknown> = {}) => ({ exp: NOW + 300, iat: NOW, iss: 'admin', qsh: computeQsh('GET', '/clusters'), ...over });

function rejection(authorization: string | undefined, over: Partial<AuthInput> = {}) {
  const result = checkAuth(input(authorization, over));
  if (result.ok) throw new Error('expected a rejection');
  return { status: result.error.httpStatus, message: result.error.message };
}

describe('signToken and qsh', () => {
  it('reproduces the spec §2.4 worked example byte for byte and verifies it at its time', () => {
    const expected =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3MDAwMDAzMDAsImlhdCI6MTcwMDAwMDAwMCwiaXNzIjoiYWRtaW4iLCJxc2giOiI0NzQ5YTU5ZGU4N2MyN2M5YjJmNDk1YzVmMTMwOWIyNTI1NjgxZGZlMzBjOGE3YjgzNjI1OTAxYjEzMmE5YzI2In0.etX5urZZFloCAK_8XpqFsnb1GnsQ8_UwYouXGwyxnh4';
    expect(adminToken()).toBe(expected);
    expect(checkAuth(input(bearer(expected)))).toEqual({ ok: true, issuer: 'admin' });
  });

  it('signs tokens jsonwebtoken itself verifies, HS256 and nothing else', () => {
    const token = adminToken();
    expect(jwt.verify(token, ADMIN, { algorithms: ['HS256'], clockTimestamp: NOW })).toEqual({
      exp: NOW + 300,
      iat: NOW,
      iss: 'admin',
      qsh: computeQsh('GET', '/clusters'),
    });
    expect(() => jwt.verify(token, ADMIN, { algorithms: ['HS384'], clockTimestamp: NOW })).toThrow('invalid algorithm');
  });

  it('signs with an empty key (Heketi does not refuse one)', () => {
    const token = adminToken({ key: '' });
    expect(checkAuth(input(bearer(token), { adminKey: '' })).ok).toBe(true);
    expect(rejection(bearer(token)).message).toMatch(/signature is invalid/);
  });

  it('hashes METHOD&PATH', () => {
    expect(computeQsh('GET', '/clusters')).toBe('4749a59de87c27c9b2f495c5f1309b2525681dfe30c8a7b83625901b132a9c26');
    expect(computeQsh('POST', '/volumes')).toBe('3a9831a9908924e3f78fe948585f41849e92724522f5153cb91aff7f8ea48eac');
  });
});

describe('checkAuth: header', () => {
  it('answers 401 without a header', () => {
    expect(rejection(undefined)).toEqual({ status: 401, message: 'Required authorization token not found' });
    expect(rejection('')).toEqual({ status: 401, message: 'Required authorization token not found' });
  });

  it('answers 400 for a malformed header', () => {
    const text = 'Authorization header format must be Bearer {token}';
    for (const header of ['Basic abc', adminToken(), `bearer ${adminToken()} extra`, '   ']) {
      expect(rejection(header)).toEqual({ status: 400, message: text });
    }
  });

  it('accepts bearer in any case', () => {
    expect(checkAuth(input(`Bearer ${adminToken()}`)).ok).toBe(true);
    expect(checkAuth(input(`BEARER ${adminToken()}`)).ok).toBe(true);
  });
});

describe('checkAuth: token rejections carry golang-jwt reasons', () => {
  const invalid = (reason: string) => ({ status: 401, message: `Invalid JWT token: ${reason}` });

  it('rejects a wrong key', () => {
    expect(rejection(bearer(adminToken({ key: 'other' })))).toEqual(invalid('signature is invalid (client and server secrets may not match)'));
  });

  it('prefers the signature error over a claim error, as golang-jwt does', () => {
    expect(rejection(bearer(adminToken({ key: 'other', nowSeconds: NOW - 1000 })))).toEqual(
      invalid('signature is invalid (client and server secrets may not match)'),
    );
  });

  it('requires exp', () => {
    const token = rawToken({ alg: 'HS256', typ: 'JWT' }, { iat: NOW, iss: 'admin', qsh: computeQsh('GET', '/clusters') });
    expect(rejection(bearer(token)).message).toBe(`Invalid JWT token: Token is expired by ${formatGoDuration(NOW)}`);
  });

  it('rejects an expired token with a Go duration, without leeway', () => {
    expect(rejection(bearer(adminToken({ nowSeconds: NOW - 362 })))).toEqual(invalid('Token is expired by 1m2s'));
    expect(rejection(bearer(adminToken({ nowSeconds: NOW - 301 })))).toEqual(invalid('Token is expired by 1s'));
    expect(checkAuth(input(bearer(adminToken({ nowSeconds: NOW - 300 })))).ok).toBe(true);
  });

  it('allows iat within the leeway and rejects it beyond', () => {
    expect(checkAuth(input(bearer(adminToken({ nowSeconds: NOW + 120 })))).ok).toBe(true);
    expect(rejection(bearer(adminToken({ nowSeconds: NOW + 121 })))).toEqual(
      invalid('Token used before issued (client and server clocks may differ)'),
    );
    expect(checkAuth(input(bearer(adminToken({ nowSeconds: NOW + 121 })), { iatLeewaySeconds: 200 })).ok).toBe(true);
  });

  it('checks nbf when present', () => {
    expect(rejection(bearer(rawToken({ alg: 'HS256' }, claims({ nbf: NOW + 10 }))))).toEqual(invalid('token is not valid yet'));
    expect(checkAuth(input(bearer(rawToken({ alg: 'HS256' }, claims({ nbf: NOW }))))).ok).toBe(true);
  });

  it('selects the key by iss', () => {
    expect(rejection(bearer(rawToken({ alg: 'HS256' }, claims({ iss: 'root' }))))).toEqual(invalid('Unknown user'));
    expect(rejection(bearer(rawToken({ alg: 'HS256' }, claims({ iss: '' }))))).toEqual(invalid('Token missing iss claim'));
    expect(rejection(bearer(rawToken({ alg: 'HS256' }, claims({ iss: undefined }))))).toEqual(invalid('Token missing iss claim'));
  });

  it('rejects alg none and non-HMAC algorithms', () => {
    expect(rejection(bearer(rawToken({ alg: 'none' }, claims(), null)))).toEqual(invalid('Unexpected signing method: none'));
    expect(rejection(bearer(rawToken({ alg: 'RS256' }, claims())))).toEqual(invalid('Unexpected signing method: RS256'));
    expect(rejection(bearer(rawToken({ alg: 'XX1' }, claims())))).toEqual(invalid('signing method (alg) is unavailable.'));
  });

  it('accepts HS384 and HS512', () => {
    for (const algorithm of ['HS384', 'HS512'] as const) {
      const token = jwt.sign(claims(), ADMIN, { algorithm });
      expect(checkAuth(input(bearer(token))).ok).toBe(true);
    }
  });

  it('says unspecified when alg is missing or not a string, as golang-jwt v3.2.2 does', () => {
    for (const header of [{ typ: 'JWT' }, {}, { alg: 256 }, { ALG: 'HS256' }]) {
      expect(rejection(bearer(rawToken(header, claims())))).toEqual(invalid('signing method (alg) is unspecified.'));
    }
  });

  it('names the Go type of a header that is no JSON object', () => {
    const header = (json: string) => `${Buffer.from(json).toString('base64url')}.${adminToken().split('.').slice(1).join('.')}`;
    expect(rejection(bearer(header('[1]')))).toEqual(invalid('json: cannot unmarshal array into Go value of type map[string]interface {}'));
    expect(rejection(bearer(header('true')))).toEqual(invalid('json: cannot unmarshal bool into Go value of type map[string]interface {}'));
    expect(rejection(bearer(header('"x"')))).toEqual(invalid('json: cannot unmarshal string into Go value of type map[string]interface {}'));
    expect(rejection(bearer(header('{')))).toEqual(invalid('invalid character in token map[string]interface {}'));
  });

  it('reports an empty signature and a bad signature segment as golang-jwt does', () => {
    expect(rejection(bearer(rawToken({ alg: 'HS256' }, claims(), null)))).toEqual(invalid('signature is invalid (client and server secrets may not match)'));
    expect(rejection(bearer(`${adminToken()}=`))).toEqual(invalid('illegal base64 data at input byte 43'));
    expect(rejection(bearer(`${adminToken()}AA`))).toEqual(invalid('illegal base64 data at input byte 44'));
  });

  it('refuses a signature spelled with non-zero trailing bits (Heketi ignores those bits)', () => {
    const token = adminToken();
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const flipped = last[last.indexOf(token.at(-1)!) ^ 1]!;
    expect(rejection(bearer(token.slice(0, -1) + flipped))).toEqual(invalid('signature is invalid (client and server secrets may not match)'));
  });

  it('treats a key text that looks like a PEM public key as an HMAC secret, as Heketi does', () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const token = signToken({ issuer: 'admin', key: pem, method: 'GET', path: '/clusters', nowSeconds: NOW });
    expect(checkAuth(input(bearer(token), { adminKey: pem })).ok).toBe(true);
    expect(rejection(bearer(rawToken({ alg: 'ES256' }, claims(), pem)), { adminKey: pem })).toEqual(invalid('Unexpected signing method: ES256'));
  });

  it('rejects garbage tokens', () => {
    expect(rejection(bearer('abc.def'))).toEqual(invalid('token contains an invalid number of segments'));
    expect(rejection(bearer('a+b.c.d')).message).toMatch(/^Invalid JWT token: illegal base64 data at input byte 1$/);
  });

  it('words claims that are no JSON object the same whether or not the header says typ JWT', () => {
    // With typ JWT, jws parses the claims while decoding the whole token and throws on bad JSON.
    const segment = (text: string) => Buffer.from(text).toString('base64url');
    for (const header of [{ alg: 'HS256', typ: 'JWT' }, { alg: 'HS256' }]) {
      const token = (claimsText: string) => `${segment(JSON.stringify(header))}.${segment(claimsText)}.${adminToken().split('.')[2]}`;
      expect(rejection(bearer(token('{"iss":')))).toEqual(invalid('invalid character in token middleware.HeketiJwtClaims'));
      expect(rejection(bearer(token('[1]')))).toEqual(invalid('json: cannot unmarshal array into Go value of type middleware.HeketiJwtClaims'));
      expect(rejection(bearer(token('7')))).toEqual(invalid('json: cannot unmarshal number into Go value of type middleware.HeketiJwtClaims'));
      expect(rejection(bearer(token('{"iss":5}')))).toEqual(invalid('json: cannot unmarshal number into Go struct field HeketiJwtClaims.iss of type string'));
    }
  });

  it('checks each request against the key its issuer names, also after other keys were used', () => {
    // The verifier keeps a KeyObject per key text: a changed key must not verify with the old one.
    for (let i = 0; i < 20; i++) {
      const key = `key ${i}`;
      expect(checkAuth(input(bearer(adminToken({ key })), { adminKey: key })).ok).toBe(true);
      expect(rejection(bearer(adminToken({ key })), { adminKey: `${key}!` })).toEqual(invalid('signature is invalid (client and server secrets may not match)'));
    }
  });

  it('requires integer numeric claims', () => {
    expect(rejection(bearer(rawToken({ alg: 'HS256' }, claims({ exp: NOW + 0.5 })))).message).toMatch(
      /cannot unmarshal number .* into Go struct field HeketiJwtClaims\.exp of type int64/,
    );
    expect(rejection(bearer(rawToken({ alg: 'HS256' }, claims({ exp: String(NOW + 10) })))).message).toMatch(/cannot unmarshal string/);
    expect(rejection(bearer(rawToken({ alg: 'HS256' }, claims({ iss: 5 }))))).toEqual(
      invalid('json: cannot unmarshal number into Go struct field HeketiJwtClaims.iss of type string'),
    );
  });
});

describe('checkAuth: qsh and issuer', () => {
  it('rejects qsh for another path or method, or none at all', () => {
    const qsh = { status: 401, message: 'Invalid qsh claim in token' };
    expect(rejection(bearer(adminToken({ path: '/nodes' })))).toEqual(qsh);
    expect(rejection(bearer(adminToken({ method: 'POST' })))).toEqual(qsh);
    expect(rejection(bearer(rawToken({ alg: 'HS256' }, claims({ qsh: undefined }))))).toEqual(qsh);
  });

  it('ignores the query string because the caller passes the bare path', () => {
    expect(checkAuth(input(bearer(adminToken()), { path: '/clusters' })).ok).toBe(true);
  });

  it('lets a user token reach exactly /volumes only', () => {
    const userToken = (method: string, path: string) => signToken({ issuer: 'user', key: USER, method, path, nowSeconds: NOW });
    expect(checkAuth(input(bearer(userToken('GET', '/volumes')), { path: '/volumes' }))).toEqual({ ok: true, issuer: 'user' });
    expect(checkAuth(input(bearer(userToken('POST', '/volumes')), { method: 'POST', path: '/volumes' })).ok).toBe(true);
    const denied = { status: 401, message: 'Administrator access required' };
    expect(rejection(bearer(userToken('GET', '/clusters')))).toEqual(denied);
    const queue = '/queue/0123456789abcdef0123456789abcdef';
    expect(rejection(bearer(userToken('GET', queue)), { path: queue })).toEqual(denied);
    expect(rejection(bearer(userToken('GET', '/volumes/')), { path: '/volumes/' })).toEqual(denied);
  });

  it('does not accept a user token signed with the admin key', () => {
    const token = signToken({ issuer: 'user', key: ADMIN, method: 'GET', path: '/volumes', nowSeconds: NOW });
    expect(rejection(bearer(token), { path: '/volumes' }).message).toMatch(/signature is invalid/);
  });
});

describe('formatGoDuration', () => {
  it('prints like Go time.Duration', () => {
    expect([0, 5, 62, 3600, 3661, 90061].map(formatGoDuration)).toEqual(['0s', '5s', '1m2s', '1h0m0s', '1h1m1s', '25h1m1s']);
  });
});
