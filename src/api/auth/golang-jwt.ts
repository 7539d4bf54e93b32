/**
 * Verifies a Heketi request token with jsonwebtoken, and words every rejection the way Heketi's
 * parser (golang-jwt v3.2.2, middleware/jwt.go) does, because clients and scripts see those texts.
 *
 * jsonwebtoken reads the header and the claims and checks the signature with the algorithms pinned
 * to HMAC. What it cannot say in golang-jwt's words is derived from what it decoded, in golang-jwt's
 * order: segments, header, claims (Go types), signing method, key by `iss`, Heketi's claim rules,
 * then the signature, whose failure overrides a claim failure as in golang-jwt.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { Algorithm } from 'jsonwebtoken';
import { heketiClaimsProblem, readHeketiClaims, type HeketiClaims } from './heketi-claims.js';
import { GoJsonError, goJsonTypeName } from './go-json.js';
import { jsonwebtoken } from './jsonwebtoken.js';

export type { HeketiClaims } from './heketi-claims.js';

export type ParseResult = { ok: true; claims: HeketiClaims } | { ok: false; reason: string };

export interface VerifyInput {
  token: string;
  adminKey: string;
  userKey: string;
  nowSeconds: number;
  iatLeewaySeconds: number;
}

/** The only algorithms a Heketi key can verify; `none` and RS/ES/PS never reach the signature check. */
export const HMAC_ALGORITHMS: Algorithm[] = ['HS256', 'HS384', 'HS512'];
/** Algorithms golang-jwt v3.2.2 registers: the others are "unavailable" rather than "unexpected". */
const GOLANG_JWT_ALGORITHMS = new Set([...HMAC_ALGORITHMS, 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'none']);
/** A JSON `{}` segment: jsonwebtoken decodes whole tokens, so each part is read beside this one. */
const EMPTY_OBJECT_SEGMENT = 'e30';
const HEADER_GO_TYPE = 'map[string]interface {}';
const CLAIMS_GO_TYPE = 'middleware.HeketiJwtClaims';

class Rejection extends Error {}

/**
 * golang-jwt decodes segments with Go's base64.RawURLEncoding. This is only its acceptance rule,
 * for the error text: the URL alphabet without padding, and no lone trailing character.
 */
function goBase64Fault(segment: string): string | undefined {
  const bad = segment.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) return `illegal base64 data at input byte ${bad}`;
  if (segment.length % 4 === 1) return `illegal base64 data at input byte ${segment.length - 1}`;
  return undefined;
}

function checkBase64(segment: string): void {
  const fault = goBase64Fault(segment);
  if (fault) throw new Rejection(fault);
}

/** The header as jsonwebtoken reads it; it refuses one that is not JSON or is falsy JSON. */
function readHeader(segment: string): Record<string, unknown> {
  checkBase64(segment);
  const decoded = segment === '' ? null : jsonwebtoken().decode(`${segment}.${EMPTY_OBJECT_SEGMENT}.`, { complete: true });
  if (decoded === null) throw new Rejection(`invalid character in token ${HEADER_GO_TYPE}`);
  const header: unknown = decoded.header;
  if (typeof header !== 'object' || Array.isArray(header)) {
    throw new Rejection(`json: cannot unmarshal ${goJsonTypeName(header)} into Go value of type ${HEADER_GO_TYPE}`);
  }
  return header as unknown as Record<string, unknown>;
}

/** The claims as jsonwebtoken reads them: an object, or the text when it is no JSON object. */
function readClaims(segment: string): HeketiClaims {
  checkBase64(segment);
  const decoded = segment === '' ? null : jsonwebtoken().decode(`${EMPTY_OBJECT_SEGMENT}.${segment}.`, { complete: true });
  let payload: unknown = decoded?.payload;
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload);
    } catch {
      payload = undefined;
    }
  }
  if (payload === undefined) throw new Rejection(`invalid character in token ${CLAIMS_GO_TYPE}`);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new Rejection(`json: cannot unmarshal ${goJsonTypeName(payload)} into Go value of type ${CLAIMS_GO_TYPE}`);
  }
  try {
    return readHeketiClaims(payload as Record<string, unknown>);
  } catch (error) {
    if (error instanceof GoJsonError) throw new Rejection(error.message);
    throw error;
  }
}

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Header and claims of a well-formed token from one decode of the whole token, as every token a
 * client signs is; undefined when a segment is not a JSON object (or not Go's base64), so that
 * readHeader and readClaims, one segment at a time, find the fault and word it. Decoding each
 * segment apart, then the whole token again to check its signature, was a sixth of the server's
 * CPU for a cached `GET /volumes` (docs/benchmarks.md).
 */
function readWholeToken(token: string, parts: string[]): { header: Record<string, unknown>; claims: HeketiClaims } | undefined {
  if (goBase64Fault(parts[0]!) !== undefined || goBase64Fault(parts[1]!) !== undefined) return undefined;
  let decoded;
  try {
    // A header with `typ: JWT` makes jws parse the claims itself, and throw if they are no JSON.
    decoded = jsonwebtoken().decode(token, { complete: true });
  } catch {
    return undefined;
  }
  if (decoded === null || !isJsonObject(decoded.header) || !isJsonObject(decoded.payload)) return undefined;
  try {
    return { header: decoded.header, claims: readHeketiClaims(decoded.payload) };
  } catch (error) {
    if (error instanceof GoJsonError) throw new Rejection(error.message);
    throw error;
  }
}

function checkSigningMethod(alg: unknown): void {
  if (typeof alg !== 'string') throw new Rejection('signing method (alg) is unspecified.');
  if (!GOLANG_JWT_ALGORITHMS.has(alg)) throw new Rejection('signing method (alg) is unavailable.');
  if (!HMAC_ALGORITHMS.includes(alg as Algorithm)) throw new Rejection(`Unexpected signing method: ${alg}`);
}

/** Heketi's key function: the issuer names the key. */
function keyFor(claims: HeketiClaims, input: VerifyInput): string {
  if (claims.iss === '') throw new Rejection('Token missing iss claim');
  if (claims.iss === 'admin') return input.adminKey;
  if (claims.iss === 'user') return input.userKey;
  throw new Rejection('Unknown user');
}

/** jsonwebtoken copies its options before use, so one object serves every request. */
const VERIFY_OPTIONS = { algorithms: HMAC_ALGORITHMS, ignoreExpiration: true, ignoreNotBefore: true } as const;

/**
 * The signature check, by jsonwebtoken with the algorithms pinned. Its claim checks are off: Heketi
 * replaces them with its own rules (heketiClaimsProblem). A secret KeyObject keeps a key text that
 * happens to be PEM an HMAC secret, as it is for Heketi.
 */
function signatureFault(token: string, signature: string, key: string): string | undefined {
  const base64 = goBase64Fault(signature);
  if (base64) return base64;
  try {
    jsonwebtoken().verify(token, secretKey(key), VERIFY_OPTIONS);
    return undefined;
  } catch (error) {
    if (!(error instanceof jsonwebtoken().JsonWebTokenError)) throw error;
    // 'invalid signature', or 'jwt signature is required' for an empty one: golang-jwt compares
    // the (empty) decoded signature and says the same for both.
    if (error.message === 'invalid signature' || error.message === 'jwt signature is required') return 'signature is invalid';
    return error.message;
  }
}

/** Secret KeyObjects by key text. A server has two keys; making the KeyObject again for every request cost ~2 % of a cached read's CPU. */
const secretKeys = new Map<string, KeyObject>();
/** More keys than a server has: only callers passing ever new keys (tests) reach it, and start over. */
const MAX_SECRET_KEYS = 8;

function secretKey(key: string): KeyObject {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    if (secretKeys.size >= MAX_SECRET_KEYS) secretKeys.clear();
    secret = createSecretKey(Buffer.from(key));
    secretKeys.set(key, secret);
  }
  return secret;
}

/** Parses and verifies a raw token; `reason` is golang-jwt's error text for a rejection. */
export function verifyHeketiToken(input: VerifyInput): ParseResult {
  try {
    const parts = input.token.split('.');
    if (parts.length !== 3) throw new Rejection('token contains an invalid number of segments');
    const { header, claims } = readWholeToken(input.token, parts) ?? { header: readHeader(parts[0]!), claims: readClaims(parts[1]!) };
    checkSigningMethod(header.alg);
    const key = keyFor(claims, input);
    const problem = heketiClaimsProblem(claims, input.nowSeconds, input.iatLeewaySeconds);
    const signature = signatureFault(input.token, parts[2]!, key);
    if (signature) return { ok: false, reason: signature };
    return problem ? { ok: false, reason: problem } : { ok: true, claims };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, reason: error.message };
    throw error;
  }
}
