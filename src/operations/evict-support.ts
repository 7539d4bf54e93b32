/**
 * The pieces of brick eviction that do not depend on the operation's state: which set a brick
 * belongs to (from gluster's brick order), Heketi's heal check, and a manage host that answers.
 */
import type { Brick } from '../domain/entities.js';
import type { Executor, HealInfoBrick } from '../executor/executor.js';
import type { Store } from '../store/store.js';

/** A brick's set as gluster orders it, and the brick's index within it. */
export interface BrickSetMatch {
  set: Brick[];
  index: number;
}

/** Gluster's brick name for a stored brick: `<storage host>:<path>`. */
export function glusterBrickName(store: Store, brick: Brick): string {
  const node = store.nodes.get(brick.nodeId);
  return `${node?.storageHostnames[0] ?? ''}:${brick.path}`;
}

/** The volume's bricks keyed by their gluster names (Heketi's brickNameMap). */
export function brickNameMap(store: Store, volumeId: string): Map<string, Brick> {
  return new Map(store.bricks.listByVolume(volumeId).map((b) => [glusterBrickName(store, b), b]));
}

/**
 * Slices gluster's brick list into sets of `bricksInSet` and returns the one holding `brickId`.
 * Null when the brick is not found or gluster lists a brick the database does not know, which
 * Heketi reports as `Id not found` (a database that disagrees with gluster).
 */
export function findBrickSet(
  glusterNames: readonly string[],
  byName: ReadonlyMap<string, Brick>,
  bricksInSet: number,
  brickId: string,
): BrickSetMatch | null {
  for (let start = 0; start + bricksInSet <= glusterNames.length; start += bricksInSet) {
    const set: Brick[] = [];
    for (const name of glusterNames.slice(start, start + bricksInSet)) {
      const brick = byName.get(name);
      if (!brick) return null;
      set.push(brick);
    }
    const index = set.findIndex((b) => b.id === brickId);
    if (index >= 0) return { set, index };
  }
  return null;
}

/** Gluster leaves the name out for bricks that are down; such entries are skipped. */
const UNKNOWN_BRICK = 'information not available';

/**
 * Heketi's canReplaceBrickInBrickSet: the brick must not be a heal source (entries `-` or `0`),
 * and at least `quorum` other bricks of the set must show up in heal info. Returns the refusal
 * text, or null when the brick may be replaced.
 */
export function healCheckError(
  heal: readonly HealInfoBrick[],
  byName: ReadonlyMap<string, Brick>,
  match: BrickSetMatch,
  quorum: number,
): string | null {
  const target = match.set[match.index]!;
  let onlinePeers = 0;
  for (const entry of heal) {
    if (entry.name === UNKNOWN_BRICK) continue;
    const brick = byName.get(entry.name);
    if (!brick) return 'Unable to determine heal status of brick';
    if (brick.id === target.id && entry.numberOfEntries !== '-' && entry.numberOfEntries !== '0') {
      return `Cannot replace brick ${target.id} as it is source brick for data to be healed`;
    }
    if (brick.id !== target.id && match.set.some((b) => b.id === brick.id)) onlinePeers++;
  }
  if (onlinePeers < quorum) {
    return `Cannot replace brick ${target.id} as only ${onlinePeers} of ${quorum} required peer bricks are online`;
  }
  return null;
}

/**
 * A manage host that answers: `preferred` when its glusterd is up, else the first node of the
 * cluster whose glusterd answers (Heketi's GetVerifiedManageHostname).
 */
export async function workingHost(store: Store, executor: Executor, clusterId: string, preferred: string): Promise<string> {
  try {
    await executor.glusterdCheck(preferred);
    return preferred;
  } catch {
    for (const node of store.nodes.listByCluster(clusterId)) {
      const host = node.manageHostnames[0]!;
      if (host === preferred || node.state !== 'online') continue;
      try {
        await executor.glusterdCheck(host);
        return host;
      } catch {
        // try the next node
      }
    }
  }
  throw new Error(`no hosts available (${store.nodes.listByCluster(clusterId).length} total)`);
}
