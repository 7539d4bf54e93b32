import { afterAll, beforeAll, expect } from 'vitest';
import { startHeketi, type ApiClient, type HeketiProcess } from './heketi-server.js';
import { ensurePool, onNode, type Testbed } from './testbed.js';

/** A volume as heketi-ts answers it (the fields the e2e tests read). */
export interface VolumeInfo {
  id: string;
  name: string;
  size: number;
  bricks: Array<{ id: string; path: string; node: string; device: string }>;
  mount: { glusterfs: { device: string } };
}

/** A cluster loaded into heketi-ts through its API: node id → manage host, and its devices. */
export interface ApiCluster {
  id: string;
  hostOfNode: Map<string, string>;
}

/** POST /clusters, then each host as a node (zone 1, IPs as both names) with /dev/sdb. */
export const loadCluster = async (api: ApiClient, hosts: string[]): Promise<ApiCluster> => {
  const id = (await api.json<{ id: string }>('POST', '/clusters', { file: true, block: false })).id;
  const cluster: ApiCluster = { id, hostOfNode: new Map() };
  for (const host of hosts) {
    const node = await addNode(api, id, host);
    cluster.hostOfNode.set(node.id, host);
  }
  for (const nodeId of cluster.hostOfNode.keys()) await api.async('POST', '/devices', { node: nodeId, name: '/dev/sdb' });
  return cluster;
};

export const addNode = async (api: ApiClient, clusterId: string, host: string): Promise<{ id: string }> =>
  (await api.async<{ id: string }>('POST', '/nodes', {
    cluster: clusterId,
    zone: 1,
    hostnames: { manage: [host], storage: [host] },
  })) as { id: string };

/**
 * Deletes what heketi-ts still holds of the cluster: volumes, devices (offline, failed, delete),
 * nodes, the cluster. Best effort: it runs after failed tests too.
 */
export const unloadCluster = async (api: ApiClient, cluster: ApiCluster, volumeIds: Iterable<string> = []): Promise<void> => {
  for (const id of volumeIds) await api.async('DELETE', `/volumes/${id}`).catch(() => undefined);
  for (const nodeId of cluster.hostOfNode.keys()) {
    const node = await api.json<{ devices: Array<{ id: string }> }>('GET', `/nodes/${nodeId}`).catch(() => ({ devices: [] }));
    for (const device of node.devices) {
      for (const state of ['offline', 'failed']) {
        await api.async('POST', `/devices/${device.id}/state`, { state }).catch(() => undefined);
      }
      await api.async('DELETE', `/devices/${device.id}`).catch(() => undefined);
    }
    await api.async('DELETE', `/nodes/${nodeId}`).catch(() => undefined);
  }
  await api.json('DELETE', `/clusters/${cluster.id}`, undefined, [200, 204]).catch(() => undefined);
};

/** Free KiB of every device of the cluster as heketi-ts reports it, keyed by device id. */
export const deviceFree = async (api: ApiClient, cluster: ApiCluster): Promise<Record<string, number>> => {
  const free: Record<string, number> = {};
  for (const nodeId of cluster.hostOfNode.keys()) {
    const node = await api.json<{ devices: Array<{ id: string; storage: { free: number } }> }>('GET', `/nodes/${nodeId}`);
    for (const device of node.devices) free[device.id] = device.storage.free;
  }
  return free;
};

/**
 * What volume work left on the nodes, read over plain ssh: brick mounts, fstab lines, LVs, and
 * gluster volumes. Empty when clean.
 */
export const leftoversOnNodes = async (tb: Testbed, hosts: string[]): Promise<string[]> => {
  const out = await Promise.all(
    hosts.map((host) =>
      onNode(tb, host, 'mount | grep -c /var/lib/heketi/mounts || true; grep -c brick_ /etc/fstab || true; /usr/local/sbin/lvs --noheadings | wc -l'),
    ),
  );
  const volumes = (await onNode(tb, hosts[0] ?? '', 'gluster --mode=script volume list')).trim();
  return [
    ...out.flatMap((o, i) => {
      const counts = o.trim().split('\n').join(' ');
      return counts === '0 0 0' ? [] : [`${hosts[i]}: mounts, fstab lines, LVs = ${counts}`];
    }),
    ...(volumes === '' || volumes === 'No volumes present in cluster' ? [] : [`volumes: ${volumes}`]),
  ];
};

/** The number of PVs on each host (0 once heketi-ts tore its devices down). */
export const pvCounts = async (tb: Testbed, hosts: string[]): Promise<string[]> =>
  Promise.all(hosts.map(async (host) => (await onNode(tb, host, '/usr/local/sbin/pvs --noheadings | wc -l')).trim()));

/**
 * Volumes a suite creates and deletes through the API, remembered in between: `live` is what its
 * afterAll still has to delete (the suites hand it to useHeketiSuite).
 */
export const trackedVolumes = (api: () => ApiClient) => {
  const live = new Set<string>();
  return {
    live,
    create: async (body: Record<string, unknown>): Promise<VolumeInfo> => {
      const volume = (await api().async<VolumeInfo>('POST', '/volumes', body)) as VolumeInfo;
      live.add(volume.id);
      return volume;
    },
    delete: async (id: string): Promise<void> => {
      await api().async('DELETE', `/volumes/${id}`);
      live.delete(id);
    },
  };
};

/** What an API suite gets once its beforeAll has run. */
export interface ApiSuite<C extends ApiCluster = ApiCluster> {
  heketi: HeketiProcess;
  api: ApiClient;
  cluster: C;
}

/** How a suite starts its heketi-ts and loads its cluster, and which hosts must end with no PV. */
export interface SuiteSetup<C extends ApiCluster> {
  start: () => Promise<HeketiProcess>;
  load: (api: ApiClient) => Promise<C>;
  storageHosts: () => string[];
}

/**
 * The set-up every API suite shares, whatever the executor (ssh here, kubernetes in test/kube):
 * before it, a whole pool, a heketi-ts process and the cluster loaded (handed to `ready`); after
 * it, its volumes and nodes deleted, heketi-ts stopped, the pool mended, and no PV left on any
 * host (heketi-ts tore every device down).
 */
export const useHeketiSuite = <C extends ApiCluster>(
  tb: Testbed,
  setup: SuiteSetup<C>,
  liveVolumes: Set<string>,
  ready: (suite: ApiSuite<C>) => void,
): void => {
  let suite: ApiSuite<C> | undefined;
  let heketi: HeketiProcess | undefined;
  beforeAll(async () => {
    await ensurePool(tb);
    heketi = await setup.start();
    suite = { heketi, api: heketi.api, cluster: await setup.load(heketi.api) };
    ready(suite);
  });
  afterAll(async () => {
    try {
      if (suite) await unloadCluster(suite.api, suite.cluster, liveVolumes);
    } finally {
      await heketi?.stop();
      await ensurePool(tb);
    }
    const hosts = setup.storageHosts();
    expect(await pvCounts(tb, hosts)).toEqual(hosts.map(() => '0'));
  });
};

/** useHeketiSuite with the ssh executor and `hosts` loaded as one cluster. */
export const useApiSuite = (tb: Testbed, hosts: () => string[], liveVolumes: Set<string>, ready: (suite: ApiSuite) => void): void =>
  useHeketiSuite(tb, { start: () => startHeketi(tb), load: (api) => loadCluster(api, hosts()), storageHosts: hosts }, liveVolumes, ready);
