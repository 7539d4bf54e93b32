import { Errors } from '../../domain/errors.js';
import { ID, type RouteTable } from '../route-table.js';
import type { AppServices } from '../services.js';

/**
 * GET /queue/{id}: 200 + X-Pending while running, then 303 to the result, 204 when there is
 * none, 500 with the error text. Never throttled. Finished results stay readable for the
 * retention period (Heketi answered once, then 404; `queue_retention_seconds: 0` does the same).
 */
export function queueRoutes(r: RouteTable, s: AppServices): void {
  r.get(`/queue/:id${ID}`, (req, reply) => {
    const job = s.jobs.read((req.params as { id: string }).id);
    if (!job) throw Errors.notFound();
    if (job.status === 'pending') return reply.code(200).header('X-Pending', 'true').send();
    if (job.status === 'failed') throw Errors.operationFailed(job.error ?? 'operation failed');
    if (job.location === null) return reply.code(204).send();
    return reply
      .code(303)
      .header('Location', job.location)
      .header('Content-Type', 'text/html; charset=utf-8')
      .send(`<a href="${job.location}">See Other</a>.\n\n`);
  });
}
