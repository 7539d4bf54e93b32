import type { BrickSpec, VolumeDurabilitySpec, VolumeRequest } from '../executor.js';
import { gluster, type Command, type CommandConfig } from './command.js';
import { requireGlusterOption, requireHostname, type GlusterOption, requirePath, requireVolumeName, requirePositiveInt } from './validate.js';

/** Gluster volume command lines (Heketi's VolumeCreate/Expand/Destroy/Info/ReplaceBrick/HealInfo). */

/** Bricks per set: the replica count, data + redundancy, or 1 for distribute-only volumes. */
export const setSize = (durability: VolumeDurabilitySpec): number => {
  switch (durability.type) {
    case 'none':
      return 1;
    case 'replicate':
      return requirePositiveInt(durability.replica, 'replica count');
    case 'disperse':
      return requirePositiveInt(durability.data, 'disperse data') + requirePositiveInt(durability.redundancy, 'redundancy');
  }
};

/** How many sets one add-brick command carries (Heketi: 15 distribute, 5 replica, 1 disperse). */
const maxSetsPerCommand = (durability: VolumeDurabilitySpec): number =>
  durability.type === 'none' ? 15 : durability.type === 'replicate' ? 5 : 1;

const layoutArgs = (durability: VolumeDurabilitySpec): string[] => {
  switch (durability.type) {
    case 'none':
      return [];
    case 'replicate':
      return ['replica', String(durability.replica), ...(durability.arbiter ? ['arbiter', '1'] : [])];
    case 'disperse':
      return ['disperse-data', String(durability.data), 'redundancy', String(durability.redundancy)];
  }
};

/** `host:path` as gluster names a brick, after validating both halves. */
export const brickArg = (brick: BrickSpec): string =>
  `${requireHostname(brick.host)}:${requirePath(brick.path, 'brick path')}`;

const chunk = <T>(items: T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
};

export const addBrickCommands = (config: CommandConfig, name: string, bricks: BrickSpec[], durability: VolumeDurabilitySpec): Command[] =>
  chunk(bricks, setSize(durability) * maxSetsPerCommand(durability)).map((part) =>
    gluster(config, ['volume', 'add-brick', requireVolumeName(name), ...part.map(brickArg)]),
  );

/** Keys gluster treats specially (`group <name>` loads a file of options): always set on their own. */
const SOLO_OPTION_KEYS = new Set(['group']);

/**
 * `volume set <name> <key> <value> [<key> <value>]...`: consecutive options share one command, so
 * one glusterd transaction instead of one per option (Heketi sent one each); a `group` option
 * stays on its own. The order is kept, so a later option still overrides an earlier one.
 */
export const volumeSetCommands = (config: CommandConfig, name: string, options: string[]): Command[] => {
  const volume = requireVolumeName(name);
  const batches: GlusterOption[][] = [];
  for (const option of options.filter((o) => o.trim() !== '').map(requireGlusterOption)) {
    const last = batches.at(-1);
    const joinable = last !== undefined && !SOLO_OPTION_KEYS.has(option.key) && !SOLO_OPTION_KEYS.has(last[0]?.key ?? '');
    if (joinable) last.push(option);
    else batches.push([option]);
  }
  return batches.map((batch) => gluster(config, ['volume', 'set', volume, ...batch.flatMap((o) => [o.key, o.value])]));
};

export const volumeStart = (config: CommandConfig, name: string): Command =>
  gluster(config, ['volume', 'start', requireVolumeName(name)]);

/** create (first set) → add-brick (the other sets, chunked) → set options → start. */
export const volumeCreateSequence = (config: CommandConfig, volume: VolumeRequest): Command[] => {
  const name = requireVolumeName(volume.name);
  const inSet = setSize(volume.durability);
  if (volume.bricks.length === 0 || volume.bricks.length % inSet !== 0) {
    throw new Error(`volume ${name}: ${volume.bricks.length} bricks do not fill sets of ${inSet}`);
  }
  const first = volume.bricks.slice(0, inSet);
  return [
    gluster(config, ['volume', 'create', name, ...layoutArgs(volume.durability), ...first.map(brickArg)]),
    ...addBrickCommands(config, name, volume.bricks.slice(inSet), volume.durability),
    ...volumeSetCommands(config, name, volume.glusterVolumeOptions),
    volumeStart(config, name),
  ];
};

export const volumeRebalanceStart = (config: CommandConfig, name: string): Command =>
  gluster(config, ['volume', 'rebalance', requireVolumeName(name), 'start']);

export const volumeStopForce = (config: CommandConfig, name: string): Command =>
  gluster(config, ['volume', 'stop', requireVolumeName(name), 'force']);

export const volumeDelete = (config: CommandConfig, name: string): Command =>
  gluster(config, ['volume', 'delete', requireVolumeName(name)]);

export const volumeInfoXml = (config: CommandConfig, name: string): Command =>
  gluster(config, ['volume', 'info', requireVolumeName(name)], { xml: true });

export const healInfoXml = (config: CommandConfig, name: string): Command =>
  gluster(config, ['volume', 'heal', requireVolumeName(name), 'info'], { xml: true });

export const replaceBrick = (config: CommandConfig, name: string, oldBrick: BrickSpec, newBrick: BrickSpec): Command =>
  gluster(config, ['volume', 'replace-brick', requireVolumeName(name), brickArg(oldBrick), brickArg(newBrick), 'commit', 'force']);

/** Gluster's answer for a volume that is not there (stop, delete, info). */
export const isVolumeMissing = (text: string): boolean => /does not exist/i.test(text);
