import { describe, expect, it } from 'vitest';
import { ensurePool, loadTestbed, onNode, tbNode } from './helpers/testbed.js';
import { type ApiClient } from './helpers/heketi-server.js';
import { type ApiCluster, type VolumeInfo, deviceFree, leftoversOnNodes, useApiSuite } from './helpers/api-cluster.js';
import { dropCaches, mountVolume, sha256File, unmountVolume, writeRandomFile } from './helpers/fuse.js';

// Disperse 4+2 through heketi-ts's API on all six nodes: any two of them may go down.
const tb = loadTestbed();
let api: ApiClient;
let cluster: ApiCluster;
const liveVolumes = new Set<string>();

if (tb.allNodes.length < 6) throw new Error(`disperse 4+2 needs 6 nodes; the test bed has ${tb.allNodes.length} (TB_NODES=6)`);
useApiSuite(tb, () => tb.allNodes, liveVolumes, (suite) => {
  ({ api, cluster } = suite);
});

describe('disperse 4+2 on six nodes', () => {
  it('spreads a volume over all six, serves data with two nodes down, deletes without leftovers', async () => {
    const freeBefore = await deviceFree(api, cluster);
    const volume = (await api.async<VolumeInfo>('POST', '/volumes', {
      size: 4,
      durability: { type: 'disperse', disperse: { data: 4, redundancy: 2 } },
    })) as VolumeInfo;
    liveVolumes.add(volume.id);
    expect(new Set(volume.bricks.map((b) => b.node)).size).toBe(6);
    const info = await onNode(tb, tb.allNodes[0] ?? '', `gluster --mode=script volume info ${volume.name}`);
    expect(info).toMatch(/Type: Disperse/);
    expect(info).toMatch(/Number of Bricks: 1 x \(4 \+ 2\) = 6/);

    const [server = '', name = ''] = volume.mount.glusterfs.device.split(':');
    let mnt = await mountVolume(tb, server, name);
    let sha = '';
    try {
      sha = await writeRandomFile(`${mnt}/data`, 24);
    } finally {
      await unmountVolume(mnt);
    }
    // each brick holds one fragment: a quarter of the file
    const host = (nodeId: string): string => cluster.hostOfNode.get(nodeId) ?? '';
    const sizes = await Promise.all(volume.bricks.map((b) => onNode(tb, host(b.node), `stat -c %s ${b.path}/data`)));
    expect(sizes.map((s) => Number(s.trim()))).toEqual(volume.bricks.map(() => 6 * 1024 * 1024));
    // two nodes down (sshd, glusterd, bricks), then a fresh mount from a live node reads it back
    const down = tb.allNodes.slice(4);
    try {
      for (const node of down) await tbNode(tb, 'stop', node);
      mnt = await mountVolume(tb, tb.allNodes[0] ?? '', name);
      try {
        await dropCaches();
        expect(await sha256File(`${mnt}/data`)).toBe(sha);
      } finally {
        await unmountVolume(mnt);
      }
    } finally {
      for (const node of down) await tbNode(tb, 'start', node);
    }
    await ensurePool(tb);
    await api.async('DELETE', `/volumes/${volume.id}`);
    liveVolumes.delete(volume.id);
    expect(await leftoversOnNodes(tb, tb.allNodes)).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });
});
