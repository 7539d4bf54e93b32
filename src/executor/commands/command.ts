import type { CommandConfig } from '../../config/types.js';

/**
 * A remote command as data. The argv is never joined into a shell string here: the ssh transport
 * does that through its one quoting function, the kubernetes transport sends it as a list, so no
 * element is ever interpreted by a shell.
 */
export interface Command {
  argv: string[];
  timeoutMs: number;
  /** Exit codes that count as success; `[0]` when absent. */
  okExitCodes?: number[];
  /** A file on the node that the command rewrites: commands naming the same one run one at a time. */
  edits?: 'fstab';
}

/** The settings the command builders read (Heketi's cmdexec keys), whichever transport runs them. */
export type { CommandConfig };

const MINUTE_MS = 60_000;

/** Heketi's timeouts: LVM and device commands 5 min, brick creation 10, gluster-block 10, glusterd check 10. */
export const Timeouts = {
  lvm: 5 * MINUTE_MS,
  brick: 10 * MINUTE_MS,
  block: 10 * MINUTE_MS,
  glusterdCheck: 10 * MINUTE_MS,
  /** Gluster batches: max(10, 1 + (cli_timeout + 1) / 60) minutes, 11 by default. */
  gluster: (cliTimeoutSeconds: number): number =>
    Math.max(10, 1 + Math.floor((cliTimeoutSeconds + 1) / 60)) * MINUTE_MS,
};

const splitWrapper = (wrapper: string): string[] => wrapper.split(/\s+/).filter((part) => part !== '');

/** `/usr/sbin/lvm <args>`, behind the configured lvm_wrapper when there is one. */
export const lvm = (config: CommandConfig, args: string[], timeoutMs = Timeouts.lvm): Command => ({
  argv: [...splitWrapper(config.lvmWrapper), '/usr/sbin/lvm', ...args],
  timeoutMs,
});

/** `/usr/bin/udevadm <args>`, behind the lvm_wrapper like Heketi does. */
export const udevadm = (config: CommandConfig, args: string[]): Command => ({
  argv: [...splitWrapper(config.lvmWrapper), '/usr/bin/udevadm', ...args],
  timeoutMs: Timeouts.lvm,
});

/**
 * `gluster --mode=script --timeout=<cli_timeout> [--xml] -- <args>`. The gluster CLI takes its own
 * options (`--log-file=`, `--remote-host=` …) anywhere on the line, but stops looking at `--`
 * (cli/src/cli.c parse_cmdline): after it, a word is a word, whatever the validation let through.
 */
export const gluster = (config: CommandConfig, args: string[], output: { xml?: boolean } = {}): Command => ({
  argv: ['gluster', '--mode=script', `--timeout=${config.glusterCliTimeout}`, ...(output.xml ? ['--xml'] : []), '--', ...args],
  timeoutMs: Timeouts.gluster(config.glusterCliTimeout),
});

/** A plain command (mkdir, mount, mkfs.xfs, ...) with the given timeout. */
export const plain = (argv: string[], timeoutMs = Timeouts.lvm, okExitCodes?: number[]): Command =>
  okExitCodes ? { argv, timeoutMs, okExitCodes } : { argv, timeoutMs };

/** `y` or `n` for LVM's --autobackup, from backup_lvm_metadata. */
export const autobackup = (config: CommandConfig): string => (config.backupLvmMetadata ? 'y' : 'n');
