import { decodeBody, decodeOptionalBody } from '../decode.js';
import { sendAccepted, sendJson, sendJsonText } from '../http/reply.js';
import { deviceInfoBody, deviceInfoKey } from '../mappers/node-info-json.js';
import { validateStateRequest, validateTagsChange } from '../requests/common.js';
import { validateDeviceAdd } from '../requests/devices.js';
import { ID, type RouteTable } from '../route-table.js';
import { StateRequest, TagsChangeRequest } from '../schemas/common.js';
import { DeviceAddRequest, DeviceDeleteOptions } from '../schemas/devices.js';
import type { AppServices } from '../services.js';
import type { TagChangeType } from '../../services/tags.js';
import { sortKeys } from './nodes.js';

const idOf = (req: { params: unknown }): string => (req.params as { id: string }).id;

export function deviceRoutes(r: RouteTable, s: AppServices): void {
  r.post('/devices', (req, reply) => {
    const body = decodeBody(DeviceAddRequest, req.body as string | undefined);
    validateDeviceAdd(body);
    const work = s.devices.prepareAdd({ name: body.name, nodeId: body.node, tags: body.tags, destroyData: body.destroydata });
    return sendAccepted(reply, s.runner.startJob(false, work));
  });

  r.get(`/devices/:id${ID}`, (req, reply) => {
    const id = idOf(req);
    return sendJsonText(reply, s.bodies.get(deviceInfoKey(id), () => deviceInfoBody(s.store, s.devices.get(id))));
  });

  r.delete(`/devices/:id${ID}`, (req, reply) => {
    const options = decodeOptionalBody(DeviceDeleteOptions, req.body as string | undefined);
    const work = s.devices.prepareDelete(idOf(req), options.forceforget);
    return sendAccepted(reply, s.runner.startJob(false, work));
  });

  r.post(`/devices/:id${ID}/state`, (req, reply) => {
    const body = decodeBody(StateRequest, req.body as string | undefined);
    validateStateRequest(body);
    const id = idOf(req);
    s.devices.get(id);
    if (body.state === 'failed') return sendAccepted(reply, s.removal.startDeviceRemoval(id, body.healcheck));
    const state = body.state as 'online' | 'offline';
    return sendAccepted(reply, s.runner.startJob(false, async () => (s.devices.setSimpleState(id, state), null)));
  });

  // Heketi's resync is a GET that changes state; its 202 carries a small HTML body.
  r.get(`/devices/:id${ID}/resync`, async (req, reply) => {
    const work = s.devices.prepareResync(idOf(req));
    const jobId = await s.runner.startJob(false, work);
    return reply
      .code(202)
      .header('Location', `/queue/${jobId}`)
      .header('Content-Type', 'text/html; charset=utf-8')
      .send(`<a href="/queue/${jobId}">Accepted</a>.\n\n`);
  });

  r.post(`/devices/:id${ID}/tags`, (req, reply) => {
    const body = decodeBody(TagsChangeRequest, req.body as string | undefined);
    validateTagsChange(body);
    const tags = s.devices.setTags(idOf(req), body.change_type as TagChangeType, body.tags);
    return sendJson(reply, 200, sortKeys(tags));
  });
}
