/**
 * The chaos tier's server: the real `heketi-ts serve` process (node + tsx, mock executor keeping
 * its state in a file, a real SQLite file, auth on) on a loopback port, restartable after SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { signToken } from '../../src/api/auth/token.js';

export const ADMIN_KEY = 'chaos-admin-key';
export const USER_KEY = 'chaos-user-key';
const ROOT = join(import.meta.dirname, '..', '..');

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

export class ChaosServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** Set when the harness itself ends the process; any other exit is a crash. */
  private stopping = false;
  port = 0;
  /** Processes that exited without being killed by the harness (crashes). */
  crashes = 0;
  stderr = '';

  constructor(
    readonly dir: string,
    /** HEKETI_TS_MOCK_FAULTS for the process, e.g. `*=delay:20` so kills land mid-operation. */
    private readonly faults = '',
  ) {}

  get dbFile(): string {
    return join(this.dir, 'heketi.db');
  }

  get mockStateFile(): string {
    return join(this.dir, 'mock-state.json');
  }

  /** Starts the process and waits until it answers /hello (recovery runs before it listens). */
  async start(): Promise<number> {
    const began = Date.now();
    this.port = await freePort();
    const config = join(this.dir, 'heketi.json');
    writeFileSync(
      config,
      JSON.stringify({
        port: String(this.port),
        host: '127.0.0.1',
        jwt: { admin: { key: ADMIN_KEY }, user: { key: USER_KEY } },
        glusterfs: {
          executor: 'mock',
          db: this.dbFile,
          loglevel: 'warning',
          mockexec: { state_file: this.mockStateFile, device_size_gb: 500 },
        },
      }),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', `--config=${config}`], {
      cwd: ROOT,
      env: { ...process.env, HEKETI_TS_MOCK_FAULTS: this.faults, HEKETI_TS_CRASH_AT: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    this.stopping = false;
    child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-20_000)));
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        if (!this.stopping) this.crashes++;
        resolve();
      }),
    );
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited during start-up: ${this.stderr}`);
      try {
        if ((await fetch(`http://127.0.0.1:${this.port}/hello`)).ok) return Date.now() - began;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
  }

  /** SIGKILL, as a crash would; waits until the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    this.stopping = true;
    child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (drains running jobs), then waits. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    this.stopping = true;
    child.kill('SIGTERM');
    await this.exited;
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  token(method: string, path: string, issuer: 'admin' | 'user' = 'admin'): string {
    return signToken({ issuer, key: issuer === 'admin' ? ADMIN_KEY : USER_KEY, method, path: path.split('?')[0]! });
  }

  /** One request, signed as admin unless `authorization` is given ('' sends none). */
  async request(method: string, path: string, body?: string, authorization?: string): Promise<Reply> {
    const auth = authorization ?? `bearer ${this.token(method, path)}`;
    const res = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      headers: auth === '' ? {} : { authorization: auth },
      body,
      redirect: 'manual',
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** Polls a 202's queue location until the job ends. */
  async follow(accepted: Reply): Promise<Reply> {
    const location = accepted.headers.get('location')!;
    for (;;) {
      const r = await this.request('GET', location);
      if (!(r.status === 200 && r.headers.get('x-pending') === 'true')) return r;
      await sleep(10);
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
