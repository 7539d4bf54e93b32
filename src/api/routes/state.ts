import { sendJson } from '../http/reply.js';
import type { RouteTable } from '../route-table.js';
import type { AppServices } from '../services.js';

/** Heketi's examiner route (indented like Heketi's) and heketi-ts's drift report. */
export function stateRoutes(r: RouteTable, s: AppServices): void {
  r.get('/internal/state/examine/gluster', async (_req, reply) => sendJson(reply, 200, await s.examine.examineGluster(), 4));
  r.get('/internal/state/drift', async (_req, reply) => sendJson(reply, 200, await s.drift.report()));
}
