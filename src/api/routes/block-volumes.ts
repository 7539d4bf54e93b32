import { decodeBody } from '../decode.js';
import { sendAccepted, sendJson } from '../http/reply.js';
import { toBlockVolumeInfo } from '../mappers/block-volume.js';
import { validateBlockVolumeCreate, validateBlockVolumeExpand } from '../requests/block-volumes.js';
import { ID, type RouteTable } from '../route-table.js';
import { BlockVolumeCreateRequest, BlockVolumeExpandRequest } from '../schemas/block-volumes.js';
import type { AppServices } from '../services.js';

const idOf = (req: { params: unknown }): string => (req.params as { id: string }).id;

export function blockVolumeRoutes(r: RouteTable, s: AppServices): void {
  r.post('/blockvolumes', (req, reply) => {
    const body = decodeBody(BlockVolumeCreateRequest, req.body as string | undefined);
    validateBlockVolumeCreate(body);
    const input = { sizeGib: body.size, clusterIds: body.clusters, name: body.name, hacount: body.hacount, auth: body.auth };
    return sendAccepted(reply, s.blockVolumes.startCreate(input));
  });

  r.get('/blockvolumes', (_req, reply) => sendJson(reply, 200, { blockvolumes: s.blockVolumes.list() }));

  r.get(`/blockvolumes/:id${ID}`, (req, reply) => sendJson(reply, 200, toBlockVolumeInfo(s.blockVolumes.get(idOf(req)))));

  r.delete(`/blockvolumes/:id${ID}`, (req, reply) => sendAccepted(reply, s.blockVolumes.startDelete(idOf(req))));

  r.post(`/blockvolumes/:id${ID}/expand`, (req, reply) => {
    const body = decodeBody(BlockVolumeExpandRequest, req.body as string | undefined);
    validateBlockVolumeExpand(body);
    return sendAccepted(reply, s.blockVolumes.startExpand(idOf(req), body.new_size));
  });
}
