/**
 * Gluster volumes against the database, per cluster: volumes missing from gluster, volumes gluster
 * has that the db does not (and whether they sit on heketi-ts-style bricks that could be adopted),
 * and for volumes on both, bricks, layout, options and state. Pure.
 */
import { effectiveDurability } from '../../domain/durability/index.js';
import type { EffectiveDurability, Node, Volume } from '../../domain/entities.js';
import type { GlusterXmlVolume } from '../../executor/examine-types.js';
import type { NodeObservation } from './gather.js';
import { parseHeketiBrickPath, type DriftInput } from './input.js';
import { COMMANDS, type DriftFinding } from './types.js';

const describeVolume = (v: GlusterXmlVolume): string =>
  `volume ${v.VolumeName} (${v.TypeStr}, ${v.StatusStr}): ${(v.Bricks.BrickList ?? []).map((b) => b.Name).join(' ')}`;

/** The volumes gluster reports in a cluster (any node that answered), with the node that reported each. */
function glusterVolumes(nodes: NodeObservation[]): Map<string, { volume: GlusterXmlVolume; host: string }> {
  const found = new Map<string, { volume: GlusterXmlVolume; host: string }>();
  for (const node of nodes) {
    for (const volume of node.volumeInfo?.Volumes.VolumeList ?? []) {
      if (!found.has(volume.VolumeName)) found.set(volume.VolumeName, { volume, host: node.host });
    }
  }
  return found;
}

const layoutMatches = (d: EffectiveDurability, v: GlusterXmlVolume): boolean => {
  switch (d.type) {
    case 'none':
      return v.ReplicaCount <= 1 && v.DisperseCount === 0;
    case 'replicate':
      return v.ReplicaCount === d.replica && (v.ArbiterCount > 0) === d.arbiter;
    case 'disperse':
      return v.DisperseCount === d.data + d.redundancy && v.RedundancyCount === d.redundancy;
  }
};

const layoutText = (d: EffectiveDurability): string =>
  d.type === 'none' ? 'distribute' : d.type === 'replicate' ? `replica ${d.replica}${d.arbiter ? ' arbiter 1' : ''}` : `disperse ${d.data}+${d.redundancy}`;

const BOOLEAN_ON = new Set(['on', 'true', 'yes', 'enable', '1']);
const BOOLEAN_OFF = new Set(['off', 'false', 'no', 'disable', '0']);
const sameOptionValue = (a: string, b: string): boolean =>
  a === b || (BOOLEAN_ON.has(a.toLowerCase()) && BOOLEAN_ON.has(b.toLowerCase())) || (BOOLEAN_OFF.has(a.toLowerCase()) && BOOLEAN_OFF.has(b.toLowerCase()));

/** db options (`key value`) that gluster does not hold with that value; `group` expands into others and is skipped. */
function optionDifferences(volume: Volume, gluster: GlusterXmlVolume): string[] {
  const held = new Map((gluster.Options.OptionList ?? []).map((o) => [o.Name, o.Value]));
  return volume.glusterVolumeOptions.flatMap((option) => {
    const [key = '', ...rest] = option.trim().split(/\s+/);
    const value = rest.join(' ');
    if (key === '' || key === 'group' || key.startsWith('user.heketi.')) return [];
    const actual = held.get(key);
    if (actual !== undefined && sameOptionValue(actual, value)) return [];
    return [`${key}: db ${JSON.stringify(value)}, gluster ${actual === undefined ? 'unset' : JSON.stringify(actual)}`];
  });
}

function compareVolume(input: DriftInput, volume: Volume, gluster: GlusterXmlVolume, host: string): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const base = { node: null, refs: { clusterId: volume.clusterId, volumeId: volume.id, volumeName: volume.name } };
  const evidence = [{ node: host, command: COMMANDS.volumeInfo, line: describeVolume(gluster) }];
  const expected = input.bricksOf(volume.id).map((b) => `${input.storageHost(b.nodeId)}:${b.path}`);
  const actual = (gluster.Bricks.BrickList ?? []).map((b) => b.Name);
  if (expected.join('\n') !== actual.join('\n')) {
    const missing = expected.filter((b) => !actual.includes(b));
    const extra = actual.filter((b) => !expected.includes(b));
    const detail = missing.length + extra.length === 0 ? 'bricks in another order' : `db bricks not in gluster: ${missing.join(' ') || 'none'}; gluster bricks not in db: ${extra.join(' ') || 'none'}`;
    findings.push({ ...base, class: 'different', kind: 'brick-path-differs', subject: `volume ${volume.name}`, detail, evidence });
  }
  const durability = effectiveDurability(volume.durability, volume.glusterVolumeOptions);
  if (!layoutMatches(durability, gluster)) {
    const detail = `db ${layoutText(durability)}, gluster ${gluster.TypeStr} (replica ${gluster.ReplicaCount}, disperse ${gluster.DisperseCount}, redundancy ${gluster.RedundancyCount})`;
    findings.push({ ...base, class: 'different', kind: 'volume-type-differs', subject: `volume ${volume.name}`, detail, evidence });
  }
  const options = optionDifferences(volume, gluster);
  if (options.length > 0) {
    findings.push({ ...base, class: 'different', kind: 'volume-options-differ', subject: `volume ${volume.name}`, detail: options.join('; '), evidence });
  }
  if (gluster.StatusStr !== 'Started') {
    findings.push({ ...base, class: 'different', kind: 'volume-not-started', subject: `volume ${volume.name}`, detail: `gluster says ${gluster.StatusStr}`, evidence });
  }
  return findings;
}

/** Whether every brick of a volume gluster has is a heketi-ts-style brick on a known device, with its LV, unknown to the db. */
function adoptable(input: DriftInput, gluster: GlusterXmlVolume, clusterNodes: Node[]): boolean {
  const bricks = gluster.Bricks.BrickList ?? [];
  return (
    bricks.length > 0 &&
    bricks.every((b) => {
      const at = b.Name.indexOf(':');
      const host = b.Name.slice(0, at);
      const parsed = parseHeketiBrickPath(b.Name.slice(at + 1));
      const node = clusterNodes.find((n) => n.storageHostnames[0] === host);
      if (!parsed || !node || input.knownBrickIds.has(parsed.brickId)) return false;
      const device = input.device(parsed.deviceId);
      return device?.nodeId === node.id && input.hasLv(node.id, parsed.deviceId, `brick_${parsed.brickId}`);
    })
  );
}

export function classifyVolumes(input: DriftInput, clusterId: string): DriftFinding[] {
  const nodes = input.observations.filter((o) => o.clusterId === clusterId && o.volumeInfo !== null);
  if (nodes.length === 0) return [];
  const gluster = glusterVolumes(nodes);
  const findings: DriftFinding[] = [];
  for (const volume of input.stableVolumes(clusterId)) {
    const found = gluster.get(volume.name);
    if (found) {
      findings.push(...compareVolume(input, volume, found.volume, found.host));
      continue;
    }
    findings.push({
      class: 'missing',
      kind: 'volume-missing',
      subject: `volume ${volume.name}`,
      node: null,
      detail: `gluster has no volume ${volume.name} (db id ${volume.id})`,
      evidence: nodes.map((n) => ({ node: n.host, command: COMMANDS.volumeInfo, line: `no <name>${volume.name}</name> among ${n.volumeInfo?.Volumes.Count ?? 0} volumes` })),
      refs: { clusterId, volumeId: volume.id, volumeName: volume.name, brickCount: input.bricksOf(volume.id).length },
      ...(input.isMarkedMissing(volume.id) ? { acknowledged: true } : {}),
    });
  }
  const clusterNodes = input.nodesOf(clusterId);
  for (const [name, { volume, host }] of gluster) {
    if (input.knownVolumeNames.has(name)) continue;
    const canAdopt = adoptable(input, volume, clusterNodes);
    findings.push({
      class: 'orphan',
      kind: 'orphan-volume',
      subject: `volume ${name}`,
      node: null,
      detail: canAdopt
        ? 'made outside heketi-ts on heketi-ts-style bricks: can be adopted'
        : 'made outside heketi-ts, not on heketi-ts bricks: left alone unless named with --delete-foreign-volume',
      evidence: [{ node: host, command: COMMANDS.volumeInfo, line: describeVolume(volume) }],
      refs: { clusterId, volumeName: name, adoptable: canAdopt },
    });
  }
  return findings;
}

