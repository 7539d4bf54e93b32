/**
 * `npm run bench`: builds the real Heketi (test/compat/build.sh, cached), then runs every workload
 * against heketi-ts and Heketi in alternating rounds, prints medians and the heketi-ts/Heketi ratio,
 * and writes the table into docs/benchmarks.md.
 *
 * As root the run moves into a private network namespace (loopback only) first: Heketi listens on
 * every interface and has no setting for that, so this keeps every server on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus as cpuList, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './lib/args.js';
import type { BenchContext, BenchOptions } from './lib/context.js';
import { writeResults } from './lib/doc.js';
import { describeEnvironment, environmentLine } from './lib/environment.js';
import { markdownTable, Results, textTable } from './lib/report.js';
import { buildHeketiTs, HEKETI_TS_NODE_FLAGS, stopAllServers } from './lib/servers.js';
import { describeCpuLayout, pinThisProcess, planCpuLayout, tasksetAvailable, type CpuLayout } from './lib/cpu-layout.js';
import { runHello } from './workloads/hello.js';
import { runP1 } from './workloads/p1-create.js';
import { runP2 } from './workloads/p2-throttle.js';
import { runP3 } from './workloads/p3-reads.js';
import { runP4 } from './workloads/p4-allocator.js';
import { P5_NOTE } from './workloads/p5-placeholder.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HEKETI_COMMIT = 'e08cc22d31ea7b9ad45137f5d72e591c175dbd3b';

const WORKLOAD_RUNNERS: [string, (ctx: BenchContext) => Promise<void>][] = [
  ['P4', runP4],
  ['HELLO', runHello],
  ['P1', runP1],
  ['P2', runP2],
  ['P3', runP3],
];

/** Exit status 3 of build.sh: the Go module proxy refuses Heketi's module (see docs/compat.md). */
const BUILD_BLOCKED = 3;

const cpuCount = (): number => cpuList().length;

/** Builds Heketi (cached); false when the proxy refuses it, so heketi-ts runs alone. */
function buildHeketi(): boolean {
  const result = spawnSync(join(root, 'test/compat/build.sh'), { stdio: 'inherit' });
  if (result.status === BUILD_BLOCKED) return false;
  if (result.status !== 0) throw new Error('test/compat/build.sh failed');
  return true;
}

/** Re-runs this command inside `unshare -n` when root and not there yet; returns its exit status or null. */
function reexecInNetns(): number | null {
  if (process.getuid?.() !== 0 || process.env.BENCH_IN_NETNS || process.env.BENCH_NO_NETNS) return null;
  if (spawnSync('unshare', ['-n', 'true']).status !== 0) return null;
  const argv = [process.execPath, ...process.execArgv, ...process.argv.slice(1)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  const result = spawnSync('unshare', ['-n', 'bash', '-c', `ip link set lo up && exec ${argv.join(' ')}`], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_IN_NETNS: '1' },
  });
  return result.status ?? 1;
}

async function runWorkloads(options: BenchOptions, results: Results, withHeketi: boolean, cpus: CpuLayout | null): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'heketi-bench-'));
  const ctx: BenchContext = {
    options,
    paths: { root, heketiBin: withHeketi ? (options.heketiBin ?? join(root, 'test/compat/.build/heketi')) : null, workDir },
    results,
    cpus,
    log: (m) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`),
  };
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
  try {
    for (const [name, run] of WORKLOAD_RUNNERS) {
      if (options.only.size > 0 && !options.only.has(name)) continue;
      ctx.log(`=== ${name}`);
      await run(ctx);
    }
  } finally {
    await stopAllServers();
    if (!process.env.BENCH_KEEP) rmSync(workDir, { recursive: true, force: true });
    else ctx.log(`kept ${workDir}`);
  }
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseArgs(process.argv.slice(2), join(root, 'docs/benchmarks.md'));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (!process.env.BENCH_IN_NETNS) {
    if (options.heketiBin) {
      if (!existsSync(options.heketiBin)) throw new Error(`--heketi=${options.heketiBin}: no such file`);
      process.env.BENCH_HEKETI = '1';
    } else {
      process.env.BENCH_HEKETI = buildHeketi() ? '1' : '0';
      if (process.env.BENCH_HEKETI === '0') console.log('bench: Heketi could not be built (blocked); heketi-ts runs alone');
    }
    console.log('bench: compiling heketi-ts (tsc -p tsconfig.build.json), which runs as deployed: node dist/main.js');
    buildHeketiTs(root);
  }
  const nested = reexecInNetns();
  if (nested !== null) return nested;
  const withHeketi = process.env.BENCH_HEKETI !== '0';

  const started = performance.now();
  const env = describeEnvironment(HEKETI_COMMIT);
  const results = new Results();
  const cpus = planCpuLayout(cpuCount(), tasksetAvailable());
  if (cpus !== null) pinThisProcess(cpus.loadGenerator);
  await runWorkloads(options, results, withHeketi, cpus);
  const rows = results.rows();
  const header =
    environmentLine(env, options.quick, options.rounds) +
    `, ${describeCpuLayout(cpus)}, heketi-ts as node ${HEKETI_TS_NODE_FLAGS.join(' ')} dist/main.js` +
    (withHeketi && options.heketiBin ? `, Heketi binary ${options.heketiBin}` : '') +
    (withHeketi ? '' : '. Heketi could not be built in this run (test/compat/build.sh: blocked), so its column is empty');
  console.log(`\n${header}\n\n${textTable(rows)}\n\nP5: ${P5_NOTE}`);
  console.log(`\nbench: finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (options.docFile) {
    writeResults(options.docFile, `${header}\n\n${markdownTable(rows)}\n\n- P5: ${P5_NOTE}\n`);
    console.log(`bench: wrote ${options.docFile}`);
  }
  return 0;
}

process.exitCode = await main().catch(async (e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  await stopAllServers();
  return 1;
});
