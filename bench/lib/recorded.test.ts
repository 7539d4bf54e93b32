import { describe, expect, it } from 'vitest';
import type { Environment } from './environment.js';
import { describeRecorded, parseRecorded, recordedColumns, recordFromRun, serialiseRecorded, withRecordedHeketi, type RecordedHeketi } from './recorded.js';
import { markdownTable, textTable, type Row } from './report.js';

const recorded: RecordedHeketi = {
  date: '2026-12-02T10:15:00Z',
  machine: { cores: 2, cpuModel: 'AMD EPYC 7B13', memoryGib: 24, node: 'v20.20.2', loadAverage: 3.1 },
  heketi: { commit: 'e08cc22d31ea7b9ad45137f5d72e591c175dbd3b', binary: '/opt/heketi' },
  run: { mode: 'full', rounds: 3, pinning: 'servers pinned to CPU 0, load generator to CPU 1 (taskset)' },
  figures: { 'p1-vps': 40, 'p3-1k-rss': 45.3 },
};

const row = (key: string, ts: number | null, heketi: number | null = null): Row => ({
  key,
  workload: 'P1',
  label: key,
  unit: '1/s',
  better: 'higher',
  ts,
  heketi,
  ratio: ts !== null && heketi ? ts / heketi : null,
  rounds: 1,
});

const env: Environment = {
  date: '2026-12-02T10:15:00Z',
  cores: 2,
  cpuModel: 'AMD EPYC 7B13',
  memoryGib: 24,
  node: 'v20.20.2',
  go: 'go1.26.8 linux/amd64',
  heketiCommit: 'e08cc22d31ea7b9ad45137f5d72e591c175dbd3b',
  loadAverage: 3.14159,
};

describe('withRecordedHeketi', () => {
  it("fills an empty Heketi column and the ratio from the recording", () => {
    expect(withRecordedHeketi([row('p1-vps', 200)], recorded)[0]).toMatchObject({ heketi: 40, ratio: 5 });
  });

  it('keeps a figure this run measured and leaves a key the recording lacks empty', () => {
    const [measured, unknown] = withRecordedHeketi([row('p1-vps', 200, 50), row('p4-100', 27)], recorded);
    expect(measured).toMatchObject({ heketi: 50, ratio: 4 });
    expect(unknown).toMatchObject({ heketi: null, ratio: null });
  });

  it('has no ratio where heketi-ts has no figure', () => {
    expect(withRecordedHeketi([row('p3-1k-rss', null)], recorded)[0]).toMatchObject({ heketi: 45.3, ratio: null });
  });
});

describe('labels', () => {
  it('names the recording date in both columns and says the ratio is not this run', () => {
    expect(recordedColumns(recorded)).toEqual({
      heketi: 'Heketi (recorded 2026-12-02)',
      ratio: 'ts/Heketi (vs recorded 2026-12-02, not this run)',
    });
  });

  it('puts the titles into both tables', () => {
    const rows = withRecordedHeketi([row('p1-vps', 200)], recorded);
    expect(markdownTable(rows, recordedColumns(recorded)).split('\n')[0]).toContain('| Heketi (recorded 2026-12-02) | ts/Heketi (vs recorded 2026-12-02, not this run) |');
    expect(textTable(rows, recordedColumns(recorded)).split('\n')[0]).toContain('ts/Heketi (vs recorded 2026-12-02, not this run)');
    expect(markdownTable(rows).split('\n')[0]).toContain('| Heketi | ts/Heketi |');
  });

  it('says in the header that Heketi was not run, when and where the figures were recorded', () => {
    const text = describeRecorded(recorded, 'full', 'HEKETI_BIN is not set');
    expect(text).toContain('Heketi NOT run (HEKETI_BIN is not set)');
    expect(text).toContain('RECORDED 2026-12-02T10:15:00Z');
    expect(text).toContain('Heketi e08cc22d, full run, 3 rounds, 2 cores (AMD EPYC 7B13), load average 3.10 at start');
    expect(text).toContain('not measured in this run');
    expect(text).not.toContain('quick');
  });

  it('warns when the recording and this run differ in mode', () => {
    expect(describeRecorded(recorded, 'quick', 'x')).toContain('recorded in a full run while this is a quick run');
  });
});

describe('recordFromRun and parseRecorded', () => {
  const run = { mode: 'quick' as const, rounds: 1, pinning: 'servers and load generator unpinned (sharing every core)' };

  it("keeps every Heketi figure of the run, rounded to four digits, with the run's date, machine and mode", () => {
    const r = recordFromRun([row('p1-vps', 200, 17.23456), row('p4-100', 119), row('p2-429', 0, 79)], env, run, '/opt/heketi');
    expect(r.figures).toEqual({ 'p1-vps': 17.23, 'p2-429': 79 });
    expect(r).toMatchObject({ date: env.date, heketi: { commit: env.heketiCommit, binary: '/opt/heketi' }, run });
    expect(r.machine).toEqual({ cores: 2, cpuModel: 'AMD EPYC 7B13', memoryGib: 24, node: 'v20.20.2', loadAverage: 3.142 });
  });

  it('reads back what it writes', () => {
    const r = recordFromRun([row('p1-vps', 200, 17)], env, run, '/opt/heketi');
    expect(parseRecorded(serialiseRecorded(r), 'f.json')).toEqual(r);
  });

  it('rejects a file that is not a recording, naming the file and the field', () => {
    expect(() => parseRecorded('{', 'f.json')).toThrow(/f\.json: not JSON/);
    const { date: _date, ...noDate } = recorded;
    expect(() => parseRecorded(JSON.stringify(noDate), 'f.json')).toThrow(/f\.json: not a Heketi recording:[\s\S]*date/);
    expect(() => parseRecorded(JSON.stringify({ ...recorded, run: { ...recorded.run, mode: 'fast' } }), 'f.json')).toThrow(/mode/);
  });
});
