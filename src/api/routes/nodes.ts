import { decodeBody } from '../decode.js';
import { sendAccepted, sendJson, sendJsonText } from '../http/reply.js';
import { NodeInfoJson } from '../mappers/node-info-json.js';
import { validateStateRequest, validateTagsChange } from '../requests/common.js';
import { validateNodeAdd } from '../requests/nodes.js';
import { ID, type RouteTable } from '../route-table.js';
import { StateRequest, TagsChangeRequest } from '../schemas/common.js';
import { NodeAddRequest } from '../schemas/nodes.js';
import type { AppServices } from '../services.js';
import type { TagChangeType } from '../../services/tags.js';

const idOf = (req: { params: unknown }): string => (req.params as { id: string }).id;

export function nodeRoutes(r: RouteTable, s: AppServices): void {
  r.post('/nodes', async (req, reply) => {
    const body = decodeBody(NodeAddRequest, req.body as string | undefined);
    validateNodeAdd(body);
    const work = await s.nodes.prepareAdd({
      zone: body.zone,
      clusterId: body.cluster,
      manageHostnames: body.hostnames.manage,
      storageHostnames: body.hostnames.storage,
      tags: body.tags,
    });
    return sendAccepted(reply, s.runner.startJob(false, work));
  });

  const nodeInfo = new NodeInfoJson(s.store, s.bodies, (id) => s.nodes.get(id));
  r.get(`/nodes/:id${ID}`, (req, reply) => {
    const id = idOf(req);
    return sendJsonText(reply, nodeInfo.render(id));
  });

  r.delete(`/nodes/:id${ID}`, (req, reply) => {
    const work = s.nodes.prepareDelete(idOf(req));
    return sendAccepted(reply, s.runner.startJob(false, work));
  });

  r.post(`/nodes/:id${ID}/state`, (req, reply) => {
    const body = decodeBody(StateRequest, req.body as string | undefined);
    validateStateRequest(body);
    const id = idOf(req);
    s.nodes.get(id);
    if (body.state === 'failed') return sendAccepted(reply, s.removal.startNodeRemoval(id, body.healcheck));
    const state = body.state as 'online' | 'offline';
    return sendAccepted(reply, s.runner.startJob(false, async () => (s.nodes.setSimpleState(id, state), null)));
  });

  r.post(`/nodes/:id${ID}/tags`, (req, reply) => {
    const body = decodeBody(TagsChangeRequest, req.body as string | undefined);
    validateTagsChange(body);
    const tags = s.nodes.setTags(idOf(req), body.change_type as TagChangeType, body.tags);
    return sendJson(reply, 200, sortKeys(tags));
  });
}

export function sortKeys(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

