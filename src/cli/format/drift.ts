/** The drift report and the repair plan as text for `heketi-ts state drift|repair`. */
import type { RepairPlan } from '../../services/drift/plan.js';
import type { DriftFinding, DriftReport } from '../../services/drift/types.js';

const pad = (text: string, width: number): string => text.padEnd(width);

function findingLines(f: DriftFinding): string[] {
  const head = `${pad(f.class, 10)} ${pad(f.kind, 22)} ${pad(f.node ?? '-', 16)} ${f.subject}${f.acknowledged ? ' (marked)' : ''}`;
  return [head, `${' '.repeat(11)}${f.detail}`, ...f.evidence.map((e) => `${' '.repeat(11)}${e.node} $ ${e.command}: ${e.line}`)];
}

export function formatDriftReport(report: DriftReport): string {
  const open = report.findings.filter((f) => !f.acknowledged).length;
  const lines = [
    `Drift: ${open} finding(s)${open === report.findings.length ? '' : `, ${report.findings.length - open} marked`} on ${report.nodes} node(s), ${report.volumes} volume(s); nodes read in ${(report.elapsedMs / 1000).toFixed(2)} s`,
  ];
  if (report.findings.length > 0) {
    lines.push(`${pad('CLASS', 10)} ${pad('KIND', 22)} ${pad('NODE', 16)} SUBJECT`);
    for (const f of report.findings) lines.push(...findingLines(f));
  }
  for (const n of report.notChecked) lines.push(`not checked: ${n}`);
  return `${lines.join('\n')}\n`;
}

export function formatRepairPlan(plan: RepairPlan): string {
  const lines: string[] = [];
  if (plan.repairs.length === 0) lines.push('Nothing to repair automatically.');
  plan.repairs.forEach((r, i) => {
    lines.push(`${i + 1}. ${r.action.type}: ${r.does}`);
    for (const f of r.fixes) lines.push(`     fixes ${f.kind}: ${f.subject}${f.node ? ` on ${f.node}` : ''}`);
  });
  if (plan.manual.length > 0) lines.push('Not repaired automatically:');
  for (const m of plan.manual) lines.push(`   ${m.finding.kind}: ${m.finding.subject}: ${m.advice}`);
  return `${lines.join('\n')}\n`;
}
