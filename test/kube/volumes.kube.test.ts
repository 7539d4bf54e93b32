import { describe, expect, it } from 'vitest';
import { type ApiCluster, type VolumeInfo, deviceFree, leftoversOnNodes, trackedVolumes } from '../e2e/helpers/api-cluster.js';
import { payloadRoundTrip } from '../e2e/helpers/fuse.js';
import type { ApiClient, HeketiProcess } from '../e2e/helpers/heketi-server.js';
import { loadTestbed, onNode } from '../e2e/helpers/testbed.js';
import { nodesByName, useKubeSuite } from './helpers/kube-suite.js';
import { loadKubebed } from './helpers/kubebed.js';

// heketi-ts with executor "kubernetes" in DaemonSet mode, connected with the in-cluster
// service-account files: every LVM, mkfs, mount and gluster command is an exec into the node's
// glusterfs pod through the kube-apiserver, landing on the node's kwok.
const tb = loadTestbed();
const bed = loadKubebed();
const nodes = () => nodesByName(tb, bed);
let heketi: HeketiProcess;
let api: ApiClient;
let cluster: ApiCluster & { output: string };
const { live: liveVolumes, create: createVolume, delete: deleteVolume } = trackedVolumes(() => api);

const storageOf = (nodeId: string): string => cluster.hostOfNode.get(nodeId) ?? '';

const replica3 = { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } };
const glusterInfo = (name: string): Promise<string> => onNode(tb, tb.nodes[0] ?? '', `gluster --mode=script volume info ${name}`);

useKubeSuite(tb, bed, nodes, liveVolumes, (suite) => {
  ({ heketi, api, cluster } = suite);
});

describe('the kubernetes executor (DaemonSet mode, in-cluster token) through the HTTP API', () => {
  it('loaded the topology with Kubernetes node names as manage hostnames, devices sized from their VGs', async () => {
    expect(heketi.output()).toMatch(/kubernetes executor: in-cluster, namespace glusterfs, pods by daemonset/);
    const info = await api.json<{ nodes: string[] }>('GET', `/clusters/${cluster.id}`);
    expect(info.nodes).toHaveLength(3);
    const manage: string[] = [];
    for (const nodeId of info.nodes) {
      const node = await api.json<{
        hostnames: { manage: string[]; storage: string[] };
        devices: Array<{ id: string; name: string; storage: { total: number; free: number } }>;
      }>('GET', `/nodes/${nodeId}`);
      manage.push(node.hostnames.manage[0] ?? '');
      const device = node.devices[0];
      expect(node.devices.map((d) => d.name)).toEqual(['/dev/sdb']);
      // the VG heketi-ts made, read independently over ssh: its size in KiB is the device's total
      const [size = '', free = ''] = (
        await onNode(tb, node.hostnames.storage[0] ?? '', `/usr/local/sbin/vgs --noheadings --units k --nosuffix -o vg_size,vg_free vg_${device?.id}`)
      )
        .trim()
        .split(/\s+/);
      expect(device?.storage.total).toBe(Math.floor(Number(size)));
      expect(device?.storage.free).toBe(Math.floor(Number(free)));
    }
    expect(manage.sort()).toEqual(bed.nodeNames.slice(0, 3));
  });

  it('creates a replica-3 volume, serves 100 MiB through FUSE, expands and deletes it without leftovers', async () => {
    const freeBefore = await deviceFree(api, cluster);
    const volume = await createVolume(replica3);
    expect(volume.bricks).toHaveLength(3);
    const info = await glusterInfo(volume.name);
    expect(info).toMatch(/Type: Replicate/);
    expect(info).toMatch(/Status: Started/);
    expect(info).toMatch(/Number of Bricks: 1 x 3 = 3/);
    for (const brick of volume.bricks) expect(info).toContain(`${storageOf(brick.node)}:${brick.path}`);
    const [server = '', name = ''] = volume.mount.glusterfs.device.split(':');
    expect(name).toBe(volume.name);
    await payloadRoundTrip(tb, server, name, volume.bricks.map((b) => ({ host: storageOf(b.node), path: b.path })));
    const expanded = (await api.async<VolumeInfo>('POST', `/volumes/${volume.id}/expand`, { expand_size: 1 })) as VolumeInfo;
    expect(expanded.size).toBe(2);
    expect(expanded.bricks).toHaveLength(6);
    expect(await glusterInfo(volume.name)).toMatch(/Number of Bricks: 2 x 3 = 6/);
    const freeExpanded = await deviceFree(api, cluster);
    for (const [id, free] of Object.entries(freeExpanded)) expect(free).toBeLessThan(freeBefore[id] ?? 0);
    await deleteVolume(volume.id);
    expect(await leftoversOnNodes(tb, tb.nodes)).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });

  it('creates arbiter and disperse 2+1 volumes and deletes them without leftovers', async () => {
    const freeBefore = await deviceFree(api, cluster);
    // An average file size of 2 KiB gives a 512 MiB arbiter brick for 1 GiB (mkfs.xfs needs 300 MiB).
    const arbiter = await createVolume({
      ...replica3,
      glustervolumeoptions: ['user.heketi.arbiter true', 'user.heketi.average-file-size 2'],
    });
    const disperse = await createVolume({ size: 2, durability: { type: 'disperse', disperse: { data: 2, redundancy: 1 } } });
    expect(await glusterInfo(arbiter.name)).toMatch(/Number of Bricks: 1 x \(2 \+ 1\) = 3/);
    const dispersed = await glusterInfo(disperse.name);
    expect(dispersed).toMatch(/Type: Disperse/);
    expect(dispersed).toMatch(/Number of Bricks: 1 x \(2 \+ 1\) = 3/);
    for (const volume of [arbiter, disperse]) await deleteVolume(volume.id);
    expect(await leftoversOnNodes(tb, tb.nodes)).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });

  it('creates 10 replica-3 volumes in parallel, and prints the time against the same 10 in series', async () => {
    const freeBefore = await deviceFree(api, cluster);
    const timed = async (create: () => Promise<VolumeInfo[]>): Promise<{ seconds: number; volumes: VolumeInfo[] }> => {
      const t0 = performance.now();
      const volumes = await create();
      return { seconds: (performance.now() - t0) / 1000, volumes };
    };
    const parallel = await timed(() => Promise.all(Array.from({ length: 10 }, () => createVolume(replica3))));
    expect(new Set(parallel.volumes.map((v) => v.name)).size).toBe(10);
    const listed = await onNode(tb, tb.nodes[0] ?? '', 'gluster --mode=script volume list');
    for (const volume of parallel.volumes) expect(listed).toContain(volume.name);
    for (const volume of parallel.volumes) await deleteVolume(volume.id);
    const serial = await timed(async () => {
      const volumes: VolumeInfo[] = [];
      for (let i = 0; i < 10; i++) volumes.push(await createVolume(replica3));
      return volumes;
    });
    for (const volume of serial.volumes) await deleteVolume(volume.id);
    console.log(
      `kube tier: 10 replica-3 creates through the kubernetes executor: parallel ${parallel.seconds.toFixed(1)} s, ` +
        `series ${serial.seconds.toFixed(1)} s (${(serial.seconds / parallel.seconds).toFixed(2)}x)`,
    );
    expect(await leftoversOnNodes(tb, tb.nodes)).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });
});
