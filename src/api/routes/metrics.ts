import type { RouteTable } from '../route-table.js';
import type { AppServices } from '../services.js';

/** GET /metrics: Prometheus text, no auth (an open path), as Heketi's outer router serves it. */
export function metricsRoutes(r: RouteTable, s: AppServices): void {
  r.get('/metrics', async (_req, reply) => {
    const text = await s.metrics.scrape();
    return reply.code(200).header('Content-Type', s.metrics.contentType).send(text);
  });
}
