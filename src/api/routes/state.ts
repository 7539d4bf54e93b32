import { Errors } from '../../domain/errors.js';
import { decodeOptionalBody } from '../decode.js';
import { sendAccepted, sendJson } from '../http/reply.js';
import { ID, type RouteTable } from '../route-table.js';
import { StateRepairRequest } from '../schemas/admin.js';
import type { AppServices } from '../services.js';

/** Heketi's examiner route (indented like Heketi's), and heketi-ts's drift report and repair. */
export function stateRoutes(r: RouteTable, s: AppServices): void {
  r.get('/internal/state/examine/gluster', async (_req, reply) => sendJson(reply, 200, await s.examine.examineGluster(), 4));
  r.get('/internal/state/drift', async (_req, reply) => sendJson(reply, 200, await s.drift.report()));

  // A queued job: each repair is an operation of its own; the result (303) says what failed and what drift is left.
  r.post('/internal/state/repair', (req, reply) => {
    const body = decodeOptionalBody(StateRepairRequest, req.body as string | undefined);
    const done = s.repair.begin();
    const jobId = s.runner.startJob(false, async () => {
      try {
        const id = await s.repair.apply({ deleteMissing: body.delete_missing_volumes, deleteForeign: body.delete_foreign_volumes });
        return `/internal/state/repair/${id}`;
      } finally {
        done();
      }
    });
    return sendAccepted(reply, jobId);
  });

  r.get(`/internal/state/repair/:id${ID}`, (req, reply) => {
    const result = s.repair.result((req.params as { id: string }).id);
    if (!result) throw Errors.notFound();
    return sendJson(reply, 200, result);
  });
}
