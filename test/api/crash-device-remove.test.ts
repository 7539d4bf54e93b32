import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistencyProblems } from '../helpers/crash-db.js';
import { ensureBuilt, must, seedNodes, ServerProcess } from '../helpers/crash-server.js';

// The server runs from dist/: build it now, outside every timeout, if the sources are newer.
ensureBuilt();

/**
 * Kills the real server at the key steps of a device removal (the remove-device record and the
 * nested brick eviction), restarts it, and checks that recovery leaves no pending operation, the
 * database and the mock nodes in agreement, and the device offline (or failed when the removal had
 * finished); then the removal is asked again and must complete.
 */

const CASES: { name: string; env: Record<string, string> }[] = [
  { name: 'evict-brick after build', env: { HEKETI_TS_CRASH_AT: 'evict-brick:after-build' } },
  { name: 'replace-brick', env: { HEKETI_TS_MOCK_FAULTS: 'volumeReplaceBrick@1=crash' } },
  { name: 'old brick destroy (after replace-brick)', env: { HEKETI_TS_MOCK_FAULTS: 'brickDestroy@1=crash' } },
  { name: 'remove-device after exec', env: { HEKETI_TS_CRASH_AT: 'remove-device:after-exec' } },
];

/** Four nodes with one device each, a replica 3 volume, and one of its devices set offline. */
async function seedBase(dir: string): Promise<string> {
  const server = await ServerProcess.start(dir);
  try {
    await seedNodes(server, 4, '10.2.0');
    const volume = await must(server.request('POST', '/volumes', { size: 5, durability: { type: 'replicate', replicate: { replica: 3 } } }), 'volume');
    const location = (await must(server.poll(volume.location!), 'volume job')).location!;
    const deviceId = JSON.parse((await must(server.request('GET', location), 'volume info')).text).bricks[0].device as string;
    const offline = await must(server.request('POST', `/devices/${deviceId}/state`, { state: 'offline' }), 'offline');
    expect((await must(server.poll(offline.location!), 'offline job')).status).toBe(204);
    return deviceId;
  } finally {
    await server.kill();
  }
}

const fail = (deviceId: string) => ['POST', `/devices/${deviceId}/state`, { state: 'failed', healcheck: 'disable' }] as const;

async function crashAndRecover(dir: string, deviceId: string, env: Record<string, string>, name: string): Promise<void> {
  const armed = await ServerProcess.start(dir, env);
  const accepted = await armed.request(...fail(deviceId));
  if (accepted !== null) expect(await armed.poll(accepted.location!), `${name}: finished without a crash`).toBeNull();
  expect(await armed.waitForExit(), name).toBeNull();

  const server = await ServerProcess.start(dir);
  try {
    if (accepted !== null) {
      const answer = await must(server.request('GET', accepted.location!), `${name}: queue after restart`);
      expect([204, 500], `${name}: ${answer.text}`).toContain(answer.status);
    }
    expect(consistencyProblems(join(dir, 'heketi.db'), join(dir, 'mock-state.json')), name).toEqual([]);
    const counts = JSON.parse((await must(server.request('GET', '/operations'), 'operations')).text);
    expect(counts.total, name).toBe(0);
    const state = JSON.parse((await must(server.request('GET', `/devices/${deviceId}`), 'device')).text).state;
    expect(['offline', 'failed'], name).toContain(state);

    const again = await must(server.request(...fail(deviceId)), 'removal again');
    expect((await must(server.poll(again.location!), 'removal job')).status, name).toBe(204);
    const device = JSON.parse((await must(server.request('GET', `/devices/${deviceId}`), 'device')).text);
    expect(device, name).toMatchObject({ state: 'failed', bricks: [] });
    expect(consistencyProblems(join(dir, 'heketi.db'), join(dir, 'mock-state.json')), name).toEqual([]);
  } finally {
    await server.kill();
  }
}

/**
 * Time allowed per server start: measured 4.9-6.6 s for dist/main.js on the loaded 2-core CI
 * machine (load average 39); the four cases together took 31-36 s each (two starts apiece, all
 * at once). 3x that per start for other test files running alongside. Bounds a hang only.
 */
const START_BUDGET_MS = 30_000;

describe('crash recovery of device removal (real server process, SIGKILL at every step)', () => {
  let baseDir: string;
  let deviceId: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    baseDir = mkdtempSync(join(tmpdir(), 'heketi-ts-crash-rm-base-'));
    deviceId = await seedBase(baseDir);
  }, START_BUDGET_MS * 4);

  afterAll(() => {
    for (const d of [baseDir, ...dirs]) rmSync(d, { recursive: true, force: true });
  });

  it.concurrent.each(CASES)(
    '$name',
    async ({ name, env }) => {
      const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-crash-rm-'));
      dirs.push(dir);
      cpSync(baseDir, dir, { recursive: true });
      await crashAndRecover(dir, deviceId, env, name);
    },
    // Two starts per case, all cases at once (it.concurrent): their starts queue for the 2 cores.
    START_BUDGET_MS * 2 * CASES.length,
  );
});
