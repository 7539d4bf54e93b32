import { describe, expect, it } from 'vitest';
import { ensurePool, hostPattern, loadTestbed, onNode, tbNode } from './helpers/testbed.js';
import { ApiError, type ApiClient } from './helpers/heketi-server.js';
import { type ApiCluster, type VolumeInfo, addNode, deviceFree, leftoversOnNodes, useApiSuite } from './helpers/api-cluster.js';

// Faults on real nodes, seen through heketi-ts's HTTP API: a node down, an LVM failure, glusterd stopped.
const tb = loadTestbed();
const [n1 = '', n2 = '', n3 = ''] = tb.nodes;
let api: ApiClient;
let cluster: ApiCluster;
const liveVolumes = new Set<string>();
const replica3 = { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } };

/** The error a create ends with (the queue's 500 text), or a failure when it succeeds. */
const failedCreate = async (): Promise<ApiError> => {
  const outcome = await api.async<VolumeInfo>('POST', '/volumes', replica3).then(
    (volume) => {
      if (volume) liveVolumes.add(volume.id);
      return new Error(`the create succeeded: ${volume?.id}`);
    },
    (e: unknown) => e,
  );
  if (!(outcome instanceof ApiError)) throw outcome;
  return outcome;
};

const volumeIds = async (): Promise<string[]> => (await api.json<{ volumes: string[] }>('GET', '/volumes')).volumes;

useApiSuite(tb, () => tb.nodes, liveVolumes, (suite) => {
  ({ api, cluster } = suite);
});

describe('a node down during a volume create', () => {
  it('fails naming the unreachable host, leaves nothing on the other nodes, gives the space back', async () => {
    const freeBefore = await deviceFree(api, cluster);
    await tbNode(tb, 'stop', n3);
    let error: ApiError;
    try {
      error = await failedCreate();
    } finally {
      await tbNode(tb, 'start', n3);
    }
    expect(error.status).toBe(500);
    expect(error.body).toMatch(new RegExp(`host ${hostPattern(n3)}: command ".*" could not be run: ssh to ${hostPattern(n3)}:22`));
    expect(await leftoversOnNodes(tb, [n1, n2, n3])).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
    expect(await volumeIds()).toEqual([]);
  });
});

describe('an LVM failure on one node (the shim fault injection)', () => {
  const inject = (file: string): Promise<string> =>
    onNode(tb, n2, `mkdir -p /run/lvmshim/inject && echo 'injected: thin pool metadata failure' > /run/lvmshim/inject/${file}`);

  it('fails a create whose every attempt meets it, and removes what each attempt made', async () => {
    const freeBefore = await deviceFree(api, cluster);
    await inject('lvcreate.always');
    let error: ApiError;
    try {
      error = await failedCreate();
    } finally {
      await onNode(tb, n2, 'rm -f /run/lvmshim/inject/lvcreate.always');
    }
    expect(error.body).toMatch(new RegExp(`host ${hostPattern(n2)}: command ".*lvcreate .*" failed with exit code 5: injected: thin pool metadata failure`));
    expect(await leftoversOnNodes(tb, [n1, n2, n3])).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
    expect(await volumeIds()).toEqual([]);
  });

  it('survives a one-off failure: the retry creates the volume and the failed attempt left nothing', async () => {
    const freeBefore = await deviceFree(api, cluster);
    await inject('lvcreate');
    const volume = (await api.async<VolumeInfo>('POST', '/volumes', replica3)) as VolumeInfo;
    liveVolumes.add(volume.id);
    expect(await onNode(tb, n2, 'test -e /run/lvmshim/inject/lvcreate && echo left || echo used')).toBe('used\n');
    // one thin pool and one thin LV per node: only the successful attempt's
    const lvs = await Promise.all([n1, n2, n3].map((h) => onNode(tb, h, '/usr/local/sbin/lvs --noheadings | wc -l')));
    expect(lvs.map((n) => n.trim())).toEqual(['2', '2', '2']);
    await api.async('DELETE', `/volumes/${volume.id}`);
    liveVolumes.delete(volume.id);
    expect(await leftoversOnNodes(tb, [n1, n2, n3])).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });
});

describe('glusterd stopped on a node', () => {
  const spare = tb.allNodes.at(-1) ?? '';

  it('refuses it as the first node of a cluster (400) and fails the peer probe into a cluster', async () => {
    // The spare node leaves the pool first: probing a known peer would succeed even while it is down.
    await onNode(tb, n1, `gluster --mode=script peer detach ${spare}`);
    await onNode(tb, spare, 'systemctl stop glusterd');
    const empty = (await api.json<{ id: string }>('POST', '/clusters', { file: true, block: false })).id;
    try {
      const first = await addNode(api, empty, spare).then(() => undefined, (e: unknown) => e);
      expect(first).toBeInstanceOf(ApiError);
      expect((first as ApiError).status).toBe(400);
      // Heketi's text, then the cause it used to discard (issue 11, finding 8): the glusterd check itself.
      expect((first as ApiError).body.trim()).toMatch(
        new RegExp(`^New Node doesn't have glusterd running: host ${spare.replace(/\./g, '\\.')}: command "systemctl status glusterd" failed`),
      );
      const probed = await addNode(api, cluster.id, spare).then(() => undefined, (e: unknown) => e);
      expect(probed).toBeInstanceOf(ApiError);
      expect((probed as ApiError).body).toMatch(new RegExp(`host (${[n1, n2, n3].map(hostPattern).join('|')}): command "gluster .*peer probe ${spare.replace(/\./g, '\\.')}" failed`));
      expect((await api.json<{ nodes: string[] }>('GET', `/clusters/${cluster.id}`)).nodes).toHaveLength(3);
      expect((await api.json<{ nodes: string[] }>('GET', `/clusters/${empty}`)).nodes).toEqual([]);
    } finally {
      await api.json('DELETE', `/clusters/${empty}`, undefined, [200, 204]).catch(() => undefined);
      await onNode(tb, spare, 'systemctl start glusterd');
      await ensurePool(tb);
    }
  });
});
