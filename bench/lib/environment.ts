/** The machine and toolchain a run happened on, for the report's header. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Environment {
  date: string;
  cores: number;
  cpuModel: string;
  memoryGib: number;
  node: string;
  go: string;
  heketiCommit: string;
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  loadAverage: number;
}

function goVersion(): string {
  try {
    return execFileSync('go', ['version'], { encoding: 'utf8' }).trim().replace(/^go version /, '');
  } catch {
    return 'unknown';
  }
}

export function describeEnvironment(heketiCommit: string): Environment {
  const cpuList = cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memoryGib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    go: goVersion(),
    heketiCommit,
    loadAverage: loadavg()[0] ?? 0,
  };
}

/** The header's first sentence; `withHeketi` false leaves out Heketi's commit (it was not run). */
export function environmentLine(env: Environment, quick: boolean, rounds: number, withHeketi = true): string {
  return (
    `${env.date}, ${env.cores} cores (${env.cpuModel}), ${env.memoryGib} GiB, Node ${env.node}, ${env.go}, ` +
    `${withHeketi ? `Heketi ${env.heketiCommit.slice(0, 8)}, ` : ''}load average ${env.loadAverage.toFixed(1)} at start, ${quick ? 'quick' : 'full'} run, ${rounds} rounds per workload (medians)`
  );
}
