/**
 * What production runs is dist/main.js as scripts/build.mjs bundles it (npm start, the Dockerfile's
 * CMD): one entry and chunks loaded on demand, some packages left to node_modules, and files read
 * from the project root (package.json, migrations/) by code that no longer sits where tsc put it.
 * These checks run the bundle itself; the API tests run src/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, must, ServerProcess } from '../helpers/crash-server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the bundled program (dist/main.js)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-bundle-'));
  let server: ServerProcess;

  beforeAll(async () => {
    ensureBuilt();
    server = await ServerProcess.start(dir);
  }, 120_000);

  afterAll(async () => {
    await server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the version from package.json', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'dist/main.js'), '--version'], { cwd: tmpdir(), encoding: 'utf8' });
    expect(out.trim()).toBe(`heketi-ts ${version}`);
  });

  it('serves from a database its migrations made, and writes to it', async () => {
    const created = await must(server.request('POST', '/clusters', { file: true, block: true }), 'cluster create');
    expect(created.status).toBe(201);
    const id = (JSON.parse(created.text) as { id: string }).id;
    const list = await must(server.request('GET', '/clusters'), 'cluster list');
    expect(JSON.parse(list.text)).toEqual({ clusters: [id] });
  });

  it('loads what it imports on demand: the OpenAPI document and Swagger UI from node_modules', async () => {
    const doc = await must(server.request('GET', '/openapi.json'), 'openapi');
    expect(doc.status).toBe(200);
    expect((JSON.parse(doc.text) as { info: { version: string } }).info.version).toBe(version);
    const ui = await must(server.request('GET', '/swagger/'), 'swagger ui');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
