/** Command line of `npm run bench`. */
import type { BenchOptions } from './context.js';

export const WORKLOADS = ['HELLO', 'P1', 'P2', 'P3', 'P4'] as const;

export const USAGE = `usage: npm run bench -- [--quick] [--rounds=N] [--only=P1,P3,...] [--no-doc] [--doc=FILE] [--cpu-prof=DIR] [--heketi=PATH] [--record-heketi]
  --quick        short run (under two minutes): fewer rounds, shorter loads, P3 at 1,000 volumes only
  --rounds=N     alternating rounds per workload (default 3, quick 1)
  --only=LIST    workloads among ${WORKLOADS.join(', ')}
  --no-doc       do not rewrite docs/benchmarks.md
  --cpu-prof=DIR run heketi-ts under node --cpu-prof, profiles in DIR
  --heketi=PATH  run Heketi's server binary at PATH side by side (default: $HEKETI_BIN); without
                 either, heketi-ts runs alone next to Heketi's recorded figures (bench/heketi-recorded.json)
  --record-heketi  write this run's Heketi figures to bench/heketi-recorded.json (needs Heketi, every workload)`;

/** `a=1,b=x` (a probe's --config or --env) as an object, whole numbers as numbers. */
export const parsePairs = (text: string): Record<string, string | number> =>
  Object.fromEntries(
    text
      .split(',')
      .filter(Boolean)
      .map((kv) => {
        const [k, ...v] = kv.split('=');
        const value = v.join('=');
        return [k!, /^\d+$/.test(value) ? Number(value) : value];
      }),
  );

export function parseArgs(argv: readonly string[], defaultDoc: string): BenchOptions {
  const opts: BenchOptions = { quick: false, rounds: 0, only: new Set(), docFile: defaultDoc, docGiven: false, cpuProfDir: null, recordHeketi: false };
  for (const arg of argv) {
    const [flag, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, ''];
    if (flag === '--quick') opts.quick = true;
    else if (flag === '--rounds' && /^[1-9]\d*$/.test(value)) opts.rounds = Number(value);
    else if (flag === '--only' && value) opts.only = new Set(value.toUpperCase().split(',').map((s) => s.trim()));
    else if (flag === '--no-doc') opts.docFile = null;
    else if (flag === '--doc' && value) [opts.docFile, opts.docGiven] = [value, true];
    else if (flag === '--cpu-prof' && value) opts.cpuProfDir = value;
    else if (flag === '--heketi' && value) opts.heketiBin = value;
    else if (flag === '--record-heketi' && !value) opts.recordHeketi = true;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  for (const w of opts.only) {
    if (!(WORKLOADS as readonly string[]).includes(w)) throw new Error(`unknown workload ${w}\n${USAGE}`);
  }
  // A recording is one whole run: figures of different runs in one file would pass for one run's.
  if (opts.recordHeketi && opts.only.size > 0) throw new Error(`--record-heketi records every workload; drop --only\n${USAGE}`);
  if (opts.rounds === 0) opts.rounds = opts.quick ? 1 : 3;
  return opts;
}

/**
 * Where this run's Heketi comes from: `--heketi=PATH`, else `$HEKETI_BIN`; or why there is none
 * (the Heketi column then shows the recorded figures). Nothing of Heketi is built here: the Go
 * module proxy refuses its module (docs/compat.md).
 */
export function heketiSource(opts: Pick<BenchOptions, 'heketiBin'>, env: NodeJS.ProcessEnv): { bin: string } | { skipped: string } {
  if (opts.heketiBin) return { bin: opts.heketiBin };
  if (env.HEKETI_BIN) return { bin: env.HEKETI_BIN };
  return { skipped: 'no --heketi=PATH and HEKETI_BIN is not set' };
}
