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
 * The mock executor, as Heketi has one: every command succeeds instantly, devices are 500 GiB
 * (configurable) with 4 MiB extents. Unlike Heketi's, it remembers what it made, so tests can
 * check that the database and the "cluster" agree, and it can be told to fail, hang or crash at
 * any named step (see mock-faults.ts).
 */
export class MockExecutor implements Executor {
  private state: MockState;
  readonly faults: FaultPlan;

  constructor(
    private readonly config: MockExecConfig,
    /** Each call is logged at debug level, as the command executor logs its command lines. */
    private readonly log?: { debug(obj: object, msg: string): void },
  ) {
    this.state = config.stateFile && existsSync(config.stateFile) ? loadState(config.stateFile) : emptyState();
    this.faults = new FaultPlan(parseFaults(config.faults));
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

  async volumeCreate(_host: string, volume: VolumeRequest): Promise<void> {
    await this.step('volumeCreate');
    this.mutate((s) => (s.volumes[volume.name] = {
        bricks: volume.bricks.map(brickName),
        durability: volume.durability,
        options: volume.glusterVolumeOptions,
      }));
  }

  async volumeExpand(_host: string, volume: VolumeRequest): Promise<void> {
    await this.step('volumeExpand');
    this.mutate((s) => {
      const v = s.volumes[volume.name] ?? (s.volumes[volume.name] = { bricks: [] });
      for (const b of volume.bricks.map(brickName)) if (!v.bricks.includes(b)) v.bricks.push(b);
    });
  }

  async volumeDestroy(_host: string, volumeName: string): Promise<void> {
    await this.step('volumeDestroy');
    this.mutate((s) => delete s.volumes[volumeName]);
  }

  async volumeInfo(_host: string, volumeName: string): Promise<GlusterVolumeInfo> {
    await this.step('volumeInfo');
    const v = this.state.volumes[volumeName];
    if (!v) throw new Error(`Volume ${volumeName} does not exist`);
    return { name: volumeName, id: '00000000-0000-0000-0000-000000000000', bricks: v.bricks.map((name) => ({ name })) };
  }

  async volumeReplaceBrick(_host: string, volumeName: string, oldBrick: BrickSpec, newBrick: BrickSpec): Promise<void> {
    await this.step('volumeReplaceBrick');
    this.mutate((s) => {
      const v = s.volumes[volumeName];
      if (!v) throw new Error(`Volume ${volumeName} does not exist`);
      v.bricks = v.bricks.map((b) => (b === brickName(oldBrick) ? brickName(newBrick) : b));
    });
  }

  /** Every brick of the volume connected and healed, so evictions pass Heketi's heal check. */
  async healInfo(_host: string, volumeName: string): Promise<HealInfoBrick[]> {
    await this.step('healInfo');
    return (this.state.volumes[volumeName]?.bricks ?? []).map((name) => ({ name, status: 'Connected', numberOfEntries: '0' }));
  }

  /** The clone's bricks live in their sources' thin pools: recorded by the given ids, in the same pools. */
  async volumeClone(_host: string, volumeName: string, cloneName: string, cloneBrickIds: string[] = []): Promise<GlusterVolumeInfo> {
    await this.step('volumeClone');
    const source = this.state.volumes[volumeName];
    const bricks = (source?.bricks ?? []).map((b) => b.replace('/var/lib/heketi/mounts', `/run/gluster/snaps/${cloneName}`));
    const sourceBricks = Object.entries(this.state.bricks);
    this.mutate((s) => {
      s.volumes[cloneName] = { ...source, bricks };
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

  async volumesInfo(): Promise<VolInfo> {
    await this.step('volumesInfo');
    return mockVolInfo(this.state.volumes);
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

  async volumeStartForce(_host: string, volumeName: string): Promise<void> {
    await this.step('volumeStartForce');
    if (!this.state.volumes[volumeName]) throw new Error(`Volume ${volumeName} does not exist`);
    this.mutate((s) => delete s.volumes[volumeName]!.stopped);
  }

  async volumeResetBrickStart(_host: string, volumeName: string, brick: BrickSpec): Promise<void> {
    await this.step('volumeResetBrickStart');
    if (!this.state.volumes[volumeName]?.bricks.includes(brickName(brick))) {
      throw new Error(`volume reset-brick: ${brickName(brick)} is not a brick of ${volumeName}`);
    }
  }

  async volumeResetBrick(_host: string, volumeName: string, brick: BrickSpec): Promise<void> {
    await this.step('volumeResetBrick');
    if (!this.state.volumes[volumeName]?.bricks.includes(brickName(brick))) {
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
    change(this.state);
    if (this.config.stateFile) saveState(this.config.stateFile, this.state);
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
