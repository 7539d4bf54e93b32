/**
 * An attacker's token maker for the tests: it writes any header and claims and signs them with a
 * raw HMAC under whatever `alg` the header claims, which no JWT library will do (that refusal is
 * the point). Honest tokens come from signToken or jsonwebtoken, never from here.
 */
import { createHmac } from 'node:crypto';

const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface ForgeInput {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** HMAC key; null leaves the signature empty (an unsigned token). */
  key: string | null;
  /** Hash of the HMAC, whatever the header says; sha256 unless given. */
  hash?: 'sha256' | 'sha384' | 'sha512';
}

export function forgeToken({ header, claims, key, hash = 'sha256' }: ForgeInput): string {
  const body = `${segment(header)}.${segment(claims)}`;
  return `${body}.${key === null ? '' : createHmac(hash, key).update(body).digest('base64url')}`;
}
