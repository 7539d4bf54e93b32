import type { BrickSpec } from '../executor.js';
import { gluster, type Command, type CommandConfig } from './command.js';
import { requireValid, requireVolumeName } from './validate.js';
import { brickArg } from './volume.js';

/** Gluster command lines of the drift repairs. */

/** A volume name that gluster or gluster-block cannot read as an option. */
export const volumeArg = (name: string): string =>
  requireValid((n) => !n.startsWith('-'), 'volume name', requireVolumeName(name));

/** `volume start <volume> force`: restarts the brick processes of a started volume that are down. */
export const volumeStartForce = (config: CommandConfig, volume: string): Command =>
  gluster(config, ['volume', 'start', volumeArg(volume), 'force']);

/**
 * `volume reset-brick <volume> <brick> start`: glusterd stops the brick's process, so its file
 * system can be unmounted; it succeeds for a brick already stopped, and the commit below refuses a
 * brick still running ("Source brick must be stopped").
 */
export const volumeResetBrickStart = (config: CommandConfig, volume: string, brick: BrickSpec): Command =>
  gluster(config, ['volume', 'reset-brick', volumeArg(volume), brickArg(brick), 'start']);

/** `volume reset-brick <volume> <brick> <brick> commit force`: the same brick, rebuilt empty, rejoins. */
export const volumeResetBrick = (config: CommandConfig, volume: string, brick: BrickSpec): Command =>
  gluster(config, ['volume', 'reset-brick', volumeArg(volume), brickArg(brick), brickArg(brick), 'commit', 'force']);

/** `volume heal <volume> full`: copies the rebuilt brick's data from its replicas now. */
export const volumeHealFull = (config: CommandConfig, volume: string): Command =>
  gluster(config, ['volume', 'heal', volumeArg(volume), 'full']);
