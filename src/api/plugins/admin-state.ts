import type { FastifyInstance } from 'fastify';
import type { AdminState } from '../../config/types.js';
import { Errors } from '../../domain/errors.js';
import { decodePath, isOpenPath } from './auth.js';

/** The server's admin mode (GET/POST /admin; SIGUSR2 resets it to normal). */
export class AdminMode {
  constructor(public state: AdminState) {}
}

const LOCAL_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Heketi's admin-state gate: read-only allows only GET and HEAD (even POST /admin is refused);
 * local-client allows other methods only from the loopback address. 503 otherwise.
 */
export function registerAdminGate(app: FastifyInstance, mode: AdminMode): void {
  app.addHook('onRequest', async (request) => {
    if (mode.state === 'normal' || isOpenPath(decodePath(request.url))) return;
    if (request.method === 'GET' || request.method === 'HEAD') return;
    if (mode.state === 'local-client' && LOCAL_ADDRESSES.has(request.socket.remoteAddress ?? '')) return;
    throw Errors.maintenance();
  });
}
