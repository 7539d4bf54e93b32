import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { resolveConfig, SAMPLE_ADMIN_KEY, SAMPLE_USER_KEY } from '../../src/config/load-config.js';
import { TestServer } from '../helpers/server.js';

// The Dockerfile's contract, checked where no Docker engine runs: what the final stage runs, as
// whom, with which default configuration, and a healthcheck that follows the configured port.
const root = join(import.meta.dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

/** The instructions of each stage: [keyword, rest of the line], continuation lines joined. */
const stages = (): Array<Array<[string, string]>> => {
  const all: Array<Array<[string, string]>> = [];
  for (const line of dockerfile.replace(/\\\n/g, ' ').split('\n')) {
    const match = /^([A-Z]+)\s+(.*)$/.exec(line.trim());
    if (!match) continue;
    if (match[1] === 'FROM') all.push([]);
    all.at(-1)?.push([match[1] ?? '', match[2] ?? '']);
  }
  return all;
};
const build = stages()[0] ?? [];
const final = stages().at(-1) ?? [];
const last = (stage: Array<[string, string]>, keyword: string): string => stage.filter(([k]) => k === keyword).at(-1)?.[1] ?? '';
const IMAGE_CONFIG = join(root, 'deploy', 'container', 'heketi.json');

const run = async (args: string[], env: Record<string, string> = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env, sleep: async () => undefined };
  const status = await runCli(['node', 'heketi-ts', ...args], io);
  return { status, stdout: out.join(''), stderr: err.join('') };
};

describe('Dockerfile', () => {
  it('runs as a numeric non-root user (Kubernetes runAsNonRoot can check it)', () => {
    expect(last(final, 'USER')).toMatch(/^[1-9]\d*(:\d+)?$/);
  });

  it('starts the server in exec form on /etc/heketi/heketi.json, and the healthcheck reads the same file', () => {
    expect(JSON.parse(last(final, 'CMD'))).toEqual(['node', 'dist/main.js', 'serve', '--config=/etc/heketi/heketi.json']);
    const healthcheck = last(final, 'HEALTHCHECK');
    const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    expect(command).toEqual(['node', 'dist/main.js', 'healthcheck', '--config=/etc/heketi/heketi.json']);
  });

  it("ships deploy/container/heketi.json as the default configuration, and builds the native module against the image's own Node", () => {
    expect(final.filter(([k]) => k === 'COPY').map(([, rest]) => rest)).toContain('deploy/container/heketi.json /etc/heketi/heketi.json');
    // Node of the node:* images is under /usr/local; .npmrc's nodedir=/usr is for Debian's nodejs.
    expect(build).toContainEqual(['ENV', 'npm_config_nodedir=/usr/local']);
    expect(readFileSync(join(root, '.npmrc'), 'utf8')).toMatch(/^nodedir=\/usr$/m);
    expect(last(build, 'RUN')).toMatch(/npm ci .*require\('better-sqlite3'\)/);
  });
});

describe("the image's default configuration", () => {
  it('refuses to start without keys: no mock executor, no sample keys', () => {
    const text = readFileSync(IMAGE_CONFIG, 'utf8');
    expect(text).not.toContain(SAMPLE_ADMIN_KEY);
    expect(text).not.toContain(SAMPLE_USER_KEY);
    expect(() => resolveConfig({ configFile: IMAGE_CONFIG, env: {} })).toThrow('Missing JWT information in config file');
  });

  it("runs the kubernetes executor on /var/lib/heketi once the deployment's keys are given", () => {
    const { config } = resolveConfig({ configFile: IMAGE_CONFIG, env: { HEKETI_ADMIN_KEY: 'a-real-key', HEKETI_USER_KEY: 'another-key' } });
    expect([config.glusterfs.executor, config.glusterfs.db, config.port]).toEqual(['kubernetes', '/var/lib/heketi/heketi.db', 8080]);
    expect(config.auth).toMatchObject({ enabled: true, adminKey: 'a-real-key', userKey: 'another-key' });
  });
});

describe('heketi-ts healthcheck (the HEALTHCHECK command)', () => {
  let server: TestServer;
  let configFile = '';

  beforeAll(async () => {
    server = await TestServer.start();
    const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-health-'));
    configFile = join(dir, 'heketi.json');
    const keys = { jwt: { admin: { key: 'k1' }, user: { key: 'k2' } } };
    writeFileSync(configFile, JSON.stringify({ ...keys, port: String(server.server.port), glusterfs: { executor: 'mock' } }));
  });
  afterAll(async () => {
    await server.server.close();
  });

  it("asks /healthz on the configuration's port, and HEKETI_HTTP_PORT moves it as it moves the server", async () => {
    expect(await run(['healthcheck', `--config=${configFile}`])).toEqual({ status: 0, stdout: '', stderr: '' });
    const moved = await run(['healthcheck', `--config=${configFile}`], { HEKETI_HTTP_PORT: '9' });
    expect(moved.status).toBe(255);
    expect(moved.stderr).toMatch(/^Error: http:\/\/127\.0\.0\.1:9\/healthz: /);
  });
});
