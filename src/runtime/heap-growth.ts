/**
 * How far V8 lets its old generation grow past what survived the last full collection.
 *
 * V8 chooses that factor itself (up to 4× on a machine with memory to spare) and, until its first
 * full collection, allows a limit set from the machine's memory, not from the program. Under a
 * steady stream of reads the response cache's bodies and the misses' garbage are promoted to
 * the old generation; with V8's defaults a 10,000-volume server went through P3's reads without a
 * single full collection and held 80 MiB of old space (a third of it garbage), and where the
 * bench read RSS moved by 15 MiB between runs (docs/benchmarks.md, "Memory"). A fixed 25 % keeps
 * the committed heap within a quarter of the live data, at the cost of more frequent, smaller
 * full collections, which V8 marks concurrently.
 *
 * Node accepts no such V8 flag in NODE_OPTIONS, so the server sets it at start; V8 reads it each
 * time it recomputes the limit. A `--heap-growing-percent` given on node's own command line wins.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 25;

/** The V8 flag to set, or null when node's command line already chose one. */
export function heapGrowthFlag(execArgv: readonly string[]): string | null {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg))) return null;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/** Sets the flag for this process (once, at start: `serve` only, the CLI commands are short-lived). */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  const flag = heapGrowthFlag(execArgv);
  if (flag !== null) setFlagsFromString(flag);
}
