/**
 * Which cores the servers and the load generator run on. Pinned apart, every server gets the same
 * cores whatever the load generator does, and the load generator never takes a server's core.
 */
import { spawnSync } from 'node:child_process';

export interface CpuLayout {
  /** taskset list for the servers under test, e.g. "0". */
  servers: string;
  /** taskset list for the bench process itself (the load generator), e.g. "1". */
  loadGenerator: string;
}

const range = (from: number, to: number): string => (from === to ? `${from}` : `${from}-${to}`);

/**
 * Half the cores (rounded down, at least one) to the servers, the rest to the load generator;
 * null with fewer than two cores or without taskset, when nothing is pinned.
 */
export function planCpuLayout(cores: number, tasksetAvailable: boolean): CpuLayout | null {
  if (!tasksetAvailable || cores < 2) return null;
  const serverCores = Math.max(1, Math.floor(cores / 2));
  return { servers: range(0, serverCores - 1), loadGenerator: range(serverCores, cores - 1) };
}

/** The header's words for a layout. */
export function describeCpuLayout(layout: CpuLayout | null): string {
  return layout === null
    ? 'servers and load generator unpinned (sharing every core)'
    : `servers pinned to CPU ${layout.servers}, load generator to CPU ${layout.loadGenerator} (taskset)`;
}

export const tasksetAvailable = (): boolean => spawnSync('taskset', ['-p', String(process.pid)]).status === 0;

/** Moves every thread of this process (the load generator) onto `cpus`. */
export function pinThisProcess(cpus: string): void {
  const result = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`taskset -a -p -c ${cpus} failed: ${result.stderr}`);
}
