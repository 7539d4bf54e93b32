import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { DriftService } from './drift-service.js';
import { DriftMonitor } from './drift-monitor.js';
import type { DriftFinding, DriftReport } from './types.js';

const finding = (kind: DriftFinding['kind'], cls: DriftFinding['class'], subject: string): DriftFinding => ({
  class: cls, kind, subject, node: '10.0.0.1', detail: `${kind} detail`, evidence: [], refs: {},
});
const report = (findings: DriftFinding[]): DriftReport => ({ findings, notChecked: [], nodes: 3, volumes: 1, elapsedMs: 5 });

function monitorOver(reports: DriftReport[]) {
  const registry = new Registry();
  const warnings: string[] = [];
  const log = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (_o: object | string, msg?: string) => void warnings.push(msg ?? '') };
  let i = 0;
  const drift = { report: async () => reports[Math.min(i++, reports.length - 1)]! } as unknown as DriftService;
  return { monitor: new DriftMonitor(drift, log, registry), registry, warnings };
}

describe('the periodic drift examiner', () => {
  it('exposes counts by class and kind, and logs a finding only when it first appears', async () => {
    const unmounted = finding('brick-unmounted', 'unmounted', 'brick a');
    const orphan = finding('orphan-lv', 'orphan', 'LV x');
    const { monitor, registry, warnings } = monitorOver([report([unmounted]), report([unmounted, orphan, finding('orphan-lv', 'orphan', 'LV y')]), report([]), report([orphan])]);
    await monitor.runOnce();
    expect(await registry.getSingleMetricAsString('heketi_ts_drift_findings')).toContain('heketi_ts_drift_findings{class="unmounted",kind="brick-unmounted"} 1');
    await monitor.runOnce();
    const text = await registry.getSingleMetricAsString('heketi_ts_drift_findings');
    expect(text).toContain('heketi_ts_drift_findings{class="orphan",kind="orphan-lv"} 2');
    expect(warnings).toEqual(['drift: brick-unmounted detail', 'drift: orphan-lv detail', 'drift: orphan-lv detail']);
    await monitor.runOnce();
    expect(await registry.getSingleMetricAsString('heketi_ts_drift_findings')).not.toContain('kind=');
    await monitor.runOnce();
    expect(warnings).toHaveLength(4);
    expect(await registry.getSingleMetricAsString('heketi_ts_drift_last_examine_timestamp_seconds')).toMatch(/ \d{10}/);
  });

  it('runs on its interval once started, and stops', async () => {
    const { monitor, registry } = monitorOver([report([finding('orphan-volume', 'orphan', 'volume v')])]);
    monitor.start(0.05);
    for (let i = 0; i < 100 && !(await registry.getSingleMetricAsString('heketi_ts_drift_findings')).includes('orphan-volume'); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await monitor.stop();
    expect(await registry.getSingleMetricAsString('heketi_ts_drift_findings')).toContain('kind="orphan-volume"} 1');
  });
});
