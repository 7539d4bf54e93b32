/**
 * The load generator's own V8 settings. Its collector's pauses land in every latency it measures:
 * with V8's default young generation (semi-spaces growing to 16 MiB) its scavenges took up to
 * ~8 ms, 8–14 a second in some 4-second reads, and each delayed all 16 reads in flight, which
 * showed as stretches of slow reads of the server (docs/benchmarks.md, "The load generator's
 * collector"). With 1 MiB semi-spaces it scavenges more often, each well under a millisecond.
 */
import { spawnSync } from 'node:child_process';

export const LOAD_GENERATOR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/** A V8 flag's name as node reads it (`--a_b=1` and `--a-b=2` are the same flag). */
const flagName = (arg: string): string => arg.split('=')[0]!.replace(/_/g, '-');
const NAMES = new Set(LOAD_GENERATOR_NODE_FLAGS.map(flagName));

/** The flags node's command line lacks (one given with another value is left as given). */
export function missingLoadGeneratorFlags(execArgv: readonly string[]): string[] {
  return LOAD_GENERATOR_NODE_FLAGS.filter((flag) => !execArgv.some((arg) => flagName(arg) === flagName(flag)));
}

/** The load generator's settings this process runs with, as given on node's command line (for the results' header). */
export const loadGeneratorFlagsInUse = (execArgv: readonly string[] = process.execArgv): string[] =>
  execArgv.filter((arg) => NAMES.has(flagName(arg)));

/**
 * Runs this command again under node with the flags it lacks (they cannot be set once the heap
 * exists, and node refuses them in NODE_OPTIONS); returns the child's exit status, or null when
 * nothing is missing and this process is the load generator.
 */
export function relaunchWithLoadGeneratorFlags(): number | null {
  const missing = missingLoadGeneratorFlags(process.execArgv);
  if (missing.length === 0) return null;
  const result = spawnSync(process.execPath, [...missing, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  return result.status ?? 1;
}
