import { describe, expect, it } from 'vitest';
import { describeTarget, findExecTarget, podLookupMode, type PodApi } from './pod-target.js';

interface FakePod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  nodeName?: string;
  containers?: string[];
}

/** An in-memory PodApi that evaluates the two selector forms Heketi sends ("key" and "key==value"). */
const fakeApi = (pods: FakePod[], failures: { list?: Error; get?: Error } = {}): PodApi & { selectors: string[] } => {
  const selectors: string[] = [];
  const matches = (pod: FakePod, selector: string): boolean => {
    const [key, value] = selector.split('==');
    return value === undefined ? key! in pod.labels : pod.labels[key!] === value;
  };
  return {
    selectors,
    listPods: async (namespace, selector) => {
      selectors.push(selector);
      if (failures.list) throw failures.list;
      return pods.filter((p) => p.namespace === namespace && matches(p, selector)).map((p) => ({ name: p.name, nodeName: p.nodeName }));
    },
    containerNames: async (namespace, name) => {
      if (failures.get) throw failures.get;
      const pod = pods.find((p) => p.namespace === namespace && p.name === name);
      if (!pod) throw new Error(`pods "${name}" not found`);
      return pod.containers ?? ['glusterfs', 'sidecar'];
    },
  };
};

const daemonSetPods: FakePod[] = [
  { name: 'glusterfs-a', namespace: 'gfs', labels: { 'glusterfs-node': 'pod' }, nodeName: 'node1' },
  { name: 'glusterfs-b', namespace: 'gfs', labels: { 'glusterfs-node': 'pod' }, nodeName: 'node2' },
  { name: 'other-on-node1', namespace: 'gfs', labels: { app: 'x' }, nodeName: 'node1' },
  { name: 'glusterfs-elsewhere', namespace: 'other', labels: { 'glusterfs-node': 'pod' }, nodeName: 'node3' },
];

describe('podLookupMode', () => {
  it('prefers pod names, then the DaemonSet, then the label', () => {
    expect(podLookupMode({ usePodNames: true, glusterDaemonset: true })).toBe('pod-name');
    expect(podLookupMode({ usePodNames: false, glusterDaemonset: true })).toBe('daemonset');
    expect(podLookupMode({ usePodNames: false, glusterDaemonset: false })).toBe('label');
  });
});

describe('DaemonSet mode', () => {
  it("finds the pod with the label key bound to the host's node, and its first container", async () => {
    const api = fakeApi(daemonSetPods);
    const target = await findExecTarget(api, 'daemonset', 'gfs', 'node2');
    expect(target).toEqual({ namespace: 'gfs', pod: 'glusterfs-b', container: 'glusterfs', origin: 'host:node2 selector:glusterfs-node' });
    expect(api.selectors).toEqual(['glusterfs-node']);
    expect(describeTarget(target)).toBe('pod:glusterfs-b c:glusterfs ns:gfs (from host:node2 selector:glusterfs-node)');
  });

  it("gives Heketi's text when no pod runs on the host (pods in other namespaces do not count)", async () => {
    await expect(findExecTarget(fakeApi(daemonSetPods), 'daemonset', 'gfs', 'node3')).rejects.toThrow(
      'Unable to find a GlusterFS pod on host node3 with a label key glusterfs-node',
    );
  });

  it('passes on why the list failed (e.g. RBAC)', async () => {
    const denied = new Error('pods is forbidden: User "system:serviceaccount:gfs:heketi" cannot list resource "pods"');
    await expect(findExecTarget(fakeApi(daemonSetPods, { list: denied }), 'daemonset', 'gfs', 'node1')).rejects.toThrow(
      'Failed to get list of pods: pods is forbidden: User "system:serviceaccount:gfs:heketi" cannot list resource "pods"',
    );
  });
});

describe('label mode', () => {
  const labelled: FakePod[] = [
    { name: 'gfs-1', namespace: 'gfs', labels: { 'glusterfs-node': 'node1' } },
    { name: 'gfs-2a', namespace: 'gfs', labels: { 'glusterfs-node': 'node2' } },
    { name: 'gfs-2b', namespace: 'gfs', labels: { 'glusterfs-node': 'node2' } },
  ];

  it('finds the one pod labelled glusterfs-node=<host>', async () => {
    const api = fakeApi(labelled);
    expect((await findExecTarget(api, 'label', 'gfs', 'node1')).pod).toBe('gfs-1');
    expect(api.selectors).toEqual(['glusterfs-node==node1']);
  });

  it("gives Heketi's texts for none and for several", async () => {
    await expect(findExecTarget(fakeApi(labelled), 'label', 'gfs', 'node9')).rejects.toThrow(
      "No pods with the label 'glusterfs-node=node9' were found",
    );
    await expect(findExecTarget(fakeApi(labelled), 'label', 'gfs', 'node2')).rejects.toThrow(
      "Found 2 pods sharing the same label 'glusterfs-node=node2': gfs-2a, gfs-2b",
    );
  });
});

describe('pod-name mode', () => {
  it('uses the host as the pod name without listing', async () => {
    const api = fakeApi([{ name: 'glusterfs-x', namespace: 'gfs', labels: {}, containers: ['c0'] }]);
    expect(await findExecTarget(api, 'pod-name', 'gfs', 'glusterfs-x')).toMatchObject({ pod: 'glusterfs-x', container: 'c0' });
    expect(api.selectors).toEqual([]);
  });

  it("gives Heketi's text when the pod cannot be read", async () => {
    await expect(findExecTarget(fakeApi([]), 'pod-name', 'gfs', 'missing')).rejects.toThrow(
      'Unable to get pod spec for missing: pods "missing" not found',
    );
  });

  it('refuses a pod without containers', async () => {
    const api = fakeApi([{ name: 'empty', namespace: 'gfs', labels: {}, containers: [] }]);
    await expect(findExecTarget(api, 'pod-name', 'gfs', 'empty')).rejects.toThrow('Unable to get pod spec for empty: the pod has no containers');
  });
});
