import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedDefaultConfig } from '../../src/config/load-config.js';
import type { AppConfig } from '../../src/config/types.js';
import { signToken } from '../../src/api/auth/token.js';
import { startServer, type RunningServer } from '../../src/server.js';

export const ADMIN_KEY = 'test-admin-key';
export const USER_KEY = 'test-user-key';

export type ConfigPatch = (config: AppConfig) => void;

/** A test configuration: a fresh SQLite file in a temp dir, mock executor, auth on, port 0. */
export function testConfig(dir: string, patch?: ConfigPatch): AppConfig {
  const config = structuredClone(embeddedDefaultConfig());
  config.port = 0;
  config.host = '127.0.0.1';
  config.topologyFile = '';
  config.auth = { enabled: true, adminKey: ADMIN_KEY, userKey: USER_KEY, iatLeewaySeconds: 120 };
  config.glusterfs.db = join(dir, 'heketi.db');
  config.glusterfs.executor = 'mock';
  config.glusterfs.mockexec.stateFile = join(dir, 'mock-state.json');
  patch?.(config);
  return config;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json<T = any>(): T;
}

/** A heketi-ts server on a real port with a real SQLite file, plus a small signed-request client. */
export class TestServer {
  private constructor(
    readonly server: RunningServer,
    readonly dir: string,
    readonly config: AppConfig,
  ) {}

  /** `logStream`: the server logs there (JSON lines) instead of not at all. */
  static async start(patch?: ConfigPatch, dir?: string, logStream?: NodeJS.WritableStream): Promise<TestServer> {
    const d = dir ?? mkdtempSync(join(tmpdir(), 'heketi-ts-test-'));
    const config = testConfig(d, patch);
    return new TestServer(await startServer(config, [], logStream ? { logStream } : { logger: false }), d, config);
  }

  get url(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  token(method: string, path: string, issuer: 'admin' | 'user' = 'admin'): string {
    return signToken({ issuer, key: issuer === 'admin' ? ADMIN_KEY : USER_KEY, method, path });
  }

  /** Sends a request signed as admin (unless headers.authorization is given), redirects off. */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const auth: Record<string, string> =
      'authorization' in headers ? {} : { authorization: `bearer ${this.token(method, path.split('?')[0]!)}` };
    const res = await fetch(this.url + path, {
      method,
      headers: { ...auth, ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }

  /** Polls a 202's queue location until it finishes; returns the final reply (303/204/500). */
  async follow(accepted: Reply): Promise<Reply> {
    if (accepted.status !== 202) throw new Error(`expected 202, got ${accepted.status}: ${accepted.text}`);
    const location = accepted.headers.get('location')!;
    for (;;) {
      const r = await this.request('GET', location);
      if (!(r.status === 200 && r.headers.get('x-pending') === 'true')) return r;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Starts a request and follows it; returns the resource JSON for 303, or the final reply. */
  async run(method: string, path: string, body?: unknown): Promise<Reply> {
    const done = await this.follow(await this.request(method, path, body));
    if (done.status === 303) return this.request('GET', done.headers.get('location')!);
    return done;
  }

  /** Stops the server; with graceMs 0 running jobs are abandoned, as in a crash. */
  async stop(graceMs?: number): Promise<void> {
    await this.server.close(graceMs);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
