import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';

describe('admin modes and log level', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await TestServer.start();
  });
  afterAll(async () => s.dispose());

  it('reports and changes the admin state', async () => {
    expect((await s.request('GET', '/admin')).text).toBe('{"state":"normal"}\n');
    expect((await s.request('POST', '/admin', { state: 'local-client' })).status).toBe(204);
    // The test client connects from 127.0.0.1, so local-client still lets it write.
    expect((await s.request('POST', '/clusters', {})).status).toBe(201);
    expect((await s.request('POST', '/admin', { state: 'read-only' })).status).toBe(204);
    const refused = await s.request('POST', '/clusters', {});
    expect(refused.status).toBe(503);
    expect(refused.text).toBe('Service disabled for maintenance\n');
    expect((await s.request('GET', '/clusters')).status).toBe(200);
    // Read-only refuses even POST /admin; only SIGUSR2 leads out.
    expect((await s.request('POST', '/admin', { state: 'normal' })).status).toBe(503);
    process.emit('SIGUSR2', 'SIGUSR2');
    expect((await s.request('GET', '/admin')).json()).toEqual({ state: 'normal' });
  });

  it('validates POST /admin with 400 texts', async () => {
    const bad = await s.request('POST', '/admin', { state: 'sleepy' });
    expect(bad.status).toBe(400);
    expect(bad.text).toBe('validation failed: state: must be a valid value.\n');
    const blank = await s.request('POST', '/admin', {});
    expect(blank.text).toBe('validation failed: state: cannot be blank.\n');
    const unparsable = await s.request('POST', '/admin', '{');
    expect(unparsable.status).toBe(400);
    expect(unparsable.text.startsWith('request unable to be parsed: ')).toBe(true);
  });

  it('reads and sets the glusterfs log level', async () => {
    expect((await s.request('GET', '/internal/logging')).json()).toEqual({ loglevel: { glusterfs: 'info' } });
    const set = await s.request('POST', '/internal/logging', { loglevel: { glusterfs: 'debug' } });
    expect(set.status).toBe(200);
    expect(set.json()).toEqual({ loglevel: { glusterfs: 'debug' } });
    const other = await s.request('POST', '/internal/logging', { loglevel: { api: 'debug' } });
    expect(other.status).toBe(422);
    expect(other.text).toBe('Only "glusterfs" logger may be modified\n');
    const level = await s.request('POST', '/internal/logging', { loglevel: { glusterfs: 'loud' } });
    expect(level.status).toBe(422);
    expect(level.text).toBe('invalid log level: loud\n');
  });
});
