/**
 * The request check behind the server's onRequest hook: Heketi's JWT middleware plus its issuer
 * rule, with the same statuses and texts (spec §2.2–2.5). Pure: the caller supplies the header,
 * the decoded path without query string, the keys and the clock.
 */
import { timingSafeEqual } from 'node:crypto';
import { AppError, Errors } from '../../domain/errors.js';
import { verifyHeketiToken } from './golang-jwt.js';
import { computeQsh } from './token.js';

export interface AuthInput {
  authorization: string | undefined;
  method: string;
  /** Decoded URL path, no host and no query string. */
  path: string;
  adminKey: string;
  userKey: string;
  nowSeconds: number;
  iatLeewaySeconds: number;
}

export type AuthResult = { ok: true; issuer: 'admin' | 'user' } | { ok: false; error: AppError };

const unauthorized = (message: string): AuthResult => ({ ok: false, error: Errors.unauthorized(message) });

/** Appends the hints Heketi adds to two golang-jwt reasons. */
function describeReason(reason: string): string {
  if (reason === 'signature is invalid') return `${reason} (client and server secrets may not match)`;
  if (reason.includes('used before issued')) return `${reason} (client and server clocks may differ)`;
  return reason;
}

/**
 * golang-jwt v3 reads a missing `exp` as 0, so Heketi calls such a token "expired by 498941h…".
 * The text stays Heketi's; the log says what is really wrong.
 */
function hiddenCause(token: string, reason: string): string | undefined {
  if (!reason.startsWith('Token is expired by ')) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
    const exp = typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>).exp : undefined;
    return exp === undefined || exp === null || exp === 0 ? 'the token has no exp claim' : undefined;
  } catch {
    return undefined;
  }
}

/** `bearer <token>` (any case); undefined token = no header, null = malformed header. */
function extractToken(authorization: string | undefined): string | undefined | null {
  if (authorization === undefined || authorization === '') return undefined;
  const fields = authorization.trim().split(/\s+/);
  if (fields.length !== 2 || fields[0]!.toLowerCase() !== 'bearer') return null;
  return fields[1];
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Checks one request's Authorization header. Never throws. */
export function checkAuth(input: AuthInput): AuthResult {
  const token = extractToken(input.authorization);
  if (token === null) return { ok: false, error: Errors.badAuthHeader() };
  if (token === undefined) return unauthorized('Required authorization token not found');
  const verified = verifyHeketiToken({ ...input, token });
  if (!verified.ok) {
    const error = Errors.unauthorized(`Invalid JWT token: ${describeReason(verified.reason)}`);
    const hidden = hiddenCause(token, verified.reason);
    return { ok: false, error: hidden ? error.withLogDetail(hidden) : error };
  }
  if (!sameText(verified.claims.qsh, computeQsh(input.method, input.path))) {
    return unauthorized('Invalid qsh claim in token');
  }
  const issuer = verified.claims.iss as 'admin' | 'user';
  if (issuer === 'user' && input.path !== '/volumes') return unauthorized('Administrator access required');
  return { ok: true, issuer };
}
