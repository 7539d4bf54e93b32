import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbSnapshot } from '../helpers/db-snapshot.js';
import { TestServer } from '../helpers/server.js';

describe('clusters', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await TestServer.start();
  });
  afterAll(async () => s.dispose());

  it('creates a cluster with flags defaulting to false (201, ClusterInfo)', async () => {
    const r = await s.request('POST', '/clusters', '{}');
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const info = r.json();
    expect(info.id).toMatch(/^[a-f0-9]{32}$/);
    expect(r.text).toBe(
      `{"id":"${info.id}","nodes":[],"volumes":[],"block":false,"file":false,"blockvolumes":[]}\n`,
    );
  });

  it('matches body keys case-insensitively and ignores unknown keys', async () => {
    const r = await s.request('POST', '/clusters', '{"FILE":true,"Block":true,"extra":1}');
    expect(r.status).toBe(201);
    expect(r.json()).toMatchObject({ file: true, block: true });
  });

  it('lists clusters in id order, reads one, sets flags, deletes', async () => {
    const a = (await s.request('POST', '/clusters', { file: true })).json().id as string;
    const list = (await s.request('GET', '/clusters')).json().clusters as string[];
    expect(list).toEqual([...list].sort());
    expect(list).toContain(a);

    const flags = await s.request('POST', `/clusters/${a}/flags`, { block: true });
    expect(flags.status).toBe(200);
    expect(flags.text).toBe('');
    expect(flags.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect((await s.request('GET', `/clusters/${a}`)).json()).toMatchObject({ block: true, file: false });

    const del = await s.request('DELETE', `/clusters/${a}`);
    expect(del.status).toBe(200);
    expect(del.text).toBe('');
    expect((await s.request('GET', `/clusters/${a}`)).status).toBe(404);
  });

  it('refuses to delete a cluster with nodes (409)', async () => {
    const c = (await s.request('POST', '/clusters', {})).json().id as string;
    await s.run('POST', '/nodes', { zone: 1, cluster: c, hostnames: { manage: ['10.9.0.1'], storage: ['10.9.0.1'] } });
    const r = await s.request('DELETE', `/clusters/${c}`);
    expect(r.status).toBe(409);
    expect(r.text).toBe(`Unable to delete cluster [${c}] because it contains volumes and/or nodes\n`);
  });

  const bad: [string, string, string, unknown, number, string][] = [
    ['an empty body', 'POST', '/clusters', '', 422, 'request unable to be parsed: unexpected end of JSON input at offset 0\n'],
    ['malformed JSON', 'POST', '/clusters', '{', 422, 'request unable to be parsed: unexpected end of JSON input at offset 1\n'],
    [
      'a wrong type',
      'POST',
      '/clusters',
      '{"file":"yes"}',
      422,
      'request unable to be parsed: json: cannot unmarshal string into Go struct field ClusterCreateRequest.file of type bool\n',
    ],
    [
      'a duplicate key whose first value has the wrong type',
      'POST',
      '/clusters',
      '{"block":1,"block":true}',
      422,
      'request unable to be parsed: json: cannot unmarshal number into Go struct field ClusterCreateRequest.block of type bool\n',
    ],
    ['an unknown id', 'GET', '/clusters/0123456789abcdef0123456789abcdef', undefined, 404, 'Id not found\n'],
    ['a non-hex id', 'GET', '/clusters/xyz', undefined, 404, 'Invalid path or request\n'],
    ['a wrong method', 'PUT', '/clusters', '{}', 405, ''],
    ['HEAD', 'HEAD', '/clusters', undefined, 405, ''],
  ];

  it.each(bad)('rejects %s and changes nothing', async (_name, method, path, body, status, text) => {
    const before = dbSnapshot(s.config.glusterfs.db);
    const r = await s.request(method, path, body);
    expect(r.status).toBe(status);
    expect(r.text).toBe(text);
    expect(dbSnapshot(s.config.glusterfs.db)).toBe(before);
  });

  it('redirects a trailing slash with 301', async () => {
    const r = await s.request('GET', '/clusters/');
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/clusters');
  });
});
