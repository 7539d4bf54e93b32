/**
 * `npm run conformance:record`: records the conformance corpus from a real Heketi given by path.
 *
 *   HEKETI_BIN=/path/heketi COMPAT_BIN=/path/compat HEKETI_CLI_BIN=/path/heketi-cli \
 *   HEKETI_SRC=/path/heketi-source npm run conformance:record [scenario...]
 *
 * Each scenario gets a fresh Heketi (mock executor, auth on, a db in a temp dir) behind a
 * recording proxy; its client (Heketi's Go client through the compat program, heketi-cli, Heketi's
 * Python client tests, or plain HTTP) talks to the proxy. The exchanges are normalised
 * (lib/normalise.ts) and written to corpus/<scenario>.json. Nothing of Heketi is stored but its
 * answers. Run through record.sh, which builds the compat program from HEKETI_SRC and moves into a
 * loopback-only network namespace (Heketi listens on every interface; the Python tests want :8080).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientOrder } from './lib/client-order.js';
import { canonicalConcurrentCreates } from './lib/concurrent-creates.js';
import type { Exchange, Scenario, ServerSetup } from './lib/corpus.js';
import { corpusDir } from './lib/corpus.js';
import { type Keys, normaliseRequest, normaliseResponse, pollState } from './lib/exchange.js';
import { Labeller } from './lib/normalise.js';
import { type Captured, RecordingProxy } from './lib/proxy.js';
import { ProbeClient, runContract } from './scenarios/contract.js';
import { serialiseScenario } from './lib/serialise.js';

const root = new URL('../../', import.meta.url).pathname;
const HEKETI_LABEL = process.env.HEKETI_VERSION_LABEL ?? 'heketi e08cc22d31ea (v10.4.x, the archived head), mock executor';

interface Env {
  heketiBin: string;
  compatBin?: string;
  cliBin?: string;
  src?: string;
}

interface ScenarioDef {
  name: string;
  description: string;
  server: ServerSetup;
  /** The proxy's port; 0 for any (Heketi's Python tests call http://localhost:8080). */
  proxyPort?: number;
  needs: (keyof Env)[];
  /** Its clients create volumes concurrently: stored in canonical order (lib/concurrent-creates.ts). */
  concurrentCreates?: boolean;
  run(url: string, env: Env, setup: ServerSetup): Promise<void>;
}

const COMPAT_KEYS = { adminKey: 'compat-admin-secret', userKey: 'compat-user-secret' };

function compatScenario(name: string, sub: string, description: string, extra: (env: Env) => string[], server: Partial<ServerSetup> = {}): ScenarioDef {
  return {
    name,
    description,
    server: { maxInflightOperations: 8, loglevel: 'info', ...COMPAT_KEYS, ...server },
    needs: ['compatBin'],
    run: (url, env, setup) =>
      exec(env.compatBin!, ['-url', url, '-user', 'admin', '-key', setup.adminKey, '-label', 'heketi', ...extra(env), sub], {
        env: { ...process.env, COMPAT_HOST_PREFIX: '42' },
      }),
  };
}

const SCENARIOS: ScenarioDef[] = [
  {
    name: 'contract',
    description: 'plain HTTP: validation texts of every request type (nested fields too), 401/404 texts, the queue protocol, read-once queue, No space',
    server: { maxInflightOperations: 8, loglevel: 'info', adminKey: 'contract-admin', userKey: 'contract-user' },
    needs: [],
    run: (url, _env, setup) => runContract(new ProbeClient(url, { admin: setup.adminKey, user: setup.userKey })),
  },
  compatScenario('go-client', 'client', "Heketi's Go client (client/api/go-client), as its own client_test.go uses it", () => []),
  compatScenario('provisioner', 'provisioner', 'the in-tree Kubernetes provisioner, call by call, through the Go client', () => []),
  {
    ...compatScenario(
      'throttle',
      'throttle',
      'four concurrent volume creates with max_inflight_operations 1: the 429 path',
      // At least one 429, or the recording fails: the stored form keeps one (lib/concurrent-creates.ts).
      () => ['-concurrency', '4', '-expect-throttle'],
      // heketi-ts's mock holds each create for 1.5 s so that, replayed in order, an operation is still
      // in flight wherever Heketi answered 429 (the replayer waits for a free slot before each 202).
      { maxInflightOperations: 1, heketiTsMockFaults: 'volumeCreate=delay:1500' },
    ),
    concurrentCreates: true,
  },
  {
    ...compatScenario('heketi-cli', 'cli', "heketi-cli's commands, text and --json", (env) => [
      '-heketi-cli',
      env.cliBin!,
      '-topology',
      join(root, 'topology.example.json'),
    ]),
    needs: ['compatBin', 'cliBin'],
  },
  {
    name: 'python-client',
    description: "Heketi's Python client tests (client/api/python/test/unit/test_client.py)",
    server: { maxInflightOperations: 8, loglevel: 'info', adminKey: 'My Secret', userKey: 'My Secret' },
    proxyPort: 8080,
    needs: ['src'],
    run: (_url, env) => runPythonTests(env.src!),
  },
];

function exec(bin: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(' ')}: exit ${code}`))));
  });
}

/**
 * Heketi's Python client pins PyJWT < 2 (encode returned bytes). The Debian python3-jwt is 2.x,
 * so a sitecustomize in a temp dir gives `jwt.encode` PyJWT 1's return type; nothing else changes.
 */
async function runPythonTests(src: string): Promise<void> {
  const shim = mkdtempSync(join(tmpdir(), 'conformance-py-'));
  writeFileSync(
    join(shim, 'sitecustomize.py'),
    [
      'import jwt',
      '_encode = jwt.encode',
      'def _encode_bytes(*args, **kwargs):',
      '    token = _encode(*args, **kwargs)',
      '    return token.encode("ascii") if isinstance(token, str) else token',
      'jwt.encode = _encode_bytes',
      '',
    ].join('\n'),
  );
  const python = join(src, 'client/api/python');
  try {
    await exec(process.env.PYTHON ?? '/usr/bin/python3', ['-m', 'unittest', '-v', 'test_client'], {
      cwd: join(python, 'test/unit'),
      env: { ...process.env, PYTHONPATH: `${shim}:${python}` },
    });
  } finally {
    rmSync(shim, { recursive: true, force: true });
  }
}

async function startHeketi(bin: string, dir: string, port: number, setup: ServerSetup): Promise<ChildProcess> {
  const config = join(dir, 'heketi.json');
  writeFileSync(
    config,
    JSON.stringify({
      port: String(port),
      jwt: { admin: { key: setup.adminKey }, user: { key: setup.userKey } },
      glusterfs: {
        executor: 'mock',
        db: join(dir, 'heketi.db'),
        loglevel: setup.loglevel,
        max_inflight_operations: setup.maxInflightOperations,
        disable_background_cleaner: true,
      },
    }),
  );
  // Heketi logs every request at info; its output is not part of the corpus.
  const child = spawn(bin, [`--config=${config}`], { stdio: 'ignore' });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/hello`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`heketi did not start on :${port}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function record(def: ScenarioDef, env: Env, port: number): Promise<Scenario> {
  const dir = mkdtempSync(join(tmpdir(), `conformance-${def.name}-`));
  const heketi = await startHeketi(env.heketiBin, dir, port, def.server);
  const order = new ClientOrder();
  const proxy = await RecordingProxy.start(def.proxyPort ?? 0, { host: '127.0.0.1', port }, order);
  try {
    await def.run(proxy.url, env, def.server);
  } finally {
    await proxy.close();
    await stopProcess(heketi);
    rmSync(dir, { recursive: true, force: true });
  }
  const keys = { admin: def.server.adminKey, user: def.server.userKey };
  const captured = def.concurrentCreates ? canonicalConcurrentCreates(proxy.exchanges(), (id) => order.rank(id)) : proxy.exchanges();
  return {
    scenario: def.name,
    description: def.description,
    heketi: HEKETI_LABEL,
    server: def.server,
    exchanges: normaliseCapture(canonicalReadOrder(captured, keys), keys),
  };
}

/** Labels and normalises a captured stream (see lib/normalise.ts). */
function normaliseCapture(captured: Captured[], keys: Keys): Exchange[] {
  const l = new Labeller();
  const exchanges: Exchange[] = [];
  for (const c of captured) {
    const request = normaliseRequest(c.request, keys, l);
    const { response, unsortedIdLists } = normaliseResponse(c.response, l);
    const poll = pollState(request, response);
    // How many times a job answered "still running" is timing, not contract (Heketi itself
    // differs from run to run): those polls are not stored; the poll that ends the job is.
    if (poll === 'pending') continue;
    exchanges.push({
      n: exchanges.length + 1,
      request,
      response,
      ...(poll ? { poll } : {}),
      ...(unsortedIdLists.length > 0 ? { unsortedIdLists } : {}),
    });
  }
  return exchanges;
}

/**
 * Clients walk Heketi's id-sorted lists (a cluster's nodes, a node's devices), so the order of a
 * run of reads follows Heketi's random ids. Within each run of consecutive GETs (not /queue, whose
 * reads change Heketi's state) the reads are put in the order of the labels in their paths; an id
 * a read uses was labelled before that read's own path, so no read moves before where its id is
 * learnt.
 */
function canonicalReadOrder(captured: Captured[], keys: Keys): Captured[] {
  const l = new Labeller();
  const key = captured.map((c) => normaliseRequest(c.request, keys, l).path);
  captured.forEach((c) => normaliseResponse(c.response, l));
  const isRead = (c: Captured) => c.request.method === 'GET' && !c.request.path.startsWith('/queue/');
  const out: Captured[] = [];
  for (let i = 0; i < captured.length; ) {
    let j = i;
    while (j < captured.length && isRead(captured[j]!)) j++;
    if (j === i) {
      out.push(captured[i++]!);
      continue;
    }
    const run = captured.slice(i, j).map((c, k) => ({ c, k: labelKey(key[i + k]!), at: k }));
    run.sort((a, b) => compareKeys(a.k, b.k) || a.at - b.at);
    out.push(...run.map((r) => r.c));
    i = j;
  }
  return out;
}

const labelKey = (path: string): number[] => [...path.matchAll(/<id:(\d+)>/g)].map((m) => Number(m[1]));

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}


async function main(): Promise<void> {
  const env: Env = {
    heketiBin: process.env.HEKETI_BIN ?? '',
    compatBin: process.env.COMPAT_BIN || undefined,
    cliBin: process.env.HEKETI_CLI_BIN || undefined,
    src: process.env.HEKETI_SRC || undefined,
  };
  if (!env.heketiBin) {
    console.error('conformance:record: set HEKETI_BIN to a Heketi server binary (built by hand from Heketi\'s source)');
    process.exit(2);
  }
  const wanted = process.argv.slice(2);
  const defs = SCENARIOS.filter((d) => wanted.length === 0 || wanted.includes(d.name));
  let port = 18580;
  for (const def of defs) {
    const missing = def.needs.filter((k) => !env[k]);
    if (missing.length > 0) {
      console.error(`conformance:record: ${def.name}: SKIPPED: needs ${missing.map(envName).join(', ')}`);
      continue;
    }
    const t0 = Date.now();
    const scenario = await record(def, env, port++);
    writeFileSync(join(corpusDir, `${def.name}.json`), serialiseScenario(scenario));
    console.log(`conformance:record: ${def.name}: ${scenario.exchanges.length} exchanges in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

function envName(k: keyof Env): string {
  return { heketiBin: 'HEKETI_BIN', compatBin: 'COMPAT_BIN (or HEKETI_SRC to build it)', cliBin: 'HEKETI_CLI_BIN', src: 'HEKETI_SRC' }[k];
}

await main();
