/**
 * The jsonwebtoken package, loaded on first use. Its dependency tree (jws, jwa, semver, lodash
 * helpers) took 0.2–0.3 s to load on a busy machine, which a server with auth disabled (every
 * restart of the crash tests) and every CLI command that sends no request would pay for nothing;
 * the first token signed or checked pays it instead.
 */
import { createRequire } from 'node:module';
import type * as JsonWebToken from 'jsonwebtoken';

let loaded: typeof JsonWebToken | undefined;

export function jsonwebtoken(): typeof JsonWebToken {
  loaded ??= createRequire(import.meta.url)('jsonwebtoken') as typeof JsonWebToken;
  return loaded;
}
