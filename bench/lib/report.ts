/**
 * Collects figures per workload and side, reduces rounds to medians, and renders the comparison
 * as a text table (console) and a markdown table (docs/benchmarks.md).
 */
import type { Side } from './context.js';
import { median } from './stats.js';

export type { Side };

/** One figure the bench reports, e.g. P1 volumes per second. */
export interface FigureSpec {
  key: string;
  workload: string;
  label: string;
  unit: string;
  /** Which direction is good; decides nothing but is shown, so the ratio reads right. */
  better: 'higher' | 'lower';
  /** The target for this figure, in words. */
  target?: string;
}

/** A reduced figure: medians per side and heketi-ts/Heketi. */
export interface Row extends FigureSpec {
  ts: number | null;
  heketi: number | null;
  ratio: number | null;
  rounds: number;
  note?: string;
}

export class Results {
  private readonly specs: FigureSpec[] = [];
  private readonly samples = new Map<string, Record<Side, number[]>>();
  private readonly notes = new Map<string, string>();

  define(spec: FigureSpec): void {
    if (this.samples.has(spec.key)) return;
    this.specs.push(spec);
    this.samples.set(spec.key, { 'heketi-ts': [], heketi: [] });
  }

  add(key: string, side: Side, value: number): void {
    const s = this.samples.get(key);
    if (!s) throw new Error(`undefined figure ${key}`);
    s[side].push(value);
  }

  /** The median of one side's samples so far; null when it has none. */
  value(key: string, side: Side): number | null {
    const s = this.samples.get(key)?.[side];
    return s && s.length > 0 ? median(s) : null;
  }

  /** A remark shown next to the figure (e.g. why a side has no value). */
  note(key: string, text: string): void {
    this.notes.set(key, text);
  }

  rows(): Row[] {
    return this.specs.map((spec) => {
      const s = this.samples.get(spec.key)!;
      const ts = s['heketi-ts'].length ? median(s['heketi-ts']) : null;
      const heketi = s.heketi.length ? median(s.heketi) : null;
      const ratio = ts !== null && heketi !== null && heketi !== 0 ? ts / heketi : null;
      const rounds = Math.max(s['heketi-ts'].length, s.heketi.length);
      const note = this.notes.get(spec.key);
      return { ...spec, ts, heketi, ratio, rounds, ...(note ? { note } : {}) };
    });
  }
}

/** Three significant digits, no exponent. */
export function formatNumber(n: number | null): string {
  if (n === null || Number.isNaN(n)) return '—';
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 100) return Math.round(n).toString();
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toPrecision(2);
}

export const formatRatio = (r: number | null): string => (r === null ? '—' : `${formatNumber(r)}×`);

const cells = (r: Row): string[] => [
  r.workload,
  `${r.label} (${r.unit}, ${r.better} is better)`,
  formatNumber(r.ts),
  formatNumber(r.heketi),
  formatRatio(r.ratio),
  r.target ?? '',
  r.note ?? '',
];

/** Titles of the Heketi and ratio columns; a run without Heketi names its recorded figures here. */
export interface ColumnTitles {
  heketi: string;
  ratio: string;
}

const SIDE_BY_SIDE: ColumnTitles = { heketi: 'Heketi', ratio: 'ts/Heketi' };

const header = (t: ColumnTitles): string[] => ['workload', 'figure', 'heketi-ts', t.heketi, t.ratio, 'target', 'note'];

/** A fixed-width table for the terminal. */
export function textTable(rows: readonly Row[], titles: ColumnTitles = SIDE_BY_SIDE): string {
  const head = header(titles);
  const body = [head, ...rows.map(cells)];
  const widths = head.map((_, c) => Math.max(...body.map((line) => line[c]!.length)));
  return body.map((line) => line.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

const escapeCell = (s: string): string => s.replace(/\|/g, '\\|');

/** A GitHub-flavoured markdown table. */
export function markdownTable(rows: readonly Row[], titles: ColumnTitles = SIDE_BY_SIDE): string {
  const head = header(titles);
  const line = (xs: readonly string[]): string => `| ${xs.map(escapeCell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map((r) => line(cells(r)))].join('\n');
}
