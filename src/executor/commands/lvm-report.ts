import type { LvRow, LvsReport, PvRow, PvsReport, VgRow, VgsReport } from '../examine-types.js';

/**
 * Parsers for `pvs/vgs/lvs --reportformat json`. Each row keeps only the fields Heketi's structs
 * name, in their order, with `""` for a field LVM did not print (what Go's decoder leaves).
 */

type Raw = Record<string, unknown>;

const parseReport = (json: string, key: string, what: string): Raw[][] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new Error(`Unable to determine LVM ${what} : ${(e as Error).message}`);
  }
  const report = (parsed as { report?: unknown }).report;
  if (!Array.isArray(report)) throw new Error(`Unable to determine LVM ${what} : no "report" list`);
  return report.map((part: unknown) => {
    const rows = (part as Raw | null)?.[key];
    return Array.isArray(rows) ? (rows as Raw[]) : [];
  });
};

const str = (row: Raw, key: string): string => (typeof row[key] === 'string' ? (row[key] as string) : '');

const pick = <T>(row: Raw, keys: readonly (keyof T & string)[]): T =>
  Object.fromEntries(keys.map((k) => [k, str(row, k)])) as T;

const PV_KEYS = ['pv_name', 'vg_name', 'pv_fmt', 'pv_attr', 'pv_size', 'pv_free'] as const;
const LV_KEYS = [
  'lv_name',
  'vg_name',
  'lv_attr',
  'lv_size',
  'pool_lv',
  'origin',
  'data_percent',
  'metadata_percent',
  'move_pv',
  'mirror_log',
  'copy_percent',
  'convert_lv',
] as const;

export const parsePvsReport = (json: string): PvsReport => ({
  report: parseReport(json, 'pv', 'PVs').map((rows) => ({ pv: rows.map((r) => pick<PvRow>(r, PV_KEYS)) })),
});

/** `pv_count:` is what Heketi's struct tag says, so Heketi never filled it; neither does this. */
const vgRow = (r: Raw): VgRow => ({
  vg_name: str(r, 'vg_name'),
  'pv_count:': '',
  lv_count: str(r, 'lv_count'),
  snap_count: str(r, 'snap_count'),
  vg_attr: str(r, 'vg_attr'),
  vg_size: str(r, 'vg_size'),
  vg_free: str(r, 'vg_free'),
});

export const parseVgsReport = (json: string): VgsReport => ({
  report: parseReport(json, 'vg', 'VGs').map((rows) => ({ vg: rows.map(vgRow) })),
});

export const parseLvsReport = (json: string): LvsReport => ({
  report: parseReport(json, 'lv', 'LVs').map((rows) => ({ lv: rows.map((r) => pick<LvRow>(r, LV_KEYS)) })),
});

/** Every row of a report, whatever part it came in. */
export const rowsOf = <R>(report: { report: ({ [k: string]: R[] | null } | null)[] | null } | null | undefined, key: string): R[] =>
  (report?.report ?? []).flatMap((part) => part?.[key] ?? []);

/** `"1048576.00k"` → KiB; NaN when the text is not a size in k. */
export const kibOf = (size: string): number => {
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*[kK]?\s*$/.exec(size);
  return match ? Math.round(Number(match[1])) : Number.NaN;
};
