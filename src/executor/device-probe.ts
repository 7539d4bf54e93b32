/** Reading a device's facts from its node: sizes, PV uuid, udev links, and the path to address it by. */
import * as deviceCmd from './commands/device.js';
import { plain } from './commands/command.js';
import type { ExecContext } from './exec-context.js';
import type { DeviceHandle, DeviceInfo } from './executor.js';

/** What a device just set up looks like: VG sizes, its PV uuid and every udev link to it. */
export async function readNewDevice(ctx: ExecContext, host: string, device: string, vgId: string): Promise<DeviceInfo> {
  const pvs = await ctx.run(host, deviceCmd.pvsReport(ctx.config, device));
  const links = await ctx.run(host, deviceCmd.udevSymlinks(ctx.config, device));
  const sizes = deviceCmd.parseVgDisplay((await ctx.run(host, deviceCmd.vgdisplay(ctx.config, vgId))).stdout);
  const paths = [device, ...deviceCmd.parseUdevSymlinks(links.stdout).filter((p) => p !== device)];
  return { ...sizes, pvUuid: deviceCmd.parsePvUuid(pvs.stdout), paths };
}

/** A known device's VG sizes; its PV uuid is looked up only when the record lacks one. */
export async function readDeviceInfo(ctx: ExecContext, host: string, device: DeviceHandle, vgId: string): Promise<DeviceInfo> {
  let pvUuid = device.pvUuid;
  if (pvUuid === '') {
    const vgs = await ctx.transport.exec(host, deviceCmd.vgsReport(ctx.config, vgId)).catch(() => undefined);
    pvUuid = vgs?.exitCode === 0 ? deviceCmd.parsePvUuid(vgs.stdout) : '';
  }
  const sizes = deviceCmd.parseVgDisplay((await ctx.run(host, deviceCmd.vgdisplay(ctx.config, vgId))).stdout);
  return { ...sizes, pvUuid, paths: device.paths };
}

/** The path to address a PV by: its by-id uuid link when the node has it, else the stored path or name. */
export async function pvPath(ctx: ExecContext, host: string, device: DeviceHandle): Promise<string> {
  const fallback = device.paths[0] ?? device.name;
  if (device.pvUuid === '') return fallback;
  const byId = deviceCmd.pvUuidPath(device.pvUuid);
  const probe = await ctx.transport.exec(host, plain(['test', '-b', byId], undefined, [0, 1])).catch(() => undefined);
  return probe?.exitCode === 0 ? byId : fallback;
}
