/**
 * What the examiner reads from a node, in the shapes Heketi's examine output carries them
 * (executors/executor.go: PVSCommandOutput, VGSCommandOutput, LVSCommandOutput, BricksMountStatus,
 * VolInfo). Field names and order are Heketi's JSON keys, so the route can send them as they are;
 * the drift report reads the same objects.
 */

/** Go's xml.Name as encoding/json writes it. */
export interface XmlName {
  Space: string;
  Local: string;
}

export interface PvRow {
  pv_name: string;
  vg_name: string;
  pv_fmt: string;
  pv_attr: string;
  pv_size: string;
  pv_free: string;
}

export interface VgRow {
  vg_name: string;
  /** Heketi's struct tag reads `pv_count:` (a typo), so the key is that and the value always empty. */
  'pv_count:': string;
  lv_count: string;
  snap_count: string;
  vg_attr: string;
  vg_size: string;
  vg_free: string;
}

export interface LvRow {
  lv_name: string;
  vg_name: string;
  lv_attr: string;
  lv_size: string;
  pool_lv: string;
  origin: string;
  data_percent: string;
  metadata_percent: string;
  move_pv: string;
  mirror_log: string;
  copy_percent: string;
  convert_lv: string;
}

/** `pvs/vgs/lvs --reportformat json`: `{"report":[{"pv":[...]}]}`; a Go nil slice is `null`. */
export interface PvsReport {
  report: { pv: PvRow[] | null }[] | null;
}
export interface VgsReport {
  report: { vg: VgRow[] | null }[] | null;
}
export interface LvsReport {
  report: { lv: LvRow[] | null }[] | null;
}

/** One fstab line and whether its device shows in `mount` (Heketi's GetBrickMountStatus). */
export interface BrickMountStatus {
  Device: string;
  MountPoint: string;
  Type: string;
  MountOptions: string;
  Mounted: boolean;
}

export interface BricksMountStatus {
  Statuses: BrickMountStatus[] | null;
}

/** A line of `mount` output: `DEV on DIR type TYPE (OPTS)`. */
export interface MountEntry {
  device: string;
  mountPoint: string;
  type: string;
  options: string;
  line: string;
}

/** A non-comment fstab line, split on white space. */
export interface FstabEntry {
  device: string;
  mountPoint: string;
  type: string;
  options: string;
  line: string;
}

/** `mount` and the fstab of one node, as read; Heketi's BricksMountStatus is derived from it. */
export interface MountState {
  mounts: MountEntry[];
  fstab: FstabEntry[];
}

export interface GlusterXmlBrick {
  UUID: string;
  Name: string;
  HostUUID: string;
  IsArbiter: number;
}

export interface GlusterXmlOption {
  Name: string;
  Value: string;
}

export interface GlusterXmlVolume {
  XMLName: XmlName;
  VolumeName: string;
  ID: string;
  Status: number;
  StatusStr: string;
  BrickCount: number;
  DistCount: number;
  StripeCount: number;
  ReplicaCount: number;
  ArbiterCount: number;
  DisperseCount: number;
  RedundancyCount: number;
  Type: number;
  TypeStr: string;
  Transport: number;
  Bricks: { XMLName: XmlName; BrickList: GlusterXmlBrick[] | null };
  OptCount: number;
  Options: { XMLName: XmlName; OptionList: GlusterXmlOption[] | null };
}

/** `gluster volume info --xml` (all volumes) as Heketi's VolInfo. */
export interface VolInfo {
  XMLName: XmlName;
  Volumes: { XMLName: XmlName; Count: number; VolumeList: GlusterXmlVolume[] | null };
}
