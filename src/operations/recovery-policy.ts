/**
 * How patient start-up recovery is with the nodes. A server killed in the middle of an operation
 * leaves the commands it had sent running on the nodes: sshd (and the kubelet's exec) keep a
 * command going after its client is gone, and glusterd finishes a transaction whatever happens to
 * the CLI that asked for it. Undoing the operation while one of them is still on its way races it:
 * `gluster volume delete` finds no volume, then the late `volume create` makes one; or the delete
 * meets the late transaction's lock ("Another transaction is in progress"); or a late `volume
 * start` keeps the bricks busy so they cannot be unmounted. So recovery
 *   1. waits `settleMs` once, before undoing anything that was interrupted while remote commands
 *      could run (every phase but exec-done), so that those commands have reached the nodes;
 *   2. repeats a recovery step that failed after each of `retryDelaysMs` (every step re-reads what
 *      is there, so a repeat undoes what a late command made), and only then marks it failed.
 * The mock executor's "nodes" live in the server process and die with it, so nothing of a killed
 * server can arrive late there: it gets neither.
 */
export interface RecoveryPolicy {
  settleMs: number;
  retryDelaysMs: readonly number[];
}

/** Recover at once, and mark failed what fails once (the cleanup endpoint and background cleaner). */
export const IMMEDIATE: RecoveryPolicy = { settleMs: 0, retryDelaysMs: [] };

/**
 * Up to ~40 s of repeats: a gluster transaction holds its lock for well under a second on an idle
 * pool and a few seconds on a loaded one, and a brick whose late `volume start` just ran is free
 * once the repeat has stopped and deleted that volume.
 */
export const NODE_RETRY_DELAYS_MS: readonly number[] = [2_000, 5_000, 10_000, 20_000];

/** The policy for start-up recovery with the given executor. */
export function startupRecoveryPolicy(executor: 'mock' | 'ssh' | 'kubernetes', settleSeconds: number): RecoveryPolicy {
  if (executor === 'mock') return IMMEDIATE;
  return { settleMs: settleSeconds * 1000, retryDelaysMs: NODE_RETRY_DELAYS_MS };
}

/** Whether an operation in this phase may have had commands on their way when the server stopped. */
export const mayHaveCommandsInFlight = (phase: string): boolean => phase !== 'exec-done';
