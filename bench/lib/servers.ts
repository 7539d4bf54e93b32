/**
 * Starts and stops the servers under test as child processes (heketi-ts, the real Heketi, a bare
 * Fastify), each on a free 127.0.0.1 port with its own config and db in the run's directory.
 * Processes are remembered by PID and ended by PID only.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sleep } from './http.js';

export type ServerKind = 'heketi-ts' | 'heketi' | 'fastify-hello' | 'heketi-ts-profiled';

/** A running server. */
export interface BenchServer {
  kind: ServerKind;
  url: string;
  pid: number;
  /** Resident set size now, in MiB (from /proc). */
  rssMib(): number;
  /** CPU time the server has used so far, user + system over all its threads, in ms (from /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Where things are: the repository root, Heketi's binary, and this run's scratch directory. */
export interface ServerPaths {
  root: string;
  /** null when no Heketi binary was given: heketi-ts runs alone. */
  heketiBin: string | null;
  workDir: string;
}

export const ADMIN_KEY = 'bench-admin-secret';
export const USER_KEY = 'bench-user-secret';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A heketi.json both servers accept (heketi-ts also reads `host`; Heketi ignores it). */
function writeConfig(file: string, port: number, db: string, maxInflight: number, extra: Record<string, unknown> = {}): void {
  const config = {
    ...extra,
    port: String(port),
    host: '127.0.0.1',
    jwt: { admin: { key: ADMIN_KEY }, user: { key: USER_KEY } },
    glusterfs: {
      executor: 'mock',
      db,
      loglevel: 'warning',
      max_inflight_operations: maxInflight,
      // Unlimited: P1's rounds create thousands of volumes in one cluster (the default limit is 1000).
      max_volumes_per_cluster: -1,
      disable_background_cleaner: true,
    },
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
}

/** utime + stime of a process, all threads, in ms (/proc/PID/stat fields 14 and 15, in clock ticks). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export function rssMibOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  return kib === undefined ? NaN : Number(kib) / 1024;
}

async function waitForHello(url: string, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/hello`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  let tail = '';
  try {
    tail = readFileSync(log, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    // no log written
  }
  throw new Error(`server at ${url} did not start; its log:\n${tail}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function heketiBin(paths: ServerPaths): string {
  if (paths.heketiBin === null) throw new Error('Heketi is not available in this run');
  return paths.heketiBin;
}

function command(kind: ServerKind, paths: ServerPaths, config: string, port: number): [string, string[]] {
  switch (kind) {
    case 'heketi':
      return [heketiBin(paths), [`--config=${config}`]];
    case 'heketi-ts':
      return [process.execPath, ['dist/main.js', 'serve', `--config=${config}`]];
    case 'heketi-ts-profiled':
      return [process.execPath, ['--import', 'tsx', 'bench/serve-profiled.ts', 'serve', `--config=${config}`]];
    case 'fastify-hello':
      return [process.execPath, ['--import', 'tsx', 'bench/hello-server.ts', String(port)]];
  }
}

/**
 * How heketi-ts runs in production: compiled (`node dist/main.js`, as the Dockerfile's CMD) with
 * these V8 flags (the Dockerfile's NODE_OPTIONS). A 2 MiB young generation instead of V8's default (up to 16 MiB per semi-space,
 * 32 MiB resident once the server is busy): request garbage is short-lived, so the smaller
 * nursery costs little CPU and saves most of the server's RSS growth under load
 * (docs/benchmarks.md). A bench test keeps this list and the Dockerfile's CMD the same.
 */
export const HEKETI_TS_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/**
 * Compiles heketi-ts into dist/ (what `npm run build` does), so the bench measures the program as
 * it is deployed rather than TypeScript compiled on the fly by tsx, whose loader thread alone
 * holds ~45 MiB.
 */
export function buildHeketiTs(root: string): void {
  const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`scripts/build.mjs failed:\n${result.stdout}${result.stderr}`);
}

const running = new Set<ChildProcess>();

const filesOf = (paths: ServerPaths, name: string) => ({
  config: join(paths.workDir, `${name}.json`),
  log: join(paths.workDir, `${name}.log`),
  db: join(paths.workDir, `${name}.db`),
});

/**
 * Loads a `heketi db export` JSON into the (new) database that `startServer(kind, name)` will use,
 * with the server's own offline import: `heketi db import` or `heketi-ts db import`.
 */
export function importDatabase(kind: 'heketi-ts' | 'heketi', name: string, paths: ServerPaths, exportFile: string): void {
  const files = filesOf(paths, name);
  writeConfig(files.config, 0, files.db, 8);
  const [bin, args] =
    kind === 'heketi'
      ? [heketiBin(paths), ['db', 'import', `--jsonfile=${exportFile}`, `--dbfile=${files.db}`]]
      : [process.execPath, ['dist/main.js', 'db', 'import', '--heketi-export', exportFile, `--config=${files.config}`]];
  const result = spawnSync(bin, args, { cwd: paths.root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${kind} db import failed: ${result.stderr || result.stdout}`);
}

/**
 * Spawns a process the bench ends by PID (stopAllServers), on the given cores when `cpus` names
 * some: `taskset` execs the program, so the PID is the program's.
 */
export function spawnTracked(bin: string, args: readonly string[], cpus: string | null, options: SpawnOptions): ChildProcess {
  const child = cpus === null ? spawn(bin, args, options) : spawn('taskset', ['-c', cpus, bin, ...args], options);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Ends one process spawnTracked started: SIGTERM, SIGKILL after 10 s. */
export const stopTracked = (child: ChildProcess): Promise<void> => stopChild(child);

/** Starts one server; `name` names its config, db and log files in the work directory. */
export async function startServer(
  kind: ServerKind,
  name: string,
  paths: ServerPaths,
  opts: {
    maxInflight?: number;
    env?: Record<string, string>;
    nodeArgs?: string[];
    cpus?: string | null;
    /** Top-level heketi.json keys added to the bench's own (e.g. heketi-ts's response_cache_mb). */
    config?: Record<string, unknown>;
  } = {},
): Promise<BenchServer> {
  const port = await freePort();
  const { config, log, db } = filesOf(paths, name);
  writeConfig(config, port, db, opts.maxInflight ?? 8, opts.config);
  const profiled = kind === 'heketi-ts' && (opts.nodeArgs ?? []).some((a) => a.startsWith('--cpu-prof'));
  const [bin, args] = command(profiled ? 'heketi-ts-profiled' : kind, paths, config, port);
  const nodeFlags = kind === 'heketi-ts' ? [...HEKETI_TS_NODE_FLAGS, ...(opts.nodeArgs ?? [])] : (opts.nodeArgs ?? []);
  const fullArgs = kind === 'heketi' ? args : [...nodeFlags, ...args];
  const out = openSync(log, 'a');
  const child = spawnTracked(bin, fullArgs, opts.cpus ?? null, { cwd: paths.root, env: { ...process.env, ...opts.env }, stdio: ['ignore', out, out] });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHello(url, child, log);
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return { kind, url, pid: child.pid!, rssMib: () => rssMibOf(child.pid!), cpuMs: () => cpuMsOf(child.pid!), stop: () => stopChild(child) };
}

/** Ends every server this process started (by its PID), e.g. when the bench fails half-way. */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child)));
}
