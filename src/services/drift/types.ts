/**
 * The drift report: every difference between the database and the nodes, classified, with the
 * evidence it was read from. Plain data, so the API sends it as JSON and the CLI prints a table.
 */

/** In the db but not on the nodes; on the nodes but not in the db; on both but different; a brick not mounted. */
export type DriftClass = 'missing' | 'orphan' | 'different' | 'unmounted';

export type DriftKind =
  | 'volume-missing'
  | 'brick-lv-missing'
  | 'fstab-line-missing'
  | 'vg-missing'
  | 'orphan-lv'
  | 'orphan-volume'
  | 'stray-fstab-line'
  | 'brick-path-differs'
  | 'volume-type-differs'
  | 'volume-options-differ'
  | 'volume-not-started'
  | 'brick-size-differs'
  | 'device-size-differs'
  | 'brick-unmounted';

/** Where a finding was read: the node, the command, and the line of its output (or what was absent). */
export interface Evidence {
  node: string;
  command: string;
  line: string;
}

/** The ids a finding is about, for the repair plan. */
export interface DriftRefs {
  clusterId?: string;
  nodeId?: string;
  deviceId?: string;
  volumeId?: string;
  brickId?: string;
  volumeName?: string;
  /** The VG an orphan LV or fstab line names (its device id). */
  vgId?: string;
  /** For a missing volume: how many bricks the db holds for it. */
  brickCount?: number;
  /** For an orphan volume: whether all its bricks are heketi-ts-style bricks unknown to the db. */
  adoptable?: boolean;
}

export interface DriftFinding {
  class: DriftClass;
  kind: DriftKind;
  /** What it is about, e.g. `volume vol_x`, `LV vg_a/brick_b`. */
  subject: string;
  /** Manage hostname of the node, or null for cluster-wide findings (gluster volumes). */
  node: string | null;
  detail: string;
  evidence: Evidence[];
  refs: DriftRefs;
  /** Already marked by a repair (a missing volume kept for an operator to decide on). */
  acknowledged?: boolean;
}

export interface DriftReport {
  findings: DriftFinding[];
  /** What could not be compared (a node that did not answer, a cluster with no answer at all). */
  notChecked: string[];
  nodes: number;
  volumes: number;
  /** Milliseconds spent reading the nodes. */
  elapsedMs: number;
}

export const COMMANDS = {
  lvs: 'lvm lvs --reportformat json --units k',
  vgs: 'lvm vgs --reportformat json --units k',
  mount: 'mount',
  fstab: 'cat /etc/fstab',
  volumeInfo: 'gluster volume info --xml',
} as const;
