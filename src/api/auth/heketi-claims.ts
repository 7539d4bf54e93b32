/**
 * Heketi's token claims (middleware/jwt.go HeketiJwtClaims: golang-jwt's StandardClaims plus qsh):
 * how Go decodes them from the claims object, and Heketi's own validity rules, which replace the
 * JWT library's (exp required, no leeway on exp, leeway on a future iat, nbf optional).
 */
import { formatGoDuration } from './go-duration.js';
import { GoJsonError, goJsonTypeName } from './go-json.js';

/** The claims Heketi reads; absent numbers are 0 and absent strings empty, as in Go. */
export interface HeketiClaims {
  iss: string;
  exp: number;
  iat: number;
  nbf: number;
  qsh: string;
}

const STRING_CLAIMS = new Set(['iss', 'qsh', 'sub', 'aud', 'jti']);
const INT_CLAIMS = new Set(['exp', 'iat', 'nbf']);

/**
 * Go's decoding into the claims struct: keys match case-insensitively, numbers must be integers.
 * It runs for every request, so it allocates nothing per claim (no entry pairs, no closures, an
 * error only on failure): the former version made ~2 KiB of garbage per request, a tenth of what
 * a cached `GET /volumes` made, and every young-generation GC is a stall when the CPU is
 * contended (docs/benchmarks.md).
 */
export function readHeketiClaims(object: Record<string, unknown>): HeketiClaims {
  const claims: HeketiClaims = { iss: '', exp: 0, iat: 0, nbf: 0, qsh: '' };
  for (const rawKey of Object.keys(object)) {
    const value = object[rawKey];
    if (value === null) continue;
    const key = rawKey.toLowerCase();
    if (STRING_CLAIMS.has(key)) {
      if (typeof value !== 'string') throw claimTypeError(key, value, 'string');
      if (key === 'iss' || key === 'qsh') claims[key] = value;
    } else if (INT_CLAIMS.has(key)) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw claimTypeError(key, value, 'int64');
      claims[key as 'exp' | 'iat' | 'nbf'] = value;
    }
  }
  return claims;
}

/** Go's text for a claim of the wrong type; it shows a number's literal only when an integer field refused it. */
function claimTypeError(key: string, value: unknown, goType: 'string' | 'int64'): GoJsonError {
  return new GoJsonError(`json: cannot unmarshal ${goJsonTypeName(value, goType === 'int64')} into Go struct field HeketiJwtClaims.${key} of type ${goType}`);
}

/** HeketiJwtClaims.Valid(): like golang-jwt, the last failing check supplies the message. */
export function heketiClaimsProblem(claims: HeketiClaims, now: number, iatLeeway: number): string | undefined {
  let problem: string | undefined;
  if (claims.exp === 0 || now > claims.exp) problem = `Token is expired by ${formatGoDuration(now - claims.exp)}`;
  if (now < claims.iat - iatLeeway) problem = 'Token used before issued';
  if (claims.nbf !== 0 && now < claims.nbf) problem = 'token is not valid yet';
  return problem;
}
