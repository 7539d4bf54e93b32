/**
 * The periodic examiner (off unless `glusterfs.drift_examine_interval_seconds` is set): every
 * interval it builds the drift report, exposes the counts as metrics, and logs each finding once
 * when it first appears (again only after it went away and came back).
 */
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../context.js';
import { PeriodicPass } from '../periodic-pass.js';
import type { DriftService } from './drift-service.js';
import type { DriftFinding, DriftReport } from './types.js';

const keyOf = (f: DriftFinding): string => `${f.kind} ${f.node ?? '-'} ${f.subject}`;

export class DriftMonitor {
  private readonly findings: Gauge<'class' | 'kind'>;
  private readonly lastRun: Gauge;
  private readonly duration: Gauge;
  private readonly notChecked: Gauge;
  private seen = new Set<string>();
  private readonly periodic: PeriodicPass;

  constructor(
    private readonly drift: DriftService,
    private readonly log: Logger,
    registry: Registry,
  ) {
    this.periodic = new PeriodicPass(() => this.runOnce(), log, 'drift examination failed');
    const registers = [registry];
    this.findings = new Gauge({ name: 'heketi_ts_drift_findings', help: 'Differences between the database and the nodes at the last examination, by class and kind', labelNames: ['class', 'kind'], registers });
    this.lastRun = new Gauge({ name: 'heketi_ts_drift_last_examine_timestamp_seconds', help: 'When the periodic examiner last finished', registers });
    this.duration = new Gauge({ name: 'heketi_ts_drift_examine_duration_seconds', help: 'How long the last examination took', registers });
    this.notChecked = new Gauge({ name: 'heketi_ts_drift_not_checked', help: 'Reads that failed at the last examination (nodes not compared)', registers });
  }

  /** Examines once, updates the metrics, logs new findings; answers the report. */
  async runOnce(): Promise<DriftReport> {
    const started = Date.now();
    const report = await this.drift.report();
    this.findings.reset();
    for (const f of report.findings) this.findings.inc({ class: f.class, kind: f.kind });
    this.notChecked.set(report.notChecked.length);
    this.duration.set((Date.now() - started) / 1000);
    this.lastRun.set(Date.now() / 1000);
    const now = new Set(report.findings.map(keyOf));
    for (const f of report.findings) {
      if (!this.seen.has(keyOf(f))) this.log.warn({ drift: f.kind, class: f.class, node: f.node, subject: f.subject, evidence: f.evidence }, `drift: ${f.detail}`);
    }
    this.seen = now;
    return report;
  }

  start(intervalSeconds: number): void {
    this.periodic.start(intervalSeconds, intervalSeconds);
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }
}
