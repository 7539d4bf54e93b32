/**
 * The gluster-block verbs of the command executor. gluster-block answers in JSON; RESULT=FAIL is
 * an answer, not a command failure, so each verb decides what a failure means for it.
 */
import type { CommandConfig } from '../config/types.js';
import * as blockCmd from './commands/block.js';
import type { Command } from './commands/command.js';
import type { BlockVolumeRequest, BlockVolumeResult } from './executor.js';
import { RemoteCommandError, type Transport } from './transport/transport.js';

/** Runs gluster-block and reads its JSON; RESULT=FAIL is returned, not thrown. */
async function runBlock(transport: Transport, host: string, command: Command): Promise<Record<string, unknown>> {
  const result = await transport.exec(host, command);
  try {
    return blockCmd.parseBlockJson(result.stdout, result.stderr);
  } catch (e) {
    throw new RemoteCommandError(host, command.argv, result.exitCode, result.stderr || (e as Error).message);
  }
}

export async function blockVolumeCreate(
  transport: Transport,
  config: CommandConfig,
  host: string,
  request: BlockVolumeRequest,
): Promise<BlockVolumeResult> {
  const command = blockCmd.blockCreate(config, request);
  const json = await runBlock(transport, host, command);
  if (blockCmd.isBlockFailure(json)) {
    throw new RemoteCommandError(host, command.argv, null, `Failed to create block volume: ${blockCmd.blockErrorMessage(json)}`);
  }
  return { ...blockCmd.parseBlockCreate(json), hosts: request.hosts };
}

/** A block volume that is already gone counts as deleted. */
export async function blockVolumeDestroy(transport: Transport, host: string, blockHostingVolumeName: string, name: string): Promise<void> {
  const command = blockCmd.blockDelete(blockHostingVolumeName, name);
  const json = await runBlock(transport, host, command);
  if (!blockCmd.isBlockFailure(json) || blockCmd.isBlockMissing(json, blockHostingVolumeName, name)) return;
  throw new RemoteCommandError(host, command.argv, null, `Failed to delete block volume: ${blockCmd.blockErrorMessage(json)}`);
}

export async function blockVolumeExpand(
  transport: Transport,
  host: string,
  blockHostingVolumeName: string,
  name: string,
  newSizeGib: number,
): Promise<void> {
  const command = blockCmd.blockModifySize(blockHostingVolumeName, name, newSizeGib);
  const json = await runBlock(transport, host, command);
  if (blockCmd.isBlockFailure(json)) {
    throw new RemoteCommandError(host, command.argv, null, `Failed to expand block volume: ${blockCmd.blockErrorMessage(json)}`);
  }
}
