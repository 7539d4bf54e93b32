import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brickPath } from '../../src/domain/naming.js';
import { mockVolumeKey, type MockExecutor } from '../../src/executor/mock-executor.js';
import { consistencyProblems } from '../helpers/crash-db.js';
import { adminCli as cli } from '../helpers/cli.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology, type SeededTopology } from '../helpers/topology.js';

const r3 = { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } };
const hexId = (c: string): string => c.repeat(32);
type VolumeJson = { id: string; name: string; size: number; bricks: { id: string; path: string; device: string; node: string }[] };

describe('state repair over the mock executor: each drift kind is fixed and a second examine is clean', () => {
  let s: TestServer;
  let t: SeededTopology;
  let mock: MockExecutor;
  const volumes: VolumeJson[] = [];
  const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];
  const freeOf = async (deviceId: string): Promise<number> => {
    for (const nodeId of t.nodeIds) {
      const node = (await s.request('GET', `/nodes/${nodeId}`)).json() as { devices: { id: string; storage: { free: number } }[] };
      const d = node.devices.find((x) => x.id === deviceId);
      if (d) return d.storage.free;
    }
    throw new Error(`no device ${deviceId}`);
  };

  beforeAll(async () => {
    s = await TestServer.start();
    t = await seedTopology(s, 3, 1);
    mock = s.server.services.ctx.executor as unknown as MockExecutor;
    for (let i = 0; i < 3; i++) {
      const done = await s.follow(await s.request('POST', '/volumes', r3));
      volumes.push((await s.request('GET', done.headers.get('location')!)).json());
    }
  });
  afterAll(async () => s.dispose());

  it('plans and applies the repairs of six drift kinds at once', async () => {
    const [a, b, c] = volumes as [VolumeJson, VolumeJson, VolumeJson];
    const deviceOf = (i: number) => t.deviceIds[i]!;
    const freeBefore = await freeOf(deviceOf(0));
    const adopted = [hexId('1'), hexId('2'), hexId('3')];
    mock.tamper((m) => {
      m.bricks[a.bricks[0]!.id]!.mounted = false; // unmounted brick
      m.bricks[c.bricks[1]!.id]!.lv = false; // LV removed under a live volume
      delete m.volumes[mockVolumeKey(t.clusterId, b.name)]; // volume deleted with the gluster CLI
      m.bricks[hexId('f')] = { host: hosts[0]!, vgId: deviceOf(0), path: brickPath(deviceOf(0), hexId('f')), usedKib: 1024 }; // orphan LV
      m.bricks[hexId('e')] = { host: hosts[1]!, vgId: deviceOf(1), path: brickPath(deviceOf(1), hexId('e')), usedKib: 0, lv: false }; // stray fstab line
      adopted.forEach((id, i) => (m.bricks[id] = { host: hosts[i]!, vgId: deviceOf(i), path: brickPath(deviceOf(i), id), usedKib: 2 * 1024 * 1024, sizeKib: 2 * 1024 * 1024 }));
      m.volumes['handmade'] = { bricks: adopted.map((id, i) => `${hosts[i]}:${brickPath(deviceOf(i), id)}`), durability: { type: 'replicate', replica: 3, arbiter: false } };
    });
    const report = (await s.request('GET', '/internal/state/drift')).json();
    expect(report.findings.map((f: { kind: string }) => f.kind).sort()).toEqual(
      ['brick-lv-missing', 'brick-unmounted', 'orphan-lv', 'orphan-volume', 'stray-fstab-line', 'volume-missing'].sort(),
    );

    const plan = await cli(s, ['state', 'repair', '--plan', '--delete-missing-volume', b.name]);
    expect(plan.code).toBe(0);
    for (const type of ['restore-bricks', 'rebuild-brick', 'remove-orphan-brick', 'delete-missing-volume', 'adopt-volume']) expect(plan.out).toContain(`${type}: `);
    expect(plan.out.match(/remove-orphan-brick: /g)).toHaveLength(2);

    const applied = await cli(s, ['state', 'repair', '--apply', '--delete-missing-volume', b.name]);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('After the repair:\nDrift: 0 finding(s) on 3 node(s), 3 volume(s)');

    expect((await s.request('GET', '/internal/state/drift')).json().findings).toEqual([]);
    const state = mock.snapshot();
    expect(state.bricks[a.bricks[0]!.id]).toMatchObject({ mounted: true, fstab: true });
    expect(state.bricks[c.bricks[1]!.id]?.lv).toBeUndefined();
    expect(state.bricks[hexId('f')]).toBeUndefined();
    expect(state.bricks[hexId('e')]).toBeUndefined();
    expect((await s.request('GET', `/volumes/${b.id}`)).status).toBe(404);
    const handmade = ((await s.request('GET', '/volumes')).json().volumes as string[]).filter((id) => !volumes.some((v) => v.id === id));
    expect(handmade).toHaveLength(1);
    const info = (await s.request('GET', `/volumes/${handmade[0]}`)).json() as VolumeJson & { durability: unknown };
    expect(info).toMatchObject({ name: 'handmade', size: 2, durability: { type: 'replicate', replicate: { replica: 3 } } });
    expect(info.bricks.map((x) => x.id).sort()).toEqual([...adopted].sort());
    // b's 1 GiB brick released, the adopted 2 GiB brick charged.
    expect(await freeOf(deviceOf(0))).toBeLessThan(freeBefore);
    expect(consistencyProblems(s.config.glusterfs.db, s.config.glusterfs.mockexec.stateFile)).toEqual([]);
    // The adopted volume is an ordinary volume now: it expands and deletes.
    expect((await s.follow(await s.request('POST', `/volumes/${info.id}/expand`, { expand_size: 1 }))).status).toBe(303);
    expect((await s.follow(await s.request('DELETE', `/volumes/${info.id}`))).status).toBe(204);
    expect(adopted.map((id) => mock.snapshot().bricks[id])).toEqual([undefined, undefined, undefined]);
  });

  it('marks a missing volume whose bricks remain, unless named; a foreign volume is deleted only when named', async () => {
    const [a] = volumes as [VolumeJson];
    mock.tamper((m) => {
      delete m.volumes[mockVolumeKey(t.clusterId, a.name)];
      m.volumes['foreign'] = { bricks: ['10.9.9.9:/data/x'] };
    });
    const first = (await s.follow(await s.request('POST', '/internal/state/repair', {})));
    expect(first.status).toBe(303);
    const result = (await s.request('GET', first.headers.get('location')!)).json();
    expect(result.errors).toEqual([]);
    expect(result.plan.repairs.map((r: { action: { type: string } }) => r.action.type)).toEqual(['mark-volume-missing']);
    expect(result.report.findings.map((f: { kind: string; acknowledged?: boolean }) => [f.kind, f.acknowledged ?? false])).toEqual([
      ['volume-missing', true],
      ['orphan-volume', false],
    ]);
    expect((await s.request('GET', `/volumes/${a.id}`)).status).toBe(200);
    expect(mock.snapshot().volumes['foreign']).toBeDefined();
    const second = await s.follow(await s.request('POST', '/internal/state/repair', { delete_missing_volumes: [a.name], delete_foreign_volumes: ['foreign'] }));
    const after = (await s.request('GET', second.headers.get('location')!)).json();
    expect(after.errors).toEqual([]);
    expect(after.report.findings).toEqual([]);
    expect(mock.snapshot().volumes['foreign']).toBeUndefined();
    expect((await s.request('GET', `/volumes/${a.id}`)).status).toBe(404);
  });

  it('a repair that fails is reported, rolled back, and leaves the rest done', async () => {
    const [, , c] = volumes as [VolumeJson, VolumeJson, VolumeJson];
    mock.tamper((m) => {
      m.bricks[c.bricks[0]!.id]!.mounted = false;
      m.bricks[hexId('d')] = { host: hosts[2]!, vgId: t.deviceIds[2]!, path: brickPath(t.deviceIds[2]!, hexId('d')), usedKib: 1024 };
    });
    mock.faults.replace([{ method: 'brickMount', nth: null, action: { kind: 'fail' } }]);
    try {
      const applied = await cli(s, ['state', 'repair', '--apply']);
      expect(applied.code).toBe(255);
      expect(applied.out).toContain(`failed: restore-bricks (${c.name}): mock failure injected at brickMount`);
      expect(applied.out).toMatch(/Drift: 1 finding\(s\)/);
    } finally {
      mock.faults.replace([]);
    }
    expect(mock.snapshot().bricks[hexId('d')]).toBeUndefined();
    expect((await s.request('GET', '/operations')).json()).toMatchObject({ total: 0 });
    expect((await s.request('GET', `/volumes/${c.id}`)).status).toBe(200);
    const fixed = await cli(s, ['state', 'repair', '--apply']);
    expect(fixed.code).toBe(0);
    expect(fixed.out).toContain('Drift: 0 finding(s)');
  });

  it('refuses bad bodies and a second repair while one runs', async () => {
    const bad = await s.request('POST', '/internal/state/repair', { delete_missing_volumes: 'x' });
    expect([bad.status, bad.text]).toEqual([
      422,
      'request unable to be parsed: json: cannot unmarshal string into Go struct field StateRepairRequest.delete_missing_volumes of type []string\n',
    ]);
    mock.faults.replace([{ method: 'volumesInfo', nth: 1, action: { kind: 'delay', ms: 300 } }]);
    try {
      const first = await s.request('POST', '/internal/state/repair');
      const second = await s.request('POST', '/internal/state/repair');
      expect([second.status, second.text]).toEqual([409, 'A drift repair is already running\n']);
      expect((await s.follow(first)).status).toBe(303);
    } finally {
      mock.faults.replace([]);
    }
  });
});
