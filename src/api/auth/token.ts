/**
 * Heketi's request token: an HS256 JWT whose `qsh` claim binds it to one method and path. Shared
 * by the CLI, the HTTP client and the tests, so every signer produces the same bytes Heketi's Go
 * client does (header {"alg":"HS256","typ":"JWT"}, claims exp, iat, iss, qsh in that order).
 */
import { createHash, createSecretKey } from 'node:crypto';
import { jsonwebtoken } from './jsonwebtoken.js';

/** Lower-case hex SHA-256 of `METHOD&PATH`; PATH is the decoded URL path without the query. */
export function computeQsh(method: string, path: string): string {
  return createHash('sha256').update(`${method}&${path}`).digest('hex');
}

/** Inputs of signToken. `issuer` is Heketi's user name: `admin` or `user` (any string is signed). */
export interface SignTokenInput {
  issuer: string;
  key: string;
  method: string;
  path: string;
  /** Unix seconds used for `iat`; defaults to the current time. */
  nowSeconds?: number;
  /** Lifetime in seconds; Heketi's Go client uses 5 minutes. */
  ttlSeconds?: number;
}

export const DEFAULT_TOKEN_TTL_SECONDS = 300;

/**
 * Signs a Heketi request token with jsonwebtoken. The key goes in as a secret KeyObject: any text,
 * even an empty one or one that looks like a PEM key, is an HMAC secret to Heketi.
 */
export function signToken(input: SignTokenInput): string {
  const iat = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const exp = iat + (input.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  const claims = { exp, iat, iss: input.issuer, qsh: computeQsh(input.method, input.path) };
  return jsonwebtoken().sign(claims, createSecretKey(Buffer.from(input.key)), { algorithm: 'HS256' });
}
