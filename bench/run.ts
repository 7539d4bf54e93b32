/**
 * `npm run bench`: with Heketi's server binary given by path (`--heketi=PATH` or `HEKETI_BIN`) runs
 * every workload against heketi-ts and Heketi in alternating rounds, prints medians and the
 * heketi-ts/Heketi ratio, and writes the table into docs/benchmarks.md (`--record-heketi` also keeps
 * Heketi's figures in bench/heketi-recorded.json). Without it heketi-ts runs alone and the Heketi
 * column shows those recorded figures, labelled with their date and machine as not from this run.
 *
 * As root the run moves into a private network namespace (loopback only) first: Heketi listens on
 * every interface and has no setting for that, so this keeps every server on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus as cpuList, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { heketiSource, parseArgs } from './lib/args.js';
import type { BenchContext, BenchOptions } from './lib/context.js';
import { writeResults } from './lib/doc.js';
import { describeEnvironment, environmentLine } from './lib/environment.js';
import { describeRecorded, parseRecorded, recordedColumns, recordFromRun, serialiseRecorded, withRecordedHeketi } from './lib/recorded.js';
import { markdownTable, Results, textTable, type ColumnTitles, type Row } from './lib/report.js';
import { buildHeketiTs, HEKETI_TS_NODE_FLAGS, stopAllServers } from './lib/servers.js';
import { loadGeneratorFlagsInUse, relaunchWithLoadGeneratorFlags } from './lib/load-generator.js';
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

const cpuCount = (): number => cpuList().length;

const RECORDED_FILE = join(root, 'bench/heketi-recorded.json');

/** Heketi's binary (absolute) for this run, or why there is none; a given path must be executable. */
function resolveHeketi(options: BenchOptions): { bin: string } | { skipped: string } {
  const source = heketiSource(options, process.env);
  if (!('bin' in source)) return source;
  try {
    accessSync(source.bin, constants.X_OK);
  } catch {
    throw new Error(`Heketi binary ${source.bin} is not an executable file`);
  }
  return { bin: resolve(source.bin) };
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

async function runWorkloads(options: BenchOptions, results: Results, heketiBin: string | null, cpus: CpuLayout | null): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'heketi-bench-'));
  const ctx: BenchContext = {
    options,
    paths: { root, heketiBin, workDir },
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

/** Without Heketi: the rows with the recorded figures, the column titles and the header's sentence. */
function compareWithRecorded(rows: Row[], options: BenchOptions, skipped: string): { rows: Row[]; titles?: ColumnTitles; sentence: string } {
  if (!existsSync(RECORDED_FILE)) return { rows, sentence: `. Heketi NOT run (${skipped}) and no recorded figures (${RECORDED_FILE}): its column is empty` };
  const recorded = parseRecorded(readFileSync(RECORDED_FILE, 'utf8'), RECORDED_FILE);
  return {
    rows: withRecordedHeketi(rows, recorded),
    titles: recordedColumns(recorded),
    sentence: `. ${describeRecorded(recorded, options.quick ? 'quick' : 'full', skipped)}`,
  };
}

async function main(): Promise<number> {
  const relaunched = relaunchWithLoadGeneratorFlags();
  if (relaunched !== null) return relaunched;
  let options: BenchOptions;
  let heketi: { bin: string } | { skipped: string };
  try {
    options = parseArgs(process.argv.slice(2), join(root, 'docs/benchmarks.md'));
    heketi = resolveHeketi(options);
    if (options.recordHeketi && !('bin' in heketi)) throw new Error(`--record-heketi needs Heketi in the run: ${heketi.skipped}`);
  } catch (e) {
    console.error(`bench: ${(e as Error).message}`);
    return 2;
  }
  const heketiBin = 'bin' in heketi ? heketi.bin : null;
  if (!process.env.BENCH_IN_NETNS) {
    if ('skipped' in heketi) console.log(`bench: Heketi column SKIPPED (${heketi.skipped}): heketi-ts runs alone, next to Heketi's recorded figures`);
    console.log('bench: building heketi-ts (scripts/build.mjs), which runs as deployed: node dist/main.js');
    buildHeketiTs(root);
  }
  const nested = reexecInNetns();
  if (nested !== null) return nested;

  const started = performance.now();
  const env = describeEnvironment(HEKETI_COMMIT);
  const results = new Results();
  const cpus = planCpuLayout(cpuCount(), tasksetAvailable());
  if (cpus !== null) pinThisProcess(cpus.loadGenerator);
  await runWorkloads(options, results, heketiBin, cpus);
  const measured = results.rows();
  let header =
    environmentLine(env, options.quick, options.rounds, heketiBin !== null) +
    `, ${describeCpuLayout(cpus)}, heketi-ts as node ${HEKETI_TS_NODE_FLAGS.join(' ')} dist/main.js, load generator as node ${loadGeneratorFlagsInUse().join(' ')}` +
    (heketiBin !== null ? `, Heketi binary ${heketiBin}` : '');
  let rows = measured;
  let titles: ColumnTitles | undefined;
  if ('skipped' in heketi) {
    const recorded = compareWithRecorded(measured, options, heketi.skipped);
    [rows, titles, header] = [recorded.rows, recorded.titles, header + recorded.sentence];
  }
  console.log(`\n${header}\n\n${textTable(rows, titles)}\n\nP5: ${P5_NOTE}`);
  console.log(`\nbench: finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (options.recordHeketi && heketiBin !== null) {
    const recording = recordFromRun(measured, env, { mode: options.quick ? 'quick' : 'full', rounds: options.rounds, pinning: describeCpuLayout(cpus) }, heketiBin);
    writeFileSync(RECORDED_FILE, serialiseRecorded(recording));
    console.log(`bench: recorded Heketi's ${Object.keys(recording.figures).length} figures in ${RECORDED_FILE}`);
  }
  if (options.docFile && heketiBin === null && !options.docGiven) {
    // The document keeps its side-by-side table; a run against recorded figures replaces it only when asked.
    console.log(`bench: ${options.docFile} not rewritten: Heketi was not in this run (--doc=FILE writes this table anyway)`);
  } else if (options.docFile) {
    writeResults(options.docFile, `${header}\n\n${markdownTable(rows, titles)}\n\n- P5: ${P5_NOTE}\n`);
    console.log(`bench: wrote ${options.docFile}`);
  }
  return 0;
}

process.exitCode = await main().catch(async (e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  await stopAllServers();
  return 1;
});
