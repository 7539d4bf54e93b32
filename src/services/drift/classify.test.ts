import { describe, expect, it } from 'vitest';
import type { Brick, Device, Node, Volume } from '../../domain/entities.js';
import { brickPath } from '../../domain/naming.js';
import { mockLvs, mockMountState, mockPvs, mockVgs, mockVolInfo, type MockBrick, type MockVolume } from '../../executor/mock-node-view.js';
import type { Snapshot } from '../db-dump.js';
import { classifyDrift } from './classify.js';
import type { NodeObservation } from './gather.js';
import { DriftInput } from './input.js';
import { planRepairs } from './plan.js';

const id = (c: string, n: number): string => `${c}${String(n).padStart(31, '0')}`;
const CLUSTER = id('c', 1);
const GiBk = 1024 * 1024;
const HOSTS = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];

const nodes: Node[] = HOSTS.map((h, i) => ({ id: id('a', i), clusterId: CLUSTER, zone: 1, manageHostnames: [h], storageHostnames: [h], tags: {}, state: 'online' }));
const devices: Device[] = nodes.map((n, i) => ({
  id: id('d', i), nodeId: n.id, name: '/dev/sdb', tags: {}, state: 'online', totalKib: 500 * GiBk, freeKib: 0, usedKib: 0, extentSizeKib: 4096, paths: [], pvUuid: '',
}));

const volume = (n: number, extra: Partial<Volume> = {}): Volume => ({
  id: id('e', n), clusterId: CLUSTER, name: `vol_${id('e', n)}`, sizeGib: 1, gid: 0, block: false,
  durability: { type: 'replicate', replicate: { replica: 3 }, disperse: {} }, snapshot: { enable: false, factor: 1 },
  glusterVolumeOptions: ['performance.rda-cache-limit 10MB'], blockInfo: { freeSizeGib: 0, reservedSizeGib: 0, restriction: '' }, pendingOpId: null, ...extra,
});
const bricksOf = (v: Volume, n: number): Brick[] =>
  devices.map((d, i) => ({
    id: id('b', n * 10 + i), deviceId: d.id, nodeId: d.nodeId, volumeId: v.id, path: brickPath(d.id, id('b', n * 10 + i)),
    sizeKib: GiBk, tpSizeKib: GiBk, poolMetadataSizeKib: 8192, subType: 'normal', lvmThinPool: `tp_${id('b', n * 10 + i)}`, lvmLv: `brick_${id('b', n * 10 + i)}`, position: i, pendingOpId: null,
  }));

/** A database with volumes 1 and 2, and nodes that match it exactly. */
function world() {
  const volumes = [volume(1), volume(2)];
  const bricks = [...bricksOf(volumes[0]!, 1), ...bricksOf(volumes[1]!, 2)];
  const snapshot: Snapshot = { clusters: [{ id: CLUSTER, block: false, file: true }], nodes, devices, bricks, volumes, blockVolumes: [], operations: [], attributes: [] };
  const mockBricks: Record<string, MockBrick> = Object.fromEntries(
    bricks.map((b) => [b.id, { host: HOSTS[nodes.findIndex((n) => n.id === b.nodeId)]!, vgId: b.deviceId, path: b.path, usedKib: GiBk + 8192, sizeKib: GiBk }]),
  );
  const mockVolumes: Record<string, MockVolume> = Object.fromEntries(
    volumes.map((v) => [v.name, { bricks: bricks.filter((b) => b.volumeId === v.id).map((b) => `${HOSTS[nodes.findIndex((n) => n.id === b.nodeId)]}:${b.path}`), durability: { type: 'replicate', replica: 3, arbiter: false }, options: ['performance.rda-cache-limit 10MB'] }]),
  );
  return { snapshot, mockBricks, mockVolumes };
}

const observe = (w: ReturnType<typeof world>): NodeObservation[] =>
  nodes.map((n, i) => ({
    nodeId: n.id, clusterId: CLUSTER, host: HOSTS[i]!,
    volumeInfo: mockVolInfo(w.mockVolumes),
    pvs: mockPvs([{ host: HOSTS[i]!, name: '/dev/sdb', vgId: devices[i]!.id }], HOSTS[i]!, 500),
    vgs: mockVgs([{ host: HOSTS[i]!, name: '/dev/sdb', vgId: devices[i]!.id }], w.mockBricks, HOSTS[i]!, 500),
    lvs: mockLvs(w.mockBricks, HOSTS[i]!),
    mounts: mockMountState(w.mockBricks, HOSTS[i]!),
    blockVolumeNames: null,
    errors: [],
  }));

const report = (w: ReturnType<typeof world>, after?: Snapshot) =>
  classifyDrift(new DriftInput(w.snapshot, after ?? w.snapshot, observe(w)), 1);
const kinds = (w: ReturnType<typeof world>) => report(w).findings.map((f) => [f.class, f.kind, f.subject]);
const FLAGS = { deleteMissing: [], deleteForeign: [] };

describe('drift classification', () => {
  it('finds nothing when the nodes match the database', () => {
    const r = report(world());
    expect(r.findings).toEqual([]);
    expect(r.notChecked).toEqual([]);
    expect(planRepairs(r, FLAGS)).toEqual({ repairs: [], manual: [] });
  });

  it('an unmounted brick: class unmounted with the mount and fstab evidence; repair remounts and starts with force', () => {
    const w = world();
    const b = w.snapshot.bricks[0]!;
    w.mockBricks[b.id]!.mounted = false;
    const r = report(w);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect([f.class, f.kind, f.node, f.refs.brickId]).toEqual(['unmounted', 'brick-unmounted', HOSTS[0], b.id]);
    expect(f.evidence).toEqual([
      { node: HOSTS[0], command: 'mount', line: `nothing mounted on ${b.path.replace(/\/brick$/, '')}` },
      { node: HOSTS[0], command: 'cat /etc/fstab', line: expect.stringContaining(`brick_${b.id} xfs`) },
    ]);
    const plan = planRepairs(r, FLAGS);
    expect(plan.repairs.map((p) => p.action)).toEqual([{ type: 'restore-bricks', volumeId: b.volumeId, volumeName: w.snapshot.volumes[0]!.name, brickIds: [b.id] }]);
  });

  it('a lost fstab line is missing; with the mount lost too, one restore covers both', () => {
    const w = world();
    const b = w.snapshot.bricks[1]!;
    Object.assign(w.mockBricks[b.id]!, { fstab: false, mounted: false });
    const r = report(w);
    expect(r.findings.map((f) => f.kind)).toEqual(['fstab-line-missing', 'brick-unmounted']);
    expect(planRepairs(r, FLAGS).repairs).toHaveLength(1);
  });

  it('an orphan LV named like heketi-ts’s: orphan with the lvs rows as evidence; repair removes it', () => {
    const w = world();
    const orphan = id('f', 9);
    w.mockBricks[orphan] = { host: HOSTS[2]!, vgId: devices[2]!.id, path: brickPath(devices[2]!.id, orphan), usedKib: GiBk };
    const r = report(w);
    expect(r.findings.map((f) => [f.class, f.kind, f.node])).toEqual([['orphan', 'orphan-lv', HOSTS[2]]]);
    expect(r.findings[0]!.evidence.map((e) => e.command)).toEqual(['lvm lvs --reportformat json --units k', 'lvm lvs --reportformat json --units k', 'cat /etc/fstab']);
    expect(r.findings[0]!.evidence[0]!.line).toContain(`"lv_name":"brick_${orphan}"`);
    expect(planRepairs(r, FLAGS).repairs.map((p) => p.action)).toEqual([{ type: 'remove-orphan-brick', nodeId: nodes[2]!.id, vgId: devices[2]!.id, brickId: orphan }]);
  });

  it('a stray fstab line without an LV is its own kind', () => {
    const w = world();
    const orphan = id('f', 8);
    w.mockBricks[orphan] = { host: HOSTS[0]!, vgId: devices[0]!.id, path: brickPath(devices[0]!.id, orphan), usedKib: 0, lv: false };
    expect(kinds(w)).toEqual([['orphan', 'stray-fstab-line', `fstab line of brick_${orphan}`]]);
  });

  it('LVs of a brick being created between the two database reads are not orphans', () => {
    const w = world();
    const fresh = id('f', 7);
    w.mockBricks[fresh] = { host: HOSTS[0]!, vgId: devices[0]!.id, path: brickPath(devices[0]!.id, fresh), usedKib: GiBk };
    const after = { ...w.snapshot, bricks: [...w.snapshot.bricks, { ...w.snapshot.bricks[0]!, id: fresh, pendingOpId: id('9', 1) }] };
    expect(report(w, after).findings).toEqual([]);
  });

  it('a volume deleted with the gluster CLI is missing; marked when its LVs remain, deleted when named', () => {
    const w = world();
    const v = w.snapshot.volumes[1]!;
    delete w.mockVolumes[v.name];
    const r = report(w);
    expect(r.findings.map((f) => [f.class, f.kind, f.subject])).toEqual([['missing', 'volume-missing', `volume ${v.name}`]]);
    expect(r.findings[0]!.evidence).toHaveLength(3);
    expect(planRepairs(r, FLAGS).repairs.map((p) => p.action.type)).toEqual(['mark-volume-missing']);
    expect(planRepairs(r, { deleteMissing: [v.name], deleteForeign: [] }).repairs.map((p) => p.action.type)).toEqual(['delete-missing-volume']);
  });

  it('a missing volume whose bricks are gone too is deleted to release the space', () => {
    const w = world();
    const v = w.snapshot.volumes[1]!;
    delete w.mockVolumes[v.name];
    for (const b of w.snapshot.bricks.filter((x) => x.volumeId === v.id)) delete w.mockBricks[b.id];
    const plan = planRepairs(report(w), FLAGS);
    expect(plan.repairs.map((p) => [p.action.type, p.fixes.length])).toEqual([['delete-missing-volume', 4]]);
  });

  it('a brick LV removed under a live volume is missing and rebuilt', () => {
    const w = world();
    const b = w.snapshot.bricks[2]!;
    w.mockBricks[b.id]!.lv = false;
    const r = report(w);
    expect(r.findings.map((f) => [f.class, f.kind])).toEqual([['missing', 'brick-lv-missing']]);
    expect(r.findings[0]!.evidence[0]).toEqual({ node: HOSTS[2], command: 'lvm lvs --reportformat json --units k', line: `no vg_${b.deviceId}/brick_${b.id}` });
    expect(planRepairs(r, FLAGS).repairs.map((p) => p.action)).toEqual([{ type: 'rebuild-brick', volumeId: b.volumeId, volumeName: w.snapshot.volumes[0]!.name, brickId: b.id }]);
  });

  it('a gluster volume made by hand on heketi-ts-style bricks is adoptable, and its LVs are not orphans', () => {
    const w = world();
    const ids = [id('f', 1), id('f', 2), id('f', 3)];
    ids.forEach((b, i) => (w.mockBricks[b] = { host: HOSTS[i]!, vgId: devices[i]!.id, path: brickPath(devices[i]!.id, b), usedKib: GiBk, sizeKib: GiBk }));
    w.mockVolumes['handmade'] = { bricks: ids.map((b, i) => `${HOSTS[i]}:${brickPath(devices[i]!.id, b)}`), durability: { type: 'replicate', replica: 3, arbiter: false } };
    w.mockVolumes['foreign'] = { bricks: ['10.0.0.1:/data/brick1'] };
    const r = report(w);
    expect(r.findings.map((f) => [f.kind, f.subject, f.refs.adoptable])).toEqual([
      ['orphan-volume', 'volume handmade', true],
      ['orphan-volume', 'volume foreign', false],
    ]);
    const plan = planRepairs(r, FLAGS);
    expect(plan.repairs.map((p) => p.action)).toEqual([{ type: 'adopt-volume', clusterId: CLUSTER, volumeName: 'handmade' }]);
    expect(plan.manual.map((m) => m.advice)).toEqual([expect.stringContaining('--delete-foreign-volume foreign')]);
    expect(planRepairs(r, { deleteMissing: [], deleteForeign: ['foreign'] }).repairs.map((p) => p.action.type)).toEqual(['adopt-volume', 'delete-foreign-volume']);
  });

  it('differences: bricks, layout, options, state, LV size, VG size, a lost VG', () => {
    const w = world();
    const [v1, v2] = w.snapshot.volumes;
    const vol1 = w.mockVolumes[v1!.name]!;
    vol1.bricks = [...vol1.bricks].reverse();
    vol1.durability = { type: 'replicate', replica: 2, arbiter: false };
    vol1.options = [];
    w.mockVolumes[v2!.name]!.stopped = true;
    w.mockBricks[w.snapshot.bricks[3]!.id]!.sizeKib = 2 * GiBk;
    const r = report({ ...w, snapshot: { ...w.snapshot, devices: devices.map((d, i) => (i === 1 ? { ...d, totalKib: 400 * GiBk } : d)) } });
    expect(r.findings.map((f) => [f.class, f.kind])).toEqual([
      ['different', 'brick-path-differs'],
      ['different', 'volume-type-differs'],
      ['different', 'volume-options-differ'],
      ['different', 'volume-not-started'],
      ['different', 'brick-size-differs'],
      ['different', 'device-size-differs'],
    ]);
    expect(r.findings[2]!.detail).toBe('performance.rda-cache-limit: db "10MB", gluster unset');
    const plan = planRepairs(r, FLAGS);
    expect(plan.repairs.map((p) => p.action.type)).toEqual(['start-volume']);
    expect(plan.manual.map((m) => m.finding.kind)).toEqual(['brick-path-differs', 'volume-type-differs', 'volume-options-differ', 'brick-size-differs', 'device-size-differs']);
  });

  it('a node that does not answer is listed as not checked, and its bricks are not reported', () => {
    const w = world();
    const obs = observe(w);
    obs[0] = { ...obs[0]!, lvs: null, mounts: null, vgs: null, errors: ['could not fetch LVM lvs data from node 10.0.0.1 : timed out'] };
    const r = classifyDrift(new DriftInput(w.snapshot, w.snapshot, obs), 1);
    expect(r.findings).toEqual([]);
    expect(r.notChecked).toEqual(['10.0.0.1: could not fetch LVM lvs data from node 10.0.0.1 : timed out']);
  });
});
