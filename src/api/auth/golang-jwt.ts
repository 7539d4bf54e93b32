/**
 * Verifies a token the way Heketi's golang-jwt v3 parser did, step for step, so that every
 * rejection carries the same reason text: segments, header, claims decoding (Go types), signing
 * method, key selection by `iss`, claim validity (exp required, iat with leeway, nbf) and finally
 * the HMAC signature, whose failure overrides any earlier claim error as in golang-jwt.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { formatGoDuration } from './go-duration.js';

/** The claims Heketi reads (StandardClaims plus qsh); absent numbers are 0 as in Go. */
export interface HeketiClaims {
  iss: string;
  exp: number;
  iat: number;
  nbf: number;
  qsh: string;
}

export type ParseResult = { ok: true; claims: HeketiClaims } | { ok: false; reason: string };

export interface VerifyInput {
  token: string;
  adminKey: string;
  userKey: string;
  nowSeconds: number;
  iatLeewaySeconds: number;
}

const HMAC_HASH: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
/** Algorithms golang-jwt v3 knows; the rest are "unavailable" rather than "unexpected". */
const KNOWN_ALGS = new Set(['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'none']);
const STRING_CLAIMS = new Set(['iss', 'qsh', 'sub', 'aud', 'jti']);
const INT_CLAIMS = new Set(['exp', 'iat', 'nbf']);

class JwtFailure extends Error {}

/** Go's base64.URLEncoding after golang-jwt pads the segment: strict alphabet, no stray bytes. */
function decodeSegment(segment: string): Buffer {
  const bad = segment.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) throw new JwtFailure(`illegal base64 data at input byte ${bad}`);
  if (segment.length % 4 === 1) throw new JwtFailure(`illegal base64 data at input byte ${segment.length - 1}`);
  return Buffer.from(segment, 'base64url');
}

function decodeJsonObject(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decodeSegment(segment).toString('utf8'));
  } catch (error) {
    if (error instanceof JwtFailure) throw error;
    throw new JwtFailure(`invalid character in token ${what}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new JwtFailure(`json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type ${what}`);
  }
  return value as Record<string, unknown>;
}

function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return `number ${value}`;
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

/** Decodes the claims with Go's rules: keys match case-insensitively, numbers must be integers. */
function decodeClaims(segment: string): HeketiClaims {
  const claims: HeketiClaims = { iss: '', exp: 0, iat: 0, nbf: 0, qsh: '' };
  for (const [rawKey, value] of Object.entries(decodeJsonObject(segment, 'middleware.HeketiJwtClaims'))) {
    const key = rawKey.toLowerCase();
    if (value === null) continue;
    const fail = (goType: string) =>
      new JwtFailure(`json: cannot unmarshal ${jsonTypeName(value)} into Go struct field HeketiJwtClaims.${key} of type ${goType}`);
    if (STRING_CLAIMS.has(key)) {
      if (typeof value !== 'string') throw fail('string');
      if (key === 'iss' || key === 'qsh') claims[key] = value;
    } else if (INT_CLAIMS.has(key)) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw fail('int64');
      claims[key as 'exp' | 'iat' | 'nbf'] = value;
    }
  }
  return claims;
}

function selectKey(alg: unknown, claims: HeketiClaims, input: VerifyInput): { key: string; hash: string } {
  if (typeof alg !== 'string' || !KNOWN_ALGS.has(alg)) throw new JwtFailure('signing method (alg) is unavailable.');
  const hash = HMAC_HASH[alg];
  if (!hash) throw new JwtFailure(`Unexpected signing method: ${alg}`);
  if (claims.iss === '') throw new JwtFailure('Token missing iss claim');
  if (claims.iss === 'admin') return { key: input.adminKey, hash };
  if (claims.iss === 'user') return { key: input.userKey, hash };
  throw new JwtFailure('Unknown user');
}

/** Heketi's claim checks; like golang-jwt, the last failing check supplies the message. */
function claimsProblem(claims: HeketiClaims, now: number, leeway: number): string | undefined {
  let problem: string | undefined;
  if (claims.exp === 0 || now > claims.exp) problem = `Token is expired by ${formatGoDuration(now - claims.exp)}`;
  if (now < claims.iat - leeway) problem = 'Token used before issued';
  if (claims.nbf !== 0 && now < claims.nbf) problem = 'token is not valid yet';
  return problem;
}

function signatureMatches(parts: string[], key: string, hash: string): boolean {
  const signature = decodeSegment(parts[2]!);
  const expected = createHmac(hash, key).update(`${parts[0]}.${parts[1]}`).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected);
}

/** Parses and verifies a raw token; `reason` is golang-jwt's error text for a rejection. */
export function verifyHeketiToken(input: VerifyInput): ParseResult {
  try {
    const parts = input.token.split('.');
    if (parts.length !== 3) throw new JwtFailure('token contains an invalid number of segments');
    const header = decodeJsonObject(parts[0]!, 'map[string]interface {}');
    const claims = decodeClaims(parts[1]!);
    const { key, hash } = selectKey(header.alg, claims, input);
    const problem = claimsProblem(claims, input.nowSeconds, input.iatLeewaySeconds);
    if (!signatureMatches(parts, key, hash)) return { ok: false, reason: 'signature is invalid' };
    return problem ? { ok: false, reason: problem } : { ok: true, claims };
  } catch (error) {
    if (error instanceof JwtFailure) return { ok: false, reason: error.message };
    throw error;
  }
}
