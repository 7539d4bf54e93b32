import { gluster, type Command, type CommandConfig } from './command.js';
import { requireVolumeName } from './validate.js';

/** Volume clone through a temporary snapshot (Heketi's VolumeClone). Every step answers in XML. */

const snapshotName = (name: string): string => requireVolumeName(name);

export const snapshotCreate = (config: CommandConfig, snapshot: string, volume: string): Command =>
  gluster(config, ['--xml', 'snapshot', 'create', snapshotName(snapshot), requireVolumeName(volume), 'no-timestamp']);

export const snapshotActivate = (config: CommandConfig, snapshot: string): Command =>
  gluster(config, ['--xml', 'snapshot', 'activate', snapshotName(snapshot)]);

export const snapshotClone = (config: CommandConfig, clone: string, snapshot: string): Command =>
  gluster(config, ['--xml', 'snapshot', 'clone', requireVolumeName(clone), snapshotName(snapshot)]);

export const cloneStart = (config: CommandConfig, clone: string): Command =>
  gluster(config, ['--xml', 'volume', 'start', requireVolumeName(clone)]);

export const snapshotDeactivate = (config: CommandConfig, snapshot: string): Command =>
  gluster(config, ['--xml', 'snapshot', 'deactivate', snapshotName(snapshot)]);

export const snapshotDelete = (config: CommandConfig, snapshot: string): Command =>
  gluster(config, ['--xml', 'snapshot', 'delete', snapshotName(snapshot)]);
