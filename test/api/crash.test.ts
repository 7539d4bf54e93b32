import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistencyProblems } from '../helpers/crash-db.js';
import { ensureBuilt, must, seedNodes, ServerProcess } from '../helpers/crash-server.js';

// The server runs from dist/: build it now, outside every timeout, if the sources are newer.
ensureBuilt();

/**
 * Kills the real server process at every step of volume create, expand and delete (each phase
 * boundary and each executor call), restarts it, and checks that recovery leaves no pending
 * operation, every volume whole or gone (in the db and on the mock "nodes" alike), device space
 * equal to what the existing bricks use, and a definite answer for the interrupted queue job.
 */

/**
 * Time allowed per server start (plus the requests around it). Measured on the 2-core CI machine
 * at load average 39: a start of dist/main.js to its first /hello took 4.9-6.6 s (tsx: 11 s), and
 * a whole chain 75-128 s with the three chains running at once (up to 13 starts: delete has 6
 * cases, each needing a clean recovery start too), about 10 s per start. The budget is 3x that
 * for the other test files running alongside; a chain's timeout is 14 budgets. The test does
 * not assert on time: this only bounds a hang.
 */
const START_BUDGET_MS = 30_000;

interface CrashCase {
  name: string;
  env: Record<string, string>;
  request: (baseVolumeId: string) => [method: string, path: string, body?: unknown];
}

const create = (): [string, string, unknown] => ['POST', '/volumes', { size: 5, durability: { type: 'replicate', replicate: { replica: 3 } } }];
const expand = (id: string): [string, string, unknown] => ['POST', `/volumes/${id}/expand`, { expand_size: 5 }];
const remove = (id: string): [string, string] => ['DELETE', `/volumes/${id}`];
const at = (point: string) => ({ HEKETI_TS_CRASH_AT: point });
const faults = (spec: string) => ({ HEKETI_TS_MOCK_FAULTS: spec });

const CASES: CrashCase[] = [
  { name: 'create: during the rollback of a failed attempt', env: faults('volumeCreate@1=fail,brickDestroy@2=crash'), request: create },
  { name: 'create: after build', env: at('create-volume:after-build'), request: create },
  { name: 'create: first brick create', env: faults('brickCreate@1=crash'), request: create },
  { name: 'create: third brick create', env: faults('brickCreate@3=crash'), request: create },
  { name: 'create: gluster volume create', env: faults('volumeCreate@1=crash'), request: create },
  { name: 'create: after exec', env: at('create-volume:after-exec'), request: create },
  { name: 'create: after finalize', env: at('create-volume:after-finalize'), request: create },
  { name: 'expand: after build', env: at('expand-volume:after-build'), request: expand },
  { name: 'expand: second brick create', env: faults('brickCreate@2=crash'), request: expand },
  { name: 'expand: gluster add-brick', env: faults('volumeExpand@1=crash'), request: expand },
  { name: 'expand: after exec', env: at('expand-volume:after-exec'), request: expand },
  { name: 'expand: after finalize', env: at('expand-volume:after-finalize'), request: expand },
  { name: 'delete: after build', env: at('delete-volume:after-build'), request: remove },
  { name: 'delete: gluster volume delete', env: faults('volumeDestroy@1=crash'), request: remove },
  { name: 'delete: first brick destroy', env: faults('brickDestroy@1=crash'), request: remove },
  { name: 'delete: third brick destroy', env: faults('brickDestroy@3=crash'), request: remove },
  { name: 'delete: after exec', env: at('delete-volume:after-exec'), request: remove },
  { name: 'delete: after finalize', env: at('delete-volume:after-finalize'), request: remove },
];

/** Three nodes with one device each and one 10 GiB replica 3 volume, then the server is stopped. */
async function seedBase(dir: string): Promise<string> {
  const server = await ServerProcess.start(dir);
  try {
    await seedNodes(server, 3, '10.1.0');
    const volume = await must(server.request('POST', '/volumes', { size: 10, durability: { type: 'replicate', replicate: { replica: 3 } } }), 'volume');
    const done = await must(server.poll(volume.location!), 'volume job');
    expect(done.status).toBe(303);
    return done.location!.split('/').pop()!;
  } finally {
    await server.kill();
  }
}

/** A request that needs a volume to work on; create cases ignore it. */
type Target = (server: ServerProcess) => Promise<string>;

/**
 * Runs crash cases one after another in one directory. Each restart both recovers the previous
 * case and arms the next one, so a case usually costs a single server start. Executor faults are
 * counted from the start of the process, so when recovery calls the faulted method itself
 * (`recoveryUsesFaults`), the previous case is recovered by a clean start first.
 */
async function runChain(dir: string, cases: CrashCase[], target: Target, recoveryUsesFaults: boolean): Promise<void> {
  let server = await ServerProcess.start(dir, cases[0]!.env);
  let previous: { c: CrashCase; location: string | null } | null = null;
  for (let i = 0; ; i++) {
    if (previous !== null) await checkRecovered(server, dir, previous.c, previous.location);
    const c = cases[i];
    if (c === undefined) break;
    const [method, path, body] = c.request(await target(server));
    const accepted = await server.request(method, path, body);
    if (accepted !== null) {
      expect(accepted.status, `${c.name}: ${accepted.text}`).toBe(202);
      expect(await server.poll(accepted.location!), `${c.name}: the job finished without a crash`).toBeNull();
    }
    expect(await server.waitForExit(), c.name).toBeNull();
    previous = { c, location: accepted?.location ?? null };
    const next = cases[i + 1];
    if (next !== undefined && recoveryUsesFaults && 'HEKETI_TS_MOCK_FAULTS' in next.env) {
      server = await ServerProcess.start(dir);
      await checkRecovered(server, dir, previous.c, previous.location);
      previous = null;
      await server.kill();
    }
    server = await ServerProcess.start(dir, next?.env ?? {});
  }
  await server.kill();
}

/** After a restart: a definite queue answer, and db and mock nodes in agreement. */
async function checkRecovered(server: ServerProcess, dir: string, c: CrashCase, location: string | null): Promise<void> {
  if (location !== null) {
    const answer = await must(server.request('GET', location), `${c.name}: queue after restart`);
    expect([303, 204, 500], `${c.name}: ${answer.status} ${answer.text}`).toContain(answer.status);
    if (answer.status === 303) expect((await must(server.request('GET', answer.location!), 'resource')).status, c.name).toBe(200);
  }
  expect(consistencyProblems(join(dir, 'heketi.db'), join(dir, 'mock-state.json')), c.name).toEqual([]);
}

async function freshVolume(server: ServerProcess): Promise<string> {
  const [method, path, body] = create();
  const accepted = await must(server.request(method, path, body), 'volume for a delete case');
  const done = await must(server.poll(accepted.location!), `volume job (${server.stderr.slice(-2000)})`);
  expect(done.status).toBe(303);
  return done.location!.split('/').pop()!;
}

describe('crash recovery of volume operations (real server process, SIGKILL at every step)', () => {
  let baseDir: string;
  let baseVolumeId: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    baseDir = mkdtempSync(join(tmpdir(), 'heketi-ts-crash-base-'));
    baseVolumeId = await seedBase(baseDir);
    expect(consistencyProblems(join(baseDir, 'heketi.db'), join(baseDir, 'mock-state.json'))).toEqual([]);
  }, START_BUDGET_MS * 4);

  afterAll(() => {
    for (const d of [baseDir, ...dirs]) rmSync(d, { recursive: true, force: true });
  });

  // Create and expand recovery only destroy bricks and look at gluster: it never calls the
  // methods their fault cases crash in (the create rollback case runs first, with nothing before).
  const chains: [string, string, Target, boolean][] = [
    ['create', 'create:', async () => '', false],
    ['expand', 'expand:', async () => baseVolumeId, false],
    ['delete', 'delete:', freshVolume, true],
  ];
  it.concurrent.each(chains)(
    'volume %s',
    async (_name, prefix, target, recoveryUsesFaults) => {
      const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-crash-'));
      dirs.push(dir);
      cpSync(baseDir, dir, { recursive: true });
      await runChain(dir, CASES.filter((c) => c.name.startsWith(prefix)), target, recoveryUsesFaults);
    },
    START_BUDGET_MS * 14,
  );
});
