import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { ensureBuilt } from '../../helpers/crash-server.js';
import type { Testbed } from './testbed.js';

export const ADMIN_KEY = 'e2e admin secret';

/** A port nothing listens on now (the kernel's pick), for a server the test starts. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** heketi-ts running as a child process with the ssh executor pointed at the test bed. */
export interface HeketiProcess {
  api: ApiClient;
  /** The directory of its config and database. */
  dir: string;
  /** Resolves with the exit signal once the process is gone (a crash test's SIGKILL). */
  exited(): Promise<string | null>;
  output: () => string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash: nothing is drained or closed. */
  kill(): Promise<void>;
}

/** Settings a test may change from the defaults (Heketi's names, under glusterfs). */
export interface HeketiOptions {
  /** Heketi's max_inflight_operations (8): more concurrent operations are refused with 429. */
  maxInflightOperations?: number;
  /** Replaces the ssh executor settings (executor, sshexec), e.g. with a kubernetes executor's. */
  executor?: Record<string, unknown>;
  /** The port to listen on (a restart keeps its clients' address); a free one when absent. */
  port?: number;
  /** Where the config and database live: pass the dir of an earlier run to restart on its database. */
  dir?: string;
  /** Added to the child's environment, e.g. HEKETI_TS_CRASH_AT for a crash test. */
  env?: Record<string, string>;
  /** glusterfs.db (default: heketi.db in a new temporary directory). */
  db?: string;
  /**
   * glusterfs.recovery_settle_seconds (10): how long start-up recovery waits for a killed server's
   * commands to reach the nodes. A test that kills the server at a phase boundary, where no
   * command is on its way, may set 0; the wait itself is what recovery-inflight tests.
   */
  recoverySettleSeconds?: number;
  /** How long to wait for /hello: start-up includes recovering interrupted operations (30 s). */
  readyTimeoutMs?: number;
  /**
   * Run the compiled dist/main.js (rebuilt when a source is newer) instead of src/ through tsx:
   * a start then costs half the time, which counts in tests that restart the server many times.
   */
  dist?: boolean;
}

export const startHeketi = async (tb: Testbed, options: HeketiOptions = {}): Promise<HeketiProcess> => {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'heketi-ts-e2e-'));
  const port = options.port ?? (await freePort());
  const config = {
    port: String(port),
    jwt: { admin: { key: ADMIN_KEY }, user: { key: 'e2e user secret' } },
    glusterfs: {
      db: options.db ?? join(dir, 'heketi.db'),
      loglevel: 'info',
      ...(options.executor ?? {
        executor: 'ssh',
        sshexec: { keyfile: tb.sshKey, user: 'root', port: '22', fstab: '/etc/fstab', lvm_wrapper: tb.lvmWrapper },
      }),
      ...(options.maxInflightOperations === undefined ? {} : { max_inflight_operations: options.maxInflightOperations }),
      ...(options.recoverySettleSeconds === undefined ? {} : { recovery_settle_seconds: options.recoverySettleSeconds }),
    },
  };
  writeFileSync(join(dir, 'heketi.json'), JSON.stringify(config, null, 2));
  if (options.dist) ensureBuilt();
  const main = options.dist ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, [...main, 'serve', `--config=${join(dir, 'heketi.json')}`], {
    env: { ...process.env, SSH_KNOWN_HOSTS: tb.knownHosts, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const api = new ApiClient(`http://127.0.0.1:${port}`, ADMIN_KEY);
  // A server that never became ready must not outlive the test and keep working on the bed.
  await waitForHello(api, child, () => output, options.readyTimeoutMs ?? 30_000).catch(async (e: unknown) => {
    await kill(child);
    throw e;
  });
  return { api, dir, output: () => output, stop: () => stopProcess(child), kill: () => kill(child), exited: () => exited(child) };
};

const waitForHello = async (api: ApiClient, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> => {
  for (let i = 0; i < timeoutMs / 100; i++) {
    if (child.exitCode !== null) throw new Error(`heketi-ts exited with ${child.exitCode}:\n${output()}`);
    const ok = await fetch(`${api.base}/hello`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`heketi-ts did not answer /hello:\n${output()}`);
};

const kill = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
};

const exited = (child: ChildProcess): Promise<string | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.signalCode)
    : new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));

/** Ends a server the test started: SIGTERM, SIGKILL after 20 s; resolves once it has exited. */
export const stopProcess = async (child: ChildProcess): Promise<void> => {
  // A process already gone (by exit code or by signal) will send no second 'exit'.
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
};

/** Thrown for an unexpected HTTP status; carries the status and the plain-text body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status}: ${body.trim()}`);
  }
}

/** A small Heketi client: JWT (HS256, iss admin, qsh) on every request, 202 → /queue polling. */
export class ApiClient {
  /** How long to wait between two polls of a pending operation's queue entry. */
  pollIntervalMs = 200;

  constructor(
    readonly base: string,
    private readonly key: string,
  ) {}

  private token(method: string, path: string): string {
    const qsh = createHash('sha256').update(`${method}&${path.split('?')[0]}`).digest('hex');
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign({ iss: 'admin', iat: now, exp: now + 600, qsh }, this.key, { algorithm: 'HS256' });
  }

  async raw(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        Authorization: `bearer ${this.token(method, path)}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async json<T>(method: string, path: string, body?: unknown, expect = [200, 201]): Promise<T> {
    const response = await this.raw(method, path, body);
    const text = await response.text();
    if (!expect.includes(response.status)) throw new ApiError(response.status, text, `${method} ${path}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Runs an asynchronous request: 202 + Location, then polls the queue until 303 (result) or 204. */
  async async<T>(method: string, path: string, body?: unknown): Promise<T | undefined> {
    let response = await this.raw(method, path, body);
    // 429: the server's in-flight limit; wait as told and try again, as Heketi's Go client does.
    while (response.status === 429) {
      await response.arrayBuffer();
      await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? '1') * 1000));
      response = await this.raw(method, path, body);
    }
    if (response.status !== 202) throw new ApiError(response.status, await response.text(), `${method} ${path}`);
    const queue = response.headers.get('location') ?? '';
    for (;;) {
      const poll = await this.raw('GET', queue);
      if (poll.status === 200 && poll.headers.get('x-pending') === 'true') {
        await poll.arrayBuffer();
        await new Promise((r) => setTimeout(r, this.pollIntervalMs));
        continue;
      }
      if (poll.status === 303) return this.json<T>('GET', poll.headers.get('location') ?? '');
      if (poll.status === 204) return undefined;
      throw new ApiError(poll.status, await poll.text(), `${method} ${path} (queue ${queue})`);
    }
  }
}
