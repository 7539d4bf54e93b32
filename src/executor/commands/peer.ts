import { gluster, plain, Timeouts, type Command, type CommandConfig } from './command.js';
import { requireHostname } from './validate.js';

/** Trusted-pool command lines (Heketi's GlusterdCheck, PeerProbe, PeerDetach). */

export const glusterdStatus = (): Command => plain(['systemctl', 'status', 'glusterd'], Timeouts.glusterdCheck);

/** `peer probe`, followed by the snapshot hard limit when snapshot_limit > 0. */
export const peerProbeSequence = (config: CommandConfig, storageHost: string): Command[] => [
  gluster(config, ['peer', 'probe', requireHostname(storageHost)]),
  ...(config.snapshotLimit > 0
    ? [gluster(config, ['snapshot', 'config', 'snap-max-hard-limit', String(config.snapshotLimit)])]
    : []),
];

export const peerDetach = (config: CommandConfig, storageHost: string): Command =>
  gluster(config, ['peer', 'detach', requireHostname(storageHost)]);
