import { decodeBody } from '../decode.js';
import { sendCachedJson, sendJson } from '../http/reply.js';
import { toClusterInfo } from '../mappers/cluster.js';
import { ID, type RouteTable } from '../route-table.js';
import { ClusterCreateRequest, ClusterSetFlagsRequest } from '../schemas/clusters.js';
import type { AppServices } from '../services.js';
import { JSON_CONTENT_TYPE } from '../http/go-json.js';

export function clusterRoutes(r: RouteTable, s: AppServices): void {
  r.post('/clusters', (req, reply) => {
    const body = decodeBody(ClusterCreateRequest, req.body as string | undefined);
    const cluster = s.clusters.create(body);
    return sendJson(reply, 201, toClusterInfo(s.store, cluster));
  });

  r.get('/clusters', (_req, reply) => sendJson(reply, 200, { clusters: s.clusters.list() }));

  r.get(`/clusters/:id${ID}`, (req, reply) => {
    const id = (req.params as { id: string }).id;
    return sendCachedJson(reply, s.bodies, `cluster:${id}`, () => toClusterInfo(s.store, s.clusters.get(id)));
  });

  r.post(`/clusters/:id${ID}/flags`, (req, reply) => {
    const body = decodeBody(ClusterSetFlagsRequest, req.body as string | undefined);
    s.clusters.setFlags((req.params as { id: string }).id, body);
    return reply.code(200).header('Content-Type', JSON_CONTENT_TYPE).send();
  });

  r.delete(`/clusters/:id${ID}`, (req, reply) => {
    s.clusters.delete((req.params as { id: string }).id);
    return reply.code(200).send();
  });
}
