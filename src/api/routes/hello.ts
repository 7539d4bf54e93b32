import type { RouteTable } from '../route-table.js';
import type { AppServices } from '../services.js';

/** Unauthenticated endpoints: Heketi's /hello (Kubernetes probes use it) plus liveness/readiness. */
export function helloRoutes(r: RouteTable, s: AppServices): void {
  r.get('/hello', (_req, reply) =>
    reply.code(200).header('Content-Type', 'text/plain; charset=UTF-8').send('Hello from Heketi'),
  );
  r.get('/healthz', (_req, reply) => reply.code(200).header('Content-Type', 'text/plain; charset=UTF-8').send('ok'));
  r.get('/readyz', (_req, reply) => {
    const reason = s.readiness.notReadyReason();
    return reply
      .code(reason === null ? 200 : 503)
      .header('Content-Type', 'text/plain; charset=UTF-8')
      .send(reason === null ? 'ready' : `not ready: ${reason}`);
  });
}
