import { randomBytes } from 'node:crypto';
import type { CommandConfig, SshExecConfig } from '../config/types.js';
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
import type { Command } from './commands/command.js';
import * as brickCmd from './commands/brick.js';
import * as deviceCmd from './commands/device.js';
import * as peerCmd from './commands/peer.js';
import * as snapshotCmd from './commands/snapshot.js';
import * as volumeCmd from './commands/volume.js';
import { parseHealInfo, parseCliOutput, parseVolumeInfo } from './commands/gluster-xml.js';
import { KeyedMutex, KeyedSharedExclusiveLock, SharedExclusiveLock } from './transport/semaphore.js';
import { SshAgent } from './transport/ssh-agent.js';
import * as blockVerbs from './block-verbs.js';
import * as examineVerbs from './examine-verbs.js';
import type { LvsReport, MountState, PvsReport, VgsReport, VolInfo } from './examine-types.js';
import * as repairCmd from './commands/repair.js';
import { destroyBrick } from './brick-teardown.js';
import { pvPath, readDeviceInfo, readNewDevice } from './device-probe.js';
import type { ExecContext } from './exec-context.js';
import { execChecked, RemoteCommandError, type ExecResult, type Transport } from './transport/transport.js';

/** Where the executor reports what it ignores on purpose (Heketi logged these). */
export interface ExecutorLogger {
  warn(message: string): void;
}

export interface CommandExecutorOptions {
  /** Heketi forces rebalance-on-expansion on; only its environment variable turns it off. */
  rebalanceOnExpansion?: boolean;
  logger?: ExecutorLogger;
}

const silent: ExecutorLogger = { warn: () => undefined };

const brickKey = (host: string, brick: BrickRequest): string => `${host} ${brick.name}`;

/** The command never started: the node could not be reached at all. */
const isUnreachable = (e: unknown): boolean => e instanceof RemoteCommandError && e.failure === 'unreachable';

/**
 * The command executor: each Executor verb is Heketi's command sequence (see commands/), run
 * through a Transport. Bricks on one host are made and removed in parallel, as Heketi does (LVM
 * locks its VG; only the fstab edits are serialised), while device setup and teardown run alone.
 * Gluster transactions on one volume are serialised, because glusterd refuses a second one on a
 * locked volume ("Another transaction is in progress"); different volumes proceed in parallel, and
 * peer and snapshot transactions run alone.
 */
export function createCommandExecutor(config: SshExecConfig, transport?: Transport, options?: CommandExecutorOptions): Executor;
export function createCommandExecutor(config: CommandConfig, transport: Transport, options?: CommandExecutorOptions): Executor;
export function createCommandExecutor(
  config: CommandConfig | SshExecConfig,
  transport?: Transport,
  options: CommandExecutorOptions = {},
): Executor {
  // Without a transport the configuration is sshexec's (the first overload): the ssh transport.
  return new CommandExecutor(config, transport ?? new SshAgent(config as SshExecConfig), options);
}

class CommandExecutor implements Executor {
  /** Device work on a host holds it exclusive, brick work shared (LVM locks its VG itself). */
  private readonly hostLocks = new KeyedSharedExclusiveLock();
  /** Per host and file: an fstab append must not land while `sed -i` rewrites the file. */
  private readonly fileLocks = new KeyedMutex();
  /** Bricks whose creation failed before any command reached their node (host + brick id). */
  private readonly unreachedBricks = new Set<string>();
  /** Volume transactions hold it shared, peer and snapshot transactions exclusive. */
  private readonly poolLock = new SharedExclusiveLock();
  private readonly volumeLocks = new KeyedMutex();
  private readonly log: ExecutorLogger;
  private readonly rebalance: boolean;
  /** This executor's runners, as its helper modules take them. */
  private readonly helpers: ExecContext;

  constructor(
    private readonly config: CommandConfig,
    private readonly transport: Transport,
    options: CommandExecutorOptions,
  ) {
    this.log = options.logger ?? silent;
    this.rebalance = options.rebalanceOnExpansion ?? true;
    this.helpers = {
      config,
      transport,
      log: this.log,
      run: (host, command) => this.run(host, command),
      runIgnoringFailure: (host, command) => this.runIgnoringFailure(host, command),
    };
  }

  private run(host: string, command: Command): Promise<ExecResult> {
    if (command.edits) return this.fileLocks.run(`${host} ${command.edits}`, () => execChecked(this.transport, host, command));
    return execChecked(this.transport, host, command);
  }

  private async runAll(host: string, commands: Command[]): Promise<void> {
    for (const command of commands) await this.run(host, command);
  }

  /** Runs a command whose failure is only worth a log line; resolves with the error, if any. */
  private async runIgnoringFailure(host: string, command: Command): Promise<Error | undefined> {
    try {
      await this.run(host, command);
      return undefined;
    } catch (e) {
      this.log.warn((e as Error).message);
      return e as Error;
    }
  }

  /**
   * A gluster transaction on one volume. glusterd locks each transaction on its volume name, so
   * transactions on different volumes run side by side (measured on the test bed: 10 parallel
   * create + set + start sequences succeed); two on the same volume would be refused.
   */
  private volumeTx<T>(volumeName: string, task: () => Promise<T>): Promise<T> {
    return this.poolLock.run('shared', () => this.volumeLocks.run(volumeName, task));
  }

  /** A transaction on the pool (peer probe/detach) or across volumes (snapshot clone): alone. */
  private poolTx<T>(task: () => Promise<T>): Promise<T> {
    return this.poolLock.run('exclusive', task);
  }

  async glusterdCheck(host: string): Promise<void> {
    await this.run(host, peerCmd.glusterdStatus());
  }

  async peerProbe(host: string, newStorageHost: string): Promise<void> {
    return this.poolTx(() => this.runAll(host, peerCmd.peerProbeSequence(this.config, newStorageHost)));
  }

  async peerDetach(host: string, storageHost: string): Promise<void> {
    await this.poolTx(() => this.runIgnoringFailure(host, peerCmd.peerDetach(this.config, storageHost)));
  }

  async deviceSetup(host: string, device: string, vgId: string, destroyData: boolean): Promise<DeviceInfo> {
    return this.hostLocks.run(host, 'exclusive', async () => {
      await this.runAll(host, [
        ...(destroyData ? [deviceCmd.wipefs(device)] : []),
        deviceCmd.pvcreate(this.config, device),
        deviceCmd.vgcreate(this.config, device, vgId),
      ]);
      try {
        return await readNewDevice(this.helpers, host, device, vgId);
      } catch (e) {
        await this.removeVgAndPv(host, vgId, device).catch((cleanup: Error) => this.log.warn(cleanup.message));
        throw e;
      }
    });
  }

  async getDeviceInfo(host: string, device: DeviceHandle, vgId: string): Promise<DeviceInfo> {
    return this.hostLocks.run(host, 'exclusive', () => readDeviceInfo(this.helpers, host, device, vgId));
  }

  private async removeVgAndPv(host: string, vgId: string, path: string): Promise<void> {
    await this.runAll(host, [deviceCmd.vgremove(this.config, vgId), deviceCmd.pvremove(this.config, path)]);
  }

  async deviceTeardown(host: string, device: DeviceHandle, vgId: string): Promise<void> {
    return this.hostLocks.run(host, 'exclusive', async () => {
      const path = await pvPath(this.helpers, host, device);
      try {
        await this.removeVgAndPv(host, vgId, path);
      } catch (e) {
        if (!(e instanceof RemoteCommandError)) throw e;
        const detail = `Failed to delete device ${device.name} with id ${vgId} on host ${host}: ${e.stderr}`;
        throw new RemoteCommandError(host, e.argv, e.exitCode, detail, e.failure);
      }
      await this.runIgnoringFailure(host, deviceCmd.removeVgMountDir(vgId));
    });
  }

  async deviceForget(host: string, device: DeviceHandle, vgId: string): Promise<void> {
    await this.hostLocks.run(host, 'exclusive', async () => {
      const path = await pvPath(this.helpers, host, device).catch(() => device.name);
      await this.runIgnoringFailure(host, deviceCmd.removeVgMountDir(vgId));
      await this.runIgnoringFailure(host, deviceCmd.vgremove(this.config, vgId));
      await this.runIgnoringFailure(host, deviceCmd.pvremove(this.config, path));
    }).catch((e: Error) => this.log.warn(e.message));
  }

  async brickCreate(host: string, brick: BrickRequest): Promise<void> {
    const commands = brickCmd.brickCreateSequence(this.config, brick);
    return this.hostLocks.run(host, 'shared', async () => {
      let reachedNode = false;
      try {
        for (const command of commands) {
          await this.run(host, command);
          reachedNode = true;
        }
      } catch (e) {
        if (!reachedNode && isUnreachable(e)) {
          // Not one command reached the node, so there is nothing to remove; remembering that lets
          // a rollback finish while the node is still down instead of failing on it.
          this.unreachedBricks.add(brickKey(host, brick));
          throw e;
        }
        await destroyBrick(this.helpers, host, brick).catch((cleanup: Error) => this.log.warn(`brick rollback: ${cleanup.message}`));
        throw e;
      }
    });
  }

  async brickDestroy(host: string, brick: BrickRequest): Promise<{ spaceReclaimed: boolean }> {
    if (this.unreachedBricks.delete(brickKey(host, brick))) return { spaceReclaimed: true };
    return this.hostLocks.run(host, 'shared', () => destroyBrick(this.helpers, host, brick));
  }

  async volumeCreate(host: string, volume: VolumeRequest): Promise<void> {
    const commands = volumeCmd.volumeCreateSequence(this.config, volume);
    return this.volumeTx(volume.name, () => this.runAll(host, commands));
  }

  async volumeExpand(host: string, volume: VolumeRequest): Promise<void> {
    const commands = volumeCmd.addBrickCommands(this.config, volume.name, volume.bricks, volume.durability);
    return this.volumeTx(volume.name, async () => {
      await this.runAll(host, commands);
      if (this.rebalance) await this.runIgnoringFailure(host, volumeCmd.volumeRebalanceStart(this.config, volume.name));
    });
  }

  async volumeDestroy(host: string, volumeName: string): Promise<void> {
    return this.volumeTx(volumeName, () => this.destroyVolume(host, volumeName));
  }

  private async destroyVolume(host: string, volumeName: string): Promise<void> {
    await this.runIgnoringFailure(host, volumeCmd.volumeStopForce(this.config, volumeName));
    const command = volumeCmd.volumeDelete(this.config, volumeName);
    const result = await this.transport.exec(host, command);
    const text = `${result.stderr}\n${result.stdout}`.trim();
    if (result.exitCode === 0 || volumeCmd.isVolumeMissing(text)) return;
    throw new RemoteCommandError(host, command.argv, result.exitCode, `Unable to delete volume ${volumeName}: ${text}`);
  }

  /** Runs a gluster `--xml` command and checks its opRet; errors name the host and the command. */
  private async runXml<T>(host: string, command: Command, parse: (xml: string) => T): Promise<T> {
    const result = await this.run(host, command);
    try {
      return parse(result.stdout);
    } catch (e) {
      throw new RemoteCommandError(host, command.argv, result.exitCode, (e as Error).message);
    }
  }

  async volumeInfo(host: string, volumeName: string): Promise<GlusterVolumeInfo> {
    return this.runXml(host, volumeCmd.volumeInfoXml(this.config, volumeName), parseVolumeInfo);
  }

  async healInfo(host: string, volumeName: string): Promise<HealInfoBrick[]> {
    return this.runXml(host, volumeCmd.healInfoXml(this.config, volumeName), parseHealInfo);
  }

  async volumeReplaceBrick(host: string, volumeName: string, oldBrick: BrickSpec, newBrick: BrickSpec): Promise<void> {
    const command = volumeCmd.replaceBrick(this.config, volumeName, oldBrick, newBrick);
    await this.volumeTx(volumeName, () => this.run(host, command));
  }

  async volumeClone(host: string, volumeName: string, cloneName: string): Promise<GlusterVolumeInfo> {
    const snapshot = `tmpsnap_${randomBytes(16).toString('hex')}`;
    return this.poolTx(async () => {
      await this.runXml(host, snapshotCmd.snapshotCreate(this.config, snapshot, volumeName), parseCliOutput);
      try {
        await this.runXml(host, snapshotCmd.snapshotActivate(this.config, snapshot), parseCliOutput);
        await this.runXml(host, snapshotCmd.snapshotClone(this.config, cloneName, snapshot), parseCliOutput);
        await this.runXml(host, snapshotCmd.cloneStart(this.config, cloneName), parseCliOutput).catch(async (e) => {
          await this.destroyVolume(host, cloneName).catch((cleanup: Error) => this.log.warn(cleanup.message));
          throw e;
        });
        return await this.runXml(host, volumeCmd.volumeInfoXml(this.config, cloneName), parseVolumeInfo);
      } finally {
        await this.runIgnoringFailure(host, snapshotCmd.snapshotDeactivate(this.config, snapshot));
        await this.runIgnoringFailure(host, snapshotCmd.snapshotDelete(this.config, snapshot));
      }
    });
  }

  async blockVolumeCreate(host: string, request: BlockVolumeRequest): Promise<BlockVolumeResult> {
    return blockVerbs.blockVolumeCreate(this.transport, this.config, host, request);
  }

  async blockVolumeDestroy(host: string, blockHostingVolumeName: string, name: string): Promise<void> {
    return blockVerbs.blockVolumeDestroy(this.transport, host, blockHostingVolumeName, name);
  }

  async blockVolumeExpand(host: string, blockHostingVolumeName: string, name: string, newSizeGib: number): Promise<void> {
    return blockVerbs.blockVolumeExpand(this.transport, host, blockHostingVolumeName, name, newSizeGib);
  }

  pvs(host: string): Promise<PvsReport> {
    return examineVerbs.pvs(this.helpers, host);
  }

  vgs(host: string): Promise<VgsReport> {
    return examineVerbs.vgs(this.helpers, host);
  }

  lvs(host: string): Promise<LvsReport> {
    return examineVerbs.lvs(this.helpers, host);
  }

  mountState(host: string): Promise<MountState> {
    return examineVerbs.mountState(this.helpers, host);
  }

  volumesInfo(host: string): Promise<VolInfo> {
    return examineVerbs.volumesInfo(this.helpers, host);
  }

  blockVolumeList(host: string, blockHostingVolumeName: string): Promise<string[]> {
    return examineVerbs.blockVolumeList(this.helpers, host, blockHostingVolumeName);
  }

  async brickMount(host: string, brick: BrickRequest): Promise<void> {
    return this.hostLocks.run(host, 'shared', () => examineVerbs.brickMount(this.helpers, host, brick));
  }

  async volumeStartForce(host: string, volumeName: string): Promise<void> {
    const command = repairCmd.volumeStartForce(this.config, volumeName);
    await this.volumeTx(volumeName, () => this.run(host, command));
  }

  async volumeResetBrickStart(host: string, volumeName: string, brick: BrickSpec): Promise<void> {
    const command = repairCmd.volumeResetBrickStart(this.config, volumeName, brick);
    await this.volumeTx(volumeName, () => this.run(host, command));
  }

  /** reset-brick, then a full heal so the replicas copy their data back now (a heal failure is only logged). */
  async volumeResetBrick(host: string, volumeName: string, brick: BrickSpec): Promise<void> {
    const command = repairCmd.volumeResetBrick(this.config, volumeName, brick);
    await this.volumeTx(volumeName, async () => {
      await this.run(host, command);
      await this.runIgnoringFailure(host, repairCmd.volumeHealFull(this.config, volumeName));
    });
  }

  async close(): Promise<void> {
    return this.transport.close();
  }
}
