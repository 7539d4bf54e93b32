import type { FastifyInstance } from 'fastify';
import { checkAuth } from '../auth/check-auth.js';
import type { AppConfig } from '../../config/types.js';
import type { Clock } from '../../services/context.js';

/** Paths served outside the JWT check and the admin-state gate, as Heketi's outer router does. */
export const OPEN_PATHS = new Set(['/hello', '/metrics', '/healthz', '/readyz', '/openapi.json']);

export const isOpenPath = (path: string): boolean => OPEN_PATHS.has(path) || path === '/swagger' || path.startsWith('/swagger/');

/**
 * Heketi's JWT middleware and issuer rule. It runs before routing, so with auth on an unknown
 * path without a token is 401, not 404 — as in Heketi.
 */
export function registerAuth(app: FastifyInstance, config: AppConfig, clock: Clock): void {
  if (!config.auth.enabled) return;
  app.addHook('onRequest', async (request) => {
    const path = decodePath(request.url);
    if (isOpenPath(path)) return;
    const result = checkAuth({
      authorization: request.headers.authorization,
      method: request.method,
      path,
      adminKey: config.auth.adminKey,
      userKey: config.auth.userKey,
      nowSeconds: clock.nowSeconds(),
      iatLeewaySeconds: config.auth.iatLeewaySeconds,
    });
    if (!result.ok) throw result.error;
  });
}

/** The decoded URL path without the query string: what qsh covers. */
export function decodePath(url: string): string {
  const path = url.split('?')[0]!;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
