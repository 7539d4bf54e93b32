/** Command line of `npm run bench`. */
import type { BenchOptions } from './context.js';

export const WORKLOADS = ['HELLO', 'P1', 'P2', 'P3', 'P4'] as const;

export const USAGE = `usage: npm run bench -- [--quick] [--rounds=N] [--only=P1,P3,...] [--no-doc] [--doc=FILE] [--cpu-prof=DIR] [--heketi=PATH]
  --quick        short run (under two minutes): fewer rounds, shorter loads, P3 at 1,000 volumes only
  --rounds=N     alternating rounds per workload (default 3, quick 1)
  --only=LIST    workloads among ${WORKLOADS.join(', ')}
  --no-doc       do not rewrite docs/benchmarks.md
  --cpu-prof=DIR run heketi-ts under node --cpu-prof, profiles in DIR
  --heketi=PATH  compare with this Heketi binary instead of building one with test/compat/build.sh`;

export function parseArgs(argv: readonly string[], defaultDoc: string): BenchOptions {
  const opts: BenchOptions = { quick: false, rounds: 0, only: new Set(), docFile: defaultDoc, cpuProfDir: null };
  for (const arg of argv) {
    const [flag, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, ''];
    if (flag === '--quick') opts.quick = true;
    else if (flag === '--rounds' && /^[1-9]\d*$/.test(value)) opts.rounds = Number(value);
    else if (flag === '--only' && value) opts.only = new Set(value.toUpperCase().split(',').map((s) => s.trim()));
    else if (flag === '--no-doc') opts.docFile = null;
    else if (flag === '--doc' && value) opts.docFile = value;
    else if (flag === '--cpu-prof' && value) opts.cpuProfDir = value;
    else if (flag === '--heketi' && value) opts.heketiBin = value;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  for (const w of opts.only) {
    if (!(WORKLOADS as readonly string[]).includes(w)) throw new Error(`unknown workload ${w}\n${USAGE}`);
  }
  if (opts.rounds === 0) opts.rounds = opts.quick ? 1 : 3;
  return opts;
}
