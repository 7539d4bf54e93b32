import { decodeOptionalBody } from '../decode.js';
import { sendAccepted } from '../http/reply.js';
import { validateHealCheck } from '../requests/common.js';
import { ID, type RouteTable } from '../route-table.js';
import { BrickEvictOptions } from '../schemas/devices.js';
import type { AppServices } from '../services.js';

const idOf = (req: { params: unknown }): string => (req.params as { id: string }).id;

/** POST /bricks/to-evict/{id}: replace one brick with a newly placed one (A → 204). */
export function brickRoutes(r: RouteTable, s: AppServices): void {
  r.post(`/bricks/to-evict/:id${ID}`, (req, reply) => {
    const body = decodeOptionalBody(BrickEvictOptions, req.body as string | undefined);
    validateHealCheck(body.healcheck);
    return sendAccepted(reply, s.evict.startEvict(idOf(req), body.healcheck));
  });
}
