import { readFileSync, renameSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MockExecConfig } from '../config/types.js';
import { thinPoolName } from '../domain/naming.js';
import { GiB } from '../domain/units.js';
import type {
  BlockVolumeRequest,
  BlockVolumeResult,
  BrickRequest,
  BrickSpec,
  DeviceHandle,
  DeviceInfo,
  Executor,
  GlusterVolumeInfo,
  HealInfoBrick,
  VolumeRequest,
} from './executor.js';
import { applyFaults, FaultPlan, parseFaults } from './mock-faults.js';
import type { LvsReport, MountState, PvsReport, VgsReport, VolInfo } from './examine-types.js';
import {
  mockLvs,
  mockMountState,
  mockPvs,
  mockVgs,
  mockVolInfo,
  type MockBrick,
  type MockDevice,
  type MockVolume,
} from './mock-node-view.js';

/** What the mock "has" on its pretend nodes. Kept in a file when configured, so it outlives a crash. */
export interface MockState {
  devices: Record<string, MockDevice>;
  bricks: Record<string, MockBrick>;
  volumes: Record<string, MockVolume>;
  blockVolumes: Record<string, { sizeGib: number }>;
}

const emptyState = (): MockState => ({ devices: {}, bricks: {}, volumes: {}, blockVolumes: {} });

/**
 * The trusted pool a host belongs to. Gluster keeps one namespace of volume names per pool, and a
 * Heketi cluster is one pool: the server maps a host to its node's cluster. One pool for every
 * host when not told (unit tests).
 */
export type PoolOf = (host: string) => string;

/**
 * Where the mock keeps a volume: its name, qualified by its pool (`name@pool`), so that two clusters
 * may each have a volume of the same name, as two gluster pools may. Volumes named without a pool
 * (a test's hand-made ones, older state files) are seen from every pool.
 */
export const mockVolumeKey = (pool: string, name: string): string => (pool === '' ? name : `${name}@${pool}`);

/** The gluster name of a volume kept under `key` (volume names never contain `@`). */
export const mockVolumeName = (key: string): string => key.split('@')[0] ?? key;

/** The volumes named `name`, whatever their pool (for tests). */
export const mockVolumesNamed = (state: MockState, name: string): MockVolume[] =>
  Object.entries(state.volumes).filter(([key]) => mockVolumeName(key) === name).map(([, v]) => v);

/** glusterd's answer to a transaction on a volume whose transaction from another client still runs. */
export const anotherTransactionText = (verb: string, name: string): string =>
  `volume ${verb}: ${name}: failed: Another transaction is in progress for ${name}. Please try again after some time.`;

/**
 * The pretend nodes: what they hold, and glusterd's lock on each volume's running transaction.
 * They outlive an executor: two MockExecutors over one MockNodes are two servers (a killed one
 * whose last commands still run, and its successor) talking to one pool.
 */
export class MockNodes {
  state: MockState;
  private readonly running = new Map<string, { client: object; count: number }>();

  constructor(private readonly stateFile: string) {
    this.state = stateFile && existsSync(stateFile) ? loadState(stateFile) : emptyState();
  }

  mutate(change: (s: MockState) => void): void {
    change(this.state);
    if (this.stateFile) saveState(this.stateFile, this.state);
  }

  /**
   * Runs a volume transaction for `client` on the volume kept under `name` (its mockVolumeKey).
   * As glusterd, refuses it while another client's
   * transaction on the same volume runs; one client's own calls are not refused (the command
   * executor queues them before they reach glusterd).
   */
  async transaction<T>(client: object, name: string, verb: string, task: () => Promise<T>): Promise<T> {
    const holder = this.running.get(name);
    if (holder && holder.client !== client) throw new Error(anotherTransactionText(verb, mockVolumeName(name)));
    const entry = holder ?? { client, count: 0 };
    entry.count += 1;
    this.running.set(name, entry);
    try {
      return await task();
    } finally {
      entry.count -= 1;
      if (entry.count === 0) this.running.delete(name);
    }
  }
}

/**
 * The mock executor, as Heketi has one: every command succeeds instantly, devices are 500 GiB
 * (configurable) with 4 MiB extents. Unlike Heketi's, it remembers what it made, so tests can
 * check that the database and the "cluster" agree, and it can be told to fail, hang or crash at
 * any named step (see mock-faults.ts).
 */
export class MockExecutor implements Executor {
  readonly faults: FaultPlan;

  constructor(
    private readonly config: MockExecConfig,
    /** Each call is logged at debug level, as the command executor logs its command lines. */
    private readonly log?: { debug(obj: object, msg: string): void },
    /** The nodes it talks to; its own ones (kept in config.stateFile, if set) when absent. */
    readonly nodes: MockNodes = new MockNodes(config.stateFile),
    private readonly poolOf: PoolOf = () => '',
  ) {
    this.faults = new FaultPlan(parseFaults(config.faults));
  }

  private get state(): MockState {
    return this.nodes.state;
  }

  /** The key of the volume `name` as seen from `host`: its pool's, or a pool-less one of that name. */
  private keyOf(host: string, name: string): string {
    const key = mockVolumeKey(this.poolOf(host), name);
    return this.state.volumes[key] === undefined && this.state.volumes[name] !== undefined ? name : key;
  }

  private volumeAt(host: string, name: string): MockVolume | undefined {
    return this.state.volumes[this.keyOf(host, name)];
  }

  /** A copy of the current state, for tests and the examine endpoint. */
  snapshot(): MockState {
    return structuredClone(this.state);
  }

  /** Changes the pretend nodes behind heketi-ts's back (drift tests). */
  tamper(change: (s: MockState) => void): void {
    this.mutate(change);
  }

  async glusterdCheck(): Promise<void> {
    await this.step('glusterdCheck');
  }

  async peerProbe(): Promise<void> {
    await this.step('peerProbe');
  }

  async peerDetach(): Promise<void> {
    await this.step('peerDetach');
  }

  async deviceSetup(host: string, device: string, vgId: string): Promise<DeviceInfo> {
    await this.step('deviceSetup');
    this.mutate((s) => (s.devices[vgId] = { host, name: device, vgId }));
    return this.emptyDevice();
  }

  /** Unlike Heketi's mock (always an empty device), reports the space its bricks really use. */
  async getDeviceInfo(_host: string, _device: DeviceHandle, vgId: string): Promise<DeviceInfo> {
    await this.step('getDeviceInfo');
    const info = this.emptyDevice();
    // each thin pool once: a clone's bricks live in their sources' pools
    const pools = new Map<string, number>();
    for (const [id, b] of Object.entries(this.state.bricks)) if (b.vgId === vgId) pools.set(b.pool ?? thinPoolName(id), b.usedKib);
    const used = [...pools.values()].reduce((sum, kib) => sum + kib, 0);
    return { ...info, usedKib: used, freeKib: info.totalKib - used };
  }

  async deviceTeardown(_host: string, _device: DeviceHandle, vgId: string): Promise<void> {
    await this.step('deviceTeardown');
    this.mutate((s) => delete s.devices[vgId]);
  }

  async deviceForget(_host: string, _device: DeviceHandle, vgId: string): Promise<void> {
    await this.step('deviceForget');
    this.mutate((s) => delete s.devices[vgId]);
  }

  async brickCreate(host: string, brick: BrickRequest): Promise<void> {
    await this.step('brickCreate');
    this.mutate((s) => (s.bricks[brick.name] = {
        host,
        vgId: brick.vgId,
        path: brick.path,
        usedKib: brick.tpSizeKib + brick.poolMetadataSizeKib,
        sizeKib: brick.sizeKib,
        pool: brick.tpName,
      }));
  }

  /** As on a node: the space comes back only with the thin pool, once no LV (a clone's) is left in it. */
  async brickDestroy(_host: string, brick: BrickRequest): Promise<{ spaceReclaimed: boolean }> {
    await this.step('brickDestroy');
    const pool = this.state.bricks[brick.name]?.pool ?? brick.tpName;
    this.mutate((s) => delete s.bricks[brick.name]);
    const poolInUse = Object.values(this.state.bricks).some((b) => b.vgId === brick.vgId && b.pool === pool);
    return { spaceReclaimed: !poolInUse };
  }

  async volumeCreate(host: string, volume: VolumeRequest): Promise<void> {
    const key = mockVolumeKey(this.poolOf(host), volume.name);
    await this.volumeTx(key, 'create', 'volumeCreate', () =>
      this.mutate((s) => (s.volumes[key] = {
        bricks: volume.bricks.map(brickName),
        durability: volume.durability,
        options: volume.glusterVolumeOptions,
      })),
    );
  }

  async volumeExpand(host: string, volume: VolumeRequest): Promise<void> {
    const key = this.keyOf(host, volume.name);
    await this.volumeTx(key, 'add-brick', 'volumeExpand', () =>
      this.mutate((s) => {
        const v = s.volumes[key] ?? (s.volumes[key] = { bricks: [] });
        for (const b of volume.bricks.map(brickName)) if (!v.bricks.includes(b)) v.bricks.push(b);
      }),
    );
  }

  async volumeDestroy(host: string, volumeName: string): Promise<void> {
    const key = this.keyOf(host, volumeName);
    await this.volumeTx(key, 'delete', 'volumeDestroy', () => this.mutate((s) => delete s.volumes[key]));
  }

  async volumeInfo(host: string, volumeName: string): Promise<GlusterVolumeInfo> {
    await this.step('volumeInfo');
    const v = this.volumeAt(host, volumeName);
    if (!v) throw new Error(`Volume ${volumeName} does not exist`);
    return { name: volumeName, id: '00000000-0000-0000-0000-000000000000', bricks: v.bricks.map((name) => ({ name })) };
  }

  async volumeReplaceBrick(host: string, volumeName: string, oldBrick: BrickSpec, newBrick: BrickSpec): Promise<void> {
    await this.step('volumeReplaceBrick');
    const key = this.keyOf(host, volumeName);
    this.mutate((s) => {
      const v = s.volumes[key];
      if (!v) throw new Error(`Volume ${volumeName} does not exist`);
      v.bricks = v.bricks.map((b) => (b === brickName(oldBrick) ? brickName(newBrick) : b));
    });
  }

  /** Every brick of the volume connected and healed, so evictions pass Heketi's heal check. */
  async healInfo(host: string, volumeName: string): Promise<HealInfoBrick[]> {
    await this.step('healInfo');
    return (this.volumeAt(host, volumeName)?.bricks ?? []).map((name) => ({ name, status: 'Connected', numberOfEntries: '0' }));
  }

  /** The clone's bricks live in their sources' thin pools: recorded by the given ids, in the same pools. */
  async volumeClone(host: string, volumeName: string, cloneName: string, cloneBrickIds: string[] = []): Promise<GlusterVolumeInfo> {
    await this.step('volumeClone');
    const source = this.volumeAt(host, volumeName);
    const cloneKey = mockVolumeKey(this.poolOf(host), cloneName);
    const bricks = (source?.bricks ?? []).map((b) => b.replace('/var/lib/heketi/mounts', `/run/gluster/snaps/${cloneName}`));
    const sourceBricks = Object.entries(this.state.bricks);
    this.mutate((s) => {
      s.volumes[cloneKey] = { ...source, bricks };
      (source?.bricks ?? []).forEach((name, i) => {
        const id = cloneBrickIds[i];
        const [originId, origin] = sourceBricks.find(([, b]) => b.path === name.slice(name.indexOf(':') + 1)) ?? [];
        const path = bricks[i]?.slice(bricks[i].indexOf(':') + 1);
        if (id && originId && origin && path) {
          const pool = origin.pool ?? thinPoolName(originId);
          s.bricks[id] = { host: origin.host, vgId: origin.vgId, path, usedKib: origin.usedKib, sizeKib: origin.sizeKib ?? origin.usedKib, pool };
        }
      });
    });
    return { name: cloneName, id: '11111111-1111-1111-1111-111111111111', bricks: bricks.map((name) => ({ name })) };
  }

  async blockVolumeCreate(_host: string, request: BlockVolumeRequest): Promise<BlockVolumeResult> {
    await this.step('blockVolumeCreate');
    this.mutate((s) => (s.blockVolumes[`${request.blockHostingVolumeName}/${request.name}`] = { sizeGib: request.sizeGib }));
    return {
      iqn: 'fakeIQN',
      username: request.auth ? 'heketi-user' : '',
      password: request.auth ? 'secret' : '',
      hosts: request.hosts,
    };
  }

  async blockVolumeDestroy(_host: string, bhvName: string, name: string): Promise<void> {
    await this.step('blockVolumeDestroy');
    this.mutate((s) => delete s.blockVolumes[`${bhvName}/${name}`]);
  }

  async blockVolumeExpand(_host: string, bhvName: string, name: string, newSizeGib: number): Promise<void> {
    await this.step('blockVolumeExpand');
    this.mutate((s) => (s.blockVolumes[`${bhvName}/${name}`] = { sizeGib: newSizeGib }));
  }

  async pvs(host: string): Promise<PvsReport> {
    await this.step('pvs');
    return mockPvs(Object.values(this.state.devices), host, this.config.deviceSizeGb);
  }

  async vgs(host: string): Promise<VgsReport> {
    await this.step('vgs');
    return mockVgs(Object.values(this.state.devices), this.state.bricks, host, this.config.deviceSizeGb);
  }

  async lvs(host: string): Promise<LvsReport> {
    await this.step('lvs');
    return mockLvs(this.state.bricks, host);
  }

  async mountState(host: string): Promise<MountState> {
    await this.step('mountState');
    return mockMountState(this.state.bricks, host);
  }

  /** As `gluster volume info` on the host: the volumes of its pool (and pool-less hand-made ones). */
  async volumesInfo(host: string): Promise<VolInfo> {
    await this.step('volumesInfo');
    const pool = this.poolOf(host);
    const seen = Object.entries(this.state.volumes).filter(([key]) => key === mockVolumeName(key) || key === mockVolumeKey(pool, mockVolumeName(key)));
    return mockVolInfo(Object.fromEntries(seen.map(([key, v]) => [mockVolumeName(key), v])));
  }

  async blockVolumeList(_host: string, bhvName: string): Promise<string[]> {
    await this.step('blockVolumeList');
    const prefix = `${bhvName}/`;
    return Object.keys(this.state.blockVolumes).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  async brickMount(_host: string, brick: BrickRequest): Promise<void> {
    await this.step('brickMount');
    const b = this.state.bricks[brick.name];
    if (!b || b.lv === false) throw new Error(`mount: special device of brick ${brick.name} does not exist`);
    this.mutate((s) => Object.assign(s.bricks[brick.name]!, { mounted: true, fstab: true }));
  }

  async volumeStartForce(host: string, volumeName: string): Promise<void> {
    await this.step('volumeStartForce');
    const key = this.keyOf(host, volumeName);
    if (!this.state.volumes[key]) throw new Error(`Volume ${volumeName} does not exist`);
    this.mutate((s) => delete s.volumes[key]!.stopped);
  }

  async volumeResetBrickStart(host: string, volumeName: string, brick: BrickSpec): Promise<void> {
    await this.step('volumeResetBrickStart');
    if (!this.volumeAt(host, volumeName)?.bricks.includes(brickName(brick))) {
      throw new Error(`volume reset-brick: ${brickName(brick)} is not a brick of ${volumeName}`);
    }
  }

  async volumeResetBrick(host: string, volumeName: string, brick: BrickSpec): Promise<void> {
    await this.step('volumeResetBrick');
    if (!this.volumeAt(host, volumeName)?.bricks.includes(brickName(brick))) {
      throw new Error(`volume reset-brick: ${brickName(brick)} is not a brick of ${volumeName}`);
    }
  }

  async close(): Promise<void> {}

  private emptyDevice(): DeviceInfo {
    const kib = this.config.deviceSizeGb * GiB;
    return { totalKib: kib, freeKib: kib, usedKib: 0, extentSizeKib: 4096, pvUuid: '', paths: [] };
  }

  private step(method: string): Promise<void> {
    this.log?.debug({ executor: 'mock', call: method }, 'executor call');
    return applyFaults(this.faults, method);
  }

  private mutate(change: (s: MockState) => void): void {
    this.nodes.mutate(change);
  }

  /** A gluster transaction on one volume; its faults (e.g. a delay) apply while it holds the lock. */
  private volumeTx<T>(name: string, verb: string, method: string, task: () => T): Promise<T> {
    return this.nodes.transaction(this, name, verb, async () => {
      await this.step(method);
      return task();
    });
  }
}

const brickName = (b: BrickSpec): string => `${b.host}:${b.path}`;

function loadState(file: string): MockState {
  return { ...emptyState(), ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<MockState>) };
}

/** Write-then-rename, so a crash never leaves half a state file. */
function saveState(file: string, state: MockState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}
