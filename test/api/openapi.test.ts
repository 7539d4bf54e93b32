import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument, packageVersion } from '../../src/api/openapi.js';
import { TestServer } from '../helpers/server.js';

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
