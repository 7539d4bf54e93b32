import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST_MAIN = join(ROOT, 'dist', 'main.js');

/** The newest modification time of the server's sources (tests excluded). */
function newestSource(dir = join(ROOT, 'src')): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const distTime = () => {
  try {
    return statSync(DIST_MAIN).mtimeMs;
  } catch {
    return 0;
  }
};

let built = false;

/**
 * The crash tests restart the server many times; transpiling src/ with tsx at every start took
 * 11 s per start on the loaded 2-core CI machine, the compiled dist/ 5-6.5 s. So they run
 * dist/main.js, rebuilt here (`npm run build`) when any source is newer. A lock directory keeps
 * two test files from building at once. The crash test files call this while they are collected,
 * where no hook or test timeout applies: a build took 40-100 s on the loaded machine.
 */
export function ensureBuilt(): void {
  if (built) return;
  const lock = join(ROOT, 'dist.build-lock');
  for (;;) {
    if (distTime() >= newestSource()) break;
    try {
      mkdirSync(lock);
    } catch {
      execFileSync('sleep', ['1']);
      continue;
    }
    try {
      if (distTime() < newestSource()) execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    } finally {
      rmdirSync(lock);
    }
  }
  built = true;
}

/** Ports already handed out, so concurrent starts in this process never share one. */
const handedOut = new Set<number>();

/** A port nobody listens on right now and that no other start in this process was given. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await probePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function probePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface CrashReply {
  status: number;
  location: string | null;
  text: string;
}

/**
 * The real server process (`node dist/main.js serve`, built from the current sources) with the mock executor keeping
 * its state in `dir`, auth off. Env adds HEKETI_TS_CRASH_AT / HEKETI_TS_MOCK_FAULTS for one run.
 */
export class ServerProcess {
  private readonly exited: Promise<number | null>;
  /** What the process wrote to stderr so far (for failure messages). */
  stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal === 'SIGKILL' ? null : code)));
  }

  static writeConfig(dir: string, port: number): string {
    const file = join(dir, 'heketi.json');
    const config = {
      port,
      host: '127.0.0.1',
      glusterfs: { executor: 'mock', db: join(dir, 'heketi.db'), mockexec: { state_file: join(dir, 'mock-state.json') } },
    };
    writeFileSync(file, JSON.stringify(config));
    return file;
  }

  /** Starts the server and waits until it answers /hello (recovery runs before it listens). */
  static async start(dir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    const port = await freePort();
    const config = ServerProcess.writeConfig(dir, port);
    ensureBuilt();
    const child = spawn(process.execPath, [DIST_MAIN, 'serve', `--config=${config}`, '--disable-auth'], {
      cwd: ROOT,
      env: { ...process.env, HEKETI_TS_CRASH_AT: '', HEKETI_TS_MOCK_FAULTS: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const server = new ServerProcess(child, port);
    child.stderr!.on('data', (d: Buffer) => (server.stderr += d.toString()));
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited during start-up: ${server.stderr}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/hello`)).ok) return server;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends a request (redirects off); null when the process died before answering. */
  async request(method: string, path: string, body?: unknown): Promise<CrashReply | null> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.port}${path}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
      });
      return { status: res.status, location: res.headers.get('location'), text: await res.text() };
    } catch {
      return null;
    }
  }

  /** Polls a queue location until the job ends; null when the process dies first. */
  async poll(location: string): Promise<CrashReply | null> {
    for (;;) {
      const r = await this.request('GET', location);
      if (r === null || r.status !== 200) return r;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The server's process id. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves when the process has exited; null exit code means it was SIGKILLed. */
  waitForExit(): Promise<number | null> {
    return this.exited;
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Awaits a reply the test needs (the server is not meant to die here); no answer throws. */
export async function must(reply: Promise<CrashReply | null>, what: string): Promise<CrashReply> {
  const r = await reply;
  if (r === null) throw new Error(`${what}: no answer`);
  return r;
}

/**
 * Creates a cluster of `count` nodes, node i in zone i with host `<subnet>.<i>` and one device
 * /dev/sdb, each job polled to success.
 */
export async function seedNodes(server: ServerProcess, count: number, subnet: string): Promise<void> {
  const cluster = await must(server.request('POST', '/clusters', { file: true, block: true }), 'cluster');
  const clusterId = (JSON.parse(cluster.text) as { id: string }).id;
  for (let i = 1; i <= count; i++) {
    const host = `${subnet}.${i}`;
    const node = await must(server.request('POST', '/nodes', { zone: i, cluster: clusterId, hostnames: { manage: [host], storage: [host] } }), 'node');
    const nodeId = (await must(server.poll(node.location!), 'node job')).location!.split('/').pop()!;
    const device = await must(server.request('POST', '/devices', { name: '/dev/sdb', node: nodeId }), 'device');
    expect((await must(server.poll(device.location!), 'device job')).status).toBe(204);
  }
}
