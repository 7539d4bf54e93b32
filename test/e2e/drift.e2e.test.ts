import { copyFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { brickDevicePath, brickMountDir } from '../../src/domain/naming.js';
import { type ApiCluster, type VolumeInfo, useApiSuite } from './helpers/api-cluster.js';
import { dropCaches, mountVolume, sha256File, unmountVolume, writeRandomFile } from './helpers/fuse.js';
import { startHeketi, type ApiClient, type HeketiProcess } from './helpers/heketi-server.js';
import { type Leftover, LVM, MOUNT_OPTIONS, handmadeBrick, killAndUnmount, removeBrickByHand } from './helpers/hand-drift.js';
import { loadTestbed, newId, onNode } from './helpers/testbed.js';

// Drift made by hand on the real test bed, behind heketi-ts's back, then examined and repaired.
const tb = loadTestbed();
let heketi: HeketiProcess;
let api: ApiClient;
let cluster: ApiCluster;
const liveVolumes = new Set<string>();

// A server restarted by the crash test, on the suite's port; stopped after the suite unloaded through it.
let restarted: HeketiProcess | undefined;
afterAll(async () => {
  await restarted?.stop();
});

useApiSuite(tb, () => tb.nodes, liveVolumes, (suite) => {
  ({ heketi, api, cluster } = suite);
});

// What a failed test leaves of the hand-made drift, removed before the suite tears its devices down
// (vitest runs this afterAll before useApiSuite's).
const leftovers: Leftover[] = [];
const fuseMounts = new Set<string>();
afterAll(async () => {
  for (const mnt of fuseMounts) await unmountVolume(mnt).catch(() => undefined);
  for (const { host, script } of leftovers.reverse()) await onNode(tb, host, script).catch(() => undefined);
});
interface Finding {
  class: string;
  kind: string;
  node: string | null;
  subject: string;
  evidence: { node: string; command: string; line: string }[];
  refs: Record<string, unknown>;
}
interface DriftReport {
  findings: Finding[];
  notChecked: string[];
  nodes: number;
  volumes: number;
  elapsedMs: number;
}

const createVolume = async (): Promise<VolumeInfo> => {
  const volume = (await api.async<VolumeInfo>('POST', '/volumes', { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } })) as VolumeInfo;
  liveVolumes.add(volume.id);
  return volume;
};
const deviceOn = async (host: string): Promise<string> => {
  const nodeId = [...cluster.hostOfNode].find(([, h]) => h === host)![0];
  return (await api.json<{ devices: { id: string }[] }>('GET', `/nodes/${nodeId}`)).devices[0]!.id;
};
const brickOn = (volume: VolumeInfo, host: string) => volume.bricks.find((b) => cluster.hostOfNode.get(b.node) === host)!;
const drift = (): Promise<DriftReport> => api.json<DriftReport>('GET', '/internal/state/drift');
const kindsOf = (r: DriftReport) => r.findings.map((f) => `${f.class}/${f.kind}`).sort();

describe('drift on the test bed: made by hand, examined, repaired', () => {
  const data = new Map<string, { mnt: string; sha: string }>();
  let a: VolumeInfo;
  let b: VolumeInfo;
  let c: VolumeInfo;

  it('examine answers Heketi’s shape for a bed with volumes, and no drift', async () => {
    [a, b, c] = [await createVolume(), await createVolume(), await createVolume()];
    for (const v of [a, c]) {
      const mnt = await mountVolume(tb, tb.nodes[0]!, v.name);
      fuseMounts.add(mnt);
      const sha = await writeRandomFile(`${tb.root}/client/${v.name}.payload`, 20);
      await copyFile(`${tb.root}/client/${v.name}.payload`, `${mnt}/payload`);
      data.set(v.id, { mnt, sha });
    }
    const response = await api.raw('GET', '/internal/state/examine/gluster');
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text.startsWith('{\n    "heketidb": {\n')).toBe(true);
    const body = JSON.parse(text);
    expect(Object.keys(body)).toEqual(['heketidb', 'report', 'clusters']);
    expect(body.report).toEqual(['OnDemand Examiner invoked while 0 ops are in flight', 'heketi volume list matches with volume list of all nodes']);
    const nodes = body.clusters[0].NodesData;
    expect(nodes).toHaveLength(3);
    for (const n of nodes) {
      expect(Object.keys(n)).toEqual(['NodeHeketiID', 'VolumeInfo', 'LVMPVInfo', 'LVMVGInfo', 'LVMLVInfo', 'BricksMountStatus', 'BlockVolumeNames']);
      expect(n.VolumeInfo.Volumes.VolumeList.map((v: { VolumeName: string }) => v.VolumeName).sort()).toEqual([a.name, b.name, c.name].sort());
      expect(n.VolumeInfo.Volumes.VolumeList[0]).toMatchObject({ XMLName: { Space: '', Local: 'volume' }, StatusStr: 'Started', ReplicaCount: 3, TypeStr: 'Replicate' });
      expect(n.LVMPVInfo.report[0].pv[0]).toMatchObject({ pv_name: '/dev/sdb' });
      expect(n.LVMLVInfo.report[0].lv.filter((lv: { lv_name: string }) => lv.lv_name.startsWith('brick_'))).toHaveLength(3);
      expect(n.LVMLVInfo.report[0].lv[0].lv_size).toMatch(/^\d+\.\d\dk$/);
      const bricks = n.BricksMountStatus.Statuses.filter((s: { MountPoint: string }) => s.MountPoint.startsWith('/var/lib/heketi/mounts/'));
      expect(bricks.map((s: { Mounted: boolean; Type: string }) => [s.Mounted, s.Type])).toEqual([[true, 'xfs'], [true, 'xfs'], [true, 'xfs']]);
    }
    const report = await drift();
    expect(report.findings).toEqual([]);
    expect(report.notChecked).toEqual([]);
  });

  it('reports each drift kind made by hand with its class and evidence; repair --apply fixes all; data intact', async () => {
    const [h1, h2, h3] = tb.nodes as [string, string, string];
    const [d1, d2, d3] = [await deviceOn(h1), await deviceOn(h2), await deviceOn(h3)];
    // 1. an orphan LV named like heketi-ts's (left by an interrupted operation)
    const orphan = newId();
    leftovers.push({ host: h1, script: removeBrickByHand(d1, orphan) });
    await onNode(tb, h1, `${LVM} lvcreate -qq --autobackup=n --poolmetadatasize 8192K --chunksize 256K --size 65536K --thin vg_${d1}/tp_${orphan} --virtualsize 65536K --name brick_${orphan}`);
    // 2. a brick not mounted after a simulated node restart (its brick process gone too)
    const unmounted = brickOn(a, h2);
    await killAndUnmount(tb, h2, unmounted.path);
    // 3. a volume deleted with the gluster CLI
    await onNode(tb, h1, `gluster --mode=script volume stop ${b.name} force && gluster --mode=script volume delete ${b.name}`);
    // 4. a volume created with the gluster CLI on heketi-ts-style bricks
    const handIds = [newId(), newId(), newId()];
    const handBricks = [await handmadeBrick(tb, leftovers, h1, d1, handIds[0]!), await handmadeBrick(tb, leftovers, h2, d2, handIds[1]!), await handmadeBrick(tb, leftovers, h3, d3, handIds[2]!)];
    leftovers.push({ host: h1, script: 'gluster --mode=script volume stop handmade force; gluster --mode=script volume delete handmade' });
    await onNode(tb, h1, `gluster --mode=script volume create handmade replica 3 ${handBricks.join(' ')} && gluster --mode=script volume start handmade`);
    // 5. a stray fstab line for a heketi-ts brick path
    const stray = newId();
    leftovers.push({ host: h3, script: `sed -i '/brick_${stray}/d' /etc/fstab` });
    await onNode(tb, h3, `echo '${brickDevicePath(d3, stray)} ${brickMountDir(d3, stray)} xfs ${MOUNT_OPTIONS} 1 2' >> /etc/fstab`);
    // 6. a brick LV removed under a live volume
    const lost = brickOn(c, h3);
    await killAndUnmount(tb, h3, lost.path);
    await onNode(tb, h3, `${LVM} lvremove --autobackup=n -f vg_${lost.device}/brick_${lost.id}`);

    const report = await drift();
    console.log(`drift report (3 nodes, ${report.volumes} volumes): nodes read in ${report.elapsedMs} ms`);
    expect(kindsOf(report)).toEqual(
      ['missing/brick-lv-missing', 'missing/volume-missing', 'orphan/orphan-lv', 'orphan/orphan-volume', 'orphan/stray-fstab-line', 'unmounted/brick-unmounted'].sort(),
    );
    const find = (kind: string) => report.findings.find((f) => f.kind === kind)!;
    expect(find('orphan-lv')).toMatchObject({ node: h1, refs: { brickId: orphan } });
    expect(find('orphan-lv').evidence[0]).toMatchObject({ node: h1, command: 'lvm lvs --reportformat json --units k', line: expect.stringContaining(`"lv_name":"brick_${orphan}"`) });
    expect(find('brick-unmounted')).toMatchObject({ node: h2, refs: { brickId: unmounted.id, volumeId: a.id } });
    expect(find('brick-unmounted').evidence).toEqual([
      { node: h2, command: 'mount', line: `nothing mounted on ${unmounted.path.replace(/\/brick$/, '')}` },
      { node: h2, command: 'cat /etc/fstab', line: expect.stringContaining(`brick_${unmounted.id} xfs`) },
    ]);
    expect(find('volume-missing')).toMatchObject({ node: null, refs: { volumeId: b.id } });
    expect(find('volume-missing').evidence[0]).toMatchObject({ command: 'gluster volume info --xml', line: expect.stringContaining(`no <name>${b.name}</name>`) });
    expect(find('orphan-volume')).toMatchObject({ refs: { volumeName: 'handmade', adoptable: true } });
    expect(find('orphan-volume').evidence[0]!.line).toContain(`volume handmade (Replicate, Started): ${handBricks.join(' ')}`);
    expect(find('stray-fstab-line')).toMatchObject({ node: h3, refs: { brickId: stray } });
    expect(find('stray-fstab-line').evidence[0]).toMatchObject({ command: 'cat /etc/fstab', line: expect.stringContaining(`brick_${stray} xfs`) });
    expect(find('brick-lv-missing')).toMatchObject({ node: h3, refs: { brickId: lost.id, volumeId: c.id } });
    expect(find('brick-lv-missing').evidence[0]).toMatchObject({ line: `no vg_${lost.device}/brick_${lost.id}` });

    const result = await api.async<{ errors: string[]; plan: { repairs: { action: { type: string } }[] }; report: DriftReport }>('POST', '/internal/state/repair', {
      delete_missing_volumes: [b.name],
    });
    expect(result!.errors).toEqual([]);
    expect(result!.plan.repairs.map((r) => r.action.type).sort()).toEqual(
      ['adopt-volume', 'delete-missing-volume', 'rebuild-brick', 'remove-orphan-brick', 'remove-orphan-brick', 'restore-bricks'].sort(),
    );
    liveVolumes.delete(b.id);
    expect(result!.report.findings).toEqual([]);
    expect((await drift()).findings).toEqual([]);

    // On the nodes, independently of heketi-ts: the brick mounted again, the leftovers gone.
    expect((await onNode(tb, h2, `mountpoint -q ${unmounted.path.replace(/\/brick$/, '')} && echo mounted`).catch(() => '')).trim()).toBe('mounted');
    expect((await onNode(tb, h1, `${LVM} lvs --noheadings -o lv_name | grep -c ${orphan} || true`)).trim()).toBe('0');
    expect((await onNode(tb, h3, `grep -c ${stray} /etc/fstab || true`)).trim()).toBe('0');
    // The data written before the repair reads back the same, and the rebuilt brick healed it back.
    await dropCaches();
    for (const [id, { sha, mnt }] of data) expect(await sha256File(`${mnt}/payload`), id).toBe(sha);
    // Self-heal copies the data back in the background; nudge it with an index heal while waiting (up to 4 min).
    const healed = await onNode(
      tb,
      h3,
      `for i in $(seq 48); do s=$(sha256sum ${lost.path}/payload 2>/dev/null | cut -d' ' -f1); [ "$s" = ${data.get(c.id)!.sha} ] && break; ` +
        `gluster --mode=script volume heal ${c.name} >/dev/null 2>&1; sleep 5; done; echo $s`,
    );
    expect(healed.trim()).toBe(data.get(c.id)!.sha);
    // The adopted volume is an ordinary heketi-ts volume.
    const ids = (await api.json<{ volumes: string[] }>('GET', '/volumes')).volumes;
    const adopted = ids.filter((id) => ![a.id, c.id].includes(id));
    expect(adopted).toHaveLength(1);
    liveVolumes.add(adopted[0]!);
    const info = await api.json<VolumeInfo>('GET', `/volumes/${adopted[0]}`);
    expect(info.name).toBe('handmade');
    expect(info.bricks.map((x) => x.id).sort()).toEqual([...handIds].sort());
    for (const { mnt } of data.values()) {
      await unmountVolume(mnt);
      fuseMounts.delete(mnt);
    }
  });

  it('a repair SIGKILLed after its exec is finished by recovery at the next start', async () => {
    const host = tb.nodes[0]!;
    const brick = brickOn(a, host);
    await killAndUnmount(tb, host, brick.path);
    expect(kindsOf(await drift())).toEqual(['unmounted/brick-unmounted']);
    const port = Number(new URL(api.base).port);
    await heketi.stop();
    const crashing = await startHeketi(tb, { dir: heketi.dir, port, env: { HEKETI_TS_CRASH_AT: 'repair-restore-bricks:after-exec' } });
    expect((await api.raw('POST', '/internal/state/repair')).status).toBe(202);
    expect(await crashing.exited()).toBe('SIGKILL');
    restarted = await startHeketi(tb, { dir: heketi.dir, port, readyTimeoutMs: 120_000 });
    expect(await api.json('GET', '/operations')).toMatchObject({ total: 0 });
    expect((await drift()).findings).toEqual([]);
    expect((await onNode(tb, host, `mountpoint -q ${brick.path.replace(/\/brick$/, '')} && echo mounted`)).trim()).toBe('mounted');
    // The volumes go here rather than in the suite's teardown, whose hook time a busy machine exceeds.
    for (const id of [...liveVolumes]) {
      await api.async('DELETE', `/volumes/${id}`);
      liveVolumes.delete(id);
    }
  });
});
