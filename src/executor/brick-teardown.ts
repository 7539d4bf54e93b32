/**
 * Removing a brick from its node, in Heketi's order: unmount, drop the fstab line, remove the LV,
 * remove the thin pool once no LV uses it, remove the mount directory. Each step tolerates what an
 * earlier, interrupted attempt already removed, so a teardown can always be repeated.
 */
import * as brickCmd from './commands/brick.js';
import type { ExecContext } from './exec-context.js';
import type { BrickRequest } from './executor.js';
import { RemoteCommandError } from './transport/transport.js';

/** Tears the brick down; resolves whether its thin pool went too (the device got space back). */
export async function destroyBrick(ctx: ExecContext, host: string, brick: BrickRequest): Promise<{ spaceReclaimed: boolean }> {
  const names = brickCmd.brickNames(brick);
  const umountError = await unmountBrick(ctx, host, names);
  if (!brickCmd.isSnapshotBrickPath(brick.path)) await ctx.run(host, brickCmd.fstabRemove(ctx.config, names));
  if (umountError) throw umountError;
  await removeLv(ctx, host, names, names.lvName);
  const spaceReclaimed = await removeEmptyThinPool(ctx, host, names);
  await ctx.runIgnoringFailure(host, brickCmd.removeMountDir(names));
  return { spaceReclaimed };
}

/** umount; a failure only counts when `mount` still lists the directory. */
async function unmountBrick(ctx: ExecContext, host: string, names: brickCmd.BrickNames): Promise<Error | undefined> {
  const result = await ctx.transport.exec(host, brickCmd.umountBrick(names));
  if (result.exitCode === 0) return undefined;
  const mounts = await ctx.run(host, brickCmd.listMounts());
  if (!brickCmd.isMounted(mounts.stdout, names.mountDir)) return undefined;
  if (ctx.config.debugUmountFailures) {
    const lsof = await ctx.transport.exec(host, brickCmd.lsofMountDir(names)).catch(() => undefined);
    if (lsof) ctx.log.warn(`processes using ${names.mountDir} on ${host}:\n${lsof.stdout}`);
  }
  return new RemoteCommandError(host, brickCmd.umountBrick(names).argv, result.exitCode, result.stderr);
}

/** lvremove that treats "not found" as done. */
async function removeLv(ctx: ExecContext, host: string, names: brickCmd.BrickNames, lv: string): Promise<void> {
  const command = brickCmd.lvremove(ctx.config, names, lv);
  const result = await ctx.transport.exec(host, command);
  if (result.exitCode !== 0 && !brickCmd.isLvNotFound(result.stderr)) {
    throw new RemoteCommandError(host, command.argv, result.exitCode, result.stderr);
  }
}

/** Removes the thin pool when no LV is left in it; resolves whether it is gone. */
async function removeEmptyThinPool(ctx: ExecContext, host: string, names: brickCmd.BrickNames): Promise<boolean> {
  const countCommand = brickCmd.thinCount(ctx.config, names);
  const count = await ctx.transport.exec(host, countCommand);
  if (count.exitCode !== 0 && !brickCmd.isLvNotFound(count.stderr)) {
    throw new RemoteCommandError(host, countCommand.argv, count.exitCode, count.stderr);
  }
  if (count.exitCode === 0 && brickCmd.parseThinCount(count.stdout) > 0) return false;
  try {
    await removeLv(ctx, host, names, names.tpName);
    return true;
  } catch (e) {
    ctx.log.warn((e as Error).message);
    return false;
  }
}
