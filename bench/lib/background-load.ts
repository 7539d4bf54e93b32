/**
 * The contended variant's background load: busy processes on the servers' cores, so that a server
 * gets about half of each core, as on a node whose other pods keep the CPU busy. Each process ends
 * by itself after `maxMs` even if the bench dies; the bench also ends it by PID when done.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnTracked, stopTracked } from './servers.js';

export interface BackgroundLoad {
  /** Ends every busy process (by PID) and waits for them to exit. */
  stop(): Promise<void>;
}

/** One busy loop until the deadline: pure CPU, no I/O, no memory to speak of. */
export const busyLoopSource = (maxMs: number): string => `const end = Date.now() + ${Math.round(maxMs)}; while (Date.now() < end);`;

/** Starts `processes` busy loops pinned to `cpus` (unpinned when null), each ending after at most `maxMs`. */
export function startBackgroundLoad(cpus: string | null, processes: number, maxMs: number): BackgroundLoad {
  const children: ChildProcess[] = [];
  for (let i = 0; i < processes; i++) {
    children.push(spawnTracked(process.execPath, ['-e', busyLoopSource(maxMs)], cpus, { stdio: 'ignore' }));
  }
  return { stop: async () => void (await Promise.all(children.map((c) => stopTracked(c)))) };
}

/** Busy processes per run: one per server core, so each server core is shared half and half. */
export function coresIn(cpus: string | null, allCores: number): number {
  if (cpus === null) return allCores;
  return cpus.split(',').reduce((n, part) => {
    const [from, to] = part.split('-').map(Number);
    return n + (to === undefined ? 1 : to - from! + 1);
  }, 0);
}
