import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { ensurePool, loadTestbed, newId, onNode } from './helpers/testbed.js';
import { ApiError, startHeketi, type ApiClient, type HeketiProcess } from './helpers/heketi-server.js';
import { dropCaches, mountVolume, sha256File, unmountVolume, writeRandomFile } from './helpers/fuse.js';

// heketi-ts itself (node src/main.ts serve) with the ssh executor, driven through its HTTP API.
const tb = loadTestbed();
let heketi: HeketiProcess;
let api: ApiClient;
let clusterId = '';
const nodeIds = new Map<string, string>();
const deviceIds: string[] = [];
const liveVolumes = new Set<string>();

interface VolumeInfo {
  id: string;
  name: string;
  size: number;
  bricks: Array<{ id: string; path: string; node: string; device: string }>;
  mount: { glusterfs: { device: string } };
}

const hostOf = (nodeId: string): string => nodeIds.get(nodeId) ?? '';

const createVolume = async (body: Record<string, unknown>): Promise<VolumeInfo> => {
  const volume = (await api.async<VolumeInfo>('POST', '/volumes', body)) as VolumeInfo;
  liveVolumes.add(volume.id);
  return volume;
};

const deleteVolume = async (id: string): Promise<void> => {
  await api.async('DELETE', `/volumes/${id}`);
  liveVolumes.delete(id);
};

const leftoversOnNodes = async (): Promise<string[]> => {
  const out = await Promise.all(
    tb.nodes.map((host) =>
      onNode(tb, host, "mount | grep -c /var/lib/heketi/mounts || true; grep -c brick_ /etc/fstab || true; /usr/local/sbin/lvs --noheadings | wc -l"),
    ),
  );
  const volumes = (await onNode(tb, tb.nodes[0] ?? '', 'gluster --mode=script volume list')).trim();
  return [
    ...out.flatMap((o, i) => (o.trim().split('\n').join(' ') === '0 0 0' ? [] : [`${tb.nodes[i]}: ${o.trim().split('\n').join(' ')}`])),
    ...(volumes === '' || volumes === 'No volumes present in cluster' ? [] : [`volumes: ${volumes}`]),
  ];
};

beforeAll(async () => {
  await ensurePool(tb);
  heketi = await startHeketi(tb);
  api = heketi.api;
  clusterId = (await api.json<{ id: string }>('POST', '/clusters', { file: true, block: false })).id;
  for (const host of tb.nodes) {
    const node = await api.async<{ id: string }>('POST', '/nodes', {
      cluster: clusterId,
      zone: 1,
      hostnames: { manage: [host], storage: [host] },
    });
    nodeIds.set(node?.id ?? '', host);
  }
  for (const nodeId of nodeIds.keys()) {
    await api.async('POST', '/devices', { node: nodeId, name: '/dev/sdb' });
  }
});

afterAll(async () => {
  try {
    for (const id of liveVolumes) await api.async('DELETE', `/volumes/${id}`).catch(() => undefined);
    for (const nodeId of nodeIds.keys()) {
      const node = await api.json<{ devices: Array<{ id: string }> }>('GET', `/nodes/${nodeId}`).catch(() => ({ devices: [] }));
      for (const device of node.devices) {
        for (const state of ['offline', 'failed']) {
          await api.async('POST', `/devices/${device.id}/state`, { state }).catch(() => undefined);
        }
        await api.async('DELETE', `/devices/${device.id}`).catch(() => undefined);
      }
      await api.async('DELETE', `/nodes/${nodeId}`).catch(() => undefined);
    }
    await api.json('DELETE', `/clusters/${clusterId}`, undefined, [200, 204]).catch(() => undefined);
  } finally {
    await heketi?.stop();
    await ensurePool(tb);
  }
  // Heketi's node delete tears the devices down: nothing of ours is left on the nodes.
  const pvs = await Promise.all(tb.nodes.map((host) => onNode(tb, host, '/usr/local/sbin/pvs --noheadings | wc -l')));
  expect(pvs.map((n) => n.trim())).toEqual(tb.nodes.map(() => '0'));
});

describe('heketi-ts HTTP API with the ssh executor', () => {
  it('loaded the 3-node topology: every device reports the size read back from its VG', async () => {
    const cluster = await api.json<{ nodes: string[] }>('GET', `/clusters/${clusterId}`);
    expect(cluster.nodes).toHaveLength(tb.nodes.length);
    for (const nodeId of nodeIds.keys()) {
      const node = await api.json<{ devices: Array<{ id: string; name: string; storage: { total: number; free: number } }> }>('GET', `/nodes/${nodeId}`);
      expect(node.devices.map((d) => d.name)).toEqual(['/dev/sdb']);
      expect(node.devices[0]?.storage.total).toBeGreaterThan(15 * 1024 * 1024);
      deviceIds.push(node.devices[0]?.id ?? '');
    }
  });

  it('creates a replica-3 volume, serves 100 MiB through FUSE, expands and deletes it without leftovers', async () => {
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
    await deleteVolume(volume.id);
    expect(await leftoversOnNodes()).toEqual([]);
  });

  it('creates arbiter, disperse 2+1 and gid volumes', async () => {
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
    expect(await leftoversOnNodes()).toEqual([]);
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
      await refused(api.async('POST', '/devices', { node: [...nodeIds.keys()][0], name: `/dev/sdc${payload}` }));
      await refused(api.async('POST', '/nodes', { cluster: clusterId, zone: 1, hostnames: { manage: [`10.213.77.50${payload}`], storage: ['10.213.77.50'] } }));
    }
    const inert = await createVolume({
      size: 1, durability: { type: 'replicate', replicate: { replica: 3 } }, glustervolumeoptions: payloads.map((p, i) => `user.p${i} ${p}`),
    });
    await deleteVolume(inert.id);
    expect(existsSync(marker)).toBe(false);
    for (const node of tb.nodes) expect((await onNode(tb, node, `test -e ${marker} && echo yes || echo no`)).trim()).toBe('no');
  });

  it('creates 10 replica-3 volumes concurrently and one after another (times printed)', async () => {
    const body = { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } };
    const t0 = Date.now();
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => createVolume(body)));
    const concurrentMs = Date.now() - t0;
    await Promise.all(concurrent.map((volume) => deleteVolume(volume.id)));
    const t1 = Date.now();
    const sequential: VolumeInfo[] = [];
    for (let i = 0; i < 10; i++) sequential.push(await createVolume(body));
    const sequentialMs = Date.now() - t1;
    console.log(`10 replica-3 volumes through the API: concurrent ${(concurrentMs / 1000).toFixed(1)} s, sequential ${(sequentialMs / 1000).toFixed(1)} s`);
    expect(new Set([...concurrent, ...sequential].map((v) => v.name)).size).toBe(20);
    await Promise.all(sequential.map((v) => deleteVolume(v.id)));
    expect(await leftoversOnNodes()).toEqual([]);
  });
});
