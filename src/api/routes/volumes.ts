import type { BlockRestriction } from '../../domain/entities.js';
import { decodeBody, decodeOptionalBody } from '../decode.js';
import { sendAccepted, sendCachedJson, sendJsonText } from '../http/reply.js';
import {
  validateBlockRestriction,
  validateVolumeClone,
  validateVolumeCreate,
  validateVolumeOptions,
  validateVolumeExpand,
} from '../requests/volumes.js';
import { ID, type RouteTable } from '../route-table.js';
import {
  VolumeBlockRestrictionRequest,
  VolumeCloneRequest,
  VolumeCreateRequest,
  VolumeExpandRequest,
} from '../schemas/volumes.js';
import type { AppServices } from '../services.js';

const idOf = (req: { params: unknown }): string => (req.params as { id: string }).id;
const bodyOf = (req: { body: unknown }): string | undefined => req.body as string | undefined;

export function volumeRoutes(r: RouteTable, s: AppServices): void {
  r.post('/volumes', (req, reply) => {
    const body = decodeBody(VolumeCreateRequest, bodyOf(req));
    validateVolumeCreate(body);
    validateVolumeOptions(body.glustervolumeoptions);
    const jobId = s.volumes.create({
      sizeGib: body.size,
      clusters: body.clusters,
      name: body.name,
      durability: body.durability,
      gid: body.gid,
      glusterVolumeOptions: body.glustervolumeoptions,
      block: body.block,
      snapshot: body.snapshot,
    });
    return sendAccepted(reply, jobId);
  });

  r.get('/volumes', (_req, reply) => sendCachedJson(reply, s.bodies, 'volumes', () => ({ volumes: s.volumes.list() })));

  r.get(`/volumes/:id${ID}`, (req, reply) =>
    sendJsonText(reply, s.volumeInfos.respond(idOf(req), s.bodies, (id) => s.volumes.infoView(id))),
  );

  r.delete(`/volumes/:id${ID}`, (req, reply) => sendAccepted(reply, s.volumes.delete(idOf(req))));

  r.post(`/volumes/:id${ID}/expand`, (req, reply) => {
    const body = decodeBody(VolumeExpandRequest, bodyOf(req));
    validateVolumeExpand(body);
    return sendAccepted(reply, s.volumes.expand(idOf(req), body.expand_size));
  });

  r.post(`/volumes/:id${ID}/clone`, (req, reply) => {
    const body = decodeOptionalBody(VolumeCloneRequest, bodyOf(req));
    validateVolumeClone(body);
    return sendAccepted(reply, s.volumes.clone(idOf(req), body.name));
  });

  r.post(`/volumes/:id${ID}/block-restriction`, (req, reply) => {
    const body = decodeBody(VolumeBlockRestrictionRequest, bodyOf(req));
    validateBlockRestriction(body);
    return sendAccepted(reply, s.volumes.setBlockRestriction(idOf(req), body.restriction as BlockRestriction));
  });
}
