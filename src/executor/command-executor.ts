import { randomBytes } from 'node:crypto';
import type { SshExecConfig } from '../config/types.js';
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
import * as blockCmd from './commands/block.js';
import * as brickCmd from './commands/brick.js';
import * as deviceCmd from './commands/device.js';
import * as peerCmd from './commands/peer.js';
import * as snapshotCmd from './commands/snapshot.js';
import * as volumeCmd from './commands/volume.js';
import { parseHealInfo, parseCliOutput, parseVolumeInfo } from './commands/gluster-xml.js';
import { plain } from './commands/command.js';
import { KeyedMutex, KeyedSharedExclusiveLock, SharedExclusiveLock } from './transport/semaphore.js';
import { SshAgent } from './transport/ssh-agent.js';
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
 * The SSH command executor: each Executor verb is Heketi's command sequence (see commands/), run
 * through a Transport. Bricks on one host are made and removed in parallel, as Heketi does (LVM
 * locks its VG; only the fstab edits are serialised), while device setup and teardown run alone. Gluster transactions on one volume are serialised, because glusterd refuses a
 * second one on a locked volume ("Another transaction is in progress"); different volumes proceed
 * in parallel, and peer and snapshot transactions run alone.
 */
export const createCommandExecutor = (
  config: SshExecConfig,
  transport: Transport = new SshAgent(config),
  options: CommandExecutorOptions = {},
): Executor => new CommandExecutor(config, transport, options);

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

  constructor(
    private readonly config: SshExecConfig,
    private readonly transport: Transport,
    options: CommandExecutorOptions,
  ) {
    this.log = options.logger ?? silent;
    this.rebalance = options.rebalanceOnExpansion ?? true;
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
        return await this.readNewDevice(host, device, vgId);
      } catch (e) {
        await this.removeVgAndPv(host, vgId, device).catch((cleanup: Error) => this.log.warn(cleanup.message));
        throw e;
      }
    });
  }

  private async readNewDevice(host: string, device: string, vgId: string): Promise<DeviceInfo> {
    const pvs = await this.run(host, deviceCmd.pvsReport(this.config, device));
    const links = await this.run(host, deviceCmd.udevSymlinks(this.config, device));
    const sizes = deviceCmd.parseVgDisplay((await this.run(host, deviceCmd.vgdisplay(this.config, vgId))).stdout);
    const paths = [device, ...deviceCmd.parseUdevSymlinks(links.stdout).filter((p) => p !== device)];
    return { ...sizes, pvUuid: deviceCmd.parsePvUuid(pvs.stdout), paths };
  }

  async getDeviceInfo(host: string, device: DeviceHandle, vgId: string): Promise<DeviceInfo> {
    return this.hostLocks.run(host, 'exclusive', async () => {
      let pvUuid = device.pvUuid;
      if (pvUuid === '') {
        const vgs = await this.transport.exec(host, deviceCmd.vgsReport(this.config, vgId)).catch(() => undefined);
        pvUuid = vgs?.exitCode === 0 ? deviceCmd.parsePvUuid(vgs.stdout) : '';
      }
      const sizes = deviceCmd.parseVgDisplay((await this.run(host, deviceCmd.vgdisplay(this.config, vgId))).stdout);
      return { ...sizes, pvUuid, paths: device.paths };
    });
  }

  /** The path to address a PV by: its by-id uuid link when the node has it, else the stored path or name. */
  private async pvPath(host: string, device: DeviceHandle): Promise<string> {
    const fallback = device.paths[0] ?? device.name;
    if (device.pvUuid === '') return fallback;
    const byId = deviceCmd.pvUuidPath(device.pvUuid);
    const probe = await this.transport.exec(host, plain(['test', '-b', byId], undefined, [0, 1])).catch(() => undefined);
    return probe?.exitCode === 0 ? byId : fallback;
  }

  private async removeVgAndPv(host: string, vgId: string, pvPath: string): Promise<void> {
    await this.runAll(host, [deviceCmd.vgremove(this.config, vgId), deviceCmd.pvremove(this.config, pvPath)]);
  }

  async deviceTeardown(host: string, device: DeviceHandle, vgId: string): Promise<void> {
    return this.hostLocks.run(host, 'exclusive', async () => {
      const path = await this.pvPath(host, device);
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
      const path = await this.pvPath(host, device).catch(() => device.name);
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
        await this.destroyBrick(host, brick).catch((cleanup: Error) => this.log.warn(`brick rollback: ${cleanup.message}`));
        throw e;
      }
    });
  }

  async brickDestroy(host: string, brick: BrickRequest): Promise<{ spaceReclaimed: boolean }> {
    if (this.unreachedBricks.delete(brickKey(host, brick))) return { spaceReclaimed: true };
    return this.hostLocks.run(host, 'shared', () => this.destroyBrick(host, brick));
  }

  private async destroyBrick(host: string, brick: BrickRequest): Promise<{ spaceReclaimed: boolean }> {
    const names = brickCmd.brickNames(brick);
    const umountError = await this.unmountBrick(host, names);
    if (!brickCmd.isSnapshotBrickPath(brick.path)) await this.run(host, brickCmd.fstabRemove(this.config, names));
    if (umountError) throw umountError;
    await this.removeLv(host, names, names.lvName);
    const spaceReclaimed = await this.removeEmptyThinPool(host, names);
    await this.runIgnoringFailure(host, brickCmd.removeMountDir(names));
    return { spaceReclaimed };
  }

  /** umount; a failure only counts when `mount` still lists the directory. */
  private async unmountBrick(host: string, names: brickCmd.BrickNames): Promise<Error | undefined> {
    const result = await this.transport.exec(host, brickCmd.umountBrick(names));
    if (result.exitCode === 0) return undefined;
    const mounts = await this.run(host, brickCmd.listMounts());
    if (!brickCmd.isMounted(mounts.stdout, names.mountDir)) return undefined;
    if (this.config.debugUmountFailures) {
      const lsof = await this.transport.exec(host, brickCmd.lsofMountDir(names)).catch(() => undefined);
      if (lsof) this.log.warn(`processes using ${names.mountDir} on ${host}:\n${lsof.stdout}`);
    }
    return new RemoteCommandError(host, brickCmd.umountBrick(names).argv, result.exitCode, result.stderr);
  }

  /** lvremove that treats "not found" as done; resolves whether the LV is gone. */
  private async removeLv(host: string, names: brickCmd.BrickNames, lv: string): Promise<void> {
    const command = brickCmd.lvremove(this.config, names, lv);
    const result = await this.transport.exec(host, command);
    if (result.exitCode !== 0 && !brickCmd.isLvNotFound(result.stderr)) {
      throw new RemoteCommandError(host, command.argv, result.exitCode, result.stderr);
    }
  }

  private async removeEmptyThinPool(host: string, names: brickCmd.BrickNames): Promise<boolean> {
    const countCommand = brickCmd.thinCount(this.config, names);
    const count = await this.transport.exec(host, countCommand);
    if (count.exitCode !== 0 && !brickCmd.isLvNotFound(count.stderr)) {
      throw new RemoteCommandError(host, countCommand.argv, count.exitCode, count.stderr);
    }
    if (count.exitCode === 0 && brickCmd.parseThinCount(count.stdout) > 0) return false;
    try {
      await this.removeLv(host, names, names.tpName);
      return true;
    } catch (e) {
      this.log.warn((e as Error).message);
      return false;
    }
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

  /** Runs gluster-block and reads its JSON; RESULT=FAIL is returned, not thrown. */
  private async runBlock(host: string, command: Command): Promise<Record<string, unknown>> {
    const result = await this.transport.exec(host, command);
    try {
      return blockCmd.parseBlockJson(result.stdout, result.stderr);
    } catch (e) {
      throw new RemoteCommandError(host, command.argv, result.exitCode, result.stderr || (e as Error).message);
    }
  }

  async blockVolumeCreate(host: string, request: BlockVolumeRequest): Promise<BlockVolumeResult> {
    const command = blockCmd.blockCreate(this.config, request);
    const json = await this.runBlock(host, command);
    if (blockCmd.isBlockFailure(json)) {
      throw new RemoteCommandError(host, command.argv, null, `Failed to create block volume: ${blockCmd.blockErrorMessage(json)}`);
    }
    return { ...blockCmd.parseBlockCreate(json), hosts: request.hosts };
  }

  async blockVolumeDestroy(host: string, blockHostingVolumeName: string, name: string): Promise<void> {
    const command = blockCmd.blockDelete(blockHostingVolumeName, name);
    const json = await this.runBlock(host, command);
    if (!blockCmd.isBlockFailure(json) || blockCmd.isBlockMissing(json, blockHostingVolumeName, name)) return;
    throw new RemoteCommandError(host, command.argv, null, `Failed to delete block volume: ${blockCmd.blockErrorMessage(json)}`);
  }

  async blockVolumeExpand(host: string, blockHostingVolumeName: string, name: string, newSizeGib: number): Promise<void> {
    const command = blockCmd.blockModifySize(blockHostingVolumeName, name, newSizeGib);
    const json = await this.runBlock(host, command);
    if (blockCmd.isBlockFailure(json)) {
      throw new RemoteCommandError(host, command.argv, null, `Failed to expand block volume: ${blockCmd.blockErrorMessage(json)}`);
    }
  }

  async close(): Promise<void> {
    return this.transport.close();
  }
}
