import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServices } from '../../src/app.js';
import { randomIdGen } from '../../src/domain/ids.js';
import { randomRng } from '../../src/domain/rng.js';
import { MockExecutor, MockNodes } from '../../src/executor/mock-executor.js';
import { parseFaults } from '../../src/executor/mock-faults.js';
import { recoverOperations, type RecoveryReport } from '../../src/operations/recovery.js';
import { IMMEDIATE, type RecoveryPolicy } from '../../src/operations/recovery-policy.js';
import { VolumeCreateOperation, type NewVolumeSpec } from '../../src/operations/volume-create.js';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { openStore, type Store } from '../../src/store/store.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

// A server killed in the middle of a volume create leaves its last commands running on the nodes
// (sshd keeps a command going after its client is gone; glusterd finishes a transaction whatever
// becomes of the CLI). Here the nodes are one MockNodes shared by two executors: the killed
// server's, whose exec goes on after the "kill" (nothing of it is awaited or committed), and its
// successor's, which recovers at start-up. Timings are far apart (hundreds of ms against seconds)
// so that the order of events is fixed, never measured.

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const NAME = 'vol_inflight';

let dir: string;
let store: Store;
let nodes: MockNodes;
let config: TestServer['config'];

const contextWith = (executor: MockExecutor): ServiceContext => ({
  config,
  store,
  executor,
  ids: randomIdGen,
  clock: systemClock,
  rng: randomRng(),
  log: silent,
});

const spec = (): NewVolumeSpec => ({
  id: randomIdGen.next(),
  name: NAME,
  sizeGib: 1,
  durability: { type: 'replicate', replicate: { replica: 3 }, disperse: {} },
  gid: 0,
  block: false,
  snapshot: { enable: false, factor: 1 },
  glusterVolumeOptions: [],
  clusterIds: [],
  checkVolumeLimit: true,
});

/**
 * The killed server: builds the create (its record is saved, phase build) and starts its remote
 * work with `faults` on its executor; then it is gone. Resolves when its last command has landed.
 */
function killedServerCreating(faults: string): { opId: string; landed: Promise<unknown> } {
  const executor = new MockExecutor(config.glusterfs.mockexec, undefined, nodes);
  executor.faults.replace(parseFaults(faults));
  const op = VolumeCreateOperation.start(contextWith(executor), spec());
  store.tx(() => op.build());
  return { opId: op.id, landed: op.exec().catch((e: unknown) => e) };
}

/** The next server's start-up recovery, over the same nodes. */
async function successorRecovers(policy: RecoveryPolicy): Promise<RecoveryReport> {
  const services = buildServices(contextWith(new MockExecutor(config.glusterfs.mockexec, undefined, nodes)));
  return recoverOperations(store, services.loadOperation, silent, policy);
}

const nothingLeft = () => ({
  pending: store.operations.list().length,
  volumeRows: store.volumes.list().length,
  brickRows: store.bricks.list().length,
  usedKib: store.devices.list().reduce((sum, d) => sum + d.usedKib, 0),
  glusterVolumes: Object.keys(nodes.state.volumes),
  bricksOnNodes: Object.keys(nodes.state.bricks),
});
const CLEAN = { pending: 0, volumeRows: 0, brickRows: 0, usedKib: 0, glusterVolumes: [], bricksOnNodes: [] };

beforeEach(async () => {
  const s = await TestServer.start();
  await seedTopology(s, 3);
  await s.stop();
  dir = s.dir;
  config = s.config;
  store = openStore(config.glusterfs.db);
  nodes = new MockNodes(config.glusterfs.mockexec.stateFile);
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('start-up recovery of a create whose commands outlive the killed server', () => {
  it('commands still on their way: waiting the settle time first undoes what they make', async () => {
    // The brick and volume commands reach the nodes 300 ms after the kill.
    const killed = killedServerCreating('brickCreate=delay:300');
    const report = await successorRecovers({ settleMs: 1_000, retryDelaysMs: [] });
    await killed.landed;
    expect(report.rolledBack).toEqual([killed.opId]);
    expect(nothingLeft()).toEqual(CLEAN);
  });

  it('without the settle time the same late commands leave a volume and bricks nobody knows (the race)', async () => {
    const killed = killedServerCreating('brickCreate=delay:300');
    const report = await successorRecovers(IMMEDIATE);
    await killed.landed;
    expect(report.rolledBack).toEqual([killed.opId]);
    const left = nothingLeft();
    expect(left.pending + left.volumeRows + left.brickRows).toBe(0);
    expect(left.glusterVolumes).toEqual([NAME]);
    expect(left.bricksOnNodes).toHaveLength(3);
  });

  it('a volume create still running in glusterd: the delete meets its lock, is repeated, and undoes the volume', async () => {
    // `volume create` holds the volume's transaction lock for 1.5 s after the kill.
    const killed = killedServerCreating('volumeCreate=delay:1500');
    const report = await successorRecovers({ settleMs: 200, retryDelaysMs: [1_000, 1_000] });
    await killed.landed;
    expect(report).toEqual({ rolledForward: [], rolledBack: [killed.opId], failed: [] });
    expect(nothingLeft()).toEqual(CLEAN);
  });

  it('without repeats the same lock marks the rollback failed (what the e2e crash test met)', async () => {
    const killed = killedServerCreating('volumeCreate=delay:1500');
    const report = await successorRecovers({ settleMs: 200, retryDelaysMs: [] });
    await killed.landed;
    expect(report.failed.map((f) => f.id)).toEqual([killed.opId]);
    expect(report.failed[0]?.error).toMatch(/Another transaction is in progress for vol_inflight/);
    expect(store.operations.list().map((op) => op.status)).toEqual(['failed']);
  });
});
