/** Go's fmt and encoding/json habits that heketi-cli output depends on. */

/** json.Marshal: compact, with <, > and & escaped as Go does (\u003c, \u003e, \u0026). */
export function goJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** fmt's %-Nv: left-aligned, padded with spaces to at least N characters. */
export const padRight = (value: unknown, width: number): string => String(value).padEnd(width);

/** fmt's %v of a []string: [a b c]. */
export const goSlice = (items: readonly string[] | undefined): string => `[${(items ?? []).join(' ')}]`;

/** KiB to GiB by integer division, as heketi-cli prints sizes. */
export const kibToGib = (kib: number): number => Math.floor(kib / (1024 * 1024));

/** heketi-cli prints the failed state as "removed". */
export const entryState = (state: string): string => (state === 'failed' ? 'removed' : state);

/** Map entries in key order (Go templates range over maps sorted; heketi-ts sorts tag prints too). */
export const sortedEntries = (map: Record<string, string> | undefined): [string, string][] =>
  Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
