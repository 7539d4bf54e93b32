import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { loadTestbed, newId, onNode } from './helpers/testbed.js';
import { type ApiCluster, type VolumeInfo, deviceFree, leftoversOnNodes, useApiSuite } from './helpers/api-cluster.js';
import { ApiError, type ApiClient, type HeketiProcess } from './helpers/heketi-server.js';
import { dropCaches, mountVolume, sha256File, unmountVolume, writeRandomFile } from './helpers/fuse.js';

// heketi-ts itself (node src/main.ts serve) with the ssh executor, driven through its HTTP API.
const tb = loadTestbed();
let heketi: HeketiProcess;
let api: ApiClient;
let cluster: ApiCluster;
const liveVolumes = new Set<string>();

const hostOf = (nodeId: string): string => cluster.hostOfNode.get(nodeId) ?? '';

const createVolume = async (body: Record<string, unknown>): Promise<VolumeInfo> => {
  const volume = (await api.async<VolumeInfo>('POST', '/volumes', body)) as VolumeInfo;
  liveVolumes.add(volume.id);
  return volume;
};

const deleteVolume = async (id: string): Promise<void> => {
  await api.async('DELETE', `/volumes/${id}`);
  liveVolumes.delete(id);
};

useApiSuite(tb, () => tb.nodes, liveVolumes, (suite) => {
  ({ heketi, api, cluster } = suite);
});

describe('heketi-ts HTTP API with the ssh executor', () => {
  it('loaded the 3-node topology: every device reports the size read back from its VG', async () => {
    const info = await api.json<{ nodes: string[] }>('GET', `/clusters/${cluster.id}`);
    expect(info.nodes).toHaveLength(tb.nodes.length);
    for (const nodeId of cluster.hostOfNode.keys()) {
      const node = await api.json<{ devices: Array<{ id: string; name: string; storage: { total: number; free: number } }> }>('GET', `/nodes/${nodeId}`);
      expect(node.devices.map((d) => d.name)).toEqual(['/dev/sdb']);
      expect(node.devices[0]?.storage.total).toBeGreaterThan(15 * 1024 * 1024);
      expect(node.devices[0]?.storage.free).toBe(node.devices[0]?.storage.total);
    }
  });

  it('creates a replica-3 volume, serves 100 MiB through FUSE, expands and deletes it without leftovers', async () => {
    const freeBefore = await deviceFree(api, cluster);
    const volume = await createVolume({ size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } });
    expect(volume.bricks).toHaveLength(3);
    // Heketi's mount device is "<host>:<volume name>"
    const [server = '', name = ''] = volume.mount.glusterfs.device.split(':');
    expect(name).toBe(volume.name);
    const mnt = await mountVolume(tb, server, name);
    let sha = '';
    try {
      sha = await writeRandomFile(`${tb.root}/client/${volume.name}.payload`, 100);
      await copyFile(`${tb.root}/client/${volume.name}.payload`, `${mnt}/payload`);
      await dropCaches();
      expect(await sha256File(`${mnt}/payload`)).toBe(sha);
    } finally {
      await unmountVolume(mnt);
    }
    for (const brick of volume.bricks) {
      expect((await onNode(tb, hostOf(brick.node), `sha256sum ${brick.path}/payload`)).split(' ')[0]).toBe(sha);
    }
    const expanded = (await api.async<VolumeInfo>('POST', `/volumes/${volume.id}/expand`, { expand_size: 1 })) as VolumeInfo;
    expect(expanded.size).toBe(2);
    expect(expanded.bricks).toHaveLength(6);
    const freeExpanded = await deviceFree(api, cluster);
    for (const [id, free] of Object.entries(freeExpanded)) expect(free).toBeLessThan(freeBefore[id] ?? 0);
    await deleteVolume(volume.id);
    expect(await leftoversOnNodes(tb, tb.nodes)).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });

  it('creates arbiter, disperse 2+1 and gid volumes', async () => {
    const freeBefore = await deviceFree(api, cluster);
    // The arbiter brick is sized for metadata only: data brick / average file size (64 KiB by
    // default), and mkfs.xfs needs 300 MiB. An average of 2 KiB gives a 512 MiB arbiter for 1 GiB.
    const arbiter = await createVolume({
      size: 1,
      durability: { type: 'replicate', replicate: { replica: 3 } },
      glustervolumeoptions: ['user.heketi.arbiter true', 'user.heketi.average-file-size 2'],
    });
    const disperse = await createVolume({ size: 2, durability: { type: 'disperse', disperse: { data: 2, redundancy: 1 } } });
    const gid = await createVolume({ size: 1, gid: 2001, durability: { type: 'replicate', replicate: { replica: 3 } } });
    const modes = await Promise.all(gid.bricks.map((b) => onNode(tb, hostOf(b.node), `stat -c %a:%g ${b.path}`)));
    expect(modes.map((m) => m.trim())).toEqual(['2775:2001', '2775:2001', '2775:2001']);
    const info = (name: string) => onNode(tb, tb.nodes[0] ?? '', `gluster --mode=script volume info ${name}`);
    expect(await info(arbiter.name)).toMatch(/Number of Bricks: 1 x \(2 \+ 1\) = 3/);
    expect(await info(disperse.name)).toMatch(/Type: Disperse/);
    expect(await info(disperse.name)).toMatch(/Number of Bricks: 1 x \(2 \+ 1\) = 3/);
    for (const volume of [arbiter, disperse, gid]) await deleteVolume(volume.id);
    expect(await leftoversOnNodes(tb, tb.nodes)).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });

  it('refuses or neutralises injection payloads; the marker never appears', async () => {
    const marker = `/tmp/pwned-${newId()}`;
    const payloads = [`;touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `'"; touch ${marker}`];
    for (const payload of payloads) {
      const refused = async (call: Promise<unknown>): Promise<void> => {
        const error = await call.then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(ApiError);
      };
      await refused(api.async('POST', '/volumes', { size: 1, name: `v${payload}`, durability: { type: 'replicate', replicate: { replica: 3 } } }));
      await refused(api.async('POST', '/devices', { node: [...cluster.hostOfNode.keys()][0], name: `/dev/sdc${payload}` }));
      await refused(api.async('POST', '/nodes', { cluster: cluster.id, zone: 1, hostnames: { manage: [`10.213.77.50${payload}`], storage: ['10.213.77.50'] } }));
    }
    const inert = await createVolume({
      size: 1, durability: { type: 'replicate', replicate: { replica: 3 } }, glustervolumeoptions: payloads.map((p, i) => `user.p${i} ${p}`),
    });
    // the four options went to gluster in one `volume set` (several key/value pairs) and are stored literally
    const stored = await onNode(tb, tb.nodes[0] ?? '', `gluster --mode=script volume info ${inert.name}`);
    for (const [i, payload] of payloads.entries()) expect(stored).toContain(`user.p${i}: ${payload}`);
    await deleteVolume(inert.id);
    expect(existsSync(marker)).toBe(false);
    for (const node of tb.nodes) expect((await onNode(tb, node, `test -e ${marker} && echo yes || echo no`)).trim()).toBe('no');
  });
});
