/**
 * The OpenAPI 3.1 document of heketi-ts: components come from the zod wire schemas in
 * src/api/schemas (every schema with `.meta({ id })`), paths from the table below, which states
 * Heketi's conventions per route (202 + Location to /queue, 303 from the queue, text/plain errors).
 * `npm run openapi` writes it to openapi/openapi.json; a test fails when that file is stale.
 */
import { packageVersion } from '../project-root.js';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendJson } from './http/reply.js';
import { AUTH_DESCRIPTION, FIELD_DOCS } from './openapi-fields.js';
import type { RouteTable } from './route-table.js';
import * as admin from './schemas/admin.js';
import * as blockVolumes from './schemas/block-volumes.js';
import * as clusters from './schemas/clusters.js';
import * as common from './schemas/common.js';
import * as devices from './schemas/devices.js';
import * as nodes from './schemas/nodes.js';
import * as volumes from './schemas/volumes.js';

type Answer = 'json' | 'accepted' | 'empty' | 'text' | 'binary' | 'queue';

/** One documented route: what it takes and how it answers. */
interface RouteDoc {
  method: 'get' | 'post' | 'delete';
  path: string;
  summary: string;
  tag: string;
  request?: z.ZodType;
  answer: Answer;
  /** For `json` answers: the schema, or a free-form object when absent. */
  response?: z.ZodType;
  status?: number;
}

const ROUTES: RouteDoc[] = [
  { method: 'get', path: '/hello', tag: 'server', summary: 'Liveness text `Hello from Heketi` (no auth)', answer: 'text' },
  { method: 'get', path: '/metrics', tag: 'server', summary: 'Prometheus metrics (no auth)', answer: 'text' },
  { method: 'get', path: '/healthz', tag: 'server', summary: 'Liveness (no auth)', answer: 'text' },
  { method: 'get', path: '/readyz', tag: 'server', summary: 'Readiness: 200 once recovery is done, else 503 (no auth)', answer: 'text' },
  { method: 'post', path: '/clusters', tag: 'clusters', summary: 'Create a cluster', request: clusters.ClusterCreateRequest, answer: 'json', response: clusters.ClusterInfoResponse, status: 201 },
  { method: 'get', path: '/clusters', tag: 'clusters', summary: 'List clusters', answer: 'json', response: clusters.ClusterListResponse },
  { method: 'get', path: '/clusters/{id}', tag: 'clusters', summary: 'Cluster info', answer: 'json', response: clusters.ClusterInfoResponse },
  { method: 'post', path: '/clusters/{id}/flags', tag: 'clusters', summary: 'Set block/file flags (200, empty body)', request: clusters.ClusterSetFlagsRequest, answer: 'empty', status: 200 },
  { method: 'delete', path: '/clusters/{id}', tag: 'clusters', summary: 'Delete an empty cluster (200, empty body)', answer: 'empty', status: 200 },
  { method: 'post', path: '/nodes', tag: 'nodes', summary: 'Add a node', request: nodes.NodeAddRequest, answer: 'accepted' },
  { method: 'get', path: '/nodes/{id}', tag: 'nodes', summary: 'Node info with devices', answer: 'json', response: nodes.NodeInfoResponse },
  { method: 'delete', path: '/nodes/{id}', tag: 'nodes', summary: 'Delete a node without devices', answer: 'accepted' },
  { method: 'post', path: '/nodes/{id}/state', tag: 'nodes', summary: 'Set node state', request: common.StateRequest, answer: 'accepted' },
  { method: 'post', path: '/nodes/{id}/tags', tag: 'nodes', summary: 'Change node tags; answers the full map', request: common.TagsChangeRequest, answer: 'json', response: common.Tags },
  { method: 'post', path: '/devices', tag: 'devices', summary: 'Add a device', request: devices.DeviceAddRequest, answer: 'accepted' },
  { method: 'get', path: '/devices/{id}', tag: 'devices', summary: 'Device info with bricks', answer: 'json', response: devices.DeviceInfoResponse },
  { method: 'delete', path: '/devices/{id}', tag: 'devices', summary: 'Delete a failed, empty device', request: devices.DeviceDeleteOptions, answer: 'accepted' },
  { method: 'post', path: '/devices/{id}/state', tag: 'devices', summary: 'Set device state (failed evicts its bricks)', request: common.StateRequest, answer: 'accepted' },
  { method: 'get', path: '/devices/{id}/resync', tag: 'devices', summary: 'Re-read sizes from LVM', answer: 'accepted' },
  { method: 'post', path: '/devices/{id}/tags', tag: 'devices', summary: 'Change device tags; answers the full map', request: common.TagsChangeRequest, answer: 'json', response: common.Tags },
  { method: 'post', path: '/bricks/to-evict/{id}', tag: 'devices', summary: 'Replace a brick', request: devices.BrickEvictOptions, answer: 'accepted' },
  { method: 'post', path: '/volumes', tag: 'volumes', summary: 'Create a volume (size in GiB)', request: volumes.VolumeCreateRequest, answer: 'accepted' },
  { method: 'get', path: '/volumes', tag: 'volumes', summary: 'List volumes', answer: 'json', response: volumes.VolumeListResponse },
  { method: 'get', path: '/volumes/{id}', tag: 'volumes', summary: 'Volume info', answer: 'json', response: volumes.VolumeInfoResponse },
  { method: 'delete', path: '/volumes/{id}', tag: 'volumes', summary: 'Delete a volume', answer: 'accepted' },
  { method: 'post', path: '/volumes/{id}/expand', tag: 'volumes', summary: 'Grow a volume by expand_size GiB', request: volumes.VolumeExpandRequest, answer: 'accepted' },
  { method: 'post', path: '/volumes/{id}/clone', tag: 'volumes', summary: 'Clone a volume', request: volumes.VolumeCloneRequest, answer: 'accepted' },
  { method: 'post', path: '/volumes/{id}/block-restriction', tag: 'volumes', summary: 'Lock or unlock a block-hosting volume', request: volumes.VolumeBlockRestrictionRequest, answer: 'accepted' },
  { method: 'post', path: '/blockvolumes', tag: 'blockvolumes', summary: 'Create a block volume (size in GiB)', request: blockVolumes.BlockVolumeCreateRequest, answer: 'accepted' },
  { method: 'get', path: '/blockvolumes', tag: 'blockvolumes', summary: 'List block volumes', answer: 'json', response: blockVolumes.BlockVolumeListResponse },
  { method: 'get', path: '/blockvolumes/{id}', tag: 'blockvolumes', summary: 'Block volume info', answer: 'json', response: blockVolumes.BlockVolumeInfoResponse },
  { method: 'delete', path: '/blockvolumes/{id}', tag: 'blockvolumes', summary: 'Delete a block volume', answer: 'accepted' },
  { method: 'post', path: '/blockvolumes/{id}/expand', tag: 'blockvolumes', summary: 'Grow a block volume to new_size GiB', request: blockVolumes.BlockVolumeExpandRequest, answer: 'accepted' },
  { method: 'get', path: '/queue/{id}', tag: 'queue', summary: 'Poll an accepted request', answer: 'queue' },
  { method: 'get', path: '/admin', tag: 'admin', summary: 'Admin mode', answer: 'json', response: admin.AdminStatus },
  { method: 'post', path: '/admin', tag: 'admin', summary: 'Set the admin mode (204)', request: admin.AdminStatus, answer: 'empty', status: 204 },
  { method: 'get', path: '/internal/logging', tag: 'admin', summary: 'Log level', answer: 'json', response: admin.LogLevelInfo },
  { method: 'post', path: '/internal/logging', tag: 'admin', summary: 'Set the log level', request: admin.LogLevelInfo, answer: 'json', response: admin.LogLevelInfo },
  { method: 'get', path: '/operations', tag: 'operations', summary: 'Operation counts', answer: 'json', response: admin.OperationsInfo },
  { method: 'get', path: '/operations/pending', tag: 'operations', summary: 'Pending operations', answer: 'json', response: admin.PendingOperationListResponse },
  { method: 'get', path: '/operations/pending/{id}', tag: 'operations', summary: 'One pending operation with its changes', answer: 'json', response: admin.PendingOperationDetails },
  { method: 'post', path: '/operations/pending/cleanup', tag: 'operations', summary: 'Retry or undo stale and failed operations', request: admin.PendingOperationsCleanRequest, answer: 'accepted' },
  { method: 'get', path: '/db/dump', tag: 'db', summary: 'The database as Heketi export JSON (indented)', answer: 'json' },
  { method: 'get', path: '/db/check', tag: 'db', summary: 'Consistency report (indented)', answer: 'json' },
  { method: 'get', path: '/internal/state/examine/gluster', tag: 'db', summary: 'Heketi’s examiner: the db dump, a report, and every node’s LVM, mount and gluster data (indented)', answer: 'json' },
  { method: 'get', path: '/internal/state/drift', tag: 'db', summary: 'Every difference between the db and the nodes, classified, with evidence (heketi-ts)', answer: 'json' },
  { method: 'post', path: '/internal/state/repair', tag: 'db', summary: 'Run the repairs the drift report implies, each a crash-safe operation (heketi-ts)', request: admin.StateRepairRequest, answer: 'accepted' },
  { method: 'get', path: '/internal/state/repair/{id}', tag: 'db', summary: 'A repair’s plan, failures and the drift left (heketi-ts)', answer: 'json' },
  { method: 'get', path: '/backup/db', tag: 'db', summary: 'SQLite snapshot as an attachment', answer: 'binary' },
  { method: 'get', path: '/topology', tag: 'topology', summary: 'What `heketi-cli topology info --json` prints (heketi-ts)', answer: 'json' },
];

const TEXT = 'text/plain; charset=utf-8';
const ERRORS = {
  default: { description: 'Heketi error: the message as text/plain (400 validation, 401, 404, 405 empty, 409, 422, 429 + Retry-After, 500, 503)', content: { [TEXT]: { schema: { type: 'string' } } } },
};
const ACCEPTED = {
  202: {
    description: 'Accepted: poll the Location',
    headers: { Location: { description: 'Bare path `/queue/<id>`', schema: { type: 'string' } } },
  },
};
const QUEUE = {
  200: { description: 'Still running', headers: { 'X-Pending': { description: '`true`', schema: { type: 'string' } } } },
  204: { description: 'Finished; nothing to show (deletes, state changes)' },
  303: { description: 'Finished; the result is at Location', headers: { Location: { schema: { type: 'string' } } } },
  500: { description: 'Failed; the error text, once', content: { [TEXT]: { schema: { type: 'string' } } } },
};

/** The schemas of src/api/schemas that carry an id, by id. */
function wireSchemas(): Map<z.ZodType, string> {
  const byId = new Map<z.ZodType, string>();
  for (const mod of [common, clusters, nodes, devices, volumes, blockVolumes, admin]) {
    for (const value of Object.values(mod)) {
      if (!(value instanceof z.ZodType)) continue;
      const id = z.globalRegistry.get(value)?.id;
      if (typeof id === 'string') byId.set(value, id);
    }
  }
  return byId;
}

/** Go ignores unknown keys, so nothing forbids additional properties on the wire. */
function tidy(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(tidy);
  if (schema === null || typeof schema !== 'object') return schema;
  const entries = Object.entries(schema).filter(([k, v]) => k !== '$schema' && k !== '$id' && !(k === 'additionalProperties' && v === false));
  return Object.fromEntries(entries.map(([k, v]) => [k, tidy(v)]));
}

function components(ids: Map<z.ZodType, string>): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of [...ids].sort(([, a], [, b]) => (a < b ? -1 : 1))) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((id) => [id, documentFields(id, withoutSafeIntegerBounds(tidy(schemas[id])) as JsonSchema)]),
  );
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; required?: string[] };

/**
 * zod's int() carries ±(2^53 - 1) as bounds, which Swagger UI turns into a sample size of -9e15:
 * those are JavaScript's limits, not Heketi's. The real bounds come from FIELD_DOCS.
 */
function withoutSafeIntegerBounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutSafeIntegerBounds);
  if (schema === null || typeof schema !== 'object') return schema;
  const entries = Object.entries(schema).filter(
    ([k, v]) => !((k === 'minimum' || k === 'maximum') && Math.abs(v as number) === Number.MAX_SAFE_INTEGER),
  );
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutSafeIntegerBounds(v)]));
}

/** A request schema as Heketi reads it: every field optional unless validation requires it, documented. */
function documentFields(id: string, schema: JsonSchema): JsonSchema {
  const docs = FIELD_DOCS[id];
  if (docs === undefined || schema.properties === undefined) return schema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, property]) => {
      const doc = docs[name];
      if (doc === undefined) return [name, property];
      const { required: _required, example, ...rest } = doc;
      return [name, { ...property, ...rest, examples: [example] }];
    }),
  );
  const required = Object.entries(docs)
    .filter(([, doc]) => doc.required)
    .map(([name]) => name);
  const { required: _all, ...withoutRequired } = schema;
  return {
    ...withoutRequired,
    properties,
    ...(required.length > 0 ? { required } : {}),
    examples: [exampleBody(id)],
  };
}

/** The body made of every field's example: what Swagger UI pre-fills and what the example test sends. */
export function exampleBody(id: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(FIELD_DOCS[id] ?? {}).map(([name, doc]) => [name, doc.example]));
}

function responses(route: RouteDoc, ref: (s: z.ZodType) => unknown): Record<string, unknown> {
  const status = String(route.status ?? 200);
  switch (route.answer) {
    case 'accepted':
      return { ...ACCEPTED, ...ERRORS };
    case 'queue':
      return { ...QUEUE, ...ERRORS };
    case 'empty':
      return { [status]: { description: 'Done; empty body' }, ...ERRORS };
    case 'text':
      return { 200: { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } } };
    case 'binary':
      return { 200: { description: 'heketi.db', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, ...ERRORS };
    case 'json': {
      const schema = route.response ? ref(route.response) : { type: 'object' };
      return { [status]: { description: 'OK', content: { 'application/json': { schema } } }, ...ERRORS };
    }
  }
}

function operation(route: RouteDoc, ref: (s: z.ZodType) => unknown): Record<string, unknown> {
  const open = ['/hello', '/metrics', '/healthz', '/readyz'].includes(route.path);
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.path.includes('{id}') ? { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Fa-f0-9]+$' } }] } : {}),
    ...(route.request
      ? { requestBody: { description: 'JSON, any Content-Type; omitted fields are zero values, unknown keys ignored', content: { 'application/json': { schema: ref(route.request) } } } }
      : {}),
    responses: responses(route, ref),
    ...(open ? { security: [] } : {}),
  };
}

/** The whole document; deterministic, so the committed file can be compared byte for byte. */
export function buildOpenApiDocument(version: string): Record<string, unknown> {
  const ids = wireSchemas();
  const ref = (schema: z.ZodType) => {
    const id = ids.get(schema);
    if (id === undefined) throw new Error('a documented schema has no .meta({ id })');
    return { $ref: `#/components/schemas/${id}` };
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) (paths[route.path] ??= {})[route.method] = operation(route, ref);
  return {
    openapi: '3.1.0',
    info: {
      title: 'heketi-ts',
      version,
      description: [
        'Heketi-compatible GlusterFS volume management. Request bodies are read as Go reads them: any',
        'Content-Type, omitted fields are zero values, unknown keys ignored. Errors are text/plain.',
        'Long operations answer 202 with `Location: /queue/<id>`; poll it until 303 (result at',
        'Location), 204 (done) or 500 (the error).',
        '',
        '## Authentication',
        '',
        AUTH_DESCRIPTION,
      ].join('\n'),
    },
    components: {
      schemas: components(ids),
      securitySchemes: {
        heketiJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT with qsh claim', description: AUTH_DESCRIPTION },
      },
    },
    security: [{ heketiJwt: [] }],
    paths,
  };
}

/**
 * Serves the document at /openapi.json and Swagger UI at /swagger (both unauthenticated), and
 * spends nothing on either until someone asks: built up front they held ~6 MiB of a server's
 * resident memory for pages few ever open (docs/benchmarks.md). The document is built per request
 * (it is rarely read); Swagger UI is a Fastify app of its own, made on the first /swagger request
 * and reached through inject(). @fastify/swagger runs in static mode: the routes are not
 * described through Fastify schemas.
 */
export function registerOpenApi(app: FastifyInstance, routes: RouteTable): void {
  routes.get('/openapi.json', (_req, reply) => sendJson(reply, 200, buildOpenApiDocument(packageVersion())));
  let ui: Promise<FastifyInstance> | undefined;
  const forward = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    ui ??= swaggerUiApp();
    const res = await (await ui).inject({ method: 'GET', url: req.url, headers: req.headers });
    // The outer reply frames the body itself: hop-by-hop and length headers stay behind.
    const headers = Object.fromEntries(Object.entries(res.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
    return reply.code(res.statusCode).headers(headers).send(res.rawPayload);
  };
  app.get('/swagger', forward);
  app.get('/swagger/*', forward);
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

async function swaggerUiApp(): Promise<FastifyInstance> {
  const [{ default: fastifySwagger }, { default: fastifySwaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
  const ui = Fastify({ logger: false, exposeHeadRoutes: false });
  await ui.register(fastifySwagger, { mode: 'static', specification: { document: buildOpenApiDocument(packageVersion()) as never } });
  await ui.register(fastifySwaggerUi, { routePrefix: '/swagger' });
  await ui.ready();
  return ui;
}
