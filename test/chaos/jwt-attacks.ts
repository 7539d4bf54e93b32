/**
 * The JWT attack list: forged, tampered, expired and malformed tokens against an admin-only path
 * and /volumes. Each must be refused with Heketi's status and text (recorded in
 * jwt-attacks.expected.json: the contract any verifier of heketi-ts must keep), and none may
 * reach a handler. Durations in texts ("expired by 1m0s") are compared as <duration>, decoded
 * numbers ("cannot unmarshal number 1796197655.5") as <n>.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { computeQsh } from '../../src/api/auth/token.js';
import type { Tally } from './checks.js';
import { ADMIN_KEY, type ChaosServer, USER_KEY } from './server.js';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: string, alg = 'sha256'): string {
  const head = `${b64(header)}.${b64(claims)}`;
  return `${head}.${createHmac(alg, key).update(head).digest('base64url')}`;
}

const HS256 = { alg: 'HS256', typ: 'JWT' };
const claims = (method: string, path: string, extra: Record<string, unknown> = {}) => ({
  iss: 'admin',
  iat: now(),
  exp: now() + 300,
  qsh: computeQsh(method, path),
  ...extra,
});

export interface Attack {
  name: string;
  method: string;
  path: string;
  /** The Authorization header, or null for none. */
  header: string | null;
}

/** Every attack against `GET /clusters` (admin only) unless it names another route. */
export function attacks(): Attack[] {
  const m = 'GET';
  const p = '/clusters';
  const good = jwt(HS256, claims(m, p), ADMIN_KEY);
  const [h, c] = good.split('.') as [string, string, string];
  const a = (name: string, token: string | null, method = m, path = p, scheme = 'bearer'): Attack => ({
    name,
    method,
    path,
    header: token === null ? null : `${scheme} ${token}`.trim(),
  });
  return [
    a('no Authorization header', null),
    a('Basic scheme', 'YWRtaW46TXkgU2VjcmV0', m, p, 'Basic'),
    a('bearer without a token', '', m, p, 'bearer'),
    a('two tokens', `${good} ${good}`),
    a('wrong key', jwt(HS256, claims(m, p), 'not the key')),
    a('user key signing an admin token', jwt(HS256, claims(m, p), USER_KEY)),
    a('alg none, no signature', `${b64({ alg: 'none', typ: 'JWT' })}.${c}.`),
    a('alg none with the real signature', `${b64({ alg: 'none', typ: 'JWT' })}.${c}.${good.split('.')[2]}`),
    a('alg NONE', `${b64({ alg: 'NONE', typ: 'JWT' })}.${c}.`),
    a('alg RS256 signed with the key as HMAC', jwt({ alg: 'RS256', typ: 'JWT' }, claims(m, p), ADMIN_KEY)),
    a('alg ES256', jwt({ alg: 'ES256', typ: 'JWT' }, claims(m, p), ADMIN_KEY)),
    a('unknown alg', jwt({ alg: 'HS999', typ: 'JWT' }, claims(m, p), ADMIN_KEY)),
    a('no alg', jwt({ typ: 'JWT' }, claims(m, p), ADMIN_KEY)),
    a('empty signature', `${h}.${c}.`),
    a('truncated signature', good.slice(0, -5)),
    a('payload tampered after signing', `${h}.${b64(claims(m, p, { iss: 'admin', extra: 1 }))}.${good.split('.')[2]}`),
    a('user token re-labelled admin', `${h}.${b64(claims(m, p))}.${jwt(HS256, claims(m, p, { iss: 'user' }), USER_KEY).split('.')[2]}`),
    a('expired a minute ago', jwt(HS256, claims(m, p, { iat: now() - 400, exp: now() - 60 }), ADMIN_KEY)),
    a('no exp', jwt(HS256, { iss: 'admin', iat: now(), qsh: computeQsh(m, p) }, ADMIN_KEY)),
    a('exp as a string', jwt(HS256, claims(m, p, { exp: String(now() + 300) }), ADMIN_KEY)),
    a('exp as a float', jwt(HS256, claims(m, p, { exp: now() + 300.5 }), ADMIN_KEY)),
    a('issued an hour in the future', jwt(HS256, claims(m, p, { iat: now() + 3600, exp: now() + 7200 }), ADMIN_KEY)),
    a('not valid before an hour from now', jwt(HS256, claims(m, p, { nbf: now() + 3600 }), ADMIN_KEY)),
    a('no iss', jwt(HS256, claims(m, p, { iss: undefined }), ADMIN_KEY)),
    a('unknown iss', jwt(HS256, claims(m, p, { iss: 'root' }), ADMIN_KEY)),
    a('iss ADMIN', jwt(HS256, claims(m, p, { iss: 'ADMIN' }), ADMIN_KEY)),
    a('no qsh', jwt(HS256, claims(m, p, { qsh: undefined }), ADMIN_KEY)),
    a('qsh of another path', jwt(HS256, claims(m, '/nodes'), ADMIN_KEY)),
    a('qsh of another method', jwt(HS256, claims('POST', p), ADMIN_KEY)),
    a('qsh with the query string', jwt(HS256, claims(m, `${p}?x=1`), ADMIN_KEY), m, `${p}?x=1`),
    a('qsh in upper case hex', jwt(HS256, claims(m, p, { qsh: computeQsh(m, p).toUpperCase() }), ADMIN_KEY)),
    a('user token on an admin path', jwt(HS256, claims(m, p, { iss: 'user' }), USER_KEY)),
    a('user token on /volumes/{id}', jwt(HS256, claims('GET', '/volumes/0123456789abcdef0123456789abcdef', { iss: 'user' }), USER_KEY), 'GET', '/volumes/0123456789abcdef0123456789abcdef'),
    a('user token for DELETE /clusters/{id}', jwt(HS256, claims('DELETE', '/clusters/0123456789abcdef0123456789abcdef', { iss: 'user' }), USER_KEY), 'DELETE', '/clusters/0123456789abcdef0123456789abcdef'),
    a('one segment', 'abc'),
    a('two segments', `${h}.${c}`),
    a('four segments', `${good}.x`),
    a('not base64', `${h}.!!!.${good.split('.')[2]}`),
    a('header not JSON', `${b64('not json')}.${c}.${good.split('.')[2]}`),
    a('claims not JSON', jwt(HS256, 'not json' as unknown as Record<string, unknown>, ADMIN_KEY)),
    a('claims an array', `${h}.${b64([1, 2])}.${createHmac('sha256', ADMIN_KEY).update(`${h}.${b64([1, 2])}`).digest('base64url')}`),
    a('an 8 KiB token', `${h}.${b64(claims(m, p, { pad: 'x'.repeat(8192) }))}.AAAA`),
    a('kid header pointing at a file', jwt({ ...HS256, kid: '../../../../dev/null' }, claims(m, p), '')),
    a('empty key', jwt(HS256, claims(m, p), '')),
    a('HS384 with the wrong key', jwt({ alg: 'HS384', typ: 'JWT' }, claims(m, p), 'nope', 'sha384')),
  ];
}

export interface AttackResult {
  name: string;
  status: number;
  text: string;
}

const EXPECTED = new URL('./jwt-attacks.expected.json', import.meta.url);
export const normalise = (text: string): string =>
  text
    .replace(/\d+h\d+m\d+(\.\d+)?s|\d+m\d+(\.\d+)?s|\d+(\.\d+)?s/g, '<duration>')
    .replace(/number -?\d+(\.\d+)?/g, 'number <n>');

/** Sends every attack; each must answer its recorded status and text, and none may get through. */
export async function runJwtAttacks(server: ChaosServer, tally: Tally): Promise<AttackResult[]> {
  const results: AttackResult[] = [];
  for (const attack of attacks()) {
    const r = await server.request(attack.method, attack.path, undefined, attack.header ?? '');
    results.push({ name: attack.name, status: r.status, text: normalise(r.text) });
  }
  // CHAOS_RECORD_JWT=1 rewrites the contract from this server's answers (review the diff!).
  if (process.env.CHAOS_RECORD_JWT === '1') writeFileSync(EXPECTED, `${JSON.stringify(results, null, 1)}\n`);
  const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as AttackResult[];
  const bypasses = results.filter((r) => r.status < 400);
  tally.check('jwt: no attack gets through', bypasses.length === 0, bypasses.map((b) => `${b.name} → ${b.status}`).join('; '));
  const differ = results.filter((r) => {
    const e = expected.find((x) => x.name === r.name);
    return e === undefined || e.status !== r.status || e.text !== r.text;
  });
  tally.check(
    `jwt: all ${results.length} attacks answer Heketi's status and text`,
    differ.length === 0,
    differ.map((d) => `${d.name} → ${d.status} ${JSON.stringify(d.text)}`).join('; '),
  );
  return results;
}
