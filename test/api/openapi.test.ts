import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument, exampleBody } from '../../src/api/openapi.js';
import { packageVersion } from '../../src/project-root.js';
import { EXAMPLE_IDS } from '../../src/api/openapi-fields.js';
import { TestServer } from '../helpers/server.js';
import { type SeededTopology, seedTopology } from '../helpers/topology.js';

const COMMITTED = new URL('../../openapi/openapi.json', import.meta.url);

describe('OpenAPI document and Swagger UI', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await TestServer.start();
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('openapi/openapi.json is up to date (run `npm run openapi` after changing schemas or routes)', () => {
    const fresh = JSON.stringify(buildOpenApiDocument(packageVersion()), null, 2) + '\n';
    expect(readFileSync(COMMITTED, 'utf8')).toBe(fresh);
  });

  it('describes Heketi conventions: zod components, 202 + Location, queue 303/X-Pending, text errors', () => {
    const doc = buildOpenApiDocument('test') as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas.VolumeInfoResponse.properties.bricks.items).toEqual({ $ref: '#/components/schemas/BrickInfo' });
    const create = doc.paths['/volumes'].post;
    expect(create.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/VolumeCreateRequest' });
    expect(create.responses['202'].headers.Location).toBeDefined();
    expect(create.responses.default.content['text/plain; charset=utf-8']).toBeDefined();
    const queue = doc.paths['/queue/{id}'].get.responses;
    expect(queue['200'].headers['X-Pending']).toBeDefined();
    expect(queue['303'].headers.Location).toBeDefined();
    expect(queue['204']).toBeDefined();
    expect(doc.paths['/hello'].get.security).toEqual([]);
    expect(doc.paths['/clusters'].post.responses['201']).toBeDefined();
  });

  it('serves the document at /openapi.json without a token', async () => {
    const r = await s.request('GET', '/openapi.json', undefined, { authorization: '' });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual(JSON.parse(readFileSync(COMMITTED, 'utf8')));
  });

  it('serves Swagger UI at /swagger without a token', async () => {
    const res = await fetch(`${s.url}/swagger/static/index.html`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger-ui');
    const json = await fetch(`${s.url}/swagger/json`);
    expect(json.status).toBe(200);
    expect(((await json.json()) as { info: { title: string } }).info.title).toBe('heketi-ts');
  });
});

describe('OpenAPI request documentation', () => {
  const doc = buildOpenApiDocument('test') as any;
  const requestIds = [
    ...new Set(
      Object.values(doc.paths as Record<string, Record<string, any>>)
        .flatMap((ops) => Object.values(ops))
        .map((op) => op.requestBody?.content['application/json'].schema.$ref as string | undefined)
        .filter((ref): ref is string => ref !== undefined)
        .map((ref) => ref.split('/').pop()!),
    ),
  ];

  it('documents every field of every request schema, nested ones too, with Heketi bounds only', () => {
    const seen = new Set<string>();
    const visit = (id: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      const schema = doc.components.schemas[id];
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, any>)) {
        expect(property.description, `${id}.${name}`).toEqual(expect.any(String));
        expect(property.examples, `${id}.${name}`).toHaveLength(1);
        if (property.$ref) visit(property.$ref.split('/').pop());
      }
    };
    for (const id of requestIds) visit(id);
    expect(seen.size).toBeGreaterThanOrEqual(requestIds.length);
    expect(JSON.stringify(doc)).not.toContain('9007199254740991');
    for (const ref of JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? []) {
      expect(doc.components.schemas[ref.slice(8, -1).replace('#/components/schemas/', '')], ref).toBeDefined();
    }
    expect(doc.components.schemas.VolumeCreateRequest.required).toEqual(['size']);
    expect(doc.components.schemas.ClusterCreateRequest.required).toBeUndefined();
  });

  it('explains how to get a token for one method and path', () => {
    expect(doc.components.securitySchemes.heketiJwt.description).toContain('heketi-ts token');
    expect(doc.info.description).toContain('--method POST --path /volumes');
  });
});

describe('every documented request example is accepted by the server', () => {
  let s: TestServer;
  let topo: SeededTopology;
  beforeAll(async () => {
    s = await TestServer.start();
    topo = await seedTopology(s, 3, 2);
  });
  afterAll(async () => s.dispose());

  /** Path ids per route, chosen so the example can succeed (an empty failed device for DELETE…). */
  async function targets() {
    const replicated = (await s.run('POST', '/volumes', { size: 2, durability: { type: 'replicate', replicate: { replica: 3 } } })).json();
    const hosting = (await s.run('POST', '/volumes', { size: 20, block: true })).json();
    const lockable = (await s.run('POST', '/volumes', { size: 20, block: true })).json();
    const block = (await s.run('POST', '/blockvolumes', { size: 1 })).json();
    return {
      '/clusters/{id}/flags': topo.clusterId,
      '/nodes/{id}/state': topo.nodeIds[1]!,
      '/nodes/{id}/tags': topo.nodeIds[1]!,
      '/devices/{id}/state': topo.deviceIds[1]!,
      '/devices/{id}/tags': topo.deviceIds[1]!,
      '/bricks/to-evict/{id}': replicated.bricks[0].id as string,
      '/volumes/{id}/expand': replicated.id as string,
      '/volumes/{id}/clone': replicated.id as string,
      '/volumes/{id}/block-restriction': lockable.id as string,
      '/blockvolumes/{id}/expand': block.id as string,
      hosting: hosting.id as string,
    } as Record<string, string>;
  }

  it('sends each example body to its route and it succeeds', async () => {
    const doc = buildOpenApiDocument('test') as any;
    const pathIds = await targets();
    const ids: Record<string, string> = { [EXAMPLE_IDS.cluster]: topo.clusterId, [EXAMPLE_IDS.node]: topo.nodeIds[0]! };
    const results: { route: string; status: number; text: string }[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const ref = op.requestBody?.content['application/json'].schema.$ref as string | undefined;
        if (ref === undefined) continue;
        let body = JSON.stringify(exampleBody(ref.split('/').pop()!));
        for (const [placeholder, real] of Object.entries(ids)) body = body.replaceAll(placeholder, real);
        let id = pathIds[path] ?? '';
        if (method === 'delete' && path === '/devices/{id}') id = await emptyFailedDevice(ids[EXAMPLE_IDS.node]!);
        const first = await s.request(method.toUpperCase(), path.replace('{id}', id), body);
        const final = first.status === 202 ? await s.follow(first) : first;
        results.push({ route: `${method.toUpperCase()} ${path}`, status: final.status, text: final.text.trim() });
        // The node the example adds carries the device the DELETE example removes.
        if (path === '/nodes' && final.status === 303) ids[EXAMPLE_IDS.node] = final.headers.get('location')!.split('/').pop()!;
      }
    }
    expect(results.filter((r) => r.status >= 400)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(19);
  });

  /** The device the POST /devices example added, taken offline and failed so it may be deleted. */
  async function emptyFailedDevice(nodeId: string): Promise<string> {
    const node = (await s.request('GET', `/nodes/${nodeId}`)).json();
    const device = node.devices.find((d: { name: string }) => d.name === exampleBody('DeviceAddRequest').name);
    for (const state of ['offline', 'failed']) {
      expect((await s.follow(await s.request('POST', `/devices/${device.id}/state`, { state }))).status).toBe(204);
    }
    return device.id as string;
  }
});
