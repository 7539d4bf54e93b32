/**
 * The classifier's view of one examination: the database read before and after the nodes were
 * read, and what the nodes showed. Operations may run meanwhile, so an entity only counts as
 * "should be on the nodes" when both reads hold it and no operation has it pending, and as "known"
 * when either read holds it: a brick a create made between the two reads is never an orphan, and
 * a volume a delete removed meanwhile is never missing.
 */
import type { Brick, Device, Node, Volume } from '../../domain/entities.js';
import { MOUNT_ROOT } from '../../domain/naming.js';
import { rowsOf } from '../../executor/commands/lvm-report.js';
import type { LvRow } from '../../executor/examine-types.js';
import type { Snapshot } from '../db-dump.js';
import type { NodeObservation } from './gather.js';

const HEX32 = '[a-f0-9]{32}';
const BRICK_PATH = new RegExp(`^${MOUNT_ROOT}/vg_(${HEX32})/brick_(${HEX32})(/brick)?$`);
export const HEKETI_LV = new RegExp(`^(brick|tp)_(${HEX32})$`);
export const HEKETI_VG = new RegExp(`^vg_(${HEX32})$`);

/** `/var/lib/heketi/mounts/vg_<device>/brick_<brick>[/brick]` → ids; null for any other path. */
export const parseHeketiBrickPath = (path: string): { deviceId: string; brickId: string } | null => {
  const match = BRICK_PATH.exec(path);
  return match ? { deviceId: match[1]!, brickId: match[2]! } : null;
};

const notPending = <T extends { id: string; pendingOpId: string | null }>(before: T[], after: T[]): T[] => {
  const later = new Map(after.map((x) => [x.id, x]));
  return before.filter((x) => x.pendingOpId === null && later.has(x.id) && later.get(x.id)!.pendingOpId === null);
};

export class DriftInput {
  readonly knownBrickIds: Set<string>;
  readonly knownVolumeNames: Set<string>;
  private readonly stableBricks: Brick[];
  private readonly stableVolumeList: Volume[];
  private readonly nodes: Map<string, Node>;
  private readonly devices: Map<string, Device>;
  private readonly lvsByNode: Map<string, Map<string, LvRow>>;

  constructor(
    readonly before: Snapshot,
    readonly after: Snapshot,
    readonly observations: NodeObservation[],
    private readonly markedMissing: ReadonlySet<string> = new Set(),
  ) {
    this.knownBrickIds = new Set([...before.bricks, ...after.bricks].map((b) => b.id));
    this.knownVolumeNames = new Set([...before.volumes, ...after.volumes].map((v) => v.name));
    this.stableBricks = notPending(before.bricks, after.bricks).sort((a, b) => a.position - b.position);
    const stableBrickIds = new Set(this.stableBricks.map((b) => b.id));
    // A volume counts only with all its bricks settled too (an expand marks only the new bricks).
    this.stableVolumeList = notPending(before.volumes, after.volumes).filter((v) =>
      before.bricks.filter((b) => b.volumeId === v.id).every((b) => stableBrickIds.has(b.id)),
    );
    this.nodes = new Map(before.nodes.map((n) => [n.id, n]));
    this.devices = new Map([...after.devices, ...before.devices].map((d) => [d.id, d]));
    this.lvsByNode = new Map(
      observations.map((o) => [o.nodeId, new Map(rowsOf<LvRow>(o.lvs, 'lv').map((r) => [`${r.vg_name}/${r.lv_name}`, r]))]),
    );
  }

  stableVolumes(clusterId: string): Volume[] {
    return this.stableVolumeList.filter((v) => v.clusterId === clusterId);
  }

  /** Settled bricks of a volume in gluster order. */
  bricksOf(volumeId: string): Brick[] {
    return this.stableBricks.filter((b) => b.volumeId === volumeId);
  }

  bricksOnNode(nodeId: string): Brick[] {
    return this.stableBricks.filter((b) => b.nodeId === nodeId);
  }

  devicesOnNode(nodeId: string): Device[] {
    return this.before.devices.filter((d) => d.nodeId === nodeId && this.devices.has(d.id));
  }

  nodesOf(clusterId: string): Node[] {
    return [...this.nodes.values()].filter((n) => n.clusterId === clusterId);
  }

  node(id: string): Node | undefined {
    return this.nodes.get(id);
  }

  device(id: string): Device | undefined {
    return this.devices.get(id);
  }

  storageHost(nodeId: string): string {
    return this.nodes.get(nodeId)?.storageHostnames[0] ?? '';
  }

  volumeName(volumeId: string): string {
    return this.before.volumes.find((v) => v.id === volumeId)?.name ?? volumeId;
  }

  /** The LV row, when the node's lvs answered and lists it; undefined otherwise. */
  lv(nodeId: string, deviceId: string, lvName: string): LvRow | undefined {
    return this.lvsByNode.get(nodeId)?.get(`vg_${deviceId}/${lvName}`);
  }

  hasLv(nodeId: string, deviceId: string, lvName: string): boolean {
    return this.lv(nodeId, deviceId, lvName) !== undefined;
  }

  isMarkedMissing(volumeId: string): boolean {
    return this.markedMissing.has(volumeId);
  }
}
