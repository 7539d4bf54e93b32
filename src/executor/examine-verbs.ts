/**
 * The command executor's examiner reads and drift repairs (see Executor). The reads take no lock:
 * they change nothing, and LVM and glusterd answer them while other work runs.
 */
import * as brickCmd from './commands/brick.js';
import type { Command } from './commands/command.js';
import * as examineCmd from './commands/examine.js';
import { parseVolInfo } from './commands/gluster-xml.js';
import { parseLvsReport, parsePvsReport, parseVgsReport } from './commands/lvm-report.js';
import { parseFstab, parseMountOutput } from './commands/mounts.js';
import type { ExecContext } from './exec-context.js';
import type { LvsReport, MountState, PvsReport, VgsReport, VolInfo } from './examine-types.js';
import type { BrickRequest } from './executor.js';
import { RemoteCommandError } from './transport/transport.js';

/** Runs a read and parses its stdout; a parse failure becomes a RemoteCommandError naming host and command. */
async function read<T>(ctx: ExecContext, host: string, command: Command, parse: (stdout: string) => T): Promise<T> {
  const result = await ctx.run(host, command);
  try {
    return parse(result.stdout);
  } catch (e) {
    throw new RemoteCommandError(host, command.argv, result.exitCode, (e as Error).message);
  }
}

export const pvs = (ctx: ExecContext, host: string): Promise<PvsReport> =>
  read(ctx, host, examineCmd.lvmReport(ctx.config, 'pvs'), parsePvsReport);

export const vgs = (ctx: ExecContext, host: string): Promise<VgsReport> =>
  read(ctx, host, examineCmd.lvmReport(ctx.config, 'vgs'), parseVgsReport);

export const lvs = (ctx: ExecContext, host: string): Promise<LvsReport> =>
  read(ctx, host, examineCmd.lvmReport(ctx.config, 'lvs'), parseLvsReport);

export async function mountState(ctx: ExecContext, host: string): Promise<MountState> {
  const [mounts, fstab] = await Promise.all([
    read(ctx, host, examineCmd.mountList(), parseMountOutput),
    read(ctx, host, examineCmd.catFstab(ctx.config), parseFstab),
  ]);
  return { mounts, fstab };
}

export const volumesInfo = (ctx: ExecContext, host: string): Promise<VolInfo> =>
  read(ctx, host, examineCmd.volumesInfoXml(ctx.config), parseVolInfo);

/** gluster-block's `{"blocks":[...]}` answer. */
const parseBlockList = (stdout: string): string[] => {
  const parsed = JSON.parse(stdout) as { blocks?: unknown };
  return Array.isArray(parsed.blocks) ? parsed.blocks.filter((b): b is string => typeof b === 'string') : [];
};

export const blockVolumeList = (ctx: ExecContext, host: string, blockHostingVolume: string): Promise<string[]> =>
  read(ctx, host, examineCmd.blockVolumeList(blockHostingVolume), parseBlockList);

/** Restores the fstab line when it is missing and mounts the brick when it is not mounted. */
export async function brickMount(ctx: ExecContext, host: string, brick: BrickRequest): Promise<void> {
  const names = brickCmd.brickNames(brick);
  const state = await mountState(ctx, host);
  const snapshot = brickCmd.isSnapshotBrickPath(brick.path);
  if (!snapshot && !state.fstab.some((f) => f.mountPoint === names.mountDir)) {
    await ctx.run(host, brickCmd.fstabAppend(ctx.config, names));
  }
  if (state.mounts.some((m) => m.mountPoint === names.mountDir)) return;
  await ctx.run(host, brickCmd.makeMountDir(names));
  await ctx.run(host, brickCmd.mountBrick(ctx.config, names));
}
