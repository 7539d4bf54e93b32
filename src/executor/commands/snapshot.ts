import { gluster, type Command, type CommandConfig } from './command.js';
import { requireVolumeName } from './validate.js';

/** Volume clone through a temporary snapshot (Heketi's VolumeClone). Every step answers in XML. */
const XML = { xml: true };

const snapshotName = (name: string): string => requireVolumeName(name);

export const snapshotCreate = (config: CommandConfig, snapshot: string, volume: string): Command =>
  gluster(config, ['snapshot', 'create', snapshotName(snapshot), requireVolumeName(volume), 'no-timestamp'], XML);

export const snapshotActivate = (config: CommandConfig, snapshot: string): Command =>
  gluster(config, ['snapshot', 'activate', snapshotName(snapshot)], XML);

export const snapshotClone = (config: CommandConfig, clone: string, snapshot: string): Command =>
  gluster(config, ['snapshot', 'clone', requireVolumeName(clone), snapshotName(snapshot)], XML);

export const cloneStart = (config: CommandConfig, clone: string): Command =>
  gluster(config, ['volume', 'start', requireVolumeName(clone)], XML);

export const snapshotDeactivate = (config: CommandConfig, snapshot: string): Command =>
  gluster(config, ['snapshot', 'deactivate', snapshotName(snapshot)], XML);

export const snapshotDelete = (config: CommandConfig, snapshot: string): Command =>
  gluster(config, ['snapshot', 'delete', snapshotName(snapshot)], XML);
