/** What every workload gets: options, where things are, the results sink, a progress log. */
import type { CpuLayout } from './cpu-layout.js';
import type { Results } from './report.js';
import type { ServerPaths } from './servers.js';

/** Which server a figure belongs to. */
export type Side = 'heketi-ts' | 'heketi';

export interface BenchOptions {
  quick: boolean;
  /** Alternating rounds per workload (each round runs heketi-ts, then Heketi, or the reverse). */
  rounds: number;
  /** Workloads to run (P1 P2 P3 P4 HELLO); all when empty. */
  only: ReadonlySet<string>;
  /** Where the markdown goes; null to skip writing. */
  docFile: string | null;
  /** True when `--doc=FILE` named the file (a run without Heketi writes only such a file). */
  docGiven: boolean;
  /** Run heketi-ts under `node --cpu-prof` and keep the profiles in this directory. */
  cpuProfDir: string | null;
  /** Heketi's server binary to run side by side (`--heketi=PATH`; run.ts falls back to $HEKETI_BIN). */
  heketiBin?: string | null;
  /** Write this run's Heketi figures to bench/heketi-recorded.json. */
  recordHeketi: boolean;
}

export interface BenchContext {
  options: BenchOptions;
  paths: ServerPaths;
  results: Results;
  /** Where servers and load generator run; null (or absent) when nothing is pinned. */
  cpus?: CpuLayout | null;
  log(message: string): void;
}

/** The taskset list every server of this run is started on (null: anywhere). */
export const serverCpus = (ctx: BenchContext): string | null => ctx.cpus?.servers ?? null;

/** The servers this run compares: heketi-ts, and Heketi when its binary was given. */
export const availableSides = (ctx: BenchContext): Side[] => (ctx.paths.heketiBin === null ? ['heketi-ts'] : ['heketi-ts', 'heketi']);

/** Round r runs the sides in order when r is even and reversed when odd, so neither always goes first. */
export function sidesForRound<T>(round: number, sides: readonly T[]): T[] {
  return round % 2 === 0 ? [...sides] : [...sides].reverse();
}
