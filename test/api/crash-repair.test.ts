import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brickPath } from '../../src/domain/naming.js';
import type { MockState } from '../../src/executor/mock-executor.js';
import { consistencyProblems } from '../helpers/crash-db.js';
import { must, seedNodes, ServerProcess } from '../helpers/crash-server.js';

/**
 * Kills the real server process after each phase of each kind of drift repair (build, exec,
 * finalize), restarts it, and checks that recovery left no pending operation, that a second repair
 * (needed only when recovery undid an adoption) leaves no drift, and that db and mock nodes agree.
 */

const POINTS = ['after-build', 'after-exec', 'after-finalize'] as const;
let counter = 0;
const freshId = (): string => (++counter).toString(16).padStart(32, 'c');

type Tamper = (state: MockState) => void;

/** The drift each repair kind fixes, made in the mock's state file while the server is down. */
const KINDS: [typeName: string, tamper: Tamper][] = [
  ['repair-restore-bricks', (s) => (Object.values(s.bricks)[0]!.mounted = false)],
  ['repair-rebuild-brick', (s) => (Object.values(s.bricks)[1]!.lv = false)],
  [
    'repair-remove-orphan-brick',
    (s) => {
      const device = Object.values(s.devices)[0]!;
      const id = freshId();
      s.bricks[id] = { host: device.host, vgId: device.vgId, path: brickPath(device.vgId, id), usedKib: 4096 };
    },
  ],
  [
    'repair-adopt-volume',
    (s) => {
      const bricks = Object.values(s.devices).map((d) => {
        const id = freshId();
        s.bricks[id] = { host: d.host, vgId: d.vgId, path: brickPath(d.vgId, id), usedKib: 1024 * 1024, sizeKib: 1024 * 1024 };
        return `${d.host}:${brickPath(d.vgId, id)}`;
      });
      s.volumes[`handmade_${freshId().slice(-6)}`] = { bricks, durability: { type: 'replicate', replica: 3, arbiter: false } };
    },
  ],
];

function tamper(dir: string, change: Tamper): void {
  const file = join(dir, 'mock-state.json');
  const state = JSON.parse(readFileSync(file, 'utf8')) as MockState;
  change(state);
  writeFileSync(file, JSON.stringify(state));
}

async function findings(server: ServerProcess): Promise<string[]> {
  const r = await must(server.request('GET', '/internal/state/drift'), 'drift');
  return (JSON.parse(r.text) as { findings: { kind: string }[] }).findings.map((f) => f.kind);
}

async function repair(server: ServerProcess): Promise<void> {
  const accepted = await must(server.request('POST', '/internal/state/repair', {}), 'repair');
  const done = await must(server.poll(accepted.location!), 'repair job');
  expect(done.status, done.text).toBe(303);
}

describe('crash recovery of drift repairs (real server process, SIGKILL after each phase)', () => {
  let baseDir: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    baseDir = mkdtempSync(join(tmpdir(), 'heketi-ts-crash-repair-'));
    const server = await ServerProcess.start(baseDir);
    try {
      await seedNodes(server, 3, '10.2.0');
      const volume = await must(server.request('POST', '/volumes', { size: 2, durability: { type: 'replicate', replicate: { replica: 3 } } }), 'volume');
      expect((await must(server.poll(volume.location!), 'volume job')).status).toBe(303);
    } finally {
      await server.kill();
    }
  }, 120_000);

  afterAll(() => {
    for (const d of [baseDir, ...dirs]) rmSync(d, { recursive: true, force: true });
  });

  // One kind after another: this file runs beside the other crash suites, and each start costs a CPU.
  it.each(KINDS)(
    '%s',
    async (typeName, change) => {
      const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-crash-repair-'));
      dirs.push(dir);
      cpSync(baseDir, dir, { recursive: true });
      for (const point of POINTS) {
        tamper(dir, change);
        let server = await ServerProcess.start(dir, { HEKETI_TS_CRASH_AT: `${typeName}:${point}` });
        const accepted = await must(server.request('POST', '/internal/state/repair', {}), `${point}: repair`);
        expect(await server.poll(accepted.location!), `${point}: the repair finished without a crash`).toBeNull();
        expect(await server.waitForExit(), point).toBeNull();
        server = await ServerProcess.start(dir);
        try {
          const queue = await must(server.request('GET', accepted.location!), `${point}: queue after restart`);
          expect([204, 500], `${point}: ${queue.text}`).toContain(queue.status);
          const left = await findings(server);
          // Only an adoption whose exec was not recorded done is undone (as a volume create is); the rest are finished.
          if (typeName === 'repair-adopt-volume' && point !== 'after-finalize') expect(left, point).toEqual(['orphan-volume']);
          else expect(left, point).toEqual([]);
          if (left.length > 0) await repair(server);
          expect(await findings(server), point).toEqual([]);
        } finally {
          await server.kill();
        }
        expect(consistencyProblems(join(dir, 'heketi.db'), join(dir, 'mock-state.json')), point).toEqual([]);
      }
    },
    600_000,
  );
});
