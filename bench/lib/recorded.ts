/**
 * Heketi's figures from an earlier side-by-side run, kept as data (bench/heketi-recorded.json), so a
 * run without a Heketi binary still has something to compare heketi-ts with. They are always shown
 * as recorded, with their date, machine and run mode, never as this run's: another run means
 * another machine load, possibly another machine, and a ratio across runs is only a hint.
 */
import { z } from 'zod';
import type { Environment } from './environment.js';
import { formatNumber, type ColumnTitles, type Row } from './report.js';

const recordedSchema = z.object({
  about: z.string().optional(),
  /** When the side-by-side run started (ISO 8601, UTC). */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}T/),
  machine: z.object({
    cores: z.number().int().positive(),
    cpuModel: z.string(),
    memoryGib: z.number().nonnegative(),
    node: z.string(),
    /** 1-minute load average when the run started. */
    loadAverage: z.number().nonnegative(),
  }),
  heketi: z.object({ commit: z.string().min(7), binary: z.string() }),
  run: z.object({
    mode: z.enum(['quick', 'full']),
    rounds: z.number().int().positive(),
    pinning: z.string(),
  }),
  /** Heketi's median per figure key (the keys the workloads define, e.g. `p1-vps`). */
  figures: z.record(z.string(), z.number()),
});

export type RecordedHeketi = z.infer<typeof recordedSchema>;

export type RunMode = RecordedHeketi['run']['mode'];

const ABOUT =
  "Heketi's figures from one side-by-side run of npm run bench (written by --record-heketi). " +
  'A run without a Heketi binary shows them next to its own heketi-ts figures, labelled as recorded: they are NOT from the same run or machine load.';

/** Reads the file's text; a clear error when it is not a recording. */
export function parseRecorded(text: string, file: string): RecordedHeketi {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
  const parsed = recordedSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: not a Heketi recording: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Four significant digits: the file stays readable and no figure is that precise anyway. */
const rounded = (n: number): number => Number(n.toPrecision(4));

/** A recording of this run's Heketi figures (every row that has one). */
export function recordFromRun(
  rows: readonly Row[],
  env: Environment,
  run: RecordedHeketi['run'],
  heketiBinary: string,
): RecordedHeketi {
  const figures: Record<string, number> = {};
  for (const row of rows) if (row.heketi !== null && Number.isFinite(row.heketi)) figures[row.key] = rounded(row.heketi);
  return {
    about: ABOUT,
    date: env.date,
    machine: { cores: env.cores, cpuModel: env.cpuModel, memoryGib: env.memoryGib, node: env.node, loadAverage: rounded(env.loadAverage) },
    heketi: { commit: env.heketiCommit, binary: heketiBinary },
    run,
    figures,
  };
}

export const serialiseRecorded = (r: RecordedHeketi): string => `${JSON.stringify(r, null, 2)}\n`;

/**
 * Rows with Heketi's recorded figure, and the ratio to it, where this run has no Heketi figure.
 * A figure this run measured is never replaced; a key the recording lacks stays empty.
 */
export function withRecordedHeketi(rows: readonly Row[], r: RecordedHeketi): Row[] {
  return rows.map((row) => {
    if (row.heketi !== null) return row;
    const heketi = r.figures[row.key] ?? null;
    const ratio = row.ts !== null && heketi !== null && heketi !== 0 ? row.ts / heketi : null;
    return { ...row, heketi, ratio };
  });
}

const day = (r: RecordedHeketi): string => r.date.slice(0, 10);

/** Column titles for the tables: the Heketi column and the ratio column name the recording. */
export const recordedColumns = (r: RecordedHeketi): ColumnTitles => ({
  heketi: `Heketi (recorded ${day(r)})`,
  ratio: `ts/Heketi (vs recorded ${day(r)}, not this run)`,
});

/** The header's sentence for a run that shows recorded Heketi figures. */
export function describeRecorded(r: RecordedHeketi, thisRun: RunMode, skipped: string): string {
  const m = r.machine;
  const mismatch =
    r.run.mode === thisRun
      ? ''
      : `; recorded in a ${r.run.mode} run while this is a ${thisRun} run, so loads, durations and P3 sizes differ and some figures have no recorded value`;
  return (
    `Heketi NOT run (${skipped}): the Heketi column shows figures RECORDED ${r.date} ` +
    `(bench/heketi-recorded.json: Heketi ${r.heketi.commit.slice(0, 8)}, ${r.run.mode} run, ${r.run.rounds} rounds, ` +
    `${m.cores} cores (${m.cpuModel}), load average ${formatNumber(m.loadAverage)} at start, ${r.run.pinning}), ` +
    `not measured in this run; every ts/Heketi ratio compares two runs on differently loaded machines${mismatch}`
  );
}
